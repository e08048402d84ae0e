#!/usr/bin/env bash
# dossier-indexer beside Xapian Omega's omindex on the same HTML files, in interleaved rounds:
#  (a) the 5,353 real pages of Debian's HTML documentation (../shared/peers harness),
#  (b) the generated sample archive as files (default 100,000 pages; PAGES=... to change).
# Prints docs/s, peak RSS and index size for each, and the ratio ours/omindex.
# Usage: bench/indexer/run.sh [real|sample|all]     (REPEATS=3 rounds by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
what="${1:-all}"
shared="${SHARED:-$root/../shared}"   # the shared/ folder beside the checkout
peers="$shared/peers"
export EVAL="${EVAL:-/tmp/dossier-peers}"
export REPEATS="${REPEATS:-3}"
bin="$root/build/bin"
[[ -x "$bin/dossier-indexer" ]] || scripts/build.sh release
command -v omindex >/dev/null || (apt-get update -qq && apt-get install -y -qq xapian-omega >/dev/null)
export DOSSIER_DATA_DIR="$root/data"
ours_docs='$(echo '"$bin"')/dossier-indexer stats --data {db} | awk "/^documents/ {print \$2}"'

if [[ "$what" == real || "$what" == all ]]; then
  echo "== (a) Debian HTML documentation (shared/peers)"
  "$peers/make_corpus.sh" >/dev/null
  OURS_INDEX="$bin/dossier-indexer import --data {db} --files {corpus} --threads {threads} --log-level warn" \
  OURS_DOCS="$bin/dossier-indexer stats --data {db} | awk '/^documents/ {print \$2}'" \
  PEERS="omindex ours" "$peers/index_peers.sh"
fi

if [[ "$what" == sample || "$what" == all ]]; then
  pages="${PAGES:-100000}"
  site="$EVAL/sample-$pages"
  echo "== (b) generated sample archive, $pages pages, as files"
  [[ -d "$site" ]] || "$bin/dossier-sample" generate --out "$site" --pages "$pages" >/dev/null
  rm -rf "$site/_fixture.hidden"; [[ -d "$site/_fixture" ]] && mv "$site/_fixture" "$site/_fixture.hidden"
  out="$EVAL/indexer_sample.tsv"
  printf 'name\tround\tdocs\tseconds\tdocs_per_s\tpeak_rss_mb\tdb_mb\n' >"$out"
  for round in $(seq "$REPEATS"); do
    for name in omindex ours; do
      db="$EVAL/index_work/sample-$name"
      rm -rf "$db"
      start=$(date +%s.%N)
      if [[ $name == omindex ]]; then
        /usr/bin/time -f %M -o "$EVAL/rss" omindex --overwrite --db "$db" --url / "$site" >/dev/null 2>&1 || true
        docs=$(xapian-delve "$db" 2>/dev/null | awk '/number of documents/ {print $NF}')
      else
        /usr/bin/time -f %M -o "$EVAL/rss" "$bin/dossier-indexer" import --data "$db" --files "$site" --log-level warn >/dev/null 2>&1
        docs=$("$bin/dossier-indexer" stats --data "$db" | awk '/^documents/ {print $2}')
      fi
      end=$(date +%s.%N)
      secs=$(echo "$end - $start" | bc -l)
      rss=$(( $(tail -1 "$EVAL/rss") / 1024 ))
      mb=$(du -sm "$db" | cut -f1)
      printf '%s\t%s\t%s\t%.1f\t%.0f\t%s\t%s\n' "$name" "$round" "$docs" "$secs" "$(echo "$docs / $secs" | bc -l)" "$rss" "$mb" >>"$out"
    done
  done
  mv "$site/_fixture.hidden" "$site/_fixture"
  column -t "$out"
  python3 - "$out" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
med = {n: statistics.median(float(r[4]) for r in rows if r[0] == n) for n in ("ours", "omindex")}
print(f"# median docs/s: ours {med['ours']:.0f}, omindex {med['omindex']:.0f}, ratio ours/omindex {med['ours'] / med['omindex']:.2f}")
PY
fi
