#!/usr/bin/env bash
# Quick start command 2: installs what is missing, builds, and runs the whole test suite
# through ctest. CI (.ci/run) runs exactly this. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
ctest --preset release -j "$(nproc)" --timeout 600 "$@"
