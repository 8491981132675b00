// BingX market answers (the `data` value): klines, premium index, book ticker, funding history,
// server time, contracts. Any body -> a value within its contract, or an error; never a crash.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/bingx/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /openApi/swap");
  if (!body) return 0;
  constexpr int64_t kServerNow = 1796410800000;

  if (auto series = bingx::parse_klines(*body, kHourMs, kServerNow, 200)) {
    require(series->candles.size() <= 200, "at most `limit` candles");
    for (size_t i = 0; i < series->candles.size(); ++i) {
      const Candle& candle = series->candles[i];
      require(std::isfinite(candle.close) && candle.close > 0 && candle.low > 0 &&
                  candle.high >= candle.low,
              "candle prices are positive and finite");
      require(candle.open_time_ms + kHourMs <= kServerNow, "only closed candles");
      if (i > 0) {
        require(candle.open_time_ms > series->candles[i - 1].open_time_ms,
                "candles are oldest first, each once");
      }
    }
  }
  if (auto mark = bingx::parse_premium_index(*body, "BTC-USDT", kServerNow)) {
    require(mark->mark_price > 0 && std::fabs(mark->predicted_rate) <= 1.0,
            "a positive mark, a rate within +-100 %");
  }
  if (auto book = bingx::parse_book_ticker(*body, "BTC-USDT", "BTCUSDT")) {
    require(book->bid_price < book->ask_price, "the touch is not crossed");
  }
  if (auto funding = bingx::parse_funding_history(*body, kServerNow, 50)) {
    require(funding->size() <= 50, "at most `limit` rates");
    for (size_t i = 0; i < funding->size(); ++i) {
      require((*funding)[i].funding_time_ms <= kServerNow, "only settled rates");
      if (i > 0) {
        require((*funding)[i].funding_time_ms > (*funding)[i - 1].funding_time_ms,
                "rates are oldest first, each settlement once");
      }
    }
  }
  (void)bingx::parse_server_time(*body);
  if (auto row = bingx::find_contract(*body, "BTC-USDT")) {
    if (auto inst = bingx::parse_instrument(*row, "BTCUSDT")) {
      require(inst->qty_step.is_positive() && inst->price_tick.is_positive(),
              "positive step and tick");
      require(inst->min_qty_steps >= 1, "the smallest order is at least one step");
    }
  }
  return 0;
}
