#!/usr/bin/env bash
# Daemon memory: builds bench_daemon_memory (Release) and runs the daemon's
# `run` loop for N ticks (default 1000000) against the paper exchange with an injected clock,
# printing RSS every 100000 ticks and the growth to the end.
#   scripts/bench-daemon-memory.sh [ticks] [build-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ticks="${1:-1000000}"
build="${2:-$root/build-bench}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEDGEBOT_BENCHMARK=ON >/dev/null
fi
cmake --build "$build" --target bench_daemon_memory -j"$(nproc)" >/dev/null
"$build/bench/bench_daemon_memory" "$ticks"
