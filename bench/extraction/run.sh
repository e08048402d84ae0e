#!/usr/bin/env bash
# Extraction benchmark: main-text quality (score.py of the development set) and speed on
# one core, for Dossier, a bare Gumbo parse (the floor) and three peers run on the same
# pages: rs-trafilatura (npm `contextractor`), readability-lxml (Debian) and Mozilla
# Readability (npm, on jsdom). See README.md for the figures and how to install the peers.
#
# usage: bench/extraction/run.sh [--no-peers]      (over an hour with the peers, jsdom
#                                                   being slow; 3 minutes without)
#   SKIP_JSDOM=1          score Mozilla Readability's outputs of the last full run instead
#                         of running it again (about 5 minutes in all)
#   BUILD=build-extract   the CMake build dir with dossier_extract (built here if needed)
#   EVAL=../shared/eval/extraction-dev   the development set
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-extract}
EVAL=${EVAL:-$ROOT/../shared/eval/extraction-dev}
OUT=$HERE/out
PEERS=1
RS_TRAFILATURA_PKG=${RS_TRAFILATURA_PKG:-0.4.14}   # npm `contextractor` version holding rs-trafilatura
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
cmake --build "$BUILD" --target dossier_extract dossier-extract-dev dossier-indexer >/dev/null
g++ -O2 -std=c++20 "$HERE/gumbo_parse_bench.cc" -o "$OUT/gumbo_parse_bench" -lgumbo
g++ -O2 -std=c++20 -I"$ROOT/core/include" -I"$BUILD/generated" "$HERE/extract_bench.cc" -o "$OUT/extract_bench" \
  "$BUILD/core/src/extract/libdossier_extract.a" "$BUILD/core/libdossier_base.a" \
  -lgumbo -licui18n -licuuc -licudata -lcld2

# score DIR -> "F1_articles P R F1_all F1_odd F1_even word-F1" (quality.py says what each is)
score() {
  python3 "$HERE/quality.py" "$EVAL" "$1"
}
rows=()
row() {  # name, speed line, prediction dir or ""
  local name=$1 speed=$2 pred=$3 q="- - - - - - -"
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
  # rs-trafilatura, the Rust port of trafilatura (first on the WCXB leaderboard): its N-API
  # module ships inside the npm package `contextractor`, unpacked here without the package's
  # crawler and browser dependencies.
  native="$OUT/contextractor/package/dist/native/index.cjs"
  if [[ ! -f "$native" ]]; then
    mkdir -p "$OUT/contextractor"
    (cd "$OUT/contextractor" && npm pack --silent "contextractor@$RS_TRAFILATURA_PKG" >/dev/null &&
      tar xzf contextractor-*.tgz) || echo "skip rs-trafilatura: npm pack contextractor failed" >&2
  fi
  if [[ -f "$native" ]]; then
    mkdir -p "$OUT/rs-trafilatura"
    r=$(node "$HERE/rs_trafilatura_bench.js" "$native" "$OUT/pages" "$OUT/rs-trafilatura")
    echo "$r" > "$OUT/rs-trafilatura.speed"
    row "rs-trafilatura" "$r" "$OUT/rs-trafilatura"
  fi
  if [[ -n "${SKIP_JSDOM:-}" && -d "$OUT/mozilla-readability" ]]; then
    # jsdom takes about an hour: score the outputs of its last full run instead.
    row "mozilla-readability*" "$(cat "$OUT/mozilla-readability.speed" 2>/dev/null || echo -)" "$OUT/mozilla-readability"
  elif [[ -d "$HERE/node_modules/@mozilla/readability" ]]; then
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
printf '%-22s %7s %6s %6s %7s %7s %7s %7s %9s %7s %12s\n' extractor F1-art P-art R-art F1-all F1-odd F1-even wordF1 pages/s MB/s x-gumbo-time
for r in "${rows[@]}"; do
  read -r name f p rr fa fo fe wf ps mbs <<<"$r"
  printf '%-22s %7s %6s %6s %7s %7s %7s %7s %9s %7s %12s\n' "$name" "$f" "$p" "$rr" "$fa" "$fo" "$fe" "$wf" "$ps" "$mbs" \
    "$(awk -v a="$floor" -v b="$ps" 'BEGIN{if (b+0 > 0) printf "%.2f", a/b; else print "-"}')"
done
echo "F1-odd/F1-even: article pages by id parity (rules tuned on odd ids; even ids held out)."
echo "wordF1: per-page F1 of word multisets, the WCXB leaderboard's metric. * = outputs of an earlier run."
echo "Time for the peers is wall time in their own runtimes (node, python), not CPU time of one thread." 

# Metadata (title, author, date) on the article pages, beside rs-trafilatura's.
mkdir -p "$OUT/dossier-json"
ls "$OUT/pages" | sed -n 's/\.html$//p' | xargs -P2 -I{} sh -c \
  '"$0"/bin/dossier-extract-dev --format json "$1/{}.html" > "$2/{}.json" 2>/dev/null || true' "$BUILD" "$OUT/pages" "$OUT/dossier-json"
meta_args=("dossier=$OUT/dossier-json")
if (( PEERS )) && [[ -f "${native:-}" ]]; then
  node "$HERE/rs_trafilatura_metadata.js" "$native" "$OUT/pages" "$OUT/rs-trafilatura-meta"
  meta_args+=("rs-trafilatura=$OUT/rs-trafilatura-meta")
fi
echo
python3 "$HERE/metadata.py" "$EVAL" "${meta_args[@]}"

echo
PEERS=$PEERS "$HERE/per_command.sh" "$BUILD" "$OUT/pages" "${native:-}"
