#!/usr/bin/env python3
"""The web UI at the HTML level, without a browser: the real programs (sample site with one
hostile page added, crawl, index, searchd) and pages fetched with urllib, checked for what a
researcher would see: results, facets that add and remove filters, the document page with
related cases, the country page's chart, exports, errors in words, and crawled markup shown
as text. tests/browser/ drives the same archive in Chromium; build_archive() is shared."""
import csv
import html
import io
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

# A page whose title and text are markup, as a hostile or careless site might publish.
HOSTILE_PATH = "/news/2018/05/script-in-title/"
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>
<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;">
<meta property="article:published_time" content="2018-05-14">
</head><body>
<main><article>
<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>
<time datetime="2018-05-14">14 May 2018</time>
<p>The prosecutor in Azerbaijan asked INTERPOL to publish a Red Notice against the journalist
Ramil Scriptov; the request was refused. Payload text: &lt;img src=x onerror=alert(2)&gt; and
&lt;/mark&gt;&lt;b&gt;bold&lt;/b&gt; and an ampersand &amp; a quote &quot;here&quot;.</p>
<p>Lawyers said the Red Notice was politically motivated and asked the Commission for the
Control of INTERPOL's Files to delete the data about the journalist.</p>
</article></main>
</body></html>
"""


def build_archive(name, pages=150):
    """Generates the sample site with the hostile page, serves it, crawls, indexes and starts
    searchd. Returns (workspace, gold, searchd base URL)."""
    ws = h.Workspace(name)
    gold = ws.generate(pages=pages)
    folder = os.path.join(ws.site, HOSTILE_PATH.strip("/"))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
        f.write(HOSTILE_HTML)
    site = ws.serve_site()
    ws.crawl(site.url + "/", "--seed", site.url + HOSTILE_PATH)
    ws.index()
    sd = ws.searchd()
    return ws, gold, sd.url


class Page:
    """A fetched page: status, headers, body, and its links and text."""

    def __init__(self, url):
        self.url = url
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                self.status, self.headers, raw = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            self.status, self.headers, raw = e.code, e.headers, e.read()
        self.body = raw.decode("utf-8")
        p = _Collector()
        p.feed(self.body)
        self.links = p.links        # [(href, text, attrs)]
        self.text = re.sub(r"\s+", " ", "".join(p.text))
        self.tags = p.tags          # [(tag, attrs)]

    def link(self, pred, what):
        for href, text, attrs in self.links:
            if pred(href, text, attrs):
                return urllib.parse.urljoin(self.url, href), text, attrs
        h.fail(f"{self.url}: no link {what}")

    def has_tag(self, tag, **attrs):
        return any(t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items()) for t, a in self.tags)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.text, self.tags = [], [], []
        self._a = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "a":
            self._a = [a.get("href", ""), "", a]
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._a:
            self.links.append((self._a[0], re.sub(r"\s+", " ", self._a[1]).strip(), self._a[2]))
            self._a = None
        if tag in ("script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._a:
            self._a[1] += data


def ui(base, path="/", **params):
    qs = urllib.parse.urlencode(params, doseq=True)
    return Page(base + path + ("?" + qs if qs else ""))


def main():
    ws, gold, base = build_archive("ui")
    try:
        run(base, gold)
    finally:
        ws.close()


def run(base, gold):
    # --- The home page: a labelled search box, the syntax explained, nothing from outside.
    home = ui(base)
    h.check(home.status == 200 and home.headers["Content-Type"].startswith("text/html"), f"/ answered {home.status}")
    csp = home.headers.get("Content-Security-Policy", "")
    h.check("default-src 'self'" in csp, f"no CSP default-src 'self' on /: {csp!r}")
    h.check(home.has_tag("label", for_="q") or any(t == "label" and a.get("for") == "q" for t, a in home.tags),
            "the search box has no label")
    h.check(home.has_tag("input", id="q", name="q"), "no search box named q")
    for syntax in ('"red notice"', "NEAR", "extradit*", "title:", "country:", "org:", "person:", "instrument:",
                   "lang:", "site:", "url:", "published:2017-01-01..2018-06-30", "year:2017", "OR", "+journalist"):
        h.check(syntax in home.text, f"the help panel does not explain {syntax}")
    h.check(any(t == "link" and a.get("rel") == "search" and a.get("href") == "/opensearch.xml" for t, a in home.tags),
            "no OpenSearch link")
    for t, a in home.tags:  # nothing loaded from elsewhere
        for attr in ("src", "href"):
            v = a.get(attr, "")
            if t in ("script", "link", "img") and v:
                h.check(v.startswith("/"), f"<{t} {attr}={v}> loads from outside searchd")
    h.check(any(t == "main" for t, _ in home.tags) and any(t == "nav" for t, _ in home.tags), "no landmarks")

    # --- A search for a person of a case finds the case, with badge, snippet and both links.
    case = next(g for g in gold if g["type"] == "case" and g.get("people") and g.get("language") == "en")
    person = case["people"][0]
    res = ui(base, q=f'"{person}"')
    h.check(res.status == 200, f"search answered {res.status}")
    h.check(re.search(r"\d+ results?", res.text), f"no result count in: {res.text[:300]}")
    title_link = res.link(lambda href, t, a: href.startswith("/documents/") and t == case["title"],
                          f"to the document {case['title']!r}")
    h.check("Case" in res.text, "no type badge 'Case'")
    h.check("<mark>" in res.body, "the snippet has no highlighted match")
    orig = res.link(lambda href, t, a: "original" in a.get("class", "") and href.endswith(case["url"]),
                    f"to the original {case['url']}")
    h.check(orig[0].startswith("http://127.0.0.1"), f"original link {orig[0]}")
    res.link(lambda href, t, a: t.startswith("Archived copy") and href.startswith("/documents/"), "Archived copy")

    # --- Facets: counts, clickable, combinable, removable.
    broad = ui(base, q="interpol")
    total = int(re.search(r"([\d,]+) results?", broad.text).group(1).replace(",", ""))
    h.check(total > 5, f"'interpol' found only {total}")
    for heading in ("Type", "Country", "Organisation", "Legal instrument", "Year"):
        h.check(any(t == "h3" for t, _ in broad.tags) and heading in broad.text, f"no facet {heading}")
    href, text, _ = broad.link(lambda href, t, a: "facet-link" in a.get("class", "") and "country=" in href,
                               "a country facet value")
    m = re.match(r"(.+?)\s*([\d,]+)$", text)
    h.check(m, f"country facet value without a count: {text!r}")
    fcount = int(m.group(2).replace(",", ""))
    one = Page(href)
    got = int(re.search(r"([\d,]+) results?", one.text).group(1).replace(",", ""))
    h.check(got == fcount, f"facet said {fcount} for {m.group(1)}, the filtered search found {got}")
    h.check("Country: " in one.text and "remove this filter" in one.text, "the country filter is not shown as removable")
    href2, text2, _ = one.link(lambda href, t, a: "facet-link" in a.get("class", "") and "type=" in href and
                               "on" not in a.get("class", "").split(), "a type facet value")
    m2 = re.match(r"(.+?)\s*([\d,]+)$", text2)
    two = Page(href2)
    got2 = int(re.search(r"([\d,]+) results?", two.text).group(1).replace(",", ""))
    h.check(got2 == int(m2.group(2).replace(",", "")), f"combined facets: {text2} vs {got2}")
    h.check("country=" in two.url and "type=" in two.url, f"filters not combined: {two.url}")
    back = Page(two.link(lambda href, t, a: "chip" in a.get("class", "") and t.startswith("Type:"), "to remove Type")[0])
    got3 = int(re.search(r"([\d,]+) results?", back.text).group(1).replace(",", ""))
    h.check(got3 == got, f"removing the type filter gave {got3}, expected {got}")
    cleared = Page(back.link(lambda href, t, a: t == "Clear all filters", "Clear all filters")[0])
    h.check(f"{total:,} result" in cleared.text, "clearing the filters did not give the unfiltered count back")

    # Date range and sort.
    dated = ui(base, q="interpol", **{"from": "2017", "to": "2017", "sort": "-date"})
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', dated.body)
    h.check(dates and all(d.startswith("2017") for d in dates), f"from/to 2017 showed {dates}")
    h.check(dates == sorted(dates, reverse=True), f"newest first is not: {dates}")
    oldest = ui(base, q="interpol", sort="date")
    od = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', oldest.body)
    h.check(od == sorted(od), f"oldest first is not: {od}")

    # Paging.
    p2 = ui(base, q="interpol", page=2)
    h.check("Showing 11–" in p2.text, f"page 2 does not show hits from 11: {p2.text[:400]}")
    p2.link(lambda href, t, a: a.get("rel") == "prev", "to the previous page")

    # --- Crawled markup is text: no script element from content, no double escaping.
    x = ui(base, q="alert")
    h.check(HOSTILE_TITLE in x.text, f"the hostile title is not shown as text: {x.text[:500]}")
    h.check("<script>alert" not in x.body.lower(), "a <script> from crawled content reached the page")
    h.check("&amp;lt;" not in x.body, "crawled text was escaped twice")
    h.check("onerror=alert" not in x.body.replace("onerror=alert(2)&gt;", ""), "an attribute from content leaked")
    scripts = [a for t, a in x.tags if t == "script"]
    h.check(all(a.get("src") == "/static/ui.js" for a in scripts), f"unexpected scripts: {scripts}")
    doc = Page(x.link(lambda href, t, a: href.startswith("/documents/") and "alert(1)" in t, "to the hostile page")[0])
    h.check(doc.status == 200 and HOSTILE_TITLE in doc.text, "the document page does not show the hostile title as text")
    h.check("<img src=x onerror=alert(2)>" in doc.text and "<img" not in doc.body.replace("<img src=x", ""),
            "the body's markup is not shown as text")
    h.check("<script>alert" not in doc.body.lower(), "a <script> from crawled content reached the document page")

    # --- Errors in words.
    bad = ui(base, q='"unbalanced phrase')
    h.check(bad.status == 400, f"a bad query answered {bad.status}")
    h.check("text/html" in bad.headers["Content-Type"], "a bad query did not get a page")
    h.check("unbalanced quote" in bad.text and "could not be read" in bad.text, f"bad query page: {bad.text[:400]}")
    h.check("Traceback" not in bad.body and "exception" not in bad.body.lower(), "a stack trace in the page")
    unknown = ui(base, q="colour:red")
    h.check(unknown.status == 400 and "unknown field" in unknown.text, "unknown field not explained")
    none = ui(base, q="qqqzzzxxy")
    h.check(none.status == 200 and "Nothing matches this search" in none.text, "no help when nothing is found")
    nf = ui(base, "/documents/no-such-document")
    h.check(nf.status == 404 and "No such document" in nf.text, f"unknown document: {nf.status}")
    nc = ui(base, "/countries/XQ")
    h.check(nc.status == 404 and "Unknown country" in nc.text, f"unknown country: {nc.status} {nc.text[:200]}")

    # Did you mean: a misspelled word the index knows.
    st, api = h.search(base, "extradtion")
    if st == 200 and api.get("spelling"):
        dym = ui(base, q="extradtion")
        h.check("Did you mean" in dym.text and api["spelling"] in dym.text, "no 'Did you mean' in the page")
        dym.link(lambda href, t, a: t == api["spelling"], "to the corrected search")
    else:
        h.fail(f"the API suggested no spelling for 'extradtion': {api}")

    # --- A PDF page hit reads "Report — page N" and opens the PDF at that page.
    pdf = ui(base, q="interpol", type="report", page=1)
    pages = [(href, t) for href, t, a in pdf.links if "original" in a.get("class", "") and "#page=" in href]
    if not pages:
        st, api = h.search(base, "", type="report", size=100)
        with_page = [x for x in api["hits"] if x.get("page")]
        h.check(with_page, "no PDF page in the index")
        pdf = ui(base, q=f'id:{with_page[0]["id"]}')
        pages = [(href, t) for href, t, a in pdf.links if "original" in a.get("class", "") and "#page=" in href]
    h.check(pages, "no PDF page hit links to the PDF at its page")
    href, t = pages[0]
    n = re.search(r"#page=(\d+)", href).group(1)
    h.check(".pdf#page=" in href and f"PDF, page {n}" in t, f"PDF link {href} {t!r}")
    h.check(re.search(rf"— page {n}\b", pdf.text), "the PDF page's title does not read '… — page N'")

    # --- The document page: entities, related cases with reasons, archived text.
    cdoc = Page(title_link[0])
    h.check(cdoc.status == 200 and person in cdoc.text, f"document page for {person}")
    h.check("Named in this document" in cdoc.text and "People" in cdoc.text, "no entities on the document page")
    h.check("Related cases" in cdoc.text, "no Related cases")
    rel = [(href, t) for href, t, a in cdoc.links if "related-link" in a.get("class", "")]
    if rel:
        h.check(re.search(r"(Same person|Same country and instrument|Similar text)", cdoc.text),
                "related cases without a reason")
        relpage = Page(urllib.parse.urljoin(base, rel[0][0]))
        h.check(relpage.status == 200 and "Case" in relpage.text, "a related case did not open")
    h.check("Archived text" in cdoc.text, "no archived text")
    h.check(cdoc.link(lambda href, t, a: "original" in a.get("class", ""), "to the original")[0].endswith(case["url"]),
            "the document page's original link")
    # Some case has related cases with a reason (the fixture plants shared people and instruments).
    found_related = bool(rel)
    for g in [g for g in gold if g["type"] == "case"][:8]:
        if found_related:
            break
        st, api = h.search(base, f'"{g["title"]}"', type="case", size=1)
        if st == 200 and api["hits"]:
            d = Page(f"{base}/documents/{urllib.parse.quote(api['hits'][0]['id'])}")
            if any("related-link" in a.get("class", "") for _, _, a in d.links):
                h.check(re.search(r"Why: |Same person|Same country|Similar text", d.text), "related without reason")
                found_related = True
    h.check(found_related, "no case page shows related cases")

    # --- Country page: chart, latest items, top organisations and instruments.
    cc = next(c for g in gold if g["type"] == "case" for c in g.get("countries", []))
    cp = ui(base, f"/countries/{cc}")
    h.check(cp.status == 200, f"/countries/{cc} answered {cp.status}")
    h.check("<svg" in cp.body and cp.body.count('class="fill"') >= 1, "no inline SVG chart")
    h.check("Documents per year" in cp.text, "no chart heading")
    h.check("Latest cases" in cp.text or "Latest news" in cp.text, "no latest items")
    h.check("Top organisations" in cp.text, "no top organisations")
    h.check("Top legal instruments" in cp.text, "no top instruments")
    countries = ui(base, "/countries")
    countries.link(lambda href, t, a: href == f"/countries/{cc}", f"to /countries/{cc}")

    # --- Exports and the feed for the current search.
    ex = ui(base, q="interpol", country=cc)
    csv_href = ex.link(lambda href, t, a: t == "CSV", "CSV export")[0]
    h.check("country=" + cc in csv_href and "q=interpol" in csv_href, f"CSV export lost the search: {csv_href}")
    with urllib.request.urlopen(csv_href, timeout=30) as r:
        rows = list(csv.reader(io.StringIO(r.read().decode("utf-8"))))
    h.check(rows[0][:4] == ["rank", "id", "url", "title"], f"CSV header {rows[0]}")
    shown = int(re.search(r"([\d,]+) results?", ex.text).group(1).replace(",", ""))
    h.check(len(rows) - 1 == min(shown, 100), f"CSV has {len(rows) - 1} rows, the page says {shown}")
    jl = ex.link(lambda href, t, a: t == "JSON Lines", "JSON Lines export")[0]
    with urllib.request.urlopen(jl, timeout=30) as r:
        lines = [x for x in r.read().decode("utf-8").splitlines() if x.strip()]
    h.check(len(lines) == shown, f"JSON Lines has {len(lines)} lines, the page says {shown}")
    atom = [a for t, a in ex.tags if t == "link" and a.get("type") == "application/atom+xml"]
    h.check(atom and atom[0].get("rel") == "alternate", "no Atom alternate link")
    with urllib.request.urlopen(urllib.parse.urljoin(base, atom[0]["href"]), timeout=30) as r:
        feed = r.read().decode("utf-8")
    h.check("<feed" in feed and feed.count("<entry>") == min(shown, 20), "the Atom link's feed")

    # --- Static files: served from the static folder only.
    css = ui(base, "/static/ui.css")
    h.check(css.status == 200 and "text/css" in css.headers["Content-Type"], "ui.css not served")
    h.check(ui(base, "/static/ui.js").status == 200, "ui.js not served")
    h.check(Page(base + "/static/..%2f..%2fCMakeLists.txt").status == 404, "a path out of the static folder")
    print("ui: home, search, facets, dates, sort, paging, escaping, errors, did-you-mean, PDF pages, "
          "document, related, country, exports and static files checked")


if __name__ == "__main__":
    main()
