#!/usr/bin/env python3
"""The skeleton path end to end: generate the sample site, serve it on loopback, crawl it,
index it, serve the index, and check that a known query finds the expected page first."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

ws = h.Workspace("e2e")
try:
    gold = ws.generate(pages=200)
    site = ws.serve_site()
    ws.crawl(site.url + "/")
    warcs = os.listdir(os.path.join(ws.data, "warc"))
    h.check(any(w.endswith(".warc.gz") for w in warcs), f"no WARC written: {warcs}")
    ws.index()
    sd = ws.searchd()

    status, health = h.get_json(sd.url + "/v1/health")
    h.check(status == 200, f"/v1/health answered {status}")

    # A case page's title is the name of the person it is about; searching for the name
    # finds that page first.
    cases = [g for g in gold if g["type"] == "case" and g.get("title") in g.get("people", [])]
    h.check(cases, "the sample site has no case pages with people in its gold file")
    checked = 0
    for case in cases[:5]:
        person = case["title"]
        status, res = h.search(sd.url, f'"{person}"')
        h.check(status == 200, f"search for {person!r} answered {status}: {res}")
        h.check(res["total"] >= 1, f"search for {person!r} found nothing")
        top = res["hits"][0]
        h.check(top["url"].endswith(case["url"]) or top["url"].rstrip("/").endswith(case["url"].rstrip("/")),
                f"search for {person!r}: first hit {top['url']} ({top.get('title')}), expected {case['url']}")
        h.check(top.get("snippet"), f"first hit for {person!r} has no snippet")
        checked += 1
    print(f"e2e: {checked} case queries found their page first")

    # The operator's view: SIGTERM stops the daemon cleanly, and every request left an
    # access-log line (client, request line, status, time).
    rc = sd.stop()
    h.check(rc == 0, f"dossier-searchd exited {rc} on SIGTERM")
    log = open(os.path.join(ws.dir, "searchd.log"), encoding="utf-8", errors="replace").read()
    h.check('"GET /v1/health" 200' in log, "no access-log line for GET /v1/health:\n" + log[-2000:])
    h.check(log.count('"GET /v1/search?') >= checked, "fewer access-log lines than searches:\n" + log[-2000:])
finally:
    ws.close()
