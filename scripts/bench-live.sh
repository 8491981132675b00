#!/usr/bin/env bash
# Benchmark of `hedgebot once --live` against the local fake Binance venue.
#
#   scripts/bench-live.sh [runs]             (default 10; BUILD_DIR=build by default)
#   scripts/bench-live.sh --venue bybit [runs]
#
# With --venue bybit: `hedgebot fake-venue --venue bybit` on one loopback port (Bybit serves the
# contracts and the wallet on one host), the same runs, and the wall time and peak RSS of each
# (the request breakdown of a Bybit tick is in tests/live/bybit_live_test.cpp).
#
# Builds hedgebot and fake_venue if needed, starts two fake venues on loopback ports (one plays
# the futures host, one the spot host, so connections are counted per host), then runs
# `hedgebot once --live` RUNS times in one tick: the first run opens the hedge, the others find it
# on target. Prints per run the wall time, the peak RSS (GNU time), the requests by path and the
# new TCP connections per host (deltas of each venue's /__fake/stats), then the summary against
# the targets: <= 100 ms wall, <= 16 MB RSS, one connection per host, and no more requests than
# the tick's data (klines per timeframe, mark/funding, account, position, spot) plus the orders.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
venue=binance
if [ "${1:-}" = "--venue" ]; then
  venue="${2:?--venue needs binance or bybit}"
  shift 2
fi
runs="${1:-10}"
build_dir="${BUILD_DIR:-build}"

install_hint() {
  local missing=("$@")
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench-live: needs ${missing[*]}. Run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
}

# GNU time for the peak RSS, python3 for the venue's JSON statistics.
missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-live: installing ${missing[*]}" >&2
  install_hint "${missing[@]}"
fi

if [ ! -x "$build_dir/hedgebot" ] || [ ! -x "$build_dir/fake_venue" ]; then
  if ! command -v cmake >/dev/null || [ ! -f "$build_dir/CMakeCache.txt" ]; then
    scripts/setup.sh "$build_dir" -DHEDGEBOT_TEST=ON >/dev/null
  fi
  cmake --build "$build_dir" --target hedgebot fake_venue -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
fi
hedgebot="$root/$build_dir/hedgebot"
fake_venue="$root/$build_dir/fake_venue"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$venue" = bybit ]; then
  "$hedgebot" fake-venue --venue bybit --port 0 >"$work/bybit.out" 2>"$work/bybit.err" &
  pids+=($!)
  for _ in $(seq 300); do
    grep -q "api secret:" "$work/bybit.out" 2>/dev/null && break
    sleep 0.01
  done
  url="$(awk '/^  url:/ {print $2}' "$work/bybit.out")"
  if [ -z "$url" ]; then
    echo "bench-live: hedgebot fake-venue did not start" >&2
    cat "$work/bybit.err" >&2
    exit 1
  fi
  HEDGEBOT_API_KEY="$(awk '/^  api key:/ {print $3}' "$work/bybit.out")"
  HEDGEBOT_API_SECRET="$(awk '/^  api secret:/ {print $3}' "$work/bybit.out")"
  export HEDGEBOT_API_KEY HEDGEBOT_API_SECRET
  mkdir -p "$work/state"
  cat >"$work/live.toml" <<EOF
[bot]
mode = "live"
interval = "1h"
state_dir = "$work/state"

[exchange]
venue = "bybit-linear"
futures_url = "$url"
timeout = "2s"

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
spot = { fixed = 0.2 }
baseline_ratio = 0.5
leverage = 3
EOF
  : >"$work/runs.txt"
  for run in $(seq "$runs"); do
    start="$EPOCHREALTIME"
    set +e
    /usr/bin/time -f '%M' -o "$work/rss" "$hedgebot" once --live -c "$work/live.toml" \
      >"$work/out.$run" 2>"$work/err.$run"
    code=$?
    set -e
    end="$EPOCHREALTIME"
    echo "$run $code $start $end $(tail -1 "$work/rss")" >>"$work/runs.txt"
    if [ "$code" != 0 ]; then
      echo "bench-live: run $run exited $code:" >&2
      cat "$work/err.$run" >&2
    fi
  done
  python3 - "$work/runs.txt" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print(f"hedgebot once --live against hedgebot fake-venue --venue bybit (loopback), "
      f"{len(rows)} runs in one tick")
print(f"{'run':>3} {'exit':>4} {'wall ms':>8} {'RSS MB':>7}")
walls = []
for run, code, start, end, rss in rows:
    wall = (float(end) - float(start)) * 1000.0
    walls.append(wall)
    print(f"{run:>3} {code:>4} {wall:>8.1f} {int(rss) / 1024:>7.1f}")
print()
print(f"wall time: median {statistics.median(walls):.1f} ms, max {max(walls):.1f} ms "
      f"(target <= 100 ms)")
print(f"peak RSS: {max(int(r[4]) for r in rows) / 1024:.1f} MB (target <= 16 MB)")
if any(r[1] != "0" for r in rows):
    sys.exit(1)
EOF
  exit 0
fi

start_venue() {  # name (not in a subshell: the pid must reach cleanup)
  "$fake_venue" --port 0 --max-lifetime 600 --port-file "$work/$1.port" >/dev/null 2>"$work/$1.log" &
  pids+=($!)
  for _ in $(seq 200); do
    [ -s "$work/$1.port" ] && return 0
    sleep 0.01
  done
  echo "bench-live: fake_venue did not start" >&2
  exit 1
}
start_venue futures
start_venue spot
futures_url="http://127.0.0.1:$(head -1 "$work/futures.port")"
spot_url="http://127.0.0.1:$(head -1 "$work/spot.port")"

mkdir -p "$work/state"
cat >"$work/live.toml" <<EOF
[bot]
mode = "live"
interval = "1h"
state_dir = "$work/state"

[exchange]
futures_url = "$futures_url"
spot_url = "$spot_url"
timeout = "2s"

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
spot = { source = "account" }
baseline_ratio = 0.5
leverage = 5
EOF

control() {  # url, what -> POSTs a control request to the venue
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + sys.argv[2], method="POST")).read()' "$1" "$2"
}
# 1 BTC held on spot (the venue starts with 1.5): a half hedge is SELL 0.500, 30000 USDT at 5x,
# within the default risk limits and the margin of the venue's 10000 USDT wallet (at 3x the
# margin and fees would not fit and the order would be trimmed: exit 4).
control "$spot_url" "/__fake/spot?asset=BTC&free=1.0"

stats() {  # url -> the venue's statistics as one JSON line
  python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + "/__fake/stats").read().decode())' "$1"
}

export HEDGEBOT_API_KEY=fake-venue-api-key-0001 HEDGEBOT_API_SECRET=fake-venue-api-secret-0001
# The floor under every run: starting the process (loading libcurl and its libraries) and exiting.
: >"$work/baseline"
for _ in $(seq 5); do
  start="$EPOCHREALTIME"
  /usr/bin/time -f '%M' -o "$work/rss" "$hedgebot" --version >/dev/null
  end="$EPOCHREALTIME"
  echo "$start $end $(tail -1 "$work/rss")" >>"$work/baseline"
done
: >"$work/runs.jsonl"
for run in $(seq "$runs"); do
  futures_before="$(stats "$futures_url")"
  spot_before="$(stats "$spot_url")"
  start="$EPOCHREALTIME"
  set +e
  /usr/bin/time -f '%M' -o "$work/rss" "$hedgebot" once --live -c "$work/live.toml" \
    >"$work/out.$run" 2>"$work/err.$run"
  code=$?
  set -e
  end="$EPOCHREALTIME"
  futures_after="$(stats "$futures_url")"
  spot_after="$(stats "$spot_url")"
  python3 - "$run" "$code" "$start" "$end" "$(tail -1 "$work/rss")" \
    "$futures_before" "$futures_after" "$spot_before" "$spot_after" >>"$work/runs.jsonl" <<'EOF'
import json, sys
run, code, start, end, rss = sys.argv[1:6]
fb, fa, sb, sa = (json.loads(text) for text in sys.argv[6:10])
def delta(before, after):
    return {k: v - before["requests"].get(k, 0) for k, v in after["requests"].items()
            if v - before["requests"].get(k, 0)}
print(json.dumps({
    "run": int(run), "exit": int(code),
    "wall_ms": (float(end) - float(start)) * 1000.0, "rss_kb": int(rss),
    "futures": delta(fb, fa), "spot": delta(sb, sa),
    "futures_connections": fa["connections"] - fb["connections"],
    "spot_connections": sa["connections"] - sb["connections"],
    "orders_placed": fa["total_orders_placed"] - fb["total_orders_placed"],
    "position": fa["positions"].get("BTCUSDT", "0")}))
EOF
  if [ "$code" != 0 ]; then
    echo "bench-live: run $run exited $code:" >&2
    cat "$work/err.$run" >&2
  fi
done

python3 - "$work/runs.jsonl" "$work/baseline" <<'EOF'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
baseline = [line.split() for line in open(sys.argv[2])]
print(f"hedgebot once --live against the fake venue (loopback), {len(runs)} runs in one tick")
print(f"{'run':>3} {'exit':>4} {'wall ms':>8} {'RSS MB':>7} {'requests':>8} {'orders':>6} "
      f"{'conn fut':>8} {'conn spot':>9}  position")
for r in runs:
    total = sum(r["futures"].values()) + sum(r["spot"].values())
    print(f"{r['run']:>3} {r['exit']:>4} {r['wall_ms']:>8.1f} {r['rss_kb'] / 1024:>7.1f} "
          f"{total:>8} {r['orders_placed']:>6} {r['futures_connections']:>8} "
          f"{r['spot_connections']:>9}  {r['position']}")
walls = [r["wall_ms"] for r in runs]
rss = max(r["rss_kb"] for r in runs) / 1024
print()
print(f"wall time: median {statistics.median(walls):.1f} ms, max {max(walls):.1f} ms "
      f"(target <= 100 ms)")
print(f"peak RSS: {rss:.1f} MB (target <= 16 MB)")
base_wall = statistics.median((float(e) - float(s)) * 1000.0 for s, e, _ in baseline)
base_rss = max(int(kb) for _, _, kb in baseline) / 1024
print(f"process floor (hedgebot --version): median {base_wall:.1f} ms, {base_rss:.1f} MB RSS")
conns = {(r["futures_connections"], r["spot_connections"]) for r in runs}
print(f"TCP connections per run (futures host, spot host): {sorted(conns)} (target (1, 1))")
def show(title, r):
    print(f"{title}: {sum(r['futures'].values()) + sum(r['spot'].values())} requests")
    for host in ("futures", "spot"):
        for name, count in sorted(r[host].items()):
            print(f"  {count:>3}  {name}")
show("requests in the opening tick (run 1)", runs[0])
if len(runs) > 1:
    show("requests in a steady tick (run 2)", runs[1])
    others = {json.dumps([r["futures"], r["spot"]], sort_keys=True) for r in runs[1:]}
    if len(others) > 1:
        print("  (steady runs differ:", len(others), "different request sets)")
failed = [r["run"] for r in runs if r["exit"] != 0]
if failed:
    print("runs that failed:", failed)
    sys.exit(1)
EOF
