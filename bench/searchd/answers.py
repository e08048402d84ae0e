#!/usr/bin/env python3
"""answers.py PORT QUERIES OUT [SUFFIX]: each query once, in order, over one keep-alive
connection (GET /v1/search?q=QUERY SUFFIX, default &size=10), one answer a line in OUT:
the status line and the JSON body with took_ms set to 0, so that the answers of two daemons
can be compared with cmp. Also the fixed-count client of callgrind.sh."""
import re
import socket
import sys
import urllib.parse

port, queries, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
suffix = sys.argv[4] if len(sys.argv) > 4 else "&size=10"
sock = socket.create_connection(("127.0.0.1", port))
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
pending = b""


def answer():
    global pending
    while b"\r\n\r\n" not in pending:
        pending += sock.recv(65536)
    head, pending = pending.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
    while len(pending) < length:
        pending += sock.recv(65536)
    body, pending = pending[:length], pending[length:]
    return head.split(b"\r\n")[0], body


with open(out, "wb") as f:
    for q in open(queries, encoding="utf-8").read().splitlines():
        path = "/v1/search?q=" + urllib.parse.quote(q, safe="") + suffix
        sock.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path).encode())
        status, body = answer()
        body = re.sub(rb'"took_ms":[0-9.eE+-]+', b'"took_ms":0', body)
        f.write(status + b" " + body.replace(b"\n", b" ") + b"\n")
