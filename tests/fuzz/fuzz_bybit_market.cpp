// Bybit v5 market answers (the `result` object): klines, tickers, funding history, server time,
// instruments-info. Any body -> a value within its contract, or an error; never a crash.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/bybit/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /v5/market");
  if (!body) return 0;
  constexpr int64_t kServerNow = 1751284812000;

  if (auto series = bybit::parse_klines(*body, kHourMs, kServerNow, 200)) {
    require(series->candles.size() <= 200, "at most `limit` candles");
    for (size_t i = 0; i < series->candles.size(); ++i) {
      const Candle& candle = series->candles[i];
      require(std::isfinite(candle.close) && candle.close > 0 && candle.low > 0 &&
                  candle.high >= candle.low,
              "candle prices are positive and finite");
      require(candle.open_time_ms + kHourMs <= kServerNow, "only closed candles");
      if (i > 0) {
        require(candle.open_time_ms > series->candles[i - 1].open_time_ms,
                "candles are oldest first, no duplicates");
      }
    }
  }
  if (auto ticker = bybit::parse_ticker(*body, "BTCUSDT", kServerNow)) {
    require(ticker->mark_price > 0, "a positive mark");
  }
  if (auto book = bybit::parse_book(*body, "BTCUSDT", kServerNow)) {
    require(book->bid_price <= book->ask_price, "the touch is not crossed");
  }
  if (auto funding = bybit::parse_funding_history(*body, kServerNow, 50)) {
    require(funding->size() <= 50, "at most `limit` rates");
    for (size_t i = 0; i < funding->size(); ++i) {
      require(std::fabs((*funding)[i].rate) <= 1.0, "rates within +-100 %");
      require((*funding)[i].funding_time_ms <= kServerNow, "only settled rates");
      if (i > 0) {
        require((*funding)[i].funding_time_ms > (*funding)[i - 1].funding_time_ms,
                "rates are oldest first, each settlement once");
      }
    }
  }
  (void)bybit::parse_server_time(*body, kServerNow);
  if (auto item = bybit::find_list_item(*body, "BTCUSDT", "instruments-info")) {
    (void)bybit::parse_instrument(*item);
  }
  return 0;
}
