#!/usr/bin/env bash
# bench/searchd/callgrind.sh — instructions per search of dossier-searchd, counted by
# callgrind: the daemon answers the bench's queries once (not counted: the index's blocks
# and the parser warm up), then once more with instrumentation on; the Ir of that pass over
# the number of queries. Deterministic, so it compares two builds on a busy machine.
#
#   bench/searchd/callgrind.sh [DAEMON] [SUFFIX]
#
# DAEMON: a dossier-searchd binary (default $BUILD/bin/dossier-searchd); SUFFIX: appended
# to each request (default &size=10; e.g. '&size=10&snippets=false'). WORK holds the index
# and queries made by run.sh (default as run.sh's); the answers of the counted pass are left
# in WORK/callgrind.answers.txt (took_ms zeroed) for a cmp with another build's.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-searchd}
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-searchd-bench}
DAEMON=${1:-$BUILD/bin/dossier-searchd}
SUFFIX=${2:-&size=10}
QUERIES=${QUERIES:-$WORK/queries.txt}
[ -d "$WORK/index" ] && [ -s "$QUERIES" ] || { echo "run bench/searchd/run.sh first (it makes WORK/index and the queries)"; exit 1; }
OUT="$WORK/callgrind.out"
rm -f "$OUT"* "$WORK/callgrind.serve.out"
valgrind --tool=callgrind --separate-threads=yes --instr-atstart=no --callgrind-out-file="$OUT" \
  "$DAEMON" serve --data "$WORK" --listen 127.0.0.1:0 --threads 64 --log-level warn \
  > "$WORK/callgrind.serve.out" 2> "$WORK/callgrind.serve.err" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q listening "$WORK/callgrind.serve.out" 2>/dev/null && break; sleep 0.2; done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/callgrind.serve.out")
python3 "$ROOT/bench/searchd/answers.py" "$PORT" "$QUERIES" /dev/null "$SUFFIX"
callgrind_control -i on "$PID" > /dev/null
python3 "$ROOT/bench/searchd/answers.py" "$PORT" "$QUERIES" "$WORK/callgrind.answers.txt" "$SUFFIX"
callgrind_control -d "$PID" > /dev/null
kill -TERM $PID
wait $PID || true
trap - EXIT
n=$(wc -l < "$QUERIES")
cat "$OUT".1-* | awk -v n="$n" '/^summary:/ {s += $2} END {printf "instructions per search: %.0f (%d over %d queries)\n", s / n, s, n}'
