"""Helpers for Dossier's end-to-end tests: run the real programs as processes against the
fixture server on loopback, each test in its own temporary folder."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

BIN = os.environ.get("DOSSIER_BIN", "")


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


class Proc:
    """A background program that prints a 'listening on URL' line when ready."""

    def __init__(self, args, marker, log_path, env=None):
        self.log = open(log_path, "w")
        self.p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        deadline = time.time() + 30
        self.url = None
        while time.time() < deadline:
            line = self.p.stdout.readline()
            if not line:
                break
            if marker in line:
                self.url = line.strip().split()[-1]
                break
        if not self.url:
            self.stop()
            fail(f"{args[0]} did not start; see {log_path}: " + open(log_path).read()[-2000:])

    def stop(self, sig=signal.SIGTERM):
        if self.p.poll() is None:
            self.p.send_signal(sig)
            try:
                self.p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.log.close()
        return self.p.returncode


class Workspace:
    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f"dossier-{name}-")
        self.data = os.path.join(self.dir, "data")
        self.site = os.path.join(self.dir, "site")
        self.config = os.path.join(self.dir, "test.toml")
        self.write_config()
        self.procs = []

    def write_config(self, crawler="", indexer=""):
        """The test config: politeness off for the loopback server, plus extra lines."""
        with open(self.config, "w") as f:
            f.write("[log]\nlevel = \"warn\"\n"
                    "[crawler]\ndelay_ms = 0\nconnections_per_host = 4\nbackoff_base_ms = 100\n" + crawler +
                    "\n[indexer]\n" + indexer + "\n")

    def bin(self, name):
        return os.path.join(BIN, name)

    def run(self, *args, check_rc=True, timeout=600):
        r = subprocess.run([self.bin(args[0])] + list(args[1:]), capture_output=True, text=True, timeout=timeout)
        if check_rc and r.returncode != 0:
            fail(f"{' '.join(args)} exited {r.returncode}\nstdout: {r.stdout[-3000:]}\nstderr: {r.stderr[-3000:]}")
        return r

    def generate(self, pages=200):
        self.run("dossier-sample", "generate", "--out", self.site, "--pages", str(pages))
        gold = []
        with open(os.path.join(self.site, "_fixture", "gold.jsonl")) as f:
            for line in f:
                if line.strip():
                    gold.append(json.loads(line))
        return gold

    def serve_site(self, faults=None):
        args = [self.bin("dossier-sample"), "serve", "--root", self.site, "--listen", "127.0.0.1:0"]
        if faults:
            args += ["--faults", faults]
        p = Proc(args, "listening on", os.path.join(self.dir, "fixture.log"))
        self.procs.append(p)
        return p

    def crawl(self, seed, *extra, check_rc=True):
        return self.run("dossier-crawler", "crawl", "--config", self.config, "--data", self.data,
                        "--seed", seed, "--no-progress", *extra, check_rc=check_rc)

    def index(self, check_rc=True):
        return self.run("dossier-indexer", "index", "--config", self.config, "--data", self.data, check_rc=check_rc)

    def searchd(self):
        p = Proc([self.bin("dossier-searchd"), "serve", "--data", self.data, "--listen", "127.0.0.1:0"],
                 "listening on", os.path.join(self.dir, "searchd.log"))
        self.procs.append(p)
        return p

    def close(self):
        for p in self.procs:
            p.stop()


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, json.loads(r.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        try:
            return e.code, json.loads(body)
        except ValueError:
            return e.code, body


def search(base, q, **params):
    params["q"] = q
    return get_json(base + "/v1/search?" + urllib.parse.urlencode(params))
