#include "bot/daemon/schedule.hpp"

#include <algorithm>

namespace hedgebot::bot::daemon {
namespace {

// Floor division (times before the epoch or before the first delay stay aligned).
int64_t floor_div(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

}  // namespace

int64_t last_close_ms(int64_t now_ms, const Schedule& schedule) {
  return floor_div(now_ms - schedule.delay_ms, schedule.interval_ms) * schedule.interval_ms;
}

int64_t next_tick_ms(int64_t now_ms, const Schedule& schedule) {
  return last_close_ms(now_ms, schedule) + schedule.interval_ms + schedule.delay_ms;
}

int64_t backoff_ms(int failures, const Schedule& schedule) {
  const int64_t cap = std::min(schedule.interval_ms, kBackoffCapMs);
  int64_t delay = kBackoffBaseMs;
  for (int i = 1; i < failures && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

}  // namespace hedgebot::bot::daemon
