#!/usr/bin/env python3
"""ctest entry for the browser tests: checks that Chromium and playwright-core are installed
(failing with what to run when they are not: a missing browser must not pass silently),
builds the archive the HTML-level UI test uses (tests/integration/ui_test.py), and runs
ui.test.mjs against searchd. Screenshots are written to the workspace and listed."""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness as h  # noqa: E402
import ui_test  # noqa: E402

CHROMIUM = os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium")
PLAYWRIGHT = os.path.join(HERE, "node_modules", "playwright-core", "package.json")


def main():
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} (Debian package chromium: scripts/setup.sh installs it)")
    if not shutil.which("node"):
        missing.append("node (Debian package nodejs: scripts/setup.sh installs it)")
    if not os.path.exists(PLAYWRIGHT):
        missing.append(f"{PLAYWRIGHT} (run: npm ci --prefix tests/browser; scripts/test.sh does)")
    if missing:
        h.fail("the browser tests cannot run; missing:\n  " + "\n  ".join(missing))

    ws, _gold, base = ui_test.build_archive("browser")
    try:
        out = os.environ.get("DOSSIER_SCREENSHOTS") or os.path.join(ws.dir, "screenshots")
        r = subprocess.run(["node", os.path.join(HERE, "ui.test.mjs"), "--base", base, "--out", out],
                           cwd=HERE, timeout=420)
        if r.returncode != 0:
            h.fail(f"browser tests failed (searchd log: {os.path.join(ws.dir, 'searchd.log')})")
    finally:
        ws.close()


if __name__ == "__main__":
    main()
