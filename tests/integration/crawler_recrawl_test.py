#!/usr/bin/env python3
"""A recrawl in which only changed pages get new bodies: crawl the site, edit three pages and
delete one, crawl again with every URL due. The three edited pages get new response records
with the new text; the others get revisit records (the fixture answers 304 to
If-None-Match); the deleted page is recorded as gone with its 404."""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402
import crawler_lib as cl  # noqa: E402

REVISIT_304 = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

ws = h.Workspace("crawler-recrawl")
try:
    gold = ws.generate(pages=200)
    site = ws.serve_site()
    config = cl.write_config(ws, "recrawl.toml", "[crawler]\ndelay_ms = 0\nconnections_per_host = 4\n"
                             "[log]\nlevel = \"info\"\n")
    r = cl.crawl(ws, config, site.url + "/")
    h.check(r.returncode == 0, f"first crawl exited {r.returncode}: {r.stderr[-3000:]}")
    first = cl.read_all(ws.data)
    html_200 = {rec.uri for rec in first if rec.type == "response" and rec.http_status() == 200
                and rec.headers.get("content-type", "").startswith("application/http")
                and b"text/html" in rec.block.split(b"\r\n\r\n", 1)[0]}
    gold_html = [g for g in gold if not g["url"].endswith(".pdf")]
    h.check({site.url + g["url"] for g in gold_html} <= html_200, "the first crawl missed gold pages")

    # The WARC files of the first run go aside, so what is left is the second run's.
    shutil.move(os.path.join(ws.data, "warc"), os.path.join(ws.dir, "warc-run1"))

    news = [g["url"] for g in gold if g["type"] == "news" and not g["url"].startswith(("/ru/", "/fr/"))]
    edited = news[:3]
    for i, path in enumerate(edited):
        f = os.path.join(ws.site, path.lstrip("/"), "index.html")
        html = open(f, encoding="utf-8").read()
        html = html.replace("</body>", f"<p>Correction {i}: this article was updated.</p></body>", 1)
        open(f, "w", encoding="utf-8").write(html)
    deleted = [g["url"] for g in gold if g["type"] == "case"][0]
    shutil.rmtree(os.path.join(ws.site, deleted.strip("/")))

    r = cl.crawl(ws, config, site.url + "/", "--recrawl-all")
    h.check(r.returncode == 0, f"second crawl exited {r.returncode}: {r.stderr[-3000:]}")
    second = cl.read_all(ws.data)
    pages = [rec for rec in second if not rec.uri.endswith(("/robots.txt", ".xml", ".xml.gz"))]

    new_bodies = {rec.uri: rec for rec in pages if rec.type == "response" and rec.http_status() == 200}
    want = {site.url + p for p in edited}
    h.check(set(new_bodies) == want,
            f"new 200 bodies for {sorted(set(new_bodies) - want)[:5]} (unchanged) "
            f"and none for {sorted(want - set(new_bodies))} (edited)")
    for i, path in enumerate(edited):
        body = new_bodies[site.url + path].http_body()
        h.check(f"Correction {i}".encode() in body, f"{path}: the new record does not hold the edit")

    revisits = {rec.uri: rec for rec in pages if rec.type == "revisit"}
    unchanged = (html_200 - want) - {site.url + deleted}
    missing = sorted(unchanged - set(revisits))
    h.check(not missing, f"{len(missing)} unchanged pages have no revisit record, e.g. {missing[:5]}")
    for uri in unchanged:
        rec = revisits[uri]
        h.check(rec.headers.get("warc-profile") == REVISIT_304 and rec.http_status() == 304,
                f"{uri}: revisit is not a 304 server-not-modified one: {rec.headers}")
        h.check(not rec.http_body(), f"{uri}: a revisit record carries a body")

    gone = [rec for rec in pages if rec.uri == site.url + deleted and rec.type != "request"]
    h.check(len(gone) == 1 and gone[0].type == "response" and gone[0].http_status() == 404,
            f"the deleted page {deleted} has no 404 response record")
    state, status, _ = cl.rows(ws.data)[site.url + deleted]
    h.check(state == "gone" and status == 404, f"{deleted} is recorded as {state}/{status}, not gone/404")
    h.check("gone" in r.stderr and deleted in r.stderr, "no log line says the page is gone")
    print(f"crawler-recrawl: {len(want)} edited pages got new bodies, {len(unchanged)} got 304 revisits, "
          f"{deleted} recorded as gone")
finally:
    ws.close()
