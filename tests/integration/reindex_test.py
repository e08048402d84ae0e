#!/usr/bin/env python3
"""`dossier-indexer reindex` rebuilds the index from the WARCs and swaps it in while
dossier-searchd keeps serving: answers before, during and after are complete, and after the
swap searchd serves the new index without a restart."""
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

ws = h.Workspace("reindex")
try:
    gold = ws.generate(pages=150)
    site = ws.serve_site()
    ws.crawl(site.url + "/")
    ws.index()
    sd = ws.searchd()
    case = next(g for g in gold if g["type"] == "case" and g.get("people"))
    person = case["people"][0]
    status, before = h.search(sd.url, f'"{person}"')
    h.check(status == 200 and before["total"] >= 1, f"search before reindex: {status} {before}")
    _, health = h.get_json(sd.url + "/v1/health")
    docs_before = health.get("documents")

    # Queries keep flowing while the reindex runs; none may fail.
    failures, answered = [], [0]
    stop = threading.Event()

    def load():
        while not stop.is_set():
            st, res = h.search(sd.url, f'"{person}"')
            if st != 200 or res.get("total", 0) < 1:
                failures.append((st, str(res)[:200]))
            answered[0] += 1

    # The rebuilt index differs visibly: a site rule now files case pages as "page".
    _, cases_before = h.search(sd.url, "", type="case")
    h.check(cases_before.get("total", 0) > 0, f"no case pages before reindex: {cases_before}")
    ws.write_config(indexer='[[indexer.site_rules]]\npattern = "/cases/"\ntype = "page"\n')

    t = threading.Thread(target=load)
    t.start()
    r = ws.run("dossier-indexer", "reindex", "--config", ws.config, "--data", ws.data)
    stop.set()
    t.join()
    h.check(not failures, f"{len(failures)} of {answered[0]} searches failed during reindex: {failures[:2]}")
    h.check(answered[0] > 0, "no search ran during the reindex")
    h.check(os.path.islink(os.path.join(ws.data, "index")), "DATA/index is not the swapped symlink")

    status, after = h.search(sd.url, f'"{person}"')
    h.check(status == 200, f"search after reindex: {status} {after}")
    h.check(after["hits"][0]["url"] == before["hits"][0]["url"], "a different first hit after reindex")
    _, cases_after = h.search(sd.url, "", type="case")
    h.check(cases_after.get("total") == 0,
            f"searchd still serves the old index after the swap: {cases_after.get('total')} case pages")
    _, health = h.get_json(sd.url + "/v1/health")
    h.check(health.get("documents") == docs_before, f"documents {docs_before} -> {health.get('documents')}")
    print(f"reindex: swapped under {answered[0]} searches, none failed; {docs_before} documents")
finally:
    ws.close()
