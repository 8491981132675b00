#pragma once
// The values the rules would see, per candle, for `hedgebot indicators`:
// one column per requested indicator, nullopt where the indicator is not ready yet. Pure;
// the bot formats the CSV.

#include <optional>
#include <string>
#include <vector>

#include "exchange/model.hpp"

namespace hedgebot::rules {

struct MacdParameters {
  int fast = 12;
  int slow = 26;
  int signal = 9;
};

// Periods as given on the command line; each may be repeated (`--sma 20 --sma 50`).
struct IndicatorRequest {
  std::vector<int> sma;
  std::vector<int> ema;
  std::optional<MacdParameters> macd;  // three columns: macd, macd_signal, macd_hist
  std::vector<int> rsi;
  std::vector<int> atr;
};

struct IndicatorColumn {
  std::string name;  // sma_N, ema_N, macd, macd_signal, macd_hist, rsi_N, atr_N
  std::vector<std::optional<double>> values;  // one per candle of the series
};

// Columns in the order sma, ema, macd (line, signal, histogram), rsi, atr; within a kind, in
// the order requested. Every column has series.candles.size() values.
std::vector<IndicatorColumn> compute_indicator_table(const CandleSeries& series,
                                                     const IndicatorRequest& request);

}  // namespace hedgebot::rules
