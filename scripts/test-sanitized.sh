#!/usr/bin/env bash
# Builds Nexus with AddressSanitizer + UndefinedBehaviorSanitizer and the libFuzzer targets (clang) into
# build-asan/, then runs the whole suite there: unit, end-to-end and each fuzz target for a bounded time.
# NEXUS_FUZZ_SECONDS (default 20) sets how long each fuzz target runs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -n "${NEXUS_SETUP_DONE:-}" ] || "$root/scripts/setup.sh"

CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DNEXUS_SANITIZE=ON -DNEXUS_FUZZ=ON -DNX_FUZZ_SECONDS="${NEXUS_FUZZ_SECONDS:-20}" >/dev/null
cmake --build "$root/build-asan" -j "$(nproc)"

# Stop at the first error of any kind, leaks included; the e2e harness fails a test whose
# nexus-index or nexus-server printed a sanitizer report. (strict_string_checks is left out: it makes
# every intercepted string call in the uninstrumented libraries scan to the end of its string, which
# turns the 100,000-heading fixture into a quadratic crawl.)
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
ctest --test-dir "$root/build-asan" --output-on-failure -j "$(nproc)"
