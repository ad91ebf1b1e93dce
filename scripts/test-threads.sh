#!/usr/bin/env bash
# Builds Nexus with ThreadSanitizer into build-tsan/ and runs the tests that drive its threads: concurrent
# searches on sibling handles sharing facet columns (test_shim), the server under wrk load, and the
# indexer's fetch and preparing workers (every indexer run of the reindex and search tests), and its shard
# writer threads and the server's move to a published generation (the rebuild test, two shards). The nightly
# test is left out: its server must answer every request while the indexer commits once a second, and
# under ThreadSanitizer's slowdown a learner ranking outlives the two revisions Xapian keeps readable.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -n "${NEXUS_SETUP_DONE:-}" ] || "$root/scripts/setup.sh"

cmake -S "$root" -B "$root/build-tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS=-fsanitize=thread \
    -DCMAKE_CXX_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$root/build-tsan" -j "$(nproc)" --target test_shim nexus-index nexus-server nx-index-dump

# A race stops the program (exit 66) and the e2e harness fails a test whose binaries printed a report.
export TSAN_OPTIONS="halt_on_error=1:suppressions=$root/tests/tsan.supp"
ctest --test-dir "$root/build-tsan" --output-on-failure \
    -R '^(test_shim|e2e_test_load_e2e|e2e_test_search_e2e|e2e_test_reindex_e2e|e2e_test_rebuild_e2e)$'
