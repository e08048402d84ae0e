#!/usr/bin/env bash
# Entity extraction's cost per page beside HTML extraction's (speed.cc), on the generated
# sample site and, when present, on the real pages of the extraction benchmark's
# development set (bench/extraction/run.sh unpacks them into bench/extraction/out/pages).
#
# usage: bench/entities/speed.sh [ROUNDS]        BUILD=build-ent  the CMake build dir
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-ent}
ROUNDS=${1:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

[[ -f "$BUILD/build.ninja" || -f "$BUILD/Makefile" ]] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target dossier_extract dossier_entities dossier-sample -j2 >"$OUT/build.log" 2>&1 ||
  { cat "$OUT/build.log"; exit 1; }
g++ -O2 -std=c++20 -I"$ROOT/core/include" -I"$BUILD/generated" "$HERE/speed.cc" -o "$OUT/speed" \
  "$BUILD/core/src/entities/libdossier_entities.a" "$BUILD/core/src/extract/libdossier_extract.a" \
  "$BUILD/core/libdossier_base.a" -lgumbo -licui18n -licuuc -licudata -lcld2 -lspdlog -lfmt

"$BUILD/bin/dossier-sample" generate --out "$OUT/site" --pages 1000 >/dev/null
echo "sample site (1000 pages): $("$OUT/speed" "$ROOT/data" "$OUT/site" "$ROUNDS")"
PAGES=$ROOT/bench/extraction/out/pages
if [[ -d "$PAGES" ]]; then
  echo "extraction dev set (real pages): $("$OUT/speed" "$ROOT/data" "$PAGES" "$ROUNDS")"
fi
