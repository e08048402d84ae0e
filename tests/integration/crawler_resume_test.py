#!/usr/bin/env python3
"""kill -9 in mid-crawl, then resume: no fetched page is lost and every WARC file reads
cleanly. The test also leaves half a record at the end of the newest WARC file, as a kill
during a write does, and checks the next run cuts it."""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402
import crawler_lib as cl  # noqa: E402

ws = h.Workspace("crawler-resume")
try:
    gold = ws.generate(pages=1000)
    site = ws.serve_site()
    config = cl.write_config(ws, "resume.toml", "[crawler]\ndelay_ms = 2\nconnections_per_host = 1\n"
                             "[log]\nlevel = \"warn\"\n")
    args = [ws.bin("dossier-crawler"), "crawl", "--config", config, "--data", ws.data, "--no-progress",
            "--seed", site.url + "/"]
    log = open(os.path.join(ws.dir, "run1.log"), "w")
    p = subprocess.Popen(args, stdout=log, stderr=log)
    # Kill it once a good part of the WARC is written (the whole crawl writes ~4 MB).
    deadline = time.time() + 120
    while time.time() < deadline and p.poll() is None:
        size = sum(os.path.getsize(f) for f in cl.warc_files(ws.data))
        if size > 1_000_000:
            break
        time.sleep(0.02)
    h.check(p.poll() is None, f"the first crawl ended (rc {p.returncode}) before it could be killed")
    p.send_signal(signal.SIGKILL)
    p.wait()
    log.close()

    def pages_with_200(records):
        return {r.uri for r in records if r.type == "response" and r.http_status() == 200}

    gold_urls = {site.url + g["url"] for g in gold}
    before = pages_with_200(cl.read_all(ws.data))
    missing_before = gold_urls - before
    h.check(missing_before, "the killed crawl already had every page: the kill came too late to test anything")
    h.check(before & gold_urls, "the killed crawl wrote no page at all")

    # A kill during a write leaves a torn gzip member: add one (half of a real record).
    newest = cl.warc_files(ws.data)[-1]
    off, length = max(cl.member_spans(newest), key=lambda span: span[1])  # a record with a body
    with open(newest, "rb") as f:
        f.seek(off)
        member = f.read(length)
    cut = length // 2
    with open(newest, "ab") as f:
        f.write(member[:cut])
    torn_size = os.path.getsize(newest)

    r = cl.crawl(ws, config, site.url + "/")
    h.check(r.returncode == 0, f"the resumed crawl exited {r.returncode}: {r.stderr[-3000:]}")
    # Our half record goes, and so does any torn tail the kill itself left before it.
    h.check(os.path.getsize(newest) <= torn_size - cut,
            f"the torn record was not cut at start-up: {torn_size} -> {os.path.getsize(newest)} bytes")
    h.check("torn" in r.stderr, f"no log line about the torn record: {r.stderr[-2000:]}")

    records = cl.read_all(ws.data)  # fails on any unreadable file or record
    after = pages_with_200(records)
    lost = sorted(gold_urls - after)
    h.check(not lost, f"{len(lost)} gold pages have no 200 response record after the resume, e.g. {lost[:5]}")
    # The resumed run fetched what the first one had not, not everything again.
    again = [r.uri for r in records if r.type == "response" and r.uri in before]
    refetched = len(again) - len(before)
    h.check(refetched < len(before) / 2,
            f"{refetched} of the {len(before)} pages fetched before the kill were fetched again")
    states = cl.rows(ws.data)
    queued = [u for u, (s, _, _) in states.items() if s == "queued"]
    h.check(not queued, f"{len(queued)} URLs still queued after the resumed crawl, e.g. {queued[:3]}")
    print(f"crawler-resume: killed with {len(before & gold_urls)}/{len(gold_urls)} gold pages in the WARC; "
          f"after the resume all {len(gold_urls)} are there, {refetched} fetched twice")
finally:
    ws.close()
