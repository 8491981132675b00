#pragma once
// Deterministic market data shared by the tests and the benchmarks: a seeded random-number
// generator that gives the same numbers on every platform, candle series built from closes, the
// standard BTCUSDT instrument and the headers of the paper CSV files. No GoogleTest in here, so
// the benchmarks link it too (target hedgebot_market_fixtures).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "exchange/instrument.hpp"
#include "exchange/model.hpp"

namespace hedgebot::testing {

// SplitMix64: a 64-bit seed in, the same sequence out on every platform and compiler (unlike
// the distributions of <random>), so generated files and their benchmark figures are stable.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [-1, 1), from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) / 4503599627370496.0 - 1.0; }

 private:
  uint64_t state_;
};

// The headers of the paper exchange's candle and funding CSV files.
inline constexpr const char* kCandleCsvHeader = "open_time_ms,open,high,low,close,volume\n";
inline constexpr const char* kFundingCsvHeader = "funding_time_ms,funding_rate,mark_price\n";

// How far high and low reach beyond open and close: max(open, close) * (1 + fraction) + absolute
// and min(open, close) * (1 - fraction) - absolute.
struct Wick {
  double fraction = 0.0;
  double absolute = 0.0;
};

// Candles of `interval_ms` from closes, oldest first, the first opening at `first_open_ms`:
// open = the previous close (the first candle opens at its own close), volume 1.
CandleSeries candles_from_closes(const std::vector<double>& closes, int64_t interval_ms,
                                 int64_t first_open_ms, Wick wick);

// The first `count` candles of `series` (the market as it was `size - count` candles ago).
CandleSeries first_candles(const CandleSeries& series, std::size_t count);

// When the last candle of `series` closes.
inline int64_t close_of_last(const CandleSeries& series) {
  return series.candles.back().open_time_ms + series.interval_ms;
}

// `count` candles of `interval_ms` from `start_ms`: a random walk from `first_price` whose close
// moves at most `max_step` (a fraction) per candle, high and low 0.1 % beyond, volume 1.
std::vector<Candle> random_walk_candles(uint64_t seed, std::size_t count, int64_t start_ms,
                                        int64_t interval_ms, double first_price, double max_step);

// BTCUSDT as Binance lists it: BTC against USDT, 1 BTC a contract, steps of 0.001, ticks of 0.1,
// at least 100 USDT an order.
Instrument btcusdt_instrument();

}  // namespace hedgebot::testing
