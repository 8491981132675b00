#include "rules/indicators/atr.hpp"

namespace hedgebot::rules {

void Atr::append_state(std::vector<double>& out) const {
  out.insert(out.end(), {static_cast<double>(period_), static_cast<double>(count_), previous_close_,
                         range_total_, value_});
}

bool Atr::read_state(StateReader& reader) {
  int64_t period = 0, count = 0;
  double previous_close = 0, range_total = 0, value = 0;
  if (!reader.read_count(period) || period != period_) return false;
  if (!reader.read_count(count) || count > period_ + 1) return false;
  if (!reader.read(previous_close) || !reader.read(range_total) || !reader.read(value))
    return false;
  count_ = count;
  previous_close_ = previous_close;
  range_total_ = range_total;
  value_ = value;
  return true;
}

}  // namespace hedgebot::rules
