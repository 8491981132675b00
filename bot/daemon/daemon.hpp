#pragma once
// `hedgebot run`: the scheduler loop wired to the one-tick path `once` uses. The caller holds
// the run lock for the daemon's whole life. Clock, waiter, the tick itself and the HTTP
// transport of the notifiers are injectable, so tests run the daemon without sleeping.
//
// Paper mode on candle files: "now" is the wall clock, and each tick uses the data's last close
// at or before it. When the data has nothing newer than the last successful tick (the files
// ended), the daemon says so once, keeps heartbeating, and trades again as soon as the files
// grow (they are read again at every tick).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/daemon/clock.hpp"
#include "bot/daemon/metrics_server.hpp"
#include "bot/daemon/publish.hpp"
#include "bot/daemon/scheduler.hpp"
#include "bot/session/command_options.hpp"
#include "bot/session/tick_session.hpp"
#include "config/config.hpp"

namespace hedgebot::bot::daemon {

using TickRunner =
    std::function<TickSessionResult(const config::Config&, const TickSessionOptions&)>;

struct DaemonOptions {
  CommandOptions command;      // -c, --state-dir, --live (for reloads)
  TickRunner run_tick;         // empty: run_tick_session
  PublisherOptions publisher;  // notifier transport
  Sleeper order_sleep;         // limit-order polling; empty: a real sleep
  bool serve_metrics = true;   // start the /metrics endpoint when [metrics] listen is set
};

// Problems that stop `run` from starting (or a reload from being taken): the live-mode checks
// and a /metrics listen address that is not loopback.
std::vector<std::string> daemon_config_problems(const config::Config& config, bool live_flag);

class Daemon {
 public:
  Daemon(config::Config config, DaemonOptions options, Clock& clock);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts the /metrics endpoint when configured. Config error when it cannot listen.
  Status start();
  // The loop, until SIGTERM/SIGINT. Returns the exit code (0).
  int run(Waiter& waiter);

  // One scheduled tick at wall-clock `now_ms`: the tick, metrics, notifications, heartbeat.
  TickOutcome tick(int64_t now_ms);
  // SIGHUP: load and validate the config file again; keep the running one on any problem.
  // Returns true when the new config was taken.
  bool reload();

  const config::Config& config() const { return config_; }
  Schedule schedule() const;
  int metrics_port() const { return server_.port(); }
  int consecutive_failures() const { return failures_; }

 private:
  void journal(int64_t ts_ms, const std::string& event, const nlohmann::json& fields);

  config::Config config_;
  DaemonOptions options_;
  Clock& clock_;
  std::string run_id_;
  std::unique_ptr<Publisher> publisher_;
  // Live: one venue client for the daemon's life (connections and clock offset reused), made
  // again after a reload.
  std::unique_ptr<VenueSet> venues_;
  MetricsServer server_;
  int64_t last_success_tick_ms_ = 0;  // market time of the last tick that completed
  bool said_data_end_ = false;
  int failures_ = 0;
};

}  // namespace hedgebot::bot::daemon
