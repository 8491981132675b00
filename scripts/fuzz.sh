#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each one for a fixed budget from
# its committed seed corpus (tests/fuzz/corpus/<target>/). Exits non-zero on the first crash,
# leak or broken property; the input that caused it is saved as build-fuzz/findings/<target>/.
#
#   scripts/fuzz.sh                  every target, FUZZ_SECONDS (default 12) each
#   FUZZ_SECONDS=300 scripts/fuzz.sh fuzz_config    one target, five minutes
#
# New inputs that reach new code are kept in build-fuzz/corpus/<target>/, not in the committed
# corpus; add a crashing input to tests/fuzz/corpus/<target>/ together with its fix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-12}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${HEDGEBOT_JOBS:-$(nproc 2>/dev/null || echo 2)}"
cc="${FUZZ_CC:-clang-14}"
cxx="${FUZZ_CXX:-clang++-14}"

command -v "$cxx" >/dev/null || { echo "fuzz.sh: $cxx not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }
CC="$cc" CXX="$cxx" cmake -S . -B "$build" -G Ninja -DHEDGEBOT_FUZZ=ON -DHEDGEBOT_DEV_MODE=ON \
  -DHEDGEBOT_BENCHMARK=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzzers -j "$jobs"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for corpus in tests/fuzz/corpus/*/; do targets+=("$(basename "$corpus")"); done
fi

failed=()
for target in "${targets[@]}"; do
  seeds="tests/fuzz/corpus/$target"
  work="$build/corpus/$target"
  findings="$build/findings/$target"
  mkdir -p "$work" "$findings"
  dictionary=()
  case "$target" in fuzz_binance_*) dictionary=(-dict=tests/fuzz/binance.dict) ;; esac
  echo "== $target: ${seconds}s from $(find "$seeds" -type f | wc -l) seeds"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 "${dictionary[@]}" -artifact_prefix="$findings/" "$work" "$seeds" \
      >"$build/findings/$target.log" 2>&1; then
    echo "!! $target failed; input saved in $findings/ — last lines of the log:" >&2
    tail -n 30 "$build/findings/$target.log" >&2
    failed+=("$target")
  else
    grep -E '^stat::(number_of_executed_units|new_units_added)' "$build/findings/$target.log" |
      tr '\n' ' ' && echo
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: ${failed[*]} failed" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, ${seconds}s each, no findings"
