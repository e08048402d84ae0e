#!/usr/bin/env python3
"""kill -9 at random moments during `dossier-indexer index`, then restart until it finishes:
the on-disk index equals that of an uninterrupted run (documents, terms, stored data)."""
import os
import random
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402


def snapshot(ws, data):
    r = ws.run("dossier-indexer", "dump", "--terms", "--data", data)
    lines = sorted(l for l in r.stdout.splitlines() if l.strip())
    return lines


ws = h.Workspace("exactly-once")
try:
    ws.generate(pages=600)
    site = ws.serve_site()
    ws.crawl(site.url + "/")
    ws.write_config(indexer="commit_every = 25\n")

    clean = os.path.join(ws.dir, "clean")
    os.makedirs(clean)
    shutil.copytree(os.path.join(ws.data, "warc"), os.path.join(clean, "warc"))
    t0 = time.time()
    ws.run("dossier-indexer", "index", "--config", ws.config, "--data", clean)
    clean_secs = time.time() - t0  # kills land inside a run of about this length
    want = snapshot(ws, clean)
    h.check(len(want) > 300, f"only {len(want)} documents in the clean run")

    rng = random.Random(20261128)
    kills = 0
    for attempt in range(30):
        p = subprocess.Popen([ws.bin("dossier-indexer"), "index", "--config", ws.config, "--data", ws.data],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.5) * clean_secs)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            p.wait()
            kills += 1
        elif p.returncode == 0:
            break
        else:
            h.fail(f"indexer exited {p.returncode} between kills")
    ws.run("dossier-indexer", "index", "--config", ws.config, "--data", ws.data)  # finish
    got = snapshot(ws, ws.data)
    h.check(kills >= 2, f"the indexer finished before it could be killed twice ({kills})")
    h.check(len(got) == len(want), f"{len(got)} documents after {kills} kills, {len(want)} uninterrupted")
    diff = [g for g, w in zip(got, want) if g != w]
    h.check(not diff, f"{len(diff)} documents differ after {kills} kills; first: {diff[:1]}")
    print(f"exactly-once: identical index after {kills} kill -9s ({len(got)} documents)")
finally:
    ws.close()
