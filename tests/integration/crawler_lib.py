"""Helpers for the crawler's end-to-end tests: an independent WARC reader (gzip member by
member, every record's block digest checked), the crawl database, and crawler configs."""
import base64
import glob
import hashlib
import os
import sqlite3
import zlib

import harness as h


class WarcError(Exception):
    pass


class Record:
    def __init__(self, headers, block):
        self.headers = headers
        self.block = block

    @property
    def type(self):
        return self.headers.get("warc-type", "")

    @property
    def uri(self):
        return self.headers.get("warc-target-uri", "")

    def http_status(self):
        """Status of an application/http response or revisit block, or 0."""
        line = self.block.split(b"\r\n", 1)[0]
        parts = line.split(b" ")
        if len(parts) >= 2 and parts[0].startswith(b"HTTP/") and parts[1].isdigit():
            return int(parts[1])
        return 0

    def http_body(self):
        i = self.block.find(b"\r\n\r\n")
        return self.block[i + 4:] if i >= 0 else b""


def read_warc(path):
    """Every record of a .warc.gz written one gzip member per record. Raises WarcError for a
    torn member, a bad record head, a short block or a block digest that does not match."""
    data = open(path, "rb").read()
    records = []
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        try:
            raw = d.decompress(data[pos:])
        except zlib.error as e:
            raise WarcError(f"{path}: bad gzip member at {pos}: {e}")
        if not d.eof:
            raise WarcError(f"{path}: gzip member at {pos} is cut short (torn record)")
        used = len(data) - pos - len(d.unused_data)
        records.append(parse_record(raw, f"{path}@{pos}"))
        pos += used
    return records


def member_spans(path):
    """(offset, length) of each complete gzip member of a file."""
    data = open(path, "rb").read()
    spans, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        d.decompress(data[pos:])
        if not d.eof:
            break
        used = len(data) - pos - len(d.unused_data)
        spans.append((pos, used))
        pos += used
    return spans


def parse_record(raw, where):
    end = raw.find(b"\r\n\r\n")
    if end < 0 or not raw.startswith(b"WARC/1."):
        raise WarcError(f"{where}: no WARC head")
    lines = raw[:end].decode("utf-8").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "-1"))
    block = raw[end + 4:end + 4 + length]
    if length < 0 or len(block) != length or raw[end + 4 + length:] != b"\r\n\r\n":
        raise WarcError(f"{where}: block shorter than Content-Length or no record end")
    digest = headers.get("warc-block-digest", "")
    if digest.startswith("sha1:"):
        want = "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()
        if digest != want:
            raise WarcError(f"{where}: WARC-Block-Digest does not match the block")
    return Record(headers, block)


def warc_files(data_dir):
    return sorted(glob.glob(os.path.join(data_dir, "warc", "*.warc.gz")))


def read_all(data_dir):
    """Records of every WARC file of a data folder, in file order; fails the test when one
    does not read cleanly."""
    out = []
    for f in warc_files(data_dir):
        try:
            out.extend(read_warc(f))
        except WarcError as e:
            h.fail(str(e))
    return out


def rows(data_dir):
    """url → (state, status, reason) from crawl.db."""
    db = sqlite3.connect(os.path.join(data_dir, "crawl.db"))
    try:
        return {u: (s, st, r) for u, s, st, r in db.execute("SELECT url, state, status, reason FROM urls")}
    finally:
        db.close()


def write_config(ws, name, text):
    path = os.path.join(ws.dir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def crawl(ws, config, seed, *extra, data=None, timeout=600):
    args = [ws.bin("dossier-crawler"), "crawl", "--config", config, "--data", data or ws.data, "--no-progress"]
    if seed:
        args += ["--seed", seed]
    import subprocess
    return subprocess.run(args + list(extra), capture_output=True, text=True, timeout=timeout)
