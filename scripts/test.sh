#!/usr/bin/env bash
# Command 2: set up, build, and run every test. The suite is built once, as a developer build
# (warnings as errors) with AddressSanitizer + UndefinedBehaviorSanitizer, and every GoogleTest
# case runs as a ctest test of its own, so a failure names the case; one sanitized build instead
# of a plain one plus a sanitized one halves the compile time. Then clang-tidy on rules/ and
# exchange/, a user's Release build of hedgebot (no tests, -O3; with warnings as errors here so a
# warning only -O3 shows fails CI, not a user), the benchmarks once (that they run; the figures
# come from scripts/bench-*.sh), the fuzzers for a short budget each, and the format and link
# checks. For a quick unsanitized build while developing: scripts/setup.sh --test build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${HEDGEBOT_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Each stage's wall time, printed at the end (also when a stage fails), so a slow CI run says
# which stage to make faster.
timings=""
stage_start=$SECONDS
stage() {
  timings+="$(printf '  %-28s %5ds' "$1" $((SECONDS - stage_start)))"$'\n'
  stage_start=$SECONDS
}
trap 'printf "stage times (s):\n%s  total %29ds\n" "$timings" "$SECONDS"' EXIT

scripts/setup.sh --test build-asan -DHEDGEBOT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
stage "set-up + sanitized build"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
stage "sanitized suite"

# clang-tidy (.clang-tidy) over the build's compile_commands.json, on the folders CI keeps clean:
# the rules engine and the venue adapters (the rest: scripts/check-tidy.sh by hand).
scripts/check-tidy.sh build-asan rules/ exchange/
stage "clang-tidy"

# The build deploy/Dockerfile and a packager run: Release with the default options (so neither
# GoogleTest nor Google Benchmark is needed), only the libraries and hedgebot; here warnings are
# errors too.
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEDGEBOT_WERROR=ON >/dev/null
cmake --build build-release --target hedgebot -j "$jobs"
build-release/hedgebot --version >/dev/null
stage "release build"

build-asan/bench/bench_rules --benchmark_min_time=0.01 >/dev/null
HEDGEBOT_BENCH_YEARS=1 HEDGEBOT_BENCH_DIR=build-asan/bench-data build-asan/bench/bench_replay \
  >/dev/null
echo "benchmarks: ran"
stage "benchmarks"

FUZZ_SECONDS="${FUZZ_SECONDS:-5}" scripts/fuzz.sh
stage "fuzzers"

scripts/check-format.sh
scripts/check-links.sh
stage "format + links"
