#!/usr/bin/env python3
"""Scope from the config, against the fixture site: include and exclude patterns, max depth,
max pages per host, and the User-Agent (with its contact URL) on every request."""
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402
import crawler_lib as cl  # noqa: E402

UA = "ScopeTestBot/1.0 (+http://contact.example/scope-test)"


def pages(data):
    """URL of every page (not robots.txt or a sitemap) answered 200, from the WARC."""
    return {rec.uri for rec in cl.read_all(data) if rec.type == "response" and rec.http_status() == 200
            and not rec.uri.endswith(("/robots.txt", ".xml", ".xml.gz"))}


ws = h.Workspace("crawler-scope")
try:
    gold = ws.generate(pages=200)
    site = ws.serve_site()
    base = "[crawler]\ndelay_ms = 0\nconnections_per_host = 4\nuser_agent = \"" + UA + "\"\n"

    # Include and exclude: only the home page and news, and no Russian-language page.
    data = os.path.join(ws.dir, "data-patterns")
    config = cl.write_config(ws, "patterns.toml", base + "include = [\"/news/\", \"^http://[^/]+/$\"]\n"
                             "exclude = [\"/ru/\"]\n")
    r = cl.crawl(ws, config, site.url + "/", data=data)
    h.check(r.returncode == 0, f"the crawl exited {r.returncode}: {r.stderr[-3000:]}")
    got = pages(data)
    outside = sorted(u for u in got if "/ru/" in u or not ("/news/" in u or re.match(r"^http://[^/]+/$", u)))
    h.check(not outside, f"pages out of scope were fetched: {outside[:5]}")
    news = {site.url + g["url"] for g in gold if g["url"].startswith("/news/")}
    h.check(news and news <= got, f"news pages in scope were not fetched: {sorted(news - got)[:5]}")
    requests = [rec for rec in cl.read_all(data) if rec.type == "request"]
    h.check(requests, "no request records")
    agents = set()
    for rec in requests:
        m = re.search(rb"(?im)^user-agent:[ \t]*([^\r\n]*)", rec.block)
        agents.add(m.group(1).decode() if m else None)
    h.check(agents == {UA}, f"requests went out with User-Agent {agents}, expected only {UA!r}")

    # Max depth 0: the seed, and nothing it links to (sitemaps list pages at depth 1).
    data = os.path.join(ws.dir, "data-depth")
    config = cl.write_config(ws, "depth.toml", base + "max_depth = 0\n")
    r = cl.crawl(ws, config, site.url + "/", data=data)
    h.check(r.returncode == 0, f"the depth-0 crawl exited {r.returncode}: {r.stderr[-3000:]}")
    got = pages(data)
    h.check(got == {site.url + "/"}, f"a depth-0 crawl fetched {sorted(got)[:5]}, expected only the seed")
    db = sqlite3.connect(os.path.join(data, "crawl.db"))
    deeper = db.execute("SELECT COUNT(*) FROM urls WHERE depth > 0 AND state = 'done'").fetchone()[0]
    db.close()
    h.check(deeper == 0, f"{deeper} pages deeper than max_depth were fetched")

    # Max pages per host: the run stops taking pages from the host at the cap, and ends.
    data = os.path.join(ws.dir, "data-cap")
    config = cl.write_config(ws, "cap.toml", base + "max_pages_per_host = 25\n")
    r = cl.crawl(ws, config, site.url + "/", data=data)
    h.check(r.returncode == 0, f"the capped crawl exited {r.returncode}: {r.stderr[-3000:]}")
    got = pages(data)
    h.check(20 <= len(got) <= 25, f"a crawl capped at 25 pages a host fetched {len(got)} pages")
    print(f"crawler-scope: patterns, depth 0, a cap of 25 pages ({len(got)} fetched), User-Agent {UA!r}")
finally:
    ws.close()
