#include "paper/dated_market.hpp"

#include <algorithm>

#include "exchange/dated_contract.hpp"

namespace hedgebot::paper {
namespace {

Candle priced(const Candle& candle, double factor) {
  Candle out = candle;
  out.open *= factor;
  out.high *= factor;
  out.low *= factor;
  out.close *= factor;
  return out;
}

void sync_series(const CandleSeries& from, double annual_basis, int64_t delivery_ms,
                 CandleSeries& to) {
  to.interval_ms = from.interval_ms;
  if (from.candles.empty()) return;
  const int64_t first = from.candles.front().open_time_ms;
  const auto kept = std::find_if(to.candles.begin(), to.candles.end(),
                                 [&](const Candle& c) { return c.open_time_ms >= first; });
  to.candles.erase(to.candles.begin(), kept);
  const int64_t last = to.candles.empty() ? first - 1 : to.candles.back().open_time_ms;
  auto next = std::upper_bound(from.candles.begin(), from.candles.end(), last,
                               [](int64_t time, const Candle& c) { return time < c.open_time_ms; });
  for (; next != from.candles.end(); ++next) {
    const int64_t close_ms = next->open_time_ms + from.interval_ms;
    if (close_ms > delivery_ms) break;  // the contract ends at delivery
    to.candles.push_back(priced(*next, dated_basis_factor(annual_basis, close_ms, delivery_ms)));
  }
}

}  // namespace

CandleSeries dated_candles(const CandleSeries& perpetual, double annual_basis,
                           int64_t delivery_ms) {
  CandleSeries out;
  out.interval_ms = perpetual.interval_ms;
  for (const Candle& candle : perpetual.candles) {
    const int64_t close_ms = candle.open_time_ms + perpetual.interval_ms;
    if (close_ms > delivery_ms) break;
    out.candles.push_back(priced(candle, dated_basis_factor(annual_basis, close_ms, delivery_ms)));
  }
  return out;
}

SymbolData dated_market_from(const SymbolData& perpetual, const std::string& symbol,
                             int64_t delivery_ms) {
  SymbolData dated;
  dated.instrument = perpetual.instrument;
  dated.instrument.symbol = symbol;
  dated.instrument.delivery_ms = delivery_ms;
  dated.candles.interval_ms = perpetual.candles.interval_ms;
  if (perpetual.mark) dated.mark = CandleSeries{perpetual.mark->interval_ms, {}};
  dated.brackets = perpetual.brackets;
  return dated;
}

void sync_dated_market(const SymbolData& perpetual, double annual_basis, int64_t delivery_ms,
                       SymbolData& dated) {
  sync_series(perpetual.candles, annual_basis, delivery_ms, dated.candles);
  if (perpetual.mark) {
    if (!dated.mark) dated.mark = CandleSeries{perpetual.mark->interval_ms, {}};
    sync_series(*perpetual.mark, annual_basis, delivery_ms, *dated.mark);
  }
  for (const auto& [interval, series] : perpetual.by_interval)
    sync_series(series, annual_basis, delivery_ms, dated.by_interval[interval]);
  if (perpetual.venue_mark && perpetual.venue_mark->time_ms <= delivery_ms) {
    MarkAndFunding mark = *perpetual.venue_mark;
    mark.mark_price *= dated_basis_factor(annual_basis, mark.time_ms, delivery_ms);
    mark.predicted_rate = 0.0;  // a dated contract pays no funding
    dated.venue_mark = mark;
  }
}

}  // namespace hedgebot::paper
