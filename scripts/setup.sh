#!/usr/bin/env bash
# Installs the Debian packages Nexus builds and tests with (plus nodejs/npm when node is missing, and the
# end-to-end tests' npm packages), then configures and builds it into build/.
# Used by demo.sh and test.sh; safe to rerun (installs only what is missing, rebuilds incrementally).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(build-essential cmake pkg-config git ca-certificates curl python3
          libgit2-dev libxapian-dev xapian-tools libmicrohttpd-dev libmd4c-dev libjansson-dev libcmocka-dev
          clang libclang-rt-dev wrk)
# The browser tests drive Debian's headless Chromium; the fonts make their screenshots show what people see.
packages+=(chromium fonts-dejavu-core fonts-noto-color-emoji)
# Man pages are made from --help by help2man; the package test builds a .deb (dpkg-shlibdeps from dpkg-dev, which
# reads binaries with file), installs it (adduser in its postinst), looks its pages up with man-db and checks its
# units with systemd-analyze (package systemd, already there on any Debian 12 that boots with it).
packages+=(help2man dpkg-dev file adduser man-db systemd)

# The OpenAPI checks of the end-to-end tests run on node; a node from elsewhere is fine.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

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

# The end-to-end tests' npm packages, exactly as package-lock.json pins them; skipped when that lock
# is already installed. The demo does not need them, so a failure here is a warning.
e2e="$root/tests/e2e"
if ! cmp -s "$e2e/package-lock.json" "$e2e/node_modules/.installed-lock.json" 2>/dev/null; then
    if (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
        cp "$e2e/package-lock.json" "$e2e/node_modules/.installed-lock.json"
    else
        echo "setup: warning: npm ci in tests/e2e failed; the OpenAPI end-to-end test needs it" >&2
    fi
fi

# The browser tests' playwright-core (it drives /usr/bin/chromium; it downloads no browser of its own).
browser="$root/tests/browser"
if ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.installed-lock.json" 2>/dev/null; then
    if (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
        cp "$browser/package-lock.json" "$browser/node_modules/.installed-lock.json"
    else
        echo "setup: warning: npm ci in tests/browser failed; the browser test needs it" >&2
    fi
fi

cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE="${NEXUS_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$root/build" -j "$(nproc)"
