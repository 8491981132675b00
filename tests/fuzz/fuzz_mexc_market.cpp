// MEXC contract market answers (the `data` payload): contract detail, klines (columns in
// seconds), fair price, funding rate and history, ticker, server time. Any body -> a value within
// its contract, or an error; never a crash.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/mexc/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /api/v1/contract");
  if (!body) return 0;
  constexpr int64_t kServerNow = 1751284812000;

  if (auto series = mexc::parse_klines(*body, kHourMs, kServerNow, 0.0001, 200)) {
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
  if (auto contract = mexc::find_contract(*body, "BTC_USDT")) {
    if (auto instrument = mexc::parse_instrument(*contract, "BTCUSDT")) {
      require(instrument->contract_size > 0, "a positive contract size");
      require(instrument->qty_step.is_positive() && instrument->price_tick.is_positive(),
              "positive step and tick");
      require(instrument->min_qty_steps >= 1, "at least one step");
    }
  }
  if (auto fair = mexc::parse_fair_price(*body)) require(fair->price > 0, "a positive mark");
  MarkAndFunding mark;
  if (mexc::parse_funding_rate(*body, mark)) {
    require(std::fabs(mark.predicted_rate) <= 1.0, "a rate within +-100 %");
  }
  if (auto book = mexc::parse_book(*body, "BTCUSDT")) {
    require(book->bid_price < book->ask_price, "the touch is not crossed");
  }
  if (auto funding = mexc::parse_funding_history(*body, kServerNow, 50)) {
    require(funding->size() <= 50, "at most `limit` rates");
    for (size_t i = 0; i < funding->size(); ++i) {
      require((*funding)[i].funding_time_ms <= kServerNow, "only settled rates");
      if (i > 0) {
        require((*funding)[i].funding_time_ms > (*funding)[i - 1].funding_time_ms,
                "rates are oldest first");
      }
    }
  }
  if (auto time = mexc::parse_server_time(*body)) require(*time > 0, "a positive time");
  return 0;
}
