#!/usr/bin/env python3
"""Golden indicator series for the rule engine's contract test.

An independent, deliberately naive implementation of TA-Lib's documented algorithms
(docs/design.md, "Numbers"): every value at bar t is recomputed from scratch from bars 0..t, with
no streaming state shared between bars. Run from the repository root:

    python3 tests/rules/golden/make_golden.py data/binance-btcusdt-perp-1h.csv 300 \
        > tests/rules/golden/btcusdt-1h-300.csv

Columns: open_time_ms, then one column per indicator (empty before TA-Lib's first output).
"""

import csv
import sys


def read_candles(path, rows):
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        candles = []
        for row in reader:
            if len(candles) == rows:
                break
            candles.append(
                {
                    "open_time_ms": int(row[0]),
                    "high": float(row[2]),
                    "low": float(row[3]),
                    "close": float(row[4]),
                }
            )
    return candles


def mean(values):
    total = 0.0
    for value in values:
        total += value
    return total / len(values)


def sma_at(closes, t, period):
    if t < period - 1:
        return None
    return mean(closes[t - period + 1 : t + 1])


def ema_series(values, period, seed_index, seed_value, last):
    """EMA values from seed_index to last (inclusive), seeded with seed_value."""
    k = 2.0 / (period + 1)
    out = {seed_index: seed_value}
    value = seed_value
    for i in range(seed_index + 1, last + 1):
        value = (values[i] - value) * k + value
        out[i] = value
    return out


def ema_at(closes, t, period):
    if t < period - 1:
        return None
    seed = mean(closes[0:period])
    return ema_series(closes, period, period - 1, seed, t)[t]


def macd_at(closes, t, fast, slow, signal):
    if slow < fast:
        fast, slow = slow, fast
    first = slow + signal - 2
    if t < first:
        return None
    start = slow - 1
    slow_ema = ema_series(closes, slow, start, mean(closes[0:slow]), t)
    fast_ema = ema_series(closes, fast, start, mean(closes[start - fast + 1 : start + 1]), t)
    line = {i: fast_ema[i] - slow_ema[i] for i in range(start, t + 1)}
    line_list = [line.get(i, 0.0) for i in range(t + 1)]
    signal_seed = mean([line[i] for i in range(start, first + 1)])
    signal_ema = ema_series(line_list, signal, first, signal_seed, t)
    return (line[t], signal_ema[t], line[t] - signal_ema[t])


def rsi_at(closes, t, period):
    if t < period:
        return None
    changes = [closes[i] - closes[i - 1] for i in range(1, t + 1)]
    gain = mean([max(c, 0.0) for c in changes[0:period]])
    loss = mean([max(-c, 0.0) for c in changes[0:period]])
    for change in changes[period:]:
        gain = (gain * (period - 1) + max(change, 0.0)) / period
        loss = (loss * (period - 1) + max(-change, 0.0)) / period
    total = gain + loss
    if -1e-8 < total < 1e-8:
        return 0.0
    return 100.0 * (gain / total)


def true_range(candles, i):
    high = candles[i]["high"]
    low = candles[i]["low"]
    previous_close = candles[i - 1]["close"]
    return max(high - low, abs(previous_close - high), abs(previous_close - low))


def atr_at(candles, t, period):
    if t < period:
        return None
    ranges = [true_range(candles, i) for i in range(1, t + 1)]
    value = mean(ranges[0:period])
    for tr in ranges[period:]:
        value = (value * (period - 1) + tr) / period
    return value


def fmt(value):
    return "" if value is None else repr(value)


def main():
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    candles = read_candles(path, rows)
    closes = [c["close"] for c in candles]
    smas = [5, 20, 50]
    emas = [9, 20]
    macds = [(12, 26, 9), (5, 35, 5)]
    rsis = [6, 14]
    atrs = [5, 14]
    header = ["open_time_ms"]
    header += [f"sma_{n}" for n in smas]
    header += [f"ema_{n}" for n in emas]
    for f, s, g in macds:
        suffix = f"{f}_{s}_{g}"
        header += [f"macd_{suffix}", f"macd_signal_{suffix}", f"macd_hist_{suffix}"]
    header += [f"rsi_{n}" for n in rsis]
    header += [f"atr_{n}" for n in atrs]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(header)
    for t, candle in enumerate(candles):
        row = [candle["open_time_ms"]]
        row += [fmt(sma_at(closes, t, n)) for n in smas]
        row += [fmt(ema_at(closes, t, n)) for n in emas]
        for f, s, g in macds:
            value = macd_at(closes, t, f, s, g)
            row += ["", "", ""] if value is None else [fmt(v) for v in value]
        row += [fmt(rsi_at(closes, t, n)) for n in rsis]
        row += [fmt(atr_at(candles, t, n)) for n in atrs]
        out.writerow(row)


if __name__ == "__main__":
    main()
