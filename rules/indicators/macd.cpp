#include "rules/indicators/macd.hpp"

#include <utility>

namespace hedgebot::rules {
namespace {

double smoothing(int64_t period) {
  return 2.0 / (static_cast<double>(period) + 1.0);
}

}  // namespace

Macd::Macd(int fast, int slow, int signal)
    : fast_period_(std::max(fast, 1)),
      slow_period_(std::max(slow, 1)),
      signal_period_(std::max(signal, 1)),
      fast_smoothing_(0.0),
      slow_smoothing_(0.0),
      signal_smoothing_(0.0) {
  if (slow_period_ < fast_period_) std::swap(slow_period_, fast_period_);
  fast_smoothing_ = smoothing(fast_period_);
  slow_smoothing_ = smoothing(slow_period_);
  signal_smoothing_ = smoothing(signal_period_);
}

void Macd::reset() {
  count_ = 0;
  slow_total_ = fast_total_ = slow_ema_ = fast_ema_ = line_ = 0.0;
  signal_count_ = 0;
  signal_total_ = signal_ = histogram_ = 0.0;
}

void Macd::append_state(std::vector<double>& out) const {
  out.insert(out.end(), {static_cast<double>(fast_period_), static_cast<double>(slow_period_),
                         static_cast<double>(signal_period_), static_cast<double>(count_),
                         slow_total_, fast_total_, slow_ema_, fast_ema_, line_,
                         static_cast<double>(signal_count_), signal_total_, signal_, histogram_});
}

bool Macd::read_state(StateReader& reader) {
  int64_t fast = 0, slow = 0, signal = 0, count = 0, signal_count = 0;
  double slow_total = 0, fast_total = 0, slow_ema = 0, fast_ema = 0, line = 0;
  double signal_total = 0, signal_value = 0, histogram = 0;
  if (!reader.read_count(fast) || fast != fast_period_) return false;
  if (!reader.read_count(slow) || slow != slow_period_) return false;
  if (!reader.read_count(signal) || signal != signal_period_) return false;
  if (!reader.read_count(count) || count > slow_period_) return false;
  if (!reader.read(slow_total) || !reader.read(fast_total) || !reader.read(slow_ema) ||
      !reader.read(fast_ema) || !reader.read(line))
    return false;
  if (!reader.read_count(signal_count) || signal_count > signal_period_) return false;
  if (!reader.read(signal_total) || !reader.read(signal_value) || !reader.read(histogram))
    return false;
  count_ = count;
  slow_total_ = slow_total;
  fast_total_ = fast_total;
  slow_ema_ = slow_ema;
  fast_ema_ = fast_ema;
  line_ = line;
  signal_count_ = signal_count;
  signal_total_ = signal_total;
  signal_ = signal_value;
  histogram_ = histogram;
  return true;
}

}  // namespace hedgebot::rules
