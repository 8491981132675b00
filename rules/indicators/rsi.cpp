#include "rules/indicators/rsi.hpp"

namespace hedgebot::rules {

void Rsi::append_state(std::vector<double>& out) const {
  out.insert(out.end(), {static_cast<double>(period_), static_cast<double>(count_), previous_close_,
                         average_gain_, average_loss_, value_});
}

bool Rsi::read_state(StateReader& reader) {
  int64_t period = 0, count = 0;
  double previous_close = 0, average_gain = 0, average_loss = 0, value = 0;
  if (!reader.read_count(period) || period != period_) return false;
  if (!reader.read_count(count) || count > period_ + 1) return false;
  if (!reader.read(previous_close) || !reader.read(average_gain) || !reader.read(average_loss) ||
      !reader.read(value))
    return false;
  count_ = count;
  previous_close_ = previous_close;
  average_gain_ = average_gain;
  average_loss_ = average_loss;
  value_ = value;
  return true;
}

}  // namespace hedgebot::rules
