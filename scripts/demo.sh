#!/usr/bin/env bash
# Quick start command 1: installs what is missing, builds, generates the bundled sample
# archive, serves it on 127.0.0.1, crawls it, indexes it, and leaves dossier-searchd
# answering on http://127.0.0.1:8080 (Ctrl-C stops it). Everything stays under ./demo-data.
# Usage: scripts/demo.sh [--pages N] [--port P]
set -euo pipefail
cd "$(dirname "$0")/.."
pages=1000
port=8080
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pages) pages="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "usage: scripts/demo.sh [--pages N] [--port P]" >&2; exit 2 ;;
  esac
done
scripts/build.sh release dossier-crawler dossier-indexer dossier-searchd dossier-sample dossier-pdf-worker
bin="$PWD/build/bin"
demo="$PWD/demo-data"
rm -rf "$demo"
mkdir -p "$demo"

echo "== generating the sample archive ($pages pages)"
"$bin/dossier-sample" generate --out "$demo/site" --pages "$pages"

echo "== serving it on loopback"
"$bin/dossier-sample" serve --root "$demo/site" --listen 127.0.0.1:0 >"$demo/fixture.out" 2>"$demo/fixture.log" &
fixture_pid=$!
trap 'kill $fixture_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$demo/fixture.out" 2>/dev/null && break
  sleep 0.1
done
site_url=$(sed -n 's/^listening on //p' "$demo/fixture.out")
[[ -n "$site_url" ]] || { echo "the fixture server did not start: $(cat "$demo/fixture.log")" >&2; exit 1; }

# Politeness off for the local demo server (the default config waits 1 s between requests).
cat >"$demo/demo.toml" <<TOML
[crawler]
delay_ms = 0
connections_per_host = 4
TOML

echo "== crawling $site_url"
"$bin/dossier-crawler" crawl --config "$demo/demo.toml" --data "$demo/data" --seed "$site_url/" --no-progress
echo "== indexing"
"$bin/dossier-indexer" index --config "$demo/demo.toml" --data "$demo/data"
kill $fixture_pid 2>/dev/null || true
trap - EXIT

echo
echo "== dossier-searchd is answering on http://127.0.0.1:$port  (Ctrl-C to stop)"
echo "   open  http://127.0.0.1:$port/"
echo "   try   curl 'http://127.0.0.1:$port/v1/search?q=red+notice&facets=type,country'"
exec "$bin/dossier-searchd" serve --data "$demo/data" --listen "127.0.0.1:$port"
