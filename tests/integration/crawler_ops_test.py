#!/usr/bin/env python3
"""What an operator meets: a second crawler on the same data folder (exit 3 and a clear
message), SIGTERM (in-flight fetches finished, exit 4, the next run resumes), WARC rotation
at crawler.warc_max_bytes (files named by time and serial, each readable), --dry-run
(prints what is due, fetches nothing) and a bad config (exit 2)."""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402
import crawler_lib as cl  # noqa: E402

ws = h.Workspace("crawler-ops")
try:
    gold = ws.generate(pages=200)
    site = ws.serve_site()
    slow = cl.write_config(ws, "slow.toml", "[crawler]\ndelay_ms = 100\nwarc_max_bytes = 100000\n"
                           "[log]\nlevel = \"info\"\n")

    # --dry-run on an empty data folder prints the seed and fetches nothing.
    before = len(open(os.path.join(ws.dir, "fixture.log")).read().splitlines())
    r = cl.crawl(ws, slow, site.url + "/", "--dry-run")
    h.check(r.returncode == 0, f"--dry-run exited {r.returncode}: {r.stderr[-2000:]}")
    h.check(site.url + "/" in r.stdout.split(), f"--dry-run did not print the seed: {r.stdout!r}")
    time.sleep(0.2)
    after = len(open(os.path.join(ws.dir, "fixture.log")).read().splitlines())
    h.check(after == before, f"--dry-run made {after - before} requests")

    # A slow crawl in the background; a second one on the same folder is refused.
    args = [ws.bin("dossier-crawler"), "crawl", "--config", slow, "--data", ws.data, "--no-progress",
            "--seed", site.url + "/"]
    log = open(os.path.join(ws.dir, "first.log"), "w")
    first = subprocess.Popen(args, stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline and not cl.warc_files(ws.data):
        time.sleep(0.05)
    time.sleep(1.0)
    r = cl.crawl(ws, slow, site.url + "/")
    h.check(r.returncode == 3, f"a second crawler on the same data folder exited {r.returncode}, not 3")
    h.check("another crawler" in r.stderr and "crawl.lock" in r.stderr,
            f"the second crawler's message does not say what is wrong: {r.stderr!r}")

    # SIGTERM: the first finishes what is in flight and exits 4.
    first.send_signal(signal.SIGTERM)
    rc = first.wait(timeout=60)
    log.close()
    h.check(rc == 4, f"SIGTERM: exit {rc}, not 4")
    stopped_log = open(os.path.join(ws.dir, "first.log")).read()
    h.check("stopped early" in stopped_log, "the summary after SIGTERM does not say the crawl stopped early")
    records = cl.read_all(ws.data)  # every file reads cleanly after the stop
    h.check(records, "no record written before SIGTERM")

    # The next run resumes and finishes; WARC files rotated at ~100 kB.
    fast = cl.write_config(ws, "fast.toml", "[crawler]\ndelay_ms = 0\nconnections_per_host = 4\n"
                           "warc_max_bytes = 100000\n[log]\nlevel = \"warn\"\n")
    r = cl.crawl(ws, fast, site.url + "/")
    h.check(r.returncode == 0, f"the resumed crawl exited {r.returncode}: {r.stderr[-2000:]}")
    files = cl.warc_files(ws.data)
    h.check(len(files) >= 5, f"only {len(files)} WARC files at warc_max_bytes = 100000")
    names = [os.path.basename(f) for f in files]
    for n in names:
        h.check(re.fullmatch(r"dossier-\d{14}-\d{5}\.warc\.gz", n), f"WARC file name {n} is not <prefix>-<time>-<serial>")
    serials = [int(n.split("-")[2].split(".")[0]) for n in names]
    h.check(len(set(serials)) == len(serials), f"WARC serials repeat: {serials}")
    for f in files[:-1]:
        size = os.path.getsize(f)
        h.check(size < 100000 + 2_000_000, f"{f} is {size} bytes")
    for f in files:
        recs = cl.read_warc(f)
        h.check(recs and recs[0].type == "warcinfo", f"{f} does not start with a warcinfo record")
    all_200 = {rec.uri for rec in cl.read_all(ws.data) if rec.type == "response" and rec.http_status() == 200}
    missing = [g["url"] for g in gold if site.url + g["url"] not in all_200]
    h.check(not missing, f"after stop and resume, {len(missing)} gold pages are not in the WARCs: {missing[:5]}")

    # A config error is exit 2 with the key named.
    bad = cl.write_config(ws, "bad.toml", "[crawler]\ndelay_msec = 5\n")
    r = cl.crawl(ws, bad, site.url + "/")
    h.check(r.returncode == 2 and "delay_msec" in r.stderr, f"bad config: exit {r.returncode}, {r.stderr!r}")
    r = cl.crawl(ws, fast, site.url + "/", "--partition", "3/2")
    h.check(r.returncode == 2, f"--partition 3/2: exit {r.returncode}")
    print(f"crawler-ops: lock, SIGTERM, resume, {len(files)} rotated WARC files, dry run, config errors")
finally:
    ws.close()
