#!/usr/bin/env python3
"""Precision and recall of Dossier's entity extraction against hand-annotated documents.

Runs `dossier-entities-dev --jsonl` once over all documents (one process, so start-up and
gazetteer loading are not counted per document) and compares, per document, the set of
entity ids of each type with the annotated set. Prints a table of micro-averaged
precision, recall and F1 per type, plus main-country and page-type accuracy where the
gold file has them.

  bench/entities/run.py                               # tests/data/entities/news.jsonl
  bench/entities/run.py --gold SITE/_fixture/gold.jsonl
  bench/entities/run.py --errors                       # list every miss and false alarm
  bench/entities/run.py --repeat 200                   # also time the extraction

Gold format (JSON Lines): "text" (or "main_text") and any of "countries", "organisations",
"people", "instruments", "dates" (lists of ids or names), optional "url", "title",
"published", "language", "schema_type", "main_country", "type". A gold item matches a
predicted entity when it equals the entity's id, or when both reduce to the same slug
(lower case, words joined by '-'), so a fixture that lists names ("Human Rights Watch")
rather than ids is scored too.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TYPES = [("countries", "country"), ("organisations", "organisation"), ("people", "person"),
         ("instruments", "instrument"), ("dates", "date")]


def slug(s):
    s = unicodedata.normalize("NFC", s).lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "s", s)
    s = re.sub(r"^the\s+", "", s)
    return "-".join(w for w in re.split(r"[^\w]+", s) if w)


# Other id vocabularies (the fixture site's generator names some bodies differently) are
# mapped onto Dossier's before comparing. Documented in bench/entities/README.md.
SYNONYMS = {"hrw": "human-rights-watch", "coe": "council-of-europe",
            "amnesty": "amnesty-international", "un-wgad": "wgad"}
NATIONAL = [(re.compile(r"^prosecutor-general-([a-z]{2})$"), "prosecutor-general"),
            (re.compile(r"^ministry-justice-([a-z]{2})$"), "ministry-justice"),
            (re.compile(r"^ministry-interior-([a-z]{2})$"), "ministry-interior")]
OURS = [(re.compile(r"^(.+)-prosecutor-generals-office$"), "prosecutor-general"),
        (re.compile(r"^prosecutor-generals-office-of-(.+)$"), "prosecutor-general"),
        (re.compile(r"^(.+)-ministry-of-justice$"), "ministry-justice"),
        (re.compile(r"^ministry-of-justice-of-(.+)$"), "ministry-justice"),
        (re.compile(r"^(.+)-ministry-of(?:-the)?-interior$"), "ministry-interior"),
        (re.compile(r"^(.+)-interior-ministry$"), "ministry-interior")]


def load_country_slugs(data_dir):
    """slug of every English country form (name, demonym, capital) -> alpha-2."""
    slugs = {}
    with open(os.path.join(data_dir, "countries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 4 and cols[1] == "en":
                slugs.setdefault(slug(cols[3]), cols[0].lower())
    return slugs


def canonical(item, country_slugs):
    s = slug(item)
    s = re.sub(r"-article-(\d+)$", r"-art-\1", s)
    s = SYNONYMS.get(s, s)
    for rx, kind in NATIONAL:
        m = rx.match(s)
        if m:
            return f"{kind}:{m.group(1)}"
    for rx, kind in OURS:
        m = rx.match(s)
        if m and m.group(1) in country_slugs:
            return f"{kind}:{country_slugs[m.group(1)]}"
    return s


def find_binary(explicit):
    if explicit:
        return explicit
    for build in ("build-ent", "build", "build-release"):
        p = os.path.join(ROOT, build, "bin", "dossier-entities-dev")
        if os.path.exists(p):
            return p
    sys.exit("dossier-entities-dev not found; build it or pass --bin")


def main():
    ap = argparse.ArgumentParser(description="entity extraction precision/recall")
    ap.add_argument("--gold", default=os.path.join(ROOT, "tests", "data", "entities", "news.jsonl"))
    ap.add_argument("--bin", default="")
    ap.add_argument("--data", default=os.path.join(ROOT, "data"))
    ap.add_argument("--errors", action="store_true", help="print misses and false alarms")
    ap.add_argument("--repeat", type=int, default=1, help="run extraction N times and time it")
    args = ap.parse_args()

    gold = []
    with open(args.gold, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                gold.append(json.loads(line))
    inputs = []
    for g in gold:
        inputs.append({"text": g.get("text", g.get("main_text", "")),
                       **{k: g[k] for k in ("url", "title", "published", "language", "schema_type")
                          if isinstance(g.get(k), str)}})
    payload = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in inputs)
    cmd = [find_binary(args.bin), "--jsonl", "-", "--data", args.data]
    if args.repeat > 1:
        cmd += ["--repeat", str(args.repeat)]
    proc = subprocess.run(cmd, input=payload.encode(), capture_output=True)
    if proc.returncode != 0:
        sys.exit(proc.stderr.decode())
    outputs = [json.loads(l) for l in proc.stdout.decode().splitlines() if l.strip()]
    assert len(outputs) == len(gold), "one output per document"

    cs = load_country_slugs(args.data)
    stats = {key: [0, 0, 0] for key, _ in TYPES}  # tp, predicted, gold
    main_ok = main_n = type_ok = type_n = 0
    errors = []
    for g, out in zip(gold, outputs):
        doc = g.get("id") or g.get("url") or g.get("text", g.get("main_text", ""))[:40]
        for key, etype in TYPES:
            if key not in g:
                continue  # the gold file does not annotate this type
            want = {str(x) for x in g[key]}
            want_slugs = {slug(x) for x in want}
            pred = [e for e in out["entities"] if e["type"] == etype]
            matched = set()
            tp = 0
            for e in pred:
                hit = None
                for w in want:
                    if w in matched:
                        continue
                    if w == e["id"] or slug(w) in (slug(e["id"]), slug(e["name"])) or \
                            (etype == "country" and w.upper() == e["id"]) or \
                            canonical(w, cs) in (canonical(e["id"], cs), canonical(e["name"], cs)):
                        hit = w
                        break
                if hit is not None:
                    matched.add(hit)
                    tp += 1
                else:
                    errors.append((doc, etype, "false alarm", e["id"], e["mentions"][0]["text"]))
            for w in sorted(want - matched):
                errors.append((doc, etype, "missed", w, ""))
            st = stats[key]
            st[0] += tp
            st[1] += len(pred)
            st[2] += len(want)
            del want_slugs
        if "main_country" in g:
            main_n += 1
            main_ok += out["main_country"] == g["main_country"]
            if out["main_country"] != g["main_country"]:
                errors.append((doc, "main_country", "wrong", out["main_country"], g["main_country"]))
        if "type" in g:
            type_n += 1
            type_ok += out["type"] == g["type"]
            if out["type"] != g["type"]:
                errors.append((doc, "type", "wrong", out["type"], g["type"]))

    print(f"{len(gold)} documents from {os.path.relpath(args.gold, ROOT) if args.gold.startswith(ROOT) else args.gold}")
    print(f"{'type':<14}{'gold':>6}{'found':>7}{'right':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for key, etype in TYPES:
        tp, npred, ngold = stats[key]
        if ngold == 0 and npred == 0:
            continue
        p = tp / npred if npred else 1.0
        r = tp / ngold if ngold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{etype:<14}{ngold:>6}{npred:>7}{tp:>7}{p:>8.3f}{r:>8.3f}{f1:>8.3f}")
    if main_n:
        print(f"main_country accuracy: {main_ok}/{main_n}")
    if type_n:
        print(f"page type accuracy: {type_ok}/{type_n}")
    if args.repeat > 1:
        print(proc.stderr.decode().strip())
    if args.errors:
        for e in errors:
            print("\t".join(str(x) for x in e))


if __name__ == "__main__":
    main()
