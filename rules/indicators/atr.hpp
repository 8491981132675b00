#pragma once
// Average true range, streaming, TA-Lib's ATR with Wilder smoothing: true range from bar 1
// (the largest of high - low, |previous close - high|, |previous close - low|), seeded with
// the mean of TR over bars 1..period, first output at bar `period`, then
// atr = (atr * (period - 1) + tr) / period. O(1), no allocation.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "exchange/model.hpp"
#include "rules/indicators/indicator_state.hpp"

namespace hedgebot::rules {

class Atr : public StateIo<Atr> {
 public:
  // period >= 1 (smaller values are raised to 1).
  explicit Atr(int period) : period_(std::max(period, 1)) {}

  void update(double high, double low, double close) {
    if (count_ == 0) {
      previous_close_ = close;
      count_ = 1;
      return;
    }
    double true_range = high - low;
    const double from_high = std::fabs(previous_close_ - high);
    if (from_high > true_range) true_range = from_high;
    const double from_low = std::fabs(previous_close_ - low);
    if (from_low > true_range) true_range = from_low;
    previous_close_ = close;
    if (count_ > period_) {
      value_ *= static_cast<double>(period_ - 1);
      value_ += true_range;
      value_ /= static_cast<double>(period_);
      return;
    }
    range_total_ += true_range;
    if (++count_ > period_) value_ = range_total_ / static_cast<double>(period_);
  }
  void update(const Candle& candle) { update(candle.high, candle.low, candle.close); }

  bool ready() const { return count_ > period_; }
  // In price units; meaningful once ready().
  double value() const { return value_; }
  int period() const { return static_cast<int>(period_); }
  int lookback() const { return static_cast<int>(period_); }

  void reset() {
    count_ = 0;
    previous_close_ = range_total_ = value_ = 0.0;
  }
  // Layout: period, count, previous close, true-range total, value.
  void append_state(std::vector<double>& out) const;
  bool read_state(StateReader& reader);

 private:
  int64_t period_;
  int64_t count_ = 0;  // candles seen, saturating at period_ + 1
  double previous_close_ = 0.0;
  double range_total_ = 0.0;
  double value_ = 0.0;
};

}  // namespace hedgebot::rules
