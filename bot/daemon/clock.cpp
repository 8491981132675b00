#include "bot/daemon/clock.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>

namespace hedgebot::bot::daemon {
namespace {

sigset_t daemon_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

int64_t SystemClock::now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void block_daemon_signals() {
  const sigset_t set = daemon_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

Wake SignalWaiter::wait_until(int64_t deadline_ms) {
  const sigset_t set = daemon_signals();
  while (true) {
    const int64_t remaining = std::clamp<int64_t>(deadline_ms - clock_.now_ms(), 0, max_slice_ms_);
    timespec timeout{};
    timeout.tv_sec = static_cast<time_t>(remaining / 1000);
    timeout.tv_nsec = static_cast<long>((remaining % 1000) * 1000000);
    const int signal_number = sigtimedwait(&set, nullptr, &timeout);
    if (signal_number == SIGTERM || signal_number == SIGINT) return Wake::Stop;
    if (signal_number == SIGHUP) return Wake::Reload;
    if (signal_number < 0 && errno != EAGAIN && errno != EINTR) return Wake::Deadline;
    if (clock_.now_ms() >= deadline_ms) return Wake::Deadline;
  }
}

}  // namespace hedgebot::bot::daemon
