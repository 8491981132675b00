#pragma once
// Small synthetic markets for the paper tests: hourly candles from 2024-01-01T00:00Z (a
// funding boundary) and funding rows every 8 h.

#include <string>
#include <vector>

#include "exchange/model.hpp"
#include "paper/paper_exchange.hpp"

namespace hedgebot::paper::testing {

constexpr int64_t kStart = 1704067200000;  // 2024-01-01T00:00:00Z

inline int64_t hour(int n) {
  return kStart + n * kHourMs;
}

// One candle per close: open = the previous close (the first opens at its close), high and
// low bracket open and close.
inline CandleSeries hourly_closes(const std::vector<double>& closes) {
  CandleSeries series;
  series.interval_ms = kHourMs;
  double previous = closes.empty() ? 0.0 : closes.front();
  for (size_t i = 0; i < closes.size(); ++i) {
    const double close = closes[i];
    series.candles.push_back(Candle{hour(static_cast<int>(i)), previous, std::max(previous, close),
                                    std::min(previous, close), close, 1.0});
    previous = close;
  }
  return series;
}

inline CandleSeries flat_hours(int count, double price) {
  return hourly_closes(std::vector<double>(static_cast<size_t>(count), price));
}

// Funding every 8 h at hours 8, 16, 24... with the given rates; mark 0 (taken from candles).
inline std::vector<FundingRate> funding_every_8h(const std::vector<double>& rates) {
  std::vector<FundingRate> rows;
  for (size_t i = 0; i < rates.size(); ++i) {
    rows.push_back(FundingRate{hour(8 * static_cast<int>(i + 1)), rates[i], 0.0});
  }
  return rows;
}

inline SymbolData btc_market(CandleSeries candles, std::vector<FundingRate> funding = {}) {
  SymbolData data;
  data.instrument = default_instrument("BTCUSDT", 1.0);
  data.candles = std::move(candles);
  data.funding = std::move(funding);
  return data;
}

inline PaperSettings no_slippage_settings(double balance = 10000.0) {
  PaperSettings settings;
  settings.initial_balance = balance;
  settings.slippage_bps = 0.0;
  return settings;
}

inline OrderRequest market(Side side, int64_t qty_steps, std::string client_id,
                           bool reduce_only = false) {
  OrderRequest request;
  request.symbol = "BTCUSDT";
  request.side = side;
  request.type = OrderType::Market;
  request.qty_steps = qty_steps;
  request.reduce_only = reduce_only;
  request.client_order_id = std::move(client_id);
  return request;
}

inline OrderRequest limit(Side side, int64_t qty_steps, int64_t price_ticks, std::string client_id,
                          bool post_only = false) {
  OrderRequest request = market(side, qty_steps, std::move(client_id));
  request.type = OrderType::Limit;
  request.price_ticks = price_ticks;
  request.post_only = post_only;
  return request;
}

}  // namespace hedgebot::paper::testing
