#!/usr/bin/env bash
# bench/scale/run.sh — query latency over 1, 2 and 4 shards, local folders and xapian-tcpsrv
# on loopback, through dossier's Searcher, on the generated archive. Figures in README.md.
#
#   bench/scale/run.sh        (after building dossier-indexer, dossier-sample, dossier-searchd
#                              in build-scale/)
#
# Environment: BUILD (default build-scale), SRC (the sources BUILD was made from, default this
# tree), WORK (scratch, default $TMPDIR/dossier-scale-bench),
# PAGES (archive size, default 100000), THREADS (2), PASSES (3), NQUERIES (1000).
# Other jobs share the machine: compare the rows of one run, not absolute numbers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-scale}
SRC=${SRC:-$ROOT}
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-scale-bench}
PAGES=${PAGES:-100000}
THREADS=${THREADS:-2}
PASSES=${PASSES:-3}
NQUERIES=${NQUERIES:-1000}
mkdir -p "$WORK"
# The gazetteers and synonyms (a build tree's share/dossier holds only the web UI).
export DOSSIER_DATA_DIR=${DOSSIER_DATA_DIR:-$ROOT/data}

g++ -O2 -std=c++20 -pthread -I"$SRC/core/include" -I"$BUILD/generated" -I"$SRC/searchd" \
  "$ROOT/bench/scale/scale_bench.cc" -o "$WORK/scale_bench" \
  "$BUILD/searchd/libdossier_searcher.a" "$BUILD/core/libdossier_index.a" "$BUILD/core/libdossier_base.a" \
  -ltomlplusplus -lxapian -lspdlog -lfmt
B="$WORK/scale_bench"

# The archive as files, indexed once (unsharded); the shards are split from that index by
# the same rule the indexer uses (Fnv1a64(id) % N), which is much faster than indexing 3 times.
[ -d "$WORK/site" ] || "$BUILD/bin/dossier-sample" generate --out "$WORK/site" --pages "$PAGES"
if [ ! -d "$WORK/data1/index" ]; then
  /usr/bin/time -v "$BUILD/bin/dossier-indexer" import --data "$WORK/data1" --files "$WORK/site" 2> "$WORK/import.err"
fi
for n in 2 4; do [ -d "$WORK/shards$n" ] || "$B" split "$WORK/data1/index" "$WORK/shards$n" "$n"; done
[ -s "$WORK/queries.txt" ] || "$B" queries "$WORK/data1/index" "$WORK/queries.txt" "$NQUERIES"
echo "# $(xapian-delve "$WORK/data1/index" | awk '/number of documents/ {print $NF}') documents, $(wc -l < "$WORK/queries.txt") queries, $THREADS threads, $PASSES passes"

# One xapian-tcpsrv per shard on a loopback port.
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
serve() {  # serve PORT DB
  xapian-tcpsrv --port "$1" --interface 127.0.0.1 --quiet "$2" & PIDS+=($!)
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.05; done
}
serve 17100 "$WORK/data1/index"
serve 17200 "$WORK/shards2/shard-000"; serve 17201 "$WORK/shards2/shard-001"
for i in 0 1 2 3; do serve 1740$i "$WORK/shards4/shard-00$i"; done

run() { "$B" run "$@" --threads "$THREADS" --passes "$PASSES"; }
run local-1 "$WORK/queries.txt" "$WORK/data1/index"
run local-2 "$WORK/queries.txt" "$WORK/shards2/shard-000" "$WORK/shards2/shard-001"
run local-4 "$WORK/queries.txt" "$WORK/shards4/shard-00"{0,1,2,3}
run tcp-1 "$WORK/queries.txt" tcp://127.0.0.1:17100
run tcp-2 "$WORK/queries.txt" tcp://127.0.0.1:17200 tcp://127.0.0.1:17201
run tcp-4 "$WORK/queries.txt" tcp://127.0.0.1:1740{0,1,2,3}
