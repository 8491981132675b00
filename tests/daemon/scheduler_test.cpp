#include "bot/daemon/scheduler.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include "tests/daemon/fixtures.hpp"

namespace hedgebot::bot::daemon {
namespace {

using testing::FakeClock;
using testing::FakeWaiter;

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kT0 = 1704067200000;

struct Recorder {
  std::vector<int64_t> ticks;
  std::vector<bool> unreachable;    // outcome per tick; missing entries are reachable
  std::vector<int64_t> retry_in;    // per tick: the venue refuses requests for this long (0: no)
  std::vector<int64_t> settles_in;  // per tick: an order of unknown fate settles in this long
  int64_t tick_takes_ms = 0;
  FakeClock* clock = nullptr;
  int reloads = 0;
  Schedule schedule{5 * kMinute, 5000};

  LoopHooks hooks() {
    LoopHooks hooks;
    hooks.tick = [this](int64_t now_ms) {
      ticks.push_back(now_ms);
      clock->advance(tick_takes_ms);
      TickOutcome outcome;
      outcome.unreachable = ticks.size() <= unreachable.size() && unreachable[ticks.size() - 1];
      if (ticks.size() <= retry_in.size() && retry_in[ticks.size() - 1] > 0)
        outcome.retry_at_ms = clock->now_ms() + retry_in[ticks.size() - 1];
      if (ticks.size() <= settles_in.size() && settles_in[ticks.size() - 1] > 0)
        outcome.order_settles_at_ms = clock->now_ms() + settles_in[ticks.size() - 1];
      return outcome;
    };
    hooks.reload = [this] { ++reloads; };
    hooks.schedule = [this] { return schedule; };
    return hooks;
  }
};

TEST(Scheduler, FirstTickAtOnceThenAtEveryCloseplusDelay) {
  FakeClock clock(kT0 + 2 * kMinute + 17);
  FakeWaiter waiter(clock, 4);
  Recorder recorder;
  recorder.clock = &clock;
  EXPECT_EQ(run_loop(clock, waiter, recorder.hooks()), 4);
  ASSERT_EQ(recorder.ticks.size(), 4u);
  EXPECT_EQ(recorder.ticks[0], kT0 + 2 * kMinute + 17);
  EXPECT_EQ(recorder.ticks[1], kT0 + 5 * kMinute + 5000);
  EXPECT_EQ(recorder.ticks[2], kT0 + 10 * kMinute + 5000);
  EXPECT_EQ(recorder.ticks[3], kT0 + 15 * kMinute + 5000);
}

TEST(Scheduler, SlowTicksDoNotMakeTheScheduleDrift) {
  FakeClock clock(kT0);
  FakeWaiter waiter(clock, 6);
  Recorder recorder;
  recorder.clock = &clock;
  recorder.tick_takes_ms = 47 * 1000;  // every tick takes 47 s
  run_loop(clock, waiter, recorder.hooks());
  ASSERT_EQ(recorder.ticks.size(), 6u);
  for (size_t i = 1; i < recorder.ticks.size(); ++i) {
    EXPECT_EQ(recorder.ticks[i], kT0 + static_cast<int64_t>(i) * 5 * kMinute + 5000)
        << "tick " << i;
  }
}

TEST(Scheduler, ATickLongerThanTheIntervalSkipsToTheNextClose) {
  FakeClock clock(kT0 + 5000);
  FakeWaiter waiter(clock, 2);
  Recorder recorder;
  recorder.clock = &clock;
  recorder.tick_takes_ms = 7 * kMinute;
  run_loop(clock, waiter, recorder.hooks());
  ASSERT_GE(recorder.ticks.size(), 2u);
  // Ended at 7m05s: the 5m tick was missed, the next is 10m05s (not a burst of catch-ups).
  EXPECT_EQ(recorder.ticks[1], kT0 + 10 * kMinute + 5000);
}

TEST(Scheduler, UnreachableVenueBacksOffExponentiallyThenRecovers) {
  FakeClock clock(kT0 + 5000);
  FakeWaiter waiter(clock, 6);
  Recorder recorder;
  recorder.clock = &clock;
  recorder.schedule = {60 * kMinute, 5000};
  recorder.unreachable = {true, true, true, true, false, false};
  run_loop(clock, waiter, recorder.hooks());
  ASSERT_EQ(recorder.ticks.size(), 6u);
  EXPECT_EQ(recorder.ticks[1] - recorder.ticks[0], 5000);
  EXPECT_EQ(recorder.ticks[2] - recorder.ticks[1], 10000);
  EXPECT_EQ(recorder.ticks[3] - recorder.ticks[2], 20000);
  EXPECT_EQ(recorder.ticks[4] - recorder.ticks[3], 40000);
  // Recovered at the 5th attempt: back on the hourly schedule.
  EXPECT_EQ(recorder.ticks[5], kT0 + 60 * kMinute + 5000);
}

TEST(Scheduler, ARetryNeverPostponesTheNextScheduledTick) {
  FakeClock clock(kT0 + 5000);
  FakeWaiter waiter(clock, 12);
  Recorder recorder;
  recorder.clock = &clock;
  recorder.schedule = {kMinute, 5000};
  recorder.unreachable = std::vector<bool>(12, true);
  run_loop(clock, waiter, recorder.hooks());
  for (size_t i = 1; i < recorder.ticks.size(); ++i) {
    EXPECT_LE(recorder.ticks[i] - recorder.ticks[i - 1], kMinute) << "attempt " << i;
  }
}

TEST(Scheduler, AVenueThatSaysWhenItTakesRequestsAgainIsRetriedExactlyThen) {
  FakeClock clock(kT0 + 5000);
  FakeWaiter waiter(clock, 5);
  Recorder recorder;
  recorder.clock = &clock;
  recorder.schedule = {5 * kMinute, 5000};
  recorder.tick_takes_ms = 300;
  // Banned for 15 s, then for 20 min (past the next close), then a rate limit of 2 s on a tick
  // that ran (the next close comes later and stays).
  recorder.unreachable = {true, true, false, false};
  recorder.retry_in = {15000, 20 * kMinute, 2000, 0};
  run_loop(clock, waiter, recorder.hooks());
  ASSERT_EQ(recorder.ticks.size(), 5u);
  EXPECT_EQ(recorder.ticks[1], recorder.ticks[0] + 300 + 15000);         // not the 5 s backoff
  EXPECT_EQ(recorder.ticks[2], recorder.ticks[1] + 300 + 20 * kMinute);  // no tick before
  EXPECT_EQ(recorder.ticks[3], kT0 + 25 * kMinute + 5000);  // the next close after that
  EXPECT_EQ(recorder.ticks[4], kT0 + 30 * kMinute + 5000);
}

// `run` waits for the moment an order of unknown fate can no longer execute, then retries at
// once instead of leaving the hedge unsettled until the next close. Before: the next close.
TEST(Scheduler, AnOrderOfUnknownFateIsSettledTheMomentItsValidityWindowCloses) {
  FakeClock clock(kT0 + 5000);
  FakeWaiter waiter(clock, 3);
  Recorder recorder;
  recorder.clock = &clock;
  recorder.schedule = {60 * kMinute, 5000};
  recorder.tick_takes_ms = 300;
  recorder.settles_in = {8000, 0};
  run_loop(clock, waiter, recorder.hooks());
  ASSERT_EQ(recorder.ticks.size(), 3u);
  EXPECT_EQ(recorder.ticks[1], recorder.ticks[0] + 300 + 8000);
  EXPECT_EQ(recorder.ticks[2], kT0 + 60 * kMinute + 5000);
}

TEST(Scheduler, StopEndsTheLoopWithoutAnotherTick) {
  FakeClock clock(kT0);
  FakeWaiter waiter(clock, 100);
  waiter.script = {{3, Wake::Stop}};
  Recorder recorder;
  recorder.clock = &clock;
  EXPECT_EQ(run_loop(clock, waiter, recorder.hooks()), 2);
}

TEST(Scheduler, ReloadDoesNotTickAndTheNewIntervalAppliesFromTheNextTick) {
  FakeClock clock(kT0 + 5000);
  FakeWaiter waiter(clock, 4);
  Recorder recorder;
  recorder.clock = &clock;
  waiter.script = {{2, Wake::Reload}};
  LoopHooks hooks = recorder.hooks();
  hooks.reload = [&] {
    ++recorder.reloads;
    recorder.schedule = {15 * kMinute, 5000};
  };
  run_loop(clock, waiter, hooks);
  EXPECT_EQ(recorder.reloads, 1);
  ASSERT_GE(recorder.ticks.size(), 3u);
  EXPECT_EQ(recorder.ticks[1], kT0 + 15 * kMinute + 5000);
  EXPECT_EQ(recorder.ticks[2], kT0 + 30 * kMinute + 5000);
}

// The real waiter: signals blocked and pending are taken between ticks, without sleeping.
TEST(SignalWaiter, PendingSignalsEndTheWaitAtOnce) {
  sigset_t old_mask;
  pthread_sigmask(SIG_SETMASK, nullptr, &old_mask);
  block_daemon_signals();
  SystemClock clock;
  SignalWaiter waiter(clock);
  const int64_t far = clock.now_ms() + 3600 * 1000;
  ASSERT_EQ(pthread_kill(pthread_self(), SIGHUP), 0);
  EXPECT_EQ(waiter.wait_until(far), Wake::Reload);
  ASSERT_EQ(pthread_kill(pthread_self(), SIGTERM), 0);
  EXPECT_EQ(waiter.wait_until(far), Wake::Stop);
  ASSERT_EQ(pthread_kill(pthread_self(), SIGINT), 0);
  EXPECT_EQ(waiter.wait_until(far), Wake::Stop);
  // A signal is reported even when the deadline has passed.
  ASSERT_EQ(pthread_kill(pthread_self(), SIGTERM), 0);
  EXPECT_EQ(waiter.wait_until(clock.now_ms() - 1000), Wake::Stop);
  EXPECT_EQ(waiter.wait_until(clock.now_ms() - 1000), Wake::Deadline);
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
}

}  // namespace
}  // namespace hedgebot::bot::daemon
