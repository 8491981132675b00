#include "tests/support/market_fixtures.hpp"

#include <algorithm>

namespace hedgebot::testing {

CandleSeries candles_from_closes(const std::vector<double>& closes, int64_t interval_ms,
                                 int64_t first_open_ms, Wick wick) {
  CandleSeries series;
  series.interval_ms = interval_ms;
  series.candles.reserve(closes.size());
  double previous = closes.empty() ? 0.0 : closes.front();
  for (std::size_t i = 0; i < closes.size(); ++i) {
    Candle candle;
    candle.open_time_ms = first_open_ms + static_cast<int64_t>(i) * interval_ms;
    candle.open = previous;
    candle.close = closes[i];
    candle.high = std::max(previous, closes[i]) * (1.0 + wick.fraction) + wick.absolute;
    candle.low = std::min(previous, closes[i]) * (1.0 - wick.fraction) - wick.absolute;
    candle.volume = 1.0;
    series.candles.push_back(candle);
    previous = closes[i];
  }
  return series;
}

CandleSeries first_candles(const CandleSeries& series, std::size_t count) {
  CandleSeries result;
  result.interval_ms = series.interval_ms;
  result.candles.assign(series.candles.begin(),
                        series.candles.begin() + static_cast<std::ptrdiff_t>(count));
  return result;
}

std::vector<Candle> random_walk_candles(uint64_t seed, std::size_t count, int64_t start_ms,
                                        int64_t interval_ms, double first_price, double max_step) {
  SplitMix64 random(seed);
  std::vector<Candle> candles;
  candles.reserve(count);
  double price = first_price;
  for (std::size_t i = 0; i < count; ++i) {
    const double open = price;
    price *= 1.0 + max_step * random.uniform();
    candles.push_back({start_ms + static_cast<int64_t>(i) * interval_ms, open,
                       std::max(open, price) * 1.001, std::min(open, price) * 0.999, price, 1.0});
  }
  return candles;
}

Instrument btcusdt_instrument() {
  Instrument instrument;
  instrument.symbol = "BTCUSDT";
  instrument.base_asset = "BTC";
  instrument.quote_asset = "USDT";
  instrument.contract_size = 1.0;
  instrument.qty_step = Decimal{1, 3};
  instrument.price_tick = Decimal{1, 1};
  instrument.min_qty_steps = 1;
  instrument.min_notional = 100.0;
  return instrument;
}

}  // namespace hedgebot::testing
