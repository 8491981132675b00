#pragma once
// The daemon's loop, independent of what a tick does: the first tick at once, then one at every
// close of the interval plus the delay (computed from the clock each time, so it never drifts),
// earlier retries with exponential backoff while the venue is unreachable (at the moment the venue
// named when it refuses requests until then: a ban or a rate limit), SIGHUP reloads and
// SIGTERM/SIGINT stop after the current tick.

#include <cstdint>
#include <functional>

#include "bot/daemon/clock.hpp"
#include "bot/daemon/schedule.hpp"

namespace hedgebot::bot::daemon {

struct TickOutcome {
  // The venue or the data could not be reached (nothing was evaluated): retry with backoff
  // before the next close.
  bool unreachable = false;
  // The venue refuses requests until this wall-clock time (a ban or a rate limit with
  // Retry-After), 0 when it did not say: the next tick runs exactly then, never earlier.
  int64_t retry_at_ms = 0;
  // An order whose fate is unknown can still execute until this wall-clock time: the next tick
  // runs exactly then (whatever the schedule or the backoff says), so the hedge is settled as
  // soon as it can be. 0 when none.
  int64_t order_settles_at_ms = 0;
};

struct LoopHooks {
  // Runs one tick at wall-clock time `now_ms`. Must not throw for expected failures.
  std::function<TickOutcome(int64_t now_ms)> tick;
  // SIGHUP: validate and swap the config (or keep the old one and say why).
  std::function<void()> reload;
  // The schedule of the current config (read after every tick and reload).
  std::function<Schedule()> schedule;
  // Told the time of the next wake-up and the number of consecutive unreachable ticks.
  std::function<void(int64_t next_ms, int failures)> planned;
};

// Runs until SIGTERM/SIGINT (a Wake::Stop from the waiter). Returns the number of ticks run.
int64_t run_loop(Clock& clock, Waiter& waiter, const LoopHooks& hooks);

}  // namespace hedgebot::bot::daemon
