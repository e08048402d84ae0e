#!/usr/bin/env bash
# bench/searchd/run.sh — dossier-searchd over HTTP against raw in-process Xapian, on the same
# index and the same 1,000 queries; then a 64-connection load test that must see no errors.
#
#   bench/searchd/run.sh            (after building dossier-searchd in build-searchd/)
#
# Environment: BUILD (build dir, default build-searchd), WORK (scratch, default
# $TMPDIR/dossier-searchd-bench), CORPUS ({"id","title","text"} JSON Lines, default SciFact's
# 5,183 abstracts), QUERIES (one query a line; default: 1,000 drawn from the index like
# shared/peers/make_queries.py), HTTP_SECONDS (10), LOAD_SECONDS (30), PASSES (5), ROUNDS (15)
# and SLICE (2 s) for the interleaved duel.
# Other jobs share the machine: the headline is the duel (raw Xapian and HTTP in alternating
# slices, median of the per-round ratios, and queries per CPU-second of each side).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-searchd}
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-searchd-bench}
CORPUS=${CORPUS:-/work/shared/eval/ir-dev/scifact/corpus.jsonl}
HTTP_SECONDS=${HTTP_SECONDS:-10}
LOAD_SECONDS=${LOAD_SECONDS:-30}
PASSES=${PASSES:-5}
ROUNDS=${ROUNDS:-15}
SLICE=${SLICE:-2}
LUA=${LUA:-/work/shared/peers/http_qdriver.lua}
mkdir -p "$WORK"

cmake --build "$BUILD" --target dossier-searchd >/dev/null
g++ -O2 -std=c++20 -pthread -I"$ROOT/core/include" -I"$BUILD/generated" -I"$ROOT/searchd" \
  "$ROOT/bench/searchd/searchd_bench.cc" -o "$WORK/searchd_bench" \
  "$BUILD/searchd/libdossier_searcher.a" "$BUILD/core/libdossier_index.a" "$BUILD/core/libdossier_base.a" \
  -ltomlplusplus -lxapian -lcpp-httplib -lspdlog -lfmt
B="$WORK/searchd_bench"

[ -d "$WORK/index" ] || "$B" index "$CORPUS" "$WORK/index"
QUERIES=${QUERIES:-$WORK/queries.txt}
[ -s "$QUERIES" ] || "$B" queries "$WORK/index" "$QUERIES" 1000
echo "# index: $(xapian-delve "$WORK/index" 2>/dev/null | awk '/number of documents/ {print $NF}') documents; queries: $(wc -l < "$QUERIES")"

OUT="$WORK/results.txt"
: > "$OUT"
run() { echo "+ $*" >&2; "$@" | tee -a "$OUT"; }

run "$B" inproc "$WORK/index" "$QUERIES" --threads 2 --passes "$PASSES"
run "$B" searcher "$WORK/index" "$QUERIES" --threads 2 --passes "$PASSES"
run "$B" searcher "$WORK/index" "$QUERIES" --threads 2 --passes "$PASSES" --no-snippets

# The daemon: --data WORK serves WORK/index; the port comes from its first stdout line.
"$BUILD/bin/dossier-searchd" serve --data "$WORK" --listen 127.0.0.1:0 --threads 64 --log-level warn \
  > "$WORK/serve.out" 2> "$WORK/serve.err" &
PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.out")
[ -n "$PORT" ] || { echo "dossier-searchd did not start:"; cat "$WORK/serve.err"; exit 1; }
trap 'kill $PID 2>/dev/null || true' EXIT

# The headline: raw in-process Xapian and HTTP in alternating slices, with and without snippets.
run "$B" duel "$WORK/index" "127.0.0.1:$PORT" "$QUERIES" --threads 2 --rounds "$ROUNDS" --slice "$SLICE" --server-pid "$PID"
"$B" duel "$WORK/index" "127.0.0.1:$PORT" "$QUERIES" --threads 2 --rounds "$ROUNDS" --slice "$SLICE" --server-pid "$PID" \
  --suffix '&size=10&snippets=false' | sed 's/^duel/nosnippets-duel/' | tee -a "$OUT"
run "$B" http "127.0.0.1:$PORT" "$QUERIES" --connections 2 --seconds "$HTTP_SECONDS"
"$B" http "127.0.0.1:$PORT" "$QUERIES" --connections 2 --seconds "$HTTP_SECONDS" --suffix '&size=10&snippets=false' \
  | sed 's/^dossier-http-c2/dossier-http-nosnippets-c2/' | tee -a "$OUT"
echo "+ wrk -c2 (shared/peers/http_qdriver.lua)" >&2
wrk -t2 -c2 -d"${HTTP_SECONDS}s" --latency -s "$LUA" "http://127.0.0.1:$PORT" -- "$QUERIES" '/v1/search?q=' '&size=10' \
  | tee "$WORK/wrk_c2.txt" | grep -E "Requests/sec|DRIVER" | sed 's/^/wrk-c2 /' | tee -a "$OUT"
echo "+ wrk -c64 load test, ${LOAD_SECONDS}s" >&2
wrk -t2 -c64 -d"${LOAD_SECONDS}s" --latency -s "$LUA" "http://127.0.0.1:$PORT" -- "$QUERIES" '/v1/search?q=' '&size=10' \
  | tee "$WORK/wrk_c64.txt" | grep -E "Requests/sec|DRIVER|Socket errors" | sed 's/^/wrk-c64 /' | tee -a "$OUT"

kill -TERM $PID
wait $PID && echo "dossier-searchd stopped cleanly on SIGTERM (exit 0)" || echo "dossier-searchd exit code $?"
trap - EXIT

# Ratios (qps of the HTTP daemon over raw in-process Xapian, both 2-way parallel).
awk '
  /^xapian-inproc/ { for (i = 1; i <= NF; i++) if ($i ~ /^qps=/) { split($i, a, "="); x = a[2] } }
  /^dossier-searcher-t/ { for (i = 1; i <= NF; i++) if ($i ~ /^qps=/) { split($i, a, "="); s = a[2] } }
  /^dossier-searcher-nosnippets/ { for (i = 1; i <= NF; i++) if ($i ~ /^qps=/) { split($i, a, "="); sn = a[2] } }
  /^dossier-http-c2/ { for (i = 1; i <= NF; i++) if ($i ~ /^qps=/) { split($i, a, "="); h = a[2] } }
  /^dossier-http-nosnippets-c2/ { for (i = 1; i <= NF; i++) if ($i ~ /^qps=/) { split($i, a, "="); hn = a[2] } }
  /^wrk-c2 Requests\/sec/ { w = $3 }
  /^duel / { for (i = 1; i <= NF; i++) if ($i ~ /^(ratio|cpu_ratio)_(median|min|max)=/) { split($i, a, "="); d[a[1]] = a[2] } }
  /^nosnippets-duel / { for (i = 1; i <= NF; i++) if ($i ~ /^(ratio|cpu_ratio)_(median|min|max)=/) { split($i, a, "="); dn[a[1]] = a[2] } }
  /^wrk-c64 DRIVER/ { for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx|connect_err|read_err|timeouts)=/) { split($i, a, "="); err += a[2] } }
  END {
    if (d["ratio_median"] != "") {
      printf "# duel (interleaved) http/raw qps: median %s (min %s, max %s); per CPU-second: median %s (min %s, max %s)\n", d["ratio_median"], d["ratio_min"], d["ratio_max"], d["cpu_ratio_median"], d["cpu_ratio_min"], d["cpu_ratio_max"]
      printf "# duel, snippets=false: median %s (min %s, max %s); per CPU-second: median %s (min %s, max %s)\n", dn["ratio_median"], dn["ratio_min"], dn["ratio_max"], dn["cpu_ratio_median"], dn["cpu_ratio_min"], dn["cpu_ratio_max"]
    }
    if (x > 0) {
      printf "# ratio searcher-inproc/xapian-inproc = %.2f\n", s / x
      printf "# ratio searcher-inproc-nosnippets/xapian-inproc = %.2f\n", sn / x
      printf "# ratio http(own client, c2)/xapian-inproc = %.2f\n", h / x
      printf "# ratio http(own client, c2, snippets=false)/xapian-inproc = %.2f\n", hn / x
      if (s > 0) printf "# ratio http(own client, c2)/searcher-inproc = %.2f\n", h / s
      if (w > 0) printf "# ratio http(wrk, c2)/xapian-inproc = %.2f\n", w / x
    }
    printf "# wrk c64 errors (non-2xx + socket) = %d\n", err
  }' "$OUT" | tee -a "$OUT"
