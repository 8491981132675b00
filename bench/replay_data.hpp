#pragma once
// Deterministic benchmark data for replay: `years` of 1-minute BTCUSDT candles from 2018-01-01
// (a seeded random walk, prices to 0.1), 8-hourly funding that changes sign, and a config over
// them (hourly ticks on 1-minute data; daily SMA trend, funding and margin rules). Files are
// written once and reused while their size matches.

#include <string>

#include "exchange/result.hpp"

namespace hedgebot::bench {

constexpr int kBenchYears = 8;

struct ReplayData {
  std::string candles;
  std::string funding;
  std::string config;
  long long rows = 0;
};

Result<ReplayData> ensure_replay_data(const std::string& dir, int years);

}  // namespace hedgebot::bench
