#include "rules/indicator_table.hpp"

#include "rules/indicators/atr.hpp"
#include "rules/indicators/ema.hpp"
#include "rules/indicators/macd.hpp"
#include "rules/indicators/rsi.hpp"
#include "rules/indicators/sma.hpp"

namespace hedgebot::rules {
namespace {

template <typename Indicator>
IndicatorColumn single_column(const CandleSeries& series, const std::string& prefix, int period) {
  IndicatorColumn column{prefix + "_" + std::to_string(period), {}};
  column.values.reserve(series.candles.size());
  Indicator indicator(period);
  for (const Candle& candle : series.candles) {
    indicator.update(candle);
    column.values.push_back(indicator.ready() ? std::optional(indicator.value()) : std::nullopt);
  }
  return column;
}

}  // namespace

std::vector<IndicatorColumn> compute_indicator_table(const CandleSeries& series,
                                                     const IndicatorRequest& request) {
  std::vector<IndicatorColumn> columns;
  for (int period : request.sma) columns.push_back(single_column<Sma>(series, "sma", period));
  for (int period : request.ema) columns.push_back(single_column<Ema>(series, "ema", period));
  if (request.macd) {
    IndicatorColumn line{"macd", {}}, signal{"macd_signal", {}}, histogram{"macd_hist", {}};
    Macd macd(request.macd->fast, request.macd->slow, request.macd->signal);
    for (const Candle& candle : series.candles) {
      macd.update(candle);
      const bool ready = macd.ready();
      line.values.push_back(ready ? std::optional(macd.line()) : std::nullopt);
      signal.values.push_back(ready ? std::optional(macd.signal()) : std::nullopt);
      histogram.values.push_back(ready ? std::optional(macd.histogram()) : std::nullopt);
    }
    columns.push_back(std::move(line));
    columns.push_back(std::move(signal));
    columns.push_back(std::move(histogram));
  }
  for (int period : request.rsi) columns.push_back(single_column<Rsi>(series, "rsi", period));
  for (int period : request.atr) columns.push_back(single_column<Atr>(series, "atr", period));
  return columns;
}

}  // namespace hedgebot::rules
