#!/usr/bin/env bash
# bench/crawler/run.sh — pages/s and peak RSS of dossier-crawler beside wget2 -t4, wget -r and
# httrack -c4, on the same loopback nginx serving the same generated sample site, politeness
# off, rounds interleaved with the order rotated. Prints one line per run and a summary with
# medians and ratios. See README.md here for the figures and the peers corpus variant.
#
# Env:
#   PAGES    sample-site size (100000)          ROUNDS  rounds (3)
#   BIN      folder with dossier-crawler and dossier-sample (build-crawl/bin)
#   WORK     scratch folder for the site and nginx (/tmp/dossier-crawl-bench)
#   OUT      where crawls write (/dev/shm/dossier-crawl-bench: RAM, emptied after each run)
#   PEERS    contenders ("ours wget2-t4 wget wget-warc"; also httrack-c4; wget-warc is wget -r also
#            writing a WARC (gzip, SHA-1 digests: its defaults) as ours does; also ours-l1..ours-l9: our WARC at
#            that gzip level; base, base-l1..base-l9: the same with BASE_BIN/dossier-crawler,
#            an earlier build to compare with)
#   BASE_BIN folder with the earlier dossier-crawler for base*
#   PORT     nginx port (8097)
#   OURS_EXTRA  extra TOML lines for our crawler's [crawler] section
#   URL      crawl this URL instead of the sample site (e.g. the peers corpus on :8089);
#            then PAGES and the generation step are skipped and ALOG must name its access log
#   WARM_DIR with URL: that server's root, read once before the first run (the sample site
#            always is), so no program pays for cold disk reads in round 0
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PAGES=${PAGES:-100000}
ROUNDS=${ROUNDS:-3}
BIN=${BIN:-$ROOT/build-crawl/bin}
WORK=${WORK:-/tmp/dossier-crawl-bench}
OUT=${OUT:-/dev/shm/dossier-crawl-bench}
PEERS=${PEERS:-"ours wget2-t4 wget wget-warc"}
PORT=${PORT:-8097}
OURS_EXTRA=${OURS_EXTRA:-}
mkdir -p "$WORK" "$OUT"

need() { for c in "$@"; do command -v "$c" >/dev/null || { echo "missing $c: apt-get install wget2 httrack nginx-light time" >&2; exit 2; }; done; }
need nginx wget /usr/bin/time
for p in $PEERS; do case $p in wget2*) need wget2;; httrack*) need httrack;; esac; done

if [[ -z "${URL:-}" ]]; then
  SITE=$WORK/site-$PAGES
  URL=http://127.0.0.1:$PORT/
  if [[ ! -f $SITE/_fixture/site.json ]]; then
    echo "# generating $PAGES pages into $SITE" >&2
    "$BIN/dossier-sample" generate --out "$SITE" --pages "$PAGES" --base-url "http://127.0.0.1:$PORT" >&2
  fi
  NG=$WORK/nginx-$PORT
  mkdir -p "$NG"
  ALOG=$NG/access.log
  cat > "$NG/nginx.conf" <<EOF
worker_processes 1;
pid $NG/nginx.pid;
error_log $NG/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log $ALOG;
  sendfile on; tcp_nodelay on; keepalive_requests 100000;
  server {
    listen 127.0.0.1:$PORT;
    root $SITE;
    location /_fixture/ { return 404; }
  }
}
EOF
  [[ -f $NG/nginx.pid ]] && kill "$(cat "$NG/nginx.pid")" 2>/dev/null && sleep 0.5 || true
  nginx -c "$NG/nginx.conf" -p "$NG"
  trap 'kill "$(cat "$NG/nginx.pid")" 2>/dev/null || true' EXIT
  sleep 0.5
  # Every file read once before the first run: otherwise whichever program runs first in
  # round 0 waits for nginx's disk reads (with ROUNDS=1 the same program every time).
  find "$SITE" -type f -print0 | xargs -0 cat > /dev/null
fi
: "${ALOG:?set ALOG to the access log of the server at URL}"
# With URL=..., WARM_DIR=the server's root does the same for a server started elsewhere.
[[ -n ${WARM_DIR:-} ]] && find "$WARM_DIR" -type f -print0 | xargs -0 cat > /dev/null

# distinct HTML paths answered 200 since byte offset $1 of the access log (the peers' measure)
count_pages() {
  tail -c +"$(($1 + 1))" "$ALOG" | awk '
    { p=$7; sub(/[?#].*/, "", p)
      if ($9 == 200 && $6 == "\"GET" && (p ~ /\.html?$/ || p ~ /\/$/)) u[p]=1 }
    END { print length(u) }'
}

cmd_for() {  # name out
  local name=$1 out=$2
  case $name in
    ours|ours-l[1-9]|base|base-l[1-9])  # *-lN: WARC gzip level N instead of the default 6
      local level="" bin=$BIN
      [[ $name == *-l* ]] && level="warc_compression_level = ${name#*-l}"
      [[ $name == base* ]] && bin=${BASE_BIN:?set BASE_BIN for $name}
      printf '[crawler]\ndelay_ms = 0\nconnections_per_host = 4\nconcurrency = 4\nmax_depth = 1000\n%s\n%b\n[log]\nlevel = "error"\n' \
        "$level" "$OURS_EXTRA" > "$out.toml"
      CMD=("$bin/dossier-crawler" crawl --config "$out.toml" --data "$out" --seed "$URL" --no-progress) ;;
    wget2-t*) CMD=(wget2 -r -l 0 -nH --no-robots -A html,htm --max-threads="${name#wget2-t}" --progress=none -q
                   --tries=1 -P "$out" "$URL") ;;
    wget) CMD=(wget -r -l inf -nH -e robots=off -A html,htm --tries=1 -q -P "$out" "$URL") ;;
    # The same, writing every exchange to a WARC as ours does (wget's WARC defaults: one gzip
    # member per record at zlib level 9, which wget does not let one change, and SHA-1 block
    # and payload digests); its temporary files and the log record kept out of the way.
    wget-warc) CMD=(wget -r -l inf -nH -e robots=off -A html,htm --tries=1 -q -P "$out" --warc-file="$out/crawl"
                    --warc-tempdir="$out" --no-warc-keep-log "$URL") ;;
    httrack-c*) CMD=(httrack "$URL" -O "$out" -q -%v0 -s0 -r9999 -c"${name#httrack-c}" -%c0 -A0 -%! -C0 -I0 -%i0 -o0
                     -%P0 -N0 -K4 -p1 -X0 -a '-*' "+${URL#http://}*.html" "+${URL#http://}*.htm" "+${URL#http://}*/") ;;
  esac
}

RUNS=$WORK/runs-$(date +%s).tsv
echo -e "round\tname\tpages\tseconds\tpages_per_s\tpeak_rss_mb\tcpu_s\twarc_bytes" | tee "$RUNS"
read -r -a names <<< "$PEERS"
for ((r = 0; r < ROUNDS; r++)); do
  for ((i = 0; i < ${#names[@]}; i++)); do
    name=${names[$(((i + r) % ${#names[@]}))]}
    out=$OUT/$name
    rm -rf "$out" "$out.toml"; mkdir -p "$out"
    cmd_for "$name" "$out"
    off=$(stat -c %s "$ALOG")
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "${CMD[@]}" >/dev/null 2>"$WORK/err-$name" || true
    t1=$(date +%s.%N)
    sleep 0.3
    pages=$(count_pages "$off")
    secs=$(echo "$t1 - $t0" | bc -l)
    read -r rss_kb usr sys < <(tail -1 "$WORK/rss")
    rss=$((rss_kb / 1024))
    warc=$(find "$out" -name '*.warc.gz' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    printf '%d\t%s\t%d\t%.2f\t%.0f\t%d\t%.2f\t%d\n' "$r" "$name" "$pages" "$secs" "$(echo "$pages / $secs" | bc -l)" "$rss" \
      "$(echo "$usr + $sys" | bc -l)" "$warc" | tee -a "$RUNS"
    rm -rf "$out" "$out.toml"
  done
done

echo "# medians over $ROUNDS rounds ($RUNS)"
awk -F'\t' 'NR > 1 { k[$2] = k[$2] " " $5; m[$2] = ($6 > m[$2] ? $6 : m[$2]); p[$2] = $3
              c[$2] = c[$2] " " ($3 > 0 ? 1000 * $7 / $3 : 0); w[$2] = $8 }
  function median(s,   a, n, i, j, t) { n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((n + 1) / 2)] }
  END { for (n in k) { med[n] = median(k[n]); printf "%-12s pages %7d  %8.0f pages/s  peak RSS %5d MB  CPU %.3f ms/page  WARC %d bytes\n", n, p[n], med[n], m[n], median(c[n]), w[n] }
        for (o in med) if (o ~ /^ours/) for (n in med) if (n !~ /^ours/ && med[n] > 0) printf "# ratio %s/%s = %.2f\n", o, n, med[o] / med[n] }' "$RUNS"
