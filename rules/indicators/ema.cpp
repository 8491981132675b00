#include "rules/indicators/ema.hpp"

namespace hedgebot::rules {

void Ema::append_state(std::vector<double>& out) const {
  out.push_back(static_cast<double>(period_));
  out.push_back(static_cast<double>(count_));
  out.push_back(seed_total_);
  out.push_back(value_);
}

bool Ema::read_state(StateReader& reader) {
  int64_t period = 0, count = 0;
  double seed_total = 0.0, value = 0.0;
  if (!reader.read_count(period) || period != period_) return false;
  if (!reader.read_count(count) || count > period_) return false;
  if (!reader.read(seed_total) || !reader.read(value)) return false;
  count_ = count;
  seed_total_ = seed_total;
  value_ = value;
  return true;
}

}  // namespace hedgebot::rules
