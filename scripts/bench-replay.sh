#!/usr/bin/env bash
# Replay throughput and peak memory: builds hedgebot and bench_replay, generates 8 years
# of deterministic 1-minute candles (about 4.2 million rows, once, in $HEDGEBOT_BENCH_DIR), runs
# the Google Benchmark program (end to end, loop without parsing, parsing alone), then the CLI
# under /usr/bin/time on 1 and 8 years to show that peak RSS does not grow with the history.
# Usage: scripts/bench-replay.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build-replay}"
export HEDGEBOT_BENCH_DIR="${HEDGEBOT_BENCH_DIR:-$PWD/$build_dir/bench-data}"

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DHEDGEBOT_BENCHMARK=ON >/dev/null
fi
cmake --build "$build_dir" --target hedgebot bench_replay -j "${HEDGEBOT_JOBS:-2}" >/dev/null

echo "== data: $HEDGEBOT_BENCH_DIR"
config_8y=$("$build_dir/bench/bench_replay" --generate "$HEDGEBOT_BENCH_DIR" 8)
config_1y=$("$build_dir/bench/bench_replay" --generate "$HEDGEBOT_BENCH_DIR" 1)
wc -l "$HEDGEBOT_BENCH_DIR/btcusdt-1m.csv" "$HEDGEBOT_BENCH_DIR/btcusdt-1m-1y.csv"

echo "== Google Benchmark (items_per_second = candles per CPU second)"
"$build_dir/bench/bench_replay" --benchmark_counters_tabular=true

for config in "$config_1y" "$config_8y"; do
  echo "== hedgebot replay -c $(basename "$config") under /usr/bin/time -v"
  (cd "$(dirname "$config")" &&
    /usr/bin/time -v "$OLDPWD/$build_dir/hedgebot" replay -c "$(basename "$config")" \
      >/dev/null 2>"$HEDGEBOT_BENCH_DIR/time.txt") || { cat "$HEDGEBOT_BENCH_DIR/time.txt"; exit 1; }
  grep -E "replayed|User time|System time|Elapsed|Maximum resident" "$HEDGEBOT_BENCH_DIR/time.txt" |
    sed 's/^\t*/  /'
done
