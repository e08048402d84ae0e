#!/usr/bin/env python3
"""Metadata accuracy on the development set's article pages: title, author and publication
date against the reviewed `ground_truth` fields, for each extractor given as NAME=DIR.

    metadata.py EVAL_DIR dossier=out/dossier-json rs-trafilatura=out/rs-trafilatura-meta

DIR holds <id>.json per page: Dossier's `extract --format json` record (title, authors,
published) or rs-trafilatura's metadata (title, author, date).
- title: equal after Unicode NFKC, lower case, same words (punctuation and quotes ignored);
- author: one of the extractor's authors equals the reviewed one, or one contains the
  other ("Genevieve Carlton" for "Genevieve Carlton, Ph.D."); pages with no reviewed author
  are left out, and the count of them where an author was given is printed;
- date: the first ten characters equal (YYYY-MM-DD); pages with no reviewed date likewise.
"""
import json, re, sys, unicodedata
from pathlib import Path


def norm(s):
    s = unicodedata.normalize('NFKC', s or '').lower()
    return ' '.join(re.findall(r'\w+', s))


def load(path):
    try:
        d = json.loads(path.read_text())
    except (OSError, ValueError):
        d = {}
    if 'authors' in d or 'published' in d:  # a Dossier record
        return d.get('title') or '', list(d.get('authors') or []), (d.get('published') or '')[:10]
    author = d.get('author') or ''
    names = [x.strip() for x in re.split(r';|\band\b|,', author) if x.strip()]
    return d.get('title') or '', names, (d.get('date') or '')[:10]


def main():
    ev = Path(sys.argv[1])
    pages = [l.split('\t')[:2] for l in (ev / 'pages.tsv').read_text().splitlines()[1:]]
    truths = {fid: json.loads((ev / 'truth' / f'{fid}.json').read_text())['ground_truth']
              for fid, t in pages if t == 'article'}
    print(f'{"extractor":<18}{"title":>14}{"author":>14}{"date":>14}  given where none (author, date)')
    for arg in sys.argv[2:]:
        name, d = arg.split('=', 1)
        t = [0, 0]; a = [0, 0, 0]; dt = [0, 0, 0]
        for fid, g in truths.items():
            title, authors, date = load(Path(d) / f'{fid}.json')
            if g.get('title'):
                t[1] += 1
                t[0] += norm(title) == norm(g['title'])
            ga = norm(g.get('author'))
            if ga:
                a[1] += 1
                a[0] += any(n and (n == ga or n in ga or ga in n) for n in map(norm, authors))
            else:
                a[2] += bool(authors)
            gd = (g.get('publish_date') or '')[:10]
            if gd:
                dt[1] += 1
                dt[0] += date == gd
            else:
                dt[2] += bool(date)
        cell = lambda x: f'{x[0] / x[1]:.3f} ({x[0]})' if x[1] else '-'
        print(f'{name:<18}{cell(t):>14}{cell(a):>14}{cell(dt):>14}  {a[2]}, {dt[2]}')
    print(f'articles: {len(truths)}; with a reviewed author {sum(1 for g in truths.values() if g.get("author"))}, '
          f'with a reviewed date {sum(1 for g in truths.values() if g.get("publish_date"))}')


if __name__ == '__main__':
    main()
