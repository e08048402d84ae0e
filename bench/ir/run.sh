#!/usr/bin/env bash
# bench/ir/run.sh — ranking quality on the two development collections of
# shared/eval/ir-dev (SciFact, NFCorpus): import each corpus with dossier-indexer, run every
# query through `dossier-searchd batch` (the code path of /v1/search), score with evaluate.py.
# Prints nDCG@10, MAP@100 and Recall@100 beside the published BM25 figures, on all queries and
# on two halves of them (A: where parameters were chosen; B: where they were confirmed).
#
#   bench/ir/run.sh                       (after building dossier-indexer and dossier-searchd)
#
# Environment: BUILD (build dir, default build-ir), WORK (scratch, default $TMPDIR/dossier-ir),
# CONFIG (a dossier.toml to try; the defaults otherwise), OP (batch operator, default or),
# COLLECTIONS ("scifact nfcorpus"), EVAL (shared/eval/ir-dev), TAG (name of the run). An
# index is reused while the [indexer] section of CONFIG (or config/dossier.toml) is unchanged.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-ir}
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-ir}
EVAL=${EVAL:-/work/shared/eval/ir-dev}
OP=${OP:-or}
COLLECTIONS=${COLLECTIONS:-scifact nfcorpus}
CONFIG=${CONFIG:-}
export DOSSIER_DATA_DIR=${DOSSIER_DATA_DIR:-$ROOT/data}  # gazetteers for entity extraction
mkdir -p "$WORK"

# An index is kept per [indexer] section (config/dossier.toml's lists the defaults).
indexer_section() { awk '/^\[/ { s = ($0 ~ /^\[indexer/) } s' "$1"; }
config_args=()
section=
if [ -n "$CONFIG" ]; then
  config_args=(--config "$CONFIG")
  section=$(indexer_section "$CONFIG")
fi
[ -n "$section" ] || section=$(indexer_section "$ROOT/config/dossier.toml")
index_key=$(printf '%s' "$section" | md5sum | cut -c1-12)

published() {
  case "$1" in
    scifact) echo "0.665 (BEIR, Elasticsearch) / 0.679 (Anserini)" ;;
    nfcorpus) echo "0.325 (BEIR, Elasticsearch) / 0.325 (Anserini)" ;;
  esac
}

metric() { awk -v m="$1" '$1 == m { print $2 }' "$2"; }
tag=${TAG:-${CONFIG:+$(basename "$CONFIG" .toml)}}
tag=${tag:-defaults}
out="$WORK/runs/$tag"
mkdir -p "$out"

printf "%-9s %-14s %7s %7s %7s %7s  %8s %8s  %s\n" collection run nDCG@10 BEIR-av "A" "B" MAP@100 R@100 "published BM25 nDCG@10"
for c in $COLLECTIONS; do
  data="$WORK/$c-$index_key"
  if [ ! -d "$data/index" ]; then
    rm -rf "$data"
    "$BUILD/bin/dossier-indexer" import --data "$data" --jsonl "$EVAL/$c/corpus.jsonl" \
      "${config_args[@]}" --log-level warn >&2
  fi
  [ -s "$WORK/$c.qrels.A.tsv" ] || python3 "$ROOT/bench/ir/split_qrels.py" "$EVAL/$c/qrels.tsv" "$WORK/$c.qrels"
  run="$out/$c.run"
  "$BUILD/bin/dossier-searchd" batch --data "$data" --queries "$EVAL/$c/queries.jsonl" --format trec \
    --k 1000 --op "$OP" "${config_args[@]}" --log-level error --output "$run"
  python3 "$EVAL/evaluate.py" "$run" "$EVAL/$c/qrels.tsv" > "$out/$c.all.txt"
  python3 "$EVAL/evaluate.py" --beir-average "$run" "$EVAL/$c/qrels.tsv" > "$out/$c.beir.txt"
  python3 "$EVAL/evaluate.py" "$run" "$WORK/$c.qrels.A.tsv" > "$out/$c.A.txt"
  python3 "$EVAL/evaluate.py" "$run" "$WORK/$c.qrels.B.tsv" > "$out/$c.B.txt"
  printf "%-9s %-14s %7.4f %7.4f %7.4f %7.4f  %8.4f %8.4f  %s\n" "$c" "$tag" \
    "$(metric nDCG@10 "$out/$c.all.txt")" "$(metric nDCG@10 "$out/$c.beir.txt")" \
    "$(metric nDCG@10 "$out/$c.A.txt")" "$(metric nDCG@10 "$out/$c.B.txt")" \
    "$(metric MAP@100 "$out/$c.all.txt")" "$(metric Recall@100 "$out/$c.all.txt")" "$(published "$c")"
done
