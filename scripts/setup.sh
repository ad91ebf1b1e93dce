#!/usr/bin/env bash
# Installs the Debian packages Nexus builds and tests with, then configures and builds it into build/.
# Used by demo.sh and test.sh; safe to rerun (installs only what is missing, rebuilds incrementally).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(build-essential cmake pkg-config git ca-certificates curl python3
          libgit2-dev libxapian-dev libmicrohttpd-dev libmd4c-dev libjansson-dev libcmocka-dev
          clang libclang-rt-dev wrk)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE="${NEXUS_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$root/build" -j "$(nproc)"
