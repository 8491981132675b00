#pragma once
// Simple moving average, streaming, TA-Lib's SMA: the mean of the last `period` values,
// first output on the period-th value (bar period-1). O(1) and allocation-free per update:
// the window lives in a ring buffer sized at construction.

#include <cstdint>
#include <span>
#include <vector>

#include "exchange/model.hpp"
#include "rules/indicators/indicator_state.hpp"

namespace hedgebot::rules {

class Sma : public StateIo<Sma> {
 public:
  // period >= 1 (smaller values are raised to 1).
  explicit Sma(int period);

  void update(double value) {
    ring_[head_] = value;
    head_ = head_ + 1 == ring_.size() ? 0 : head_ + 1;
    // TA-Lib's order of operations: add the newest, output, then drop the oldest of the
    // window (which now sits at head_), so the running total holds period-1 values.
    const double window_total = running_total_ + value;
    if (count_ + 1 < period_) {
      running_total_ = window_total;
      ++count_;
      return;
    }
    count_ = period_;
    value_ = window_total / static_cast<double>(period_);
    running_total_ = window_total - ring_[head_];
  }
  void update(const Candle& candle) { update(candle.close); }

  bool ready() const { return count_ >= period_; }
  // The average of the last `period` values; meaningful once ready().
  double value() const { return value_; }
  int period() const { return static_cast<int>(period_); }
  // Bars before the first output (TA-Lib's lookback).
  int lookback() const { return static_cast<int>(period_) - 1; }

  void reset();
  void append_state(std::vector<double>& out) const;
  bool read_state(StateReader& reader);

 private:
  int64_t period_;
  int64_t count_ = 0;
  double running_total_ = 0.0;
  double value_ = 0.0;
  std::vector<double> ring_;  // the last `period` values; ring_[head_] is the oldest
  std::size_t head_ = 0;
};

}  // namespace hedgebot::rules
