#!/usr/bin/env bash
# Installs the Debian 12 packages Dossier needs, and only those that are missing.
# Idempotent: a second run installs nothing and prints nothing but a one-line summary.
# Usage: scripts/setup.sh [--with-bench]   (--with-bench adds the peer programs for bench/)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3 curl
  libxapian-dev xapian-tools libcurl4-openssl-dev libgumbo-dev libspdlog-dev catch2
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libsqlite3-dev zlib1g-dev libpoppler-cpp-dev poppler-utils libicu-dev libboost-url1.81-dev
  libcld2-dev iso-codes clang libclang-rt-14-dev
)
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
