#pragma once
// Time for the daemon, injected so the scheduler is tested without sleeping: a Clock says what
// time it is (wall clock, ms since the epoch) and a Waiter waits until a deadline unless a
// signal arrives first.

#include <cstdint>

namespace hedgebot::bot::daemon {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (UTC).
  virtual int64_t now_ms() = 0;
};

class SystemClock : public Clock {
 public:
  int64_t now_ms() override;
};

// Why a wait ended.
enum class Wake {
  Deadline,  // the deadline passed
  Stop,      // SIGTERM or SIGINT: finish and exit 0
  Reload,    // SIGHUP: reload the config
};

class Waiter {
 public:
  virtual ~Waiter() = default;
  // Waits until clock time `deadline_ms`. A signal already pending is reported at once, even
  // when the deadline has passed.
  virtual Wake wait_until(int64_t deadline_ms) = 0;
};

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread (and every thread started after), so
// they stay pending until a SignalWaiter takes them: a tick is never interrupted. Call before
// starting any thread.
void block_daemon_signals();

// Waits with sigtimedwait() on the signals block_daemon_signals() blocked. Re-reads the clock at
// least every `max_slice_ms`, so a wall-clock step is noticed.
class SignalWaiter : public Waiter {
 public:
  explicit SignalWaiter(Clock& clock, int64_t max_slice_ms = 30000)
      : clock_(clock), max_slice_ms_(max_slice_ms) {}
  Wake wait_until(int64_t deadline_ms) override;

 private:
  Clock& clock_;
  int64_t max_slice_ms_;
};

}  // namespace hedgebot::bot::daemon
