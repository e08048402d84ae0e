#!/usr/bin/env bash
# Installs the Debian 12 packages Dossier needs, and only those that are missing.
# Idempotent: a second run installs nothing and prints nothing but a one-line summary.
# Usage: scripts/setup.sh [--with-bench]   (--with-bench adds the peer programs for bench/)
# Chromium, its driver and Node.js are always installed: the web UI's browser tests run in ctest.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3 curl
  libxapian-dev xapian-tools libcurl4-openssl-dev libgumbo-dev libspdlog-dev catch2
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libsqlite3-dev zlib1g-dev libdeflate-dev libpoppler-cpp-dev poppler-utils libicu-dev libboost-url1.81-dev
  libcld2-dev iso-codes clang libclang-rt-14-dev
  chromium chromium-driver
)
# Node.js and npm for tests/browser (Playwright): Debian's, unless the machine has its own
# (a Node.js that bundles npm conflicts with Debian's npm package).
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [[ "${1:-}" == "--with-bench" ]]; then
  packages+=(wget2 wget httrack xapian-omega wrk python3-readability nginx)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
