#!/usr/bin/env python3
"""Quality line for run.sh: `quality.py EVAL_DIR PRED_DIR` prints
F1-articles P R F1-all F1-odd F1-even word-F1
- the first four from the development set's own score.py (shingle F1, the issue's metric);
- F1 on the article pages with odd and with even ids: extraction rules were tuned on the odd
  half and kept only when the even half did not lose, so the even half is the held-out figure;
- word-F1: per-page F1 of lower-cased word multisets averaged over the article pages, the
  metric of the WCXB leaderboard (Foley 2026), to set beside its published figures.
"""
import json, re, statistics, subprocess, sys
from collections import Counter
from pathlib import Path

ev, pred = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(ev))
import score  # noqa: E402  (the set's scorer: same tokens, shingles and averaging)

pages = [l.split('\t')[:2] for l in (ev / 'pages.tsv').read_text().splitlines()[1:]]
rows = {'article': [], 'odd': [], 'even': [], 'all': []}
words = []
for fid, typ in pages:
    truth = json.loads((ev / 'truth' / f'{fid}.json').read_text())['ground_truth']['main_content']
    f = pred / f'{fid}.txt'
    text = f.read_text(errors='replace') if f.exists() else ''
    pr = score.page_scores(truth, text)
    rows['all'].append(pr)
    if typ != 'article':
        continue
    rows['article'].append(pr)
    rows['odd' if int(fid) % 2 else 'even'].append(pr)
    a = Counter(w.lower() for w in score.TOKEN.findall(truth))
    b = Counter(w.lower() for w in score.TOKEN.findall(text))
    tp = sum((a & b).values())
    p = tp / sum(b.values()) if b else 0.0
    r = tp / sum(a.values()) if a else 0.0
    words.append(2 * p * r / (p + r) if p + r else 0.0)
P, R, F = score.summary(rows['article'])
print(f"{F:.3f} {P:.3f} {R:.3f} {score.summary(rows['all'])[2]:.3f} "
      f"{score.summary(rows['odd'])[2]:.4f} {score.summary(rows['even'])[2]:.4f} {statistics.mean(words):.3f}")
