#!/usr/bin/env bash
# Quick start command 2: installs what is missing, builds, and runs the whole test suite
# through ctest. CI (.ci/run) runs exactly this. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
# The browser tests' playwright-core (no browser download: they use Debian's Chromium),
# installed again only when package-lock.json is newer than the installed tree.
b=tests/browser
if [[ -f $b/package.json && ! ( -f $b/node_modules/playwright-core/package.json &&
      $b/node_modules/.package-lock.json -nt $b/package-lock.json ) ]]; then
  npm ci --prefix "$b" --no-audit --no-fund --loglevel=error >/dev/null
fi
ctest --preset release -j "$(nproc)" --timeout 600 "$@"
# In CI (CI=true) or with DOSSIER_ASAN=1, the unit tests run again under AddressSanitizer and
# UBSan (preset asan). End-to-end tests and corpus replays stay on the release build.
if [[ "${CI:-}" == "true" || "${DOSSIER_ASAN:-}" == "1" ]]; then
  scripts/build.sh asan
  ASAN_OPTIONS=detect_leaks=0 ctest --preset asan -j "$(nproc)" --timeout 900 -E "^(e2e|fuzz-corpus): "
fi
