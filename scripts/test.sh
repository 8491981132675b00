#!/usr/bin/env bash
# Command 2: set up, build, and run every test: the normal build, then the whole suite again
# under AddressSanitizer + UndefinedBehaviorSanitizer, then the format check.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${HEDGEBOT_JOBS:-$(nproc 2>/dev/null || echo 2)}"

scripts/setup.sh --test build
ctest --test-dir build --output-on-failure -j "$jobs"

scripts/setup.sh build-asan -DHEDGEBOT_SANITIZE=ON -DHEDGEBOT_BENCHMARK=OFF -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

scripts/check-format.sh
