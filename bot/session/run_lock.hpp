#pragma once
// One run at a time per state directory: flock(LOCK_EX | LOCK_NB) on `<state_dir>/lock`, held
// for the whole run and released by the kernel when the process ends (even on kill -9).

#include <string>

#include "exchange/result.hpp"

namespace hedgebot::bot {

class RunLock {
 public:
  // Takes the lock, or fails with a message naming the holder (pid, command, start time).
  // `description` is written into the lock file for the next run to read ("once, pid 42 ...").
  static Result<RunLock> acquire(const std::string& state_dir, const std::string& description);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace hedgebot::bot
