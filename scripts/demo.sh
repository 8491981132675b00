#!/usr/bin/env bash
# Command 1: install what is missing, build, and run hedgebot in paper mode on its embedded
# default config (offline, real BTCUSDT data bundled in data/).
#
# It runs two ticks on a fresh demo account so you can watch a hedge open and then resize,
# each with its reasons: one on 2026-04-01 (BTC under its 50-day average: fully hedged), one
# on the last closed candle of the data (back above: the baseline half hedge). Then `status`.
# The demo's state lives in build/demo-state and is started afresh each time; your own runs
# use the state_dir of your config.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build >&2
state=build/demo-state
rm -rf "$state"
echo "== tick 1: hedgebot once --at 2026-04-01T00:00:00Z"
build/hedgebot once --state-dir "$state" --at 2026-04-01T00:00:00Z "$@"
echo
echo "== tick 2: hedgebot once (the last closed candle of the bundled data)"
build/hedgebot once --state-dir "$state" "$@"
echo
echo "== hedgebot status"
build/hedgebot status --state-dir "$state"
