#pragma once
// MACD, streaming, TA-Lib's MACD(fast, slow, signal) on closes:
//   - the slow EMA is seeded at bar slow-1 with the SMA of bars 0..slow-1;
//   - the fast EMA is seeded at the same bar (slow-1) with the SMA of the `fast` closes
//     ending there, so both start together as TA-Lib does;
//   - line = fast EMA - slow EMA from bar slow-1; the signal EMA is seeded with the SMA of
//     the first `signal` line values (bar slow+signal-2) and smoothed with 2/(signal+1);
//   - line, signal and histogram (= line - signal) are first output at bar slow+signal-2.
// As in TA-Lib, a slow period shorter than the fast one is swapped. O(1), no allocation.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "exchange/model.hpp"
#include "rules/indicators/indicator_state.hpp"

namespace hedgebot::rules {

class Macd : public StateIo<Macd> {
 public:
  // Periods >= 1 (smaller values are raised to 1).
  Macd(int fast, int slow, int signal);

  void update(double close) {
    if (count_ < slow_period_) {
      slow_total_ += close;
      if (count_ >= slow_period_ - fast_period_) fast_total_ += close;
      if (++count_ < slow_period_) return;
      slow_ema_ = slow_total_ / static_cast<double>(slow_period_);
      fast_ema_ = fast_total_ / static_cast<double>(fast_period_);
    } else {
      slow_ema_ = ((close - slow_ema_) * slow_smoothing_) + slow_ema_;
      fast_ema_ = ((close - fast_ema_) * fast_smoothing_) + fast_ema_;
    }
    line_ = fast_ema_ - slow_ema_;
    if (signal_count_ >= signal_period_) {
      signal_ = ((line_ - signal_) * signal_smoothing_) + signal_;
    } else {
      signal_total_ += line_;
      if (++signal_count_ < signal_period_) return;
      signal_ = signal_total_ / static_cast<double>(signal_period_);
    }
    histogram_ = line_ - signal_;
  }
  void update(const Candle& candle) { update(candle.close); }

  bool ready() const { return signal_count_ >= signal_period_; }
  // The MACD line; line(), signal() and histogram() are meaningful once ready().
  double value() const { return line_; }
  double line() const { return line_; }
  double signal() const { return signal_; }
  double histogram() const { return histogram_; }
  int fast_period() const { return static_cast<int>(fast_period_); }
  int slow_period() const { return static_cast<int>(slow_period_); }
  int signal_period() const { return static_cast<int>(signal_period_); }
  int lookback() const { return static_cast<int>(slow_period_ + signal_period_) - 2; }

  void reset();
  // Layout: fast, slow, signal periods, count, slow total, fast total, slow EMA, fast EMA,
  // line, signal count, signal total, signal, histogram.
  void append_state(std::vector<double>& out) const;
  bool read_state(StateReader& reader);

 private:
  int64_t fast_period_;
  int64_t slow_period_;
  int64_t signal_period_;
  double fast_smoothing_;
  double slow_smoothing_;
  double signal_smoothing_;
  int64_t count_ = 0;  // closes seen, saturating at slow_period_
  double slow_total_ = 0.0;
  double fast_total_ = 0.0;
  double slow_ema_ = 0.0;
  double fast_ema_ = 0.0;
  double line_ = 0.0;
  int64_t signal_count_ = 0;  // line values seen, saturating at signal_period_
  double signal_total_ = 0.0;
  double signal_ = 0.0;
  double histogram_ = 0.0;
};

}  // namespace hedgebot::rules
