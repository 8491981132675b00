#pragma once
// Synthetic market data and configs for the replay tests, written into a TempDir.

#include <cstdint>
#include <functional>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {

constexpr int64_t kStartMs = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int64_t kHour = 3600000;

// Hourly candles from kStartMs: `price(i)` is the close of candle i; open = previous close.
std::string write_hourly_candles(const TempDir& dir, const std::string& name, int hours,
                                 const std::function<double(int)>& price);
// 8-hourly funding rows from kStartMs: `rate(i)` for settlement i, mark `mark`.
std::string write_funding(const TempDir& dir, const std::string& name, int settlements,
                          const std::function<double(int)>& rate, double mark);
// A one-hedge BTC config over candles.csv (and funding.csv when `funding`), baseline ratio
// `ratio`, with extra TOML appended to [risk] and to the [[hedge]].
std::string write_btc_config(const TempDir& dir, const std::string& name, double ratio,
                             double balance, bool funding, const std::string& risk_extra = "",
                             const std::string& hedge_extra = "");

}  // namespace hedgebot::testing
