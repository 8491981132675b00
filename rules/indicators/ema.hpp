#pragma once
// Exponential moving average, streaming, TA-Lib's EMA: seeded on the period-th value
// (bar period-1) with the SMA of the first `period` values, then
// e += (x - e) * 2 / (period + 1). O(1), no allocation.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "exchange/model.hpp"
#include "rules/indicators/indicator_state.hpp"

namespace hedgebot::rules {

class Ema : public StateIo<Ema> {
 public:
  // period >= 1 (smaller values are raised to 1).
  explicit Ema(int period)
      : period_(std::max(period, 1)), smoothing_(2.0 / (static_cast<double>(period_) + 1.0)) {}

  void update(double value) {
    if (count_ >= period_) {
      value_ = ((value - value_) * smoothing_) + value_;
      return;
    }
    seed_total_ += value;
    if (++count_ == period_) value_ = seed_total_ / static_cast<double>(period_);
  }
  void update(const Candle& candle) { update(candle.close); }

  bool ready() const { return count_ >= period_; }
  double value() const { return value_; }
  int period() const { return static_cast<int>(period_); }
  int lookback() const { return static_cast<int>(period_) - 1; }

  void reset() {
    count_ = 0;
    seed_total_ = 0.0;
    value_ = 0.0;
  }
  // Layout: period, count, seed total, value.
  void append_state(std::vector<double>& out) const;
  bool read_state(StateReader& reader);

 private:
  int64_t period_;
  double smoothing_;
  int64_t count_ = 0;
  double seed_total_ = 0.0;
  double value_ = 0.0;
};

}  // namespace hedgebot::rules
