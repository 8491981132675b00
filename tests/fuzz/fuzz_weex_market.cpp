// WEEX market answers: klines, premiumIndex, bookTicker, funding history, server time,
// exchangeInfo. Any body -> a value within its contract, or an error; never a crash.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/weex/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /capi/v3/market");
  if (!body) return 0;
  constexpr int64_t kServerNow = 1764505777345;

  if (auto series = weex::parse_klines(*body, kHourMs, kServerNow, 200)) {
    require(series->candles.size() <= 200, "at most `limit` candles");
    for (size_t i = 0; i < series->candles.size(); ++i) {
      const Candle& candle = series->candles[i];
      require(std::isfinite(candle.close) && candle.open > 0 && candle.high >= candle.low,
              "candle prices are positive and finite");
      require(candle.open_time_ms + kHourMs <= kServerNow, "only closed candles");
      if (i > 0) {
        require(candle.open_time_ms > series->candles[i - 1].open_time_ms,
                "candles are oldest first, no duplicates");
      }
    }
  }
  if (auto mark = weex::parse_premium_index(*body, "BTCUSDT")) {
    require(mark->mark_price > 0, "a positive mark");
    require(std::fabs(mark->predicted_rate) <= 1.0, "a rate within +-100 %");
  }
  if (auto book = weex::parse_book_ticker(*body, "BTCUSDT")) {
    require(book->bid_price < book->ask_price, "the touch is not crossed");
  }
  if (auto funding = weex::parse_funding_history(*body, kServerNow, 50)) {
    require(funding->size() <= 50, "at most `limit` rates");
    for (size_t i = 0; i < funding->size(); ++i) {
      require((*funding)[i].funding_time_ms <= kServerNow, "only settled rates");
      if (i > 0) {
        require((*funding)[i].funding_time_ms > (*funding)[i - 1].funding_time_ms,
                "rates are oldest first, each settlement once");
      }
    }
  }
  (void)weex::parse_server_time(*body);
  if (auto item = weex::find_contract(*body, "BTCUSDT")) {
    if (auto inst = weex::parse_instrument(*item)) {
      require(inst->min_qty_steps >= 1, "a positive smallest order");
      require(inst->qty_step.is_positive() && inst->price_tick.is_positive(), "positive grids");
    }
  }
  return 0;
}
