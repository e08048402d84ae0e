#!/usr/bin/env bash
# Installs what is missing and builds a preset (default: release) into its build folder;
# with target names after the preset, only those (and what they need).
# Usage: scripts/build.sh [release|debug|asan|fuzz] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
scripts/setup.sh
cmake --preset "$preset" >/dev/null
if [[ $# -gt 0 ]]; then
  cmake --build --preset "$preset" -j "$(nproc)" --target "$@"
else
  cmake --build --preset "$preset" -j "$(nproc)"
fi
