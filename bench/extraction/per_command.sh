#!/usr/bin/env bash
# Extraction speed per command: one process per page, as a user runs
# `dossier-indexer extract FILE` to see why a page is indexed as it is, beside the same for
# a bare Gumbo parse (the floor: process start, read, parse) and the peers' own one-page
# commands. Wall time over every EVERY-th page of the development set, one page at a time.
#
# usage: bench/extraction/per_command.sh BUILD_DIR PAGES_DIR [NATIVE_INDEX_CJS]
#   EVERY=10   take every 10th page (97 pages)
#   PEERS=0    Dossier and the floor only
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$1 PAGES=$2 NATIVE=${3:-}
EVERY=${EVERY:-10}
OUT=$HERE/out
g++ -O2 -std=c++20 "$HERE/gumbo_parse_file.cc" -o "$OUT/gumbo_parse_file" -lgumbo
mapfile -t files < <(ls "$PAGES"/*.html | awk -v n="$EVERY" 'NR % n == 1')

# time_it NAME CMD...: runs CMD FILE for every file; prints "NAME pages/s seconds"
declare -A rate
time_it() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  for f in "${files[@]}"; do "$@" "$f" > /dev/null 2>&1 || true; done
  t1=$(date +%s.%N)
  rate[$name]=$(awk -v n="${#files[@]}" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", n/(b-a)}')
  printf '%-22s %9s pages/s  (%d pages, %.1f s)\n' "$name" "${rate[$name]}" "${#files[@]}" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')"
}
echo "per command (one process per page, wall time):"
time_it gumbo-parse-only "$OUT/gumbo_parse_file"
time_it dossier "$BUILD/bin/dossier-indexer" extract --format text
PEERS=${PEERS:-1}
if (( PEERS )) && /usr/bin/python3 -c 'import readability' 2>/dev/null; then
  time_it readability-lxml /usr/bin/python3 "$HERE/one_page.py"
fi
if (( PEERS )) && [[ -n "$NATIVE" && -f "$NATIVE" ]]; then
  time_it rs-trafilatura node "$HERE/one_page.js" rs-trafilatura "$NATIVE"
fi
if (( PEERS )) && [[ -d "$HERE/node_modules/@mozilla/readability" ]]; then
  time_it mozilla-readability node "$HERE/one_page.js" readability
fi
echo "dossier per command: $(awk -v a="${rate[gumbo-parse-only]}" -v b="${rate[dossier]}" 'BEGIN{printf "%.2f", a/b}')x the time of a bare parse per command"
