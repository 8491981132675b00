#include "rules/indicators/sma.hpp"

#include <algorithm>
#include <utility>

namespace hedgebot::rules {

Sma::Sma(int period)
    : period_(std::max(period, 1)), ring_(static_cast<std::size_t>(std::max(period, 1)), 0.0) {}

void Sma::reset() {
  count_ = 0;
  running_total_ = 0.0;
  value_ = 0.0;
  std::fill(ring_.begin(), ring_.end(), 0.0);
  head_ = 0;
}

// Layout: period, count, running total, value, head, ring[period].
void Sma::append_state(std::vector<double>& out) const {
  out.push_back(static_cast<double>(period_));
  out.push_back(static_cast<double>(count_));
  out.push_back(running_total_);
  out.push_back(value_);
  out.push_back(static_cast<double>(head_));
  out.insert(out.end(), ring_.begin(), ring_.end());
}

bool Sma::read_state(StateReader& reader) {
  int64_t period = 0, count = 0, head = 0;
  double running_total = 0.0, value = 0.0;
  if (!reader.read_count(period) || period != period_) return false;
  if (!reader.read_count(count) || count > period_) return false;
  if (!reader.read(running_total) || !reader.read(value)) return false;
  if (!reader.read_count(head) || head >= period_) return false;
  std::vector<double> ring(ring_.size());
  for (double& slot : ring) {
    if (!reader.read(slot)) return false;
  }
  count_ = count;
  running_total_ = running_total;
  value_ = value;
  head_ = static_cast<std::size_t>(head);
  ring_ = std::move(ring);
  return true;
}

}  // namespace hedgebot::rules
