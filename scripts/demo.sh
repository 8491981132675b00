#!/usr/bin/env bash
# Command 1: set up, build, and run one paper tick on the embedded default config
# (offline, bundled real BTCUSDT data). Extra arguments go to `hedgebot once`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build >&2
exec build/hedgebot once "$@"
