// GET /fapi/v1/klines: any body -> closed candles oldest first, or an InvalidResponse.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /fapi/v1/klines");
  if (!body) return 0;
  constexpr int64_t kServerNow = 1751284812000;
  auto series = binance::parse_klines(*body, kHourMs, kServerNow, 500);
  if (!series) return 0;
  require(series->candles.size() <= 500, "at most `limit` candles");
  for (size_t i = 0; i < series->candles.size(); ++i) {
    const Candle& candle = series->candles[i];
    require(std::isfinite(candle.close) && candle.close > 0 && candle.low > 0 &&
                candle.high >= candle.low && candle.volume >= 0,
            "candle prices are positive and finite");
    if (i > 0) {
      require(candle.open_time_ms > series->candles[i - 1].open_time_ms,
              "candles are oldest first, no duplicates");
    }
  }
  return 0;
}
