#!/usr/bin/env bash
# The search quality suite, one command: builds nexus-index and nexus-server (build/) and the SQLite FTS5 peer's
# builder (build/bench, as bench/run.sh does), then runs tests/quality/quality.py with the arguments given.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The FTS5 peer links SQLite (bench/CMakeLists.txt); scripts/setup.sh does not install it.
if ! dpkg-query -W -f='${Status}' libsqlite3-dev 2>/dev/null | grep -q 'install ok installed'; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libsqlite3-dev >/dev/null
fi
[ -f "$root/build/CMakeCache.txt" ] || "$root/scripts/setup.sh"
cmake --build "$root/build" -j "$(nproc)" --target nexus-index nexus-server >/dev/null
[ -f "$root/build/bench/CMakeCache.txt" ] ||
    cmake -S "$root/bench" -B "$root/build/bench" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build/bench" -j "$(nproc)" --target nx-bench-fts5-build >/dev/null

exec python3 "$root/tests/quality/quality.py" "$@"
