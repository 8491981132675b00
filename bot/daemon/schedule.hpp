#pragma once
// When the daemon ticks: pure functions of the clock, so the schedule never drifts.
//
//   tick time of a close C  = C + delay, with C a multiple of interval (since the epoch)
//   next tick after now     = (floor((now - delay) / interval) + 1) * interval + delay
//   retry after n failures  = now + min(5 s * 2^(n-1), min(interval, 5 min)), never later than
//                             the next scheduled tick
//   a venue that refuses requests until T (ban / rate limit with Retry-After): T, neither
//                             earlier nor later (see TickOutcome::retry_at_ms)

#include <cstdint>

namespace hedgebot::bot::daemon {

struct Schedule {
  int64_t interval_ms = int64_t{5} * 60 * 1000;  // bot.interval
  int64_t delay_ms = int64_t{5} * 1000;          // bot.tick_delay (shorter than interval)
};

// The close whose tick is the most recent one at or before `now_ms`.
int64_t last_close_ms(int64_t now_ms, const Schedule& schedule);

// The first tick time strictly after `now_ms`.
int64_t next_tick_ms(int64_t now_ms, const Schedule& schedule);

// Delay before retry number `failures` (>= 1) after a tick that could not reach the venue.
int64_t backoff_ms(int failures, const Schedule& schedule);

inline constexpr int64_t kBackoffBaseMs = int64_t{5} * 1000;
inline constexpr int64_t kBackoffCapMs = int64_t{5} * 60 * 1000;

}  // namespace hedgebot::bot::daemon
