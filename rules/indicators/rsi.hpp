#pragma once
// Relative strength index, streaming, TA-Lib's RSI with Wilder smoothing: the average gain
// and loss are seeded with the means of the first `period` changes (bars 1..period), the
// first value is output at bar `period`, then avg = (avg * (period - 1) + change) / period.
// RSI = 100 * gain / (gain + loss), and 0 when gain + loss is below 1e-8 (TA-Lib's
// TA_IS_ZERO). O(1), no allocation.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "exchange/model.hpp"
#include "rules/indicators/indicator_state.hpp"

namespace hedgebot::rules {

class Rsi : public StateIo<Rsi> {
 public:
  // period >= 1 (smaller values are raised to 1).
  explicit Rsi(int period) : period_(std::max(period, 1)) {}

  void update(double close) {
    const double change = close - previous_close_;
    previous_close_ = close;
    if (count_ > period_) {
      const double weight = static_cast<double>(period_ - 1);
      const double period = static_cast<double>(period_);
      average_loss_ *= weight;
      average_gain_ *= weight;
      if (change < 0) {
        average_loss_ -= change;
      } else {
        average_gain_ += change;
      }
      average_loss_ /= period;
      average_gain_ /= period;
      compute_value();
      return;
    }
    if (count_++ == 0) return;  // the first close has no change
    if (change < 0) {
      average_loss_ -= change;
    } else {
      average_gain_ += change;
    }
    if (count_ <= period_) return;
    average_loss_ /= static_cast<double>(period_);
    average_gain_ /= static_cast<double>(period_);
    compute_value();
  }
  void update(const Candle& candle) { update(candle.close); }

  bool ready() const { return count_ > period_; }
  // 0..100; meaningful once ready().
  double value() const { return value_; }
  int period() const { return static_cast<int>(period_); }
  int lookback() const { return static_cast<int>(period_); }

  void reset() {
    count_ = 0;
    previous_close_ = average_gain_ = average_loss_ = value_ = 0.0;
  }
  // Layout: period, count, previous close, average gain, average loss, value.
  void append_state(std::vector<double>& out) const;
  bool read_state(StateReader& reader);

 private:
  void compute_value() {
    const double total = average_gain_ + average_loss_;
    value_ = (total > -1e-8 && total < 1e-8) ? 0.0 : 100.0 * (average_gain_ / total);
  }

  int64_t period_;
  int64_t count_ = 0;  // closes seen, saturating at period_ + 1
  double previous_close_ = 0.0;
  double average_gain_ = 0.0;  // a sum of gains until ready
  double average_loss_ = 0.0;
  double value_ = 0.0;
};

}  // namespace hedgebot::rules
