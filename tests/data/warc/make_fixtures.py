#!/usr/bin/env python3
"""Writes the hand-made WARC fixtures of tests/unit/warc (run from this folder).

sloppy.warc       uncompressed; what careless writers produce: WARC/1.0 and 1.1 mixed,
                  bare-LF header lines, lower-case and folded header names, a missing
                  record separator, stray blank lines; a response whose body is chunked
                  and gzip-encoded.
whole-gzip.warc.gz  three records compressed as ONE gzip stream (some tools do this).
wget-plain.warc, wget-gz.warc.gz were written by GNU Wget 1.21.3 against
`python3 -m http.server` on 127.0.0.1 (not by this script).
"""
import gzip
import io

BODY = b"<html><body><h1>Case 17</h1><p>Detained in 2021.</p></body></html>"


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def chunked(data, size):
    out = b""
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out += b"%x;ext=1\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\nX-Trailer: t\r\n\r\n"


def record(version, headers, block, nl=b"\r\n", sep=b"\r\n\r\n"):
    head = version + nl
    for name, value in headers:
        head += name + b": " + value + nl
    head += b"Content-Length: %d" % len(block) + nl + nl
    return head + block + sep


gz_body = gz(BODY)
http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n"
        b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(gz_body, 7))

sloppy = b"\r\n\r\n"  # stray blank lines first
sloppy += record(b"WARC/1.0", [(b"WARC-Type", b"warcinfo"),
                               (b"WARC-Record-ID", b"<urn:uuid:00000000-0000-4000-8000-000000000001>"),
                               (b"Content-Type", b"application/warc-fields")],
                 b"software: handmade\r\n")
# bare LF header lines, lower-case names, a folded value, only "\n\n" after the block
sloppy += record(b"WARC/1.0", [(b"warc-type", b"response"),
                               (b"warc-target-uri", b"http://example.org/case/17"),
                               (b"WARC-Record-ID", b"<urn:uuid:00000000-0000-4000-8000-000000000002>"),
                               (b"X-Folded", b"first\n  second"),
                               (b"content-type", b"application/http; msgtype=response")],
                 http, nl=b"\n", sep=b"\n\n")
sloppy += record(b"WARC/1.1", [(b"WARC-Type", b"resource"),
                               (b"WARC-Target-URI", b"file:///notes.txt"),
                               (b"WARC-Record-ID", b"<urn:uuid:00000000-0000-4000-8000-000000000003>"),
                               (b"Content-Type", b"text/plain")],
                 b"plain notes\n")
with open("sloppy.warc", "wb") as f:
    f.write(sloppy)

whole = b""
for i in range(3):
    whole += record(b"WARC/1.1", [(b"WARC-Type", b"resource"),
                                  (b"WARC-Target-URI", b"http://example.org/%d" % i),
                                  (b"Content-Type", b"text/plain")],
                    b"document %d\n" % i)
with open("whole-gzip.warc.gz", "wb") as f:
    f.write(gz(whole))
