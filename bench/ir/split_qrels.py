#!/usr/bin/env python3
"""Splits a qrels file into two halves of the queries, A and B, by a hash of the query id
(stable across runs and machines): parameters are chosen on A and confirmed on B.

    split_qrels.py QRELS OUT_PREFIX    → OUT_PREFIX.A.tsv, OUT_PREFIX.B.tsv
"""
import hashlib
import sys

qrels, prefix = sys.argv[1], sys.argv[2]
with open(qrels, encoding='utf-8') as f, \
        open(prefix + '.A.tsv', 'w', encoding='utf-8') as a, \
        open(prefix + '.B.tsv', 'w', encoding='utf-8') as b:
    for line in f:
        p = line.split()
        if not p:
            continue
        half = hashlib.sha1(p[0].encode('utf-8')).digest()[0] & 1
        (b if half else a).write(line)
