#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (unit and end-to-end) with ctest, then runs it again
# under AddressSanitizer + UBSan with the fuzz targets (scripts/test-sanitized.sh).
# NEXUS_TEST_SANITIZED=0 skips the sanitized pass.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
ctest --test-dir "$root/build" --output-on-failure -j "$(nproc)"
if [ "${NEXUS_TEST_SANITIZED:-1}" != 0 ]; then
    NEXUS_SETUP_DONE=1 "$root/scripts/test-sanitized.sh"
fi
