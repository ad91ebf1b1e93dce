#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (unit and end-to-end) with ctest, then runs it again
# under AddressSanitizer + UBSan with the fuzz targets (scripts/test-sanitized.sh), then the tests
# that drive threads under ThreadSanitizer (scripts/test-threads.sh).
# NEXUS_TEST_SANITIZED=0 skips both sanitizer passes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
ctest --test-dir "$root/build" --output-on-failure -j "$(nproc)"
if [ "${NEXUS_TEST_SANITIZED:-1}" != 0 ]; then
    NEXUS_SETUP_DONE=1 "$root/scripts/test-sanitized.sh"
    NEXUS_SETUP_DONE=1 "$root/scripts/test-threads.sh"
fi
