#!/usr/bin/env bash
# Command 2: set up, build, and run every test: the normal build, then the whole suite again
# under AddressSanitizer + UndefinedBehaviorSanitizer, the benchmarks once (that they run; the
# figures come from scripts/bench-*.sh), the fuzzers for a short budget each, and the format
# check.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${HEDGEBOT_JOBS:-$(nproc 2>/dev/null || echo 2)}"

scripts/setup.sh --test build
ctest --test-dir build --output-on-failure -j "$jobs"

scripts/setup.sh build-asan -DHEDGEBOT_SANITIZE=ON -DHEDGEBOT_BENCHMARK=OFF -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

build/bench/bench_rules --benchmark_min_time=0.01 >/dev/null
HEDGEBOT_BENCH_YEARS=1 HEDGEBOT_BENCH_DIR=build/bench-data build/bench/bench_replay >/dev/null
echo "benchmarks: ran"

FUZZ_SECONDS="${FUZZ_SECONDS:-5}" scripts/fuzz.sh

scripts/check-format.sh
