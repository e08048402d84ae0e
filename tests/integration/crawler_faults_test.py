#!/usr/bin/env python3
"""Bad input the crawler must survive, from the fixture server's faults and from the network:
slow drip, connections closed mid-body, binary served as text/html, a huge page, a gzip bomb,
an unwanted content type, redirect loops, binary and huge robots.txt, a DNS failure, a closed
port and a TLS certificate that does not verify. Each ends in a recorded outcome in crawl.db
and a log line naming it; the crawl ends by itself and exits 0."""
import http.server
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402
import crawler_lib as cl  # noqa: E402

FAULTS = """\
/t/drip/     huge=1M drip=64/500
/t/close/    huge=1M close_after=1000
/t/binary/   binary=64K
/t/huge/     huge=200M
/t/bomb/     gzip_bomb=256M
/t/zip/      huge=50M drip=65536/100 content_type=application/zip
/t/latin1/   status=200 content_type=text/html;+charset=iso-8859-1
/t/loop/     redirect_loop
/t/a/        redirect=/t/b/ status=301
/t/b/        redirect=/t/a/ status=301
"""


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    return port


class TlsHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body><p>over TLS</p></body></html>" if self.path == "/" else b"no"
        self.send_response(200 if self.path == "/" else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def tls_server(ws):
    """An HTTPS server on loopback with a self-signed certificate."""
    key, cert = os.path.join(ws.dir, "key.pem"), os.path.join(ws.dir, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TlsHandler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


ws = h.Workspace("crawler-faults")
tls = None
try:
    ws.generate(pages=60)
    faults = cl.write_config(ws, "faults.txt", FAULTS)
    site = ws.serve_site(faults=faults)
    binary_robots = ws.serve_site(faults=cl.write_config(ws, "robots-bin.txt", "/robots.txt binary=64K\n"))
    huge_robots = ws.serve_site(faults=cl.write_config(ws, "robots-huge.txt", "/robots.txt huge=5M\n"))
    tls = tls_server(ws)
    tls_url = f"https://127.0.0.1:{tls.server_address[1]}/"
    dead_url = f"http://127.0.0.1:{closed_port()}/"
    config = cl.write_config(ws, "faults.toml", "[crawler]\ndelay_ms = 0\nconnections_per_host = 2\nconcurrency = 16\nmax_depth = 1\n"
                             "timeout_s = 30\nconnect_timeout_s = 5\nlow_speed_time_s = 5\nlow_speed_bytes_per_s = 1000\n"
                             "max_body_bytes = 1048576\nmax_decompressed_bytes = 10485760\nmax_redirects = 5\n"
                             "[log]\nlevel = \"info\"\n")
    seeds = [site.url + p for p in ["/", "/t/drip/", "/t/close/", "/t/binary/", "/t/huge/", "/t/bomb/", "/t/zip/",
                                    "/t/latin1/", "/t/loop/", "/t/a/"]]
    seeds += [binary_robots.url + "/", huge_robots.url + "/", "http://nonexistent.invalid/", dead_url, tls_url]
    extra = []
    for s in seeds[1:]:
        extra += ["--seed", s]
    t0 = time.time()
    r = cl.crawl(ws, config, seeds[0], *extra, timeout=300)
    took = time.time() - t0
    h.check(r.returncode == 0, f"the crawl exited {r.returncode}: {r.stderr[-3000:]}")
    h.check(took < 60, f"the crawl took {took:.0f} s: something stalled it")
    log = r.stderr
    with open(os.path.join(ws.dir, "crawl.log"), "w") as f:
        f.write(log)
    rows = cl.rows(ws.data)

    def expect(url, state, reason_has, log_has=None):
        h.check(url in rows, f"{url} not recorded at all")
        st, status, reason = rows[url]
        h.check(st == state, f"{url}: state {st} ({status}, {reason!r}), expected {state}")
        h.check(reason_has.lower() in reason.lower(), f"{url}: reason {reason!r} does not say {reason_has!r}")
        needle = log_has or url
        h.check(needle in log, f"no log line for {url} ({needle!r}):\n{log[-3000:]}")

    expect(site.url + "/t/drip/", "failed", "timeout")
    expect(site.url + "/t/close/", "failed", "reset")
    expect(site.url + "/t/bomb/", "failed", "compression bomb")
    expect(site.url + "/t/zip/", "skipped", "content type application/zip not kept")
    expect(site.url + "/t/loop/?loop=1", "redirect", "loop")
    expect(site.url + "/t/b/", "redirect", "loop")
    expect("http://nonexistent.invalid/", "failed", "dns", "http://nonexistent.invalid")
    expect(dead_url, "failed", "connect", dead_url.rstrip("/"))
    expect(tls_url, "failed", "tls", tls_url.rstrip("/"))
    # Pages that are odd but readable are kept.
    for path in ["/t/binary/", "/t/latin1/", "/t/huge/"]:
        st, status, reason = rows[site.url + path]
        h.check(st == "done" and status == 200, f"{path}: {st} {status} {reason}")
    # robots.txt that is binary or huge: a log line, and the site is crawled anyway.
    h.check("holds binary bytes" in log, "no log line about the binary robots.txt")
    h.check("is larger than" in log, "no log line about the huge robots.txt")
    for srv in (binary_robots, huge_robots):
        st, status, _ = rows[srv.url + "/"]
        h.check(st == "done" and status == 200, f"{srv.url}/ with an odd robots.txt: {st} {status}")

    records = cl.read_all(ws.data)
    huge = [rec for rec in records if rec.uri == site.url + "/t/huge/" and rec.type == "response"]
    h.check(len(huge) == 1 and huge[0].headers.get("warc-truncated") == "length",
            "the huge page's response record is not marked WARC-Truncated: length")
    h.check(1_000_000 <= len(huge[0].http_body()) <= 1_048_576,
            f"the huge page's stored body is {len(huge[0].http_body())} bytes, not cut at max_body_bytes")
    h.check(not [rec for rec in records if rec.uri == site.url + "/t/zip/" and rec.type == "response"],
            "the unwanted application/zip body was stored")

    # With verification off (an operator's choice), the same TLS site is fetched.
    config2 = cl.write_config(ws, "notls.toml", "[crawler]\ndelay_ms = 0\nverify_tls = false\n")
    r = cl.crawl(ws, config2, tls_url, data=os.path.join(ws.dir, "data-notls"))
    h.check(r.returncode == 0, f"crawl without TLS verification exited {r.returncode}: {r.stderr[-2000:]}")
    st, status, _ = cl.rows(os.path.join(ws.dir, "data-notls"))[tls_url]
    h.check(st == "done" and status == 200, f"with verify_tls = false the TLS page is {st} {status}")
    print(f"crawler-faults: every fault recorded, crawl took {took:.1f} s")
finally:
    if tls:
        tls.shutdown()
    ws.close()
