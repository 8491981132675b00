#include "bot/daemon/scheduler.hpp"

#include <algorithm>

namespace hedgebot::bot::daemon {

int64_t run_loop(Clock& clock, Waiter& waiter, const LoopHooks& hooks) {
  int failures = 0;
  int64_t ticks = 0;
  int64_t wake_ms = clock.now_ms();  // the first tick at once: catch up with the last close
  while (true) {
    const Wake wake = waiter.wait_until(wake_ms);
    if (wake == Wake::Stop) return ticks;
    if (wake == Wake::Reload) {
      if (hooks.reload) hooks.reload();
      // The new interval and delay decide the next tick; the first tick and a pending retry
      // stay as planned when they come earlier.
      const int64_t next_ms = next_tick_ms(clock.now_ms(), hooks.schedule());
      wake_ms = (ticks == 0 || failures > 0) ? std::min(wake_ms, next_ms) : next_ms;
      if (hooks.planned) hooks.planned(wake_ms, failures);
      continue;
    }
    const TickOutcome outcome = hooks.tick(clock.now_ms());
    ++ticks;
    const int64_t now_ms = clock.now_ms();
    const Schedule schedule = hooks.schedule();
    wake_ms = next_tick_ms(now_ms, schedule);
    if (outcome.unreachable) {
      ++failures;
      wake_ms = std::min(wake_ms, now_ms + backoff_ms(failures, schedule));
    } else {
      failures = 0;
    }
    if (outcome.retry_at_ms > now_ms) {
      // Nothing can be sent before then; right then, the tick that failed is retried.
      wake_ms = outcome.unreachable ? outcome.retry_at_ms : std::max(wake_ms, outcome.retry_at_ms);
    }
    if (outcome.order_settles_at_ms > now_ms) {
      // An order of unknown fate can execute until then: the failed tick is retried right then
      // (and not before the venue accepts requests again).
      wake_ms = std::max(outcome.order_settles_at_ms, outcome.retry_at_ms);
    }
    if (hooks.planned) hooks.planned(wake_ms, failures);
  }
}

}  // namespace hedgebot::bot::daemon
