// `hedgebot run`: the daemon (bot/daemon/daemon.hpp) behind the command line.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>

#include "bot/cli/commands.hpp"
#include "bot/daemon/daemon.hpp"
#include "bot/session/config_source.hpp"
#include "bot/session/run_lock.hpp"

namespace hedgebot::bot {

int command_run(const CommandOptions& options) {
  // Before any thread starts, so every thread inherits the mask and only the scheduler's
  // sigtimedwait() takes SIGTERM/SIGINT/SIGHUP, between ticks.
  daemon::block_daemon_signals();
  std::optional<config::Config> config =
      load_command_config({options.config_path, options.state_dir});
  if (!config) return kExitUsage;
  const std::vector<std::string> problems = daemon::daemon_config_problems(*config, options.live);
  for (const std::string& problem : problems) std::cerr << problem << "\n";
  if (!problems.empty()) return kExitUsage;

  daemon::SystemClock clock;
  // Held for the daemon's whole life: a cron `once` on the same state dir exits 3 meanwhile.
  Result<RunLock> lock =
      RunLock::acquire(state_paths(*config).dir, "run, pid " + std::to_string(::getpid()) +
                                                     ", started " + format_iso8601(clock.now_ms()));
  if (!lock) {
    std::cerr << "error: " << lock.error().message << "\n";
    return lock.error().kind == ErrorKind::Rejected ? kExitLocked : kExitRuntime;
  }

  daemon::DaemonOptions daemon_options;
  daemon_options.command = options;
  daemon::Daemon daemon(std::move(*config), daemon_options, clock);
  if (const Status started = daemon.start(); !started) {
    std::cerr << "error: " << started.error().message << "\n";
    return kExitUsage;
  }
  daemon::SignalWaiter waiter(clock);
  return daemon.run(waiter);
}

}  // namespace hedgebot::bot
