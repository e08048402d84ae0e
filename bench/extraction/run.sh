#!/usr/bin/env bash
# Extraction benchmark: main-text quality (score.py of the development set) and speed on
# one core, for Dossier, a bare Gumbo parse (the floor), readability-lxml and Mozilla
# Readability. See README.md for the figures and how to install the peers.
#
# usage: bench/extraction/run.sh [--no-peers]      (about 25 minutes with the peers, jsdom
#                                                   being slow; 3 minutes without)
#   BUILD=build-extract   the CMake build dir with dossier_extract (built here if needed)
#   EVAL=../shared/eval/extraction-dev   the development set
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-extract}
EVAL=${EVAL:-$ROOT/../shared/eval/extraction-dev}
OUT=$HERE/out
PEERS=1
[[ "${1:-}" == "--no-peers" ]] && PEERS=0

mkdir -p "$OUT/pages"
if [[ ! -f "$OUT/pages/.done" ]]; then
  for f in "$EVAL"/html/*.html.gz; do
    id=$(basename "$f" .html.gz)
    gzip -dc "$f" > "$OUT/pages/$id.html"
  done
  touch "$OUT/pages/.done"
fi

[[ -f "$BUILD/build.ninja" || -f "$BUILD/Makefile" ]] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target dossier_extract >/dev/null
g++ -O2 -std=c++20 "$HERE/gumbo_parse_bench.cc" -o "$OUT/gumbo_parse_bench" -lgumbo
g++ -O2 -std=c++20 -I"$ROOT/core/include" -I"$BUILD/generated" "$HERE/extract_bench.cc" -o "$OUT/extract_bench" \
  "$BUILD/core/src/extract/libdossier_extract.a" "$BUILD/core/libdossier_base.a" \
  -lgumbo -licui18n -licuuc -licudata -lcld2

# score DIR -> "F1_articles P R F1_all"
score() {
  python3 "$EVAL/score.py" --pred "$1" | awk '$1=="article"{a=$5; p=$3; r=$4} $1=="all"{f=$5} END{print a, p, r, f}'
}
rows=()
row() {  # name, speed line, prediction dir or ""
  local name=$1 speed=$2 pred=$3 q="- - - -"
  [[ -n "$pred" ]] && q=$(score "$pred")
  rows+=("$name $q $(awk '{print $6, $8}' <<<"$speed")")
}

gumbo=$("$OUT/gumbo_parse_bench" "$OUT/pages" 3)
row "gumbo-parse-only" "$gumbo" ""
mkdir -p "$OUT/dossier"
dossier=$("$OUT/extract_bench" "$OUT/pages" "$OUT/dossier" 3)
row "dossier" "$dossier" "$OUT/dossier"

if (( PEERS )); then
  if /usr/bin/python3 -c 'import readability' 2>/dev/null; then
    mkdir -p "$OUT/readability-lxml"
    r=$(/usr/bin/python3 "$HERE/readability_lxml_bench.py" "$OUT/pages" "$OUT/readability-lxml")
    row "readability-lxml" "$r" "$OUT/readability-lxml"
  else
    echo "skip readability-lxml: apt-get install -y python3-readability" >&2
  fi
  if [[ -d "$HERE/node_modules/@mozilla/readability" ]]; then
    mkdir -p "$OUT/mozilla-readability"
    if r=$(cd "$HERE" && node --expose-gc --max-old-space-size=6144 readability_js_bench.js "$OUT/pages" "$OUT/mozilla-readability"); then
      row "mozilla-readability" "$r" "$OUT/mozilla-readability"
    else
      echo "Mozilla Readability failed" >&2
    fi
  else
    echo "skip Mozilla Readability: (cd bench/extraction && npm install)" >&2
  fi
fi

floor=$(awk '{print $6}' <<<"$gumbo")
printf '%-22s %8s %7s %7s %8s %10s %8s %12s\n' extractor F1-art P-art R-art F1-all pages/s MB/s x-gumbo-time
for r in "${rows[@]}"; do
  read -r name f p rr fa ps mbs <<<"$r"
  printf '%-22s %8s %7s %7s %8s %10s %8s %12s\n' "$name" "$f" "$p" "$rr" "$fa" "$ps" "$mbs" \
    "$(awk -v a="$floor" -v b="$ps" 'BEGIN{printf "%.2f", a/b}')"
done
