// Any file as a candle CSV: candles strictly oldest first with positive finite prices inside
// [low, high], or an error naming the file and line.
#include <cmath>

#include "paper/market_data.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  const std::string& path = fuzz::write_scratch("candles.csv", fuzz::as_text(data, size));
  auto series = paper::read_candles_csv(path);
  if (!series) {
    require(series.error().message.rfind(path + ":", 0) == 0, "errors name the file");
    return 0;
  }
  require(!series->candles.empty() && series->interval_ms > 0, "a positive interval");
  for (size_t i = 0; i < series->candles.size(); ++i) {
    const Candle& candle = series->candles[i];
    require(std::isfinite(candle.open) && std::isfinite(candle.high) && std::isfinite(candle.low) &&
                std::isfinite(candle.close) && std::isfinite(candle.volume),
            "finite numbers");
    require(candle.low > 0 && candle.low <= candle.open && candle.open <= candle.high &&
                candle.low <= candle.close && candle.close <= candle.high && candle.volume >= 0,
            "open and close within [low, high], positive prices");
    if (i > 0) {
      require(candle.open_time_ms > series->candles[i - 1].open_time_ms, "strictly increasing");
    }
  }
  const int64_t last = series->candles.back().open_time_ms;
  if (last <= INT64_MAX - 2 * series->interval_ms) {
    (void)paper::aggregate_candles(*series, 4 * kHourMs, last + series->interval_ms);
  }
  return 0;
}
