// `hedgebot indicators`: one CSV row per candle with the values the rules would see
// (a stable format): `open_time_ms,close` then one column per requested indicator, empty where
// the indicator is not ready yet. Numbers are printed in the shortest form that reads back
// to the same double, so they can be compared with a charting tool to the last digit.
#include <charconv>
#include <iostream>

#include "bot/cli/commands.hpp"
#include "bot/pipeline/tick.hpp"
#include "paper/market_data.hpp"
#include "rules/indicator_table.hpp"

namespace hedgebot::bot {
namespace {

std::string shortest(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string();
}

}  // namespace

int command_indicators(const IndicatorOptions& options) {
  rules::IndicatorRequest request;
  request.sma = options.sma;
  request.ema = options.ema;
  request.rsi = options.rsi;
  request.atr = options.atr;
  if (!options.macd.empty()) {
    if (options.macd.size() != 3 || options.macd[0] < 1 || options.macd[0] >= options.macd[1] ||
        options.macd[2] < 1) {
      std::cerr << "error: --macd takes FAST,SLOW,SIGNAL with 1 <= FAST < SLOW and SIGNAL >= 1, "
                   "e.g. 12,26,9\n";
      return kExitUsage;
    }
    request.macd = rules::MacdParameters{options.macd[0], options.macd[1], options.macd[2]};
  }
  for (const std::vector<int>* periods : {&options.sma, &options.ema, &options.rsi, &options.atr}) {
    for (const int period : *periods) {
      if (period < 1 || period > 10000) {
        std::cerr << "error: indicator periods must be in [1, 10000], was " << period << "\n";
        return kExitUsage;
      }
    }
  }
  Result<CandleSeries> series = paper::read_candles_csv(options.candles);
  if (!series) {
    std::cerr << "error: " << series.error().message << "\n";
    return kExitUsage;
  }
  const std::vector<rules::IndicatorColumn> columns =
      rules::compute_indicator_table(*series, request);
  std::string out = "open_time_ms,close";
  for (const rules::IndicatorColumn& column : columns) out += "," + column.name;
  out += "\n";
  for (size_t row = 0; row < series->candles.size(); ++row) {
    const Candle& candle = series->candles[row];
    out += std::to_string(candle.open_time_ms) + "," + shortest(candle.close);
    for (const rules::IndicatorColumn& column : columns) {
      out += ",";
      if (column.values[row]) out += shortest(*column.values[row]);
    }
    out += "\n";
    if (out.size() > (1 << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out << std::flush;
  return std::cout ? kExitOk : kExitRuntime;
}

}  // namespace hedgebot::bot
