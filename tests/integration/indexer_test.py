#!/usr/bin/env python3
"""dossier-indexer end to end: new, changed, unchanged and removed pages across two crawls;
JSON Lines, third-party WARC and file imports; near-duplicates; a second indexer refused."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def dump(ws, data=None):
    r = ws.run("dossier-indexer", "dump", "--data", data or ws.data)
    return [json.loads(l) for l in r.stdout.splitlines() if l.strip()]


def by_url(records):
    return {r.get("url"): r for r in records}


ws = h.Workspace("indexer")
try:
    # Everything is due again at once in the second crawl.
    ws.write_config(crawler="recrawl_default_s = 0\nrecrawl_min_s = 0\nrecrawl_max_s = 0\n")
    gold = ws.generate(pages=150)
    site = ws.serve_site()
    ws.crawl(site.url + "/")
    out = ws.index().stdout
    first = by_url(dump(ws))
    pages = [g for g in gold if g["type"] in ("news", "case") and g["url"].endswith("/")]
    h.check(len(pages) >= 3, "the sample site has too few news/case pages")
    changed, removed, same = pages[0], pages[1], pages[2]
    url = lambda g: site.url + g["url"]  # noqa: E731
    for g in (changed, removed, same):
        h.check(url(g) in first, f"{url(g)} was not indexed after the first crawl")
    h.check("Thank you! Your submission has been received!" not in first[url(same)]["body"],
            "form boilerplate reached the indexed body")

    # Change one page, delete another, leave the rest.
    path = lambda g: os.path.join(ws.site, g["url"].strip("/"), "index.html")  # noqa: E731
    with open(path(changed), encoding="utf-8") as f:
        html = f.read()
    marker = "Zanzibarian quokka testimony"
    h.check("</p>" in html, "changed page has no paragraph to edit")
    html = html.replace("</p>", f" {marker}.</p>", 1)
    with open(path(changed), "w", encoding="utf-8") as f:
        f.write(html)
    os.remove(path(removed))

    ws.crawl(site.url + "/")
    out = ws.index().stdout
    second = by_url(dump(ws))
    h.check(marker in second[url(changed)]["body"], "the changed page's new text is not in the index")
    h.check(second[url(removed)].get("removed") is True, "the removed page is not marked removed")
    h.check(second[url(removed)].get("removed_at"), "the removed page has no removal date")
    h.check(second[url(same)]["body"] == first[url(same)]["body"], "an unchanged page changed")
    h.check(len(second) == len(first), f"document count changed: {len(first)} -> {len(second)}")
    # Unchanged pages were revisits: nothing replaced but the changed page.
    h.check(", 1 replaced," in out, f"expected exactly one replaced document: {out}")

    # A second indexer on the same index is refused with a clear message and exit code 3.
    lock_holder = subprocess.Popen([ws.bin("dossier-indexer"), "import", "--data", ws.data, "--jsonl", "/dev/stdin"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    import time
    time.sleep(1.0)
    r = ws.run("dossier-indexer", "index", "--data", ws.data, check_rc=False)
    lock_holder.stdin.close()
    lock_holder.wait(timeout=30)
    h.check(r.returncode == 3, f"second indexer exited {r.returncode}, expected 3: {r.stderr}")
    h.check("another dossier-indexer" in r.stderr, f"second indexer's message unclear: {r.stderr}")

    # JSON Lines import keeps the given ids; a line without id is reported, not fatal.
    jl = os.path.join(ws.dir, "in.jsonl")
    text = ("The European Court of Human Rights ruled that the extradition of the journalist to "
            "Azerbaijan would violate Article 3 of the Convention, citing the risk of ill-treatment "
            "and the politically motivated Red Notice issued by INTERPOL against him in 2019.")
    with open(jl, "w") as f:
        f.write(json.dumps({"id": "doc-1", "title": "Ruling", "text": text, "published": "2020-02-03", "type": "news"}) + "\n")
        f.write(json.dumps({"id": "doc-1-print", "title": "Ruling (print)", "text": text + " Print this page."}) + "\n")
        f.write(json.dumps({"title": "no id"}) + "\n")
    jdata = os.path.join(ws.dir, "jdata")
    r = ws.run("dossier-indexer", "import", "--data", jdata, "--jsonl", jl)
    recs = {r["id"]: r for r in dump(ws, jdata)}
    h.check(set(recs) == {"doc-1", "doc-1-print"}, f"imported ids: {sorted(recs)}")
    h.check(recs["doc-1"]["type"] == "news" and recs["doc-1"]["published"] == "2020-02-03", "JSONL fields lost")
    h.check("AZ" in recs["doc-1"]["countries"], "entities were not found in the imported text")
    h.check(recs["doc-1-print"].get("collapse_key") == "doc-1", "the near-duplicate does not share a collapse key")
    h.check("1 failed" in r.stdout, f"the line without id was not counted as failed: {r.stdout}")

    # A WARC written by wget (a third-party tool).
    wdata = os.path.join(ws.dir, "wdata")
    ws.run("dossier-indexer", "import", "--data", wdata, "--warc", os.path.join(SRC, "tests/data/warc/wget-gz.warc.gz"))
    wrecs = dump(ws, wdata)
    h.check(len(wrecs) >= 1, "nothing indexed from the wget WARC")

    # A folder of HTML files.
    fdata = os.path.join(ws.dir, "fdata")
    fdir = os.path.join(ws.dir, "files")
    shutil.copytree(os.path.join(ws.site, "cases"), fdir)
    ws.run("dossier-indexer", "import", "--data", fdata, "--files", fdir)
    frecs = dump(ws, fdata)
    n_files = sum(1 for _, _, fs in os.walk(fdir) for x in fs if x.endswith(".html"))
    h.check(len(frecs) == n_files, f"{len(frecs)} records from {n_files} files")
    h.check(all(r["url"].startswith("file://") for r in frecs), "file imports should have file:// URLs")

    # A poison document (a damaged PDF) is counted, logged with its URL and reason, listed by
    # `failures`, and does not stop the rest; `stats` counts what was indexed.
    pdata = os.path.join(ws.dir, "pdata")
    pdir = os.path.join(ws.dir, "poison")
    os.makedirs(pdir)
    with open(os.path.join(pdir, "broken.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog broken beyond repair\n")
    shutil.copy(os.path.join(SRC, "tests/data/extract/multipage.pdf"), pdir)
    with open(os.path.join(pdir, "fr.html"), "w", encoding="utf-8") as f:
        f.write('<html lang="fr"><head><title>Extradition vers la Russie</title></head><body><article>'
                "<p>La Cour européenne des droits de l'homme a jugé en 2019 que l'extradition du requérant "
                "vers la Russie violerait l'article 3 de la Convention, faute de garanties suffisantes.</p>"
                "</article></body></html>")
    r = ws.run("dossier-indexer", "import", "--data", pdata, "--files", pdir)
    h.check("1 failed" in r.stdout, f"the damaged PDF was not counted as failed: {r.stdout}")
    precs = dump(ws, pdata)
    pdf_pages = [x for x in precs if x.get("parent")]
    h.check(any(x["url"].endswith("fr.html") for x in precs), "the page after the poison document was not indexed")
    h.check(len(pdf_pages) >= 2, f"the good PDF's pages were not indexed: {len(pdf_pages)}")
    fl = ws.run("dossier-indexer", "failures", "--data", pdata).stdout
    listed = [json.loads(line) for line in fl.splitlines() if line.startswith("{")]
    h.check(len(listed) == 1 and listed[0]["url"].endswith("broken.pdf") and "PDF" in listed[0]["reason"],
            f"`failures` should list the damaged PDF with its reason: {fl}")
    st = {}
    for line in ws.run("dossier-indexer", "stats", "--data", pdata).stdout.splitlines():
        parts = line.split("\t")
        st[tuple(parts[:-1])] = parts[-1]
    h.check(int(st[("documents",)]) == len(precs), f"stats documents {st.get(('documents',))} != {len(precs)}")
    h.check(st.get(("language", "fr")) == "1", f"stats should count the French page: {st}")
    h.check(st.get(("country", "RU")) is not None, f"stats should count Russia: {st}")
    h.check(int(st.get(("type", "report"), "0")) == len(pdf_pages) + 1, f"stats report count (parent + pages): {st}")
    h.check(any(k[0] == "year" for k in st), f"stats has no years: {st}")
    h.check(int(st[("index_bytes",)]) > 0, f"stats index size: {st}")
    print(f"indexer: {len(first)} documents; update, JSONL, WARC and files imports, poison document, "
          "failures and stats checked")
finally:
    ws.close()
