#!/usr/bin/env python3
"""A recrawl in which only changed pages get new bodies: crawl the site, edit three pages and
delete one, crawl again with every URL due. The three edited pages get new response records
with the new text; the others get revisit records (the fixture answers 304 to
If-None-Match); the deleted page is recorded as gone with its 404. The adaptive schedule:
changed pages come back sooner, unchanged ones later, within the configured bounds. Then a
sitemap lastmod newer than the last fetch makes that one page due in a plain run."""
import json
import os
import shutil
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402
import crawler_lib as cl  # noqa: E402

REVISIT_304 = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

ws = h.Workspace("crawler-recrawl")
try:
    gold = ws.generate(pages=200)
    site = ws.serve_site()
    config = cl.write_config(ws, "recrawl.toml", "[crawler]\ndelay_ms = 0\nconnections_per_host = 4\n"
                             "recrawl_min_s = 3600\nrecrawl_default_s = 7200\nrecrawl_max_s = 10000\n"
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

    # The schedule after the second visit: every page had the first interval (7200 s); a
    # changed page halves it (3600, the floor), an unchanged one doubles it up to the ceiling.
    db = sqlite3.connect(os.path.join(ws.data, "crawl.db"))
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    h.check(mode == "wal", f"crawl.db is in journal mode {mode!r}, not WAL")
    etags = db.execute("SELECT COUNT(*) FROM urls WHERE state = 'done' AND etag != '' AND first_seen > 0 "
                       "AND last_fetched >= first_seen AND last_changed > 0").fetchone()[0]
    h.check(etags >= len(unchanged), f"only {etags} pages have their ETag and dates in the history")
    sched = {u: (iv, due - fetched) for u, iv, due, fetched in
             db.execute("SELECT url, interval, next_due, last_fetched FROM urls WHERE state = 'done'")}
    db.close()
    for uri in want:
        h.check(sched[uri] == (3600, 3600), f"{uri} changed: interval/next due {sched[uri]}, expected 3600 s")
    for uri in unchanged:
        h.check(sched[uri] == (10000, 10000), f"{uri} unchanged: interval/next due {sched[uri]}, expected 10000 s")

    # A sitemap lastmod newer than the last fetch: that page, and no other, is fetched in a
    # plain run (nothing else is due for an hour).
    shutil.move(os.path.join(ws.data, "warc"), os.path.join(ws.dir, "warc-run2"))
    bumped = news[3]
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 1))
    found = False
    for name in os.listdir(ws.site):
        if not (name.startswith("sitemap") and name.endswith(".xml")):
            continue
        path = os.path.join(ws.site, name)
        xml = open(path, encoding="utf-8").read()
        pattern = r"(<loc>[^<]*" + re.escape(bumped) + r"</loc><lastmod>)[^<]*(</lastmod>)"
        xml, n = re.subn(pattern, lambda m: m.group(1) + now + m.group(2), xml)
        if n:
            open(path, "w", encoding="utf-8").write(xml)
            found = True
    h.check(found, f"no sitemap entry with a lastmod for {bumped}")
    time.sleep(1.5)
    r = cl.crawl(ws, config, site.url + "/")
    h.check(r.returncode == 0, f"third crawl exited {r.returncode}: {r.stderr[-3000:]}")
    third = {rec.uri for rec in cl.read_all(ws.data) if rec.type in ("response", "revisit")
             and not rec.uri.endswith(("/robots.txt", ".xml", ".xml.gz"))}
    h.check(third == {site.url + bumped}, f"the third run fetched {sorted(third)[:5]}, expected only {bumped}")

    print(f"crawler-recrawl: {len(want)} edited pages got new bodies, {len(unchanged)} got 304 revisits, "
          f"{deleted} recorded as gone; intervals 3600/10000 s; a sitemap lastmod made one page due")
finally:
    ws.close()
