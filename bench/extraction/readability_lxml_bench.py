#!/usr/bin/python3
"""readability-lxml (Debian python3-readability) on every page of DIR, one core.
usage: readability_lxml_bench.py DIR OUTDIR   writes OUTDIR/<id>.txt, prints the speed line."""
import sys, time, pathlib, lxml.html
from readability import Document

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
pages = sorted((p.stem, p.read_bytes()) for p in src.glob('*.html'))
t0 = time.perf_counter()
texts = {}
for fid, html in pages:
    try:
        summary = Document(html).summary(html_partial=True)
        texts[fid] = lxml.html.fromstring(summary).text_content() if summary.strip() else ''
    except Exception:
        texts[fid] = ''
s = time.perf_counter() - t0
for fid, t in texts.items():
    (out / f'{fid}.txt').write_text(t)
mb = sum(len(h) for _, h in pages) / 1e6
print(f'pages {len(pages)} seconds {s:.3f} pages/s {len(pages)/s:.1f} MB/s {mb/s:.1f}')
