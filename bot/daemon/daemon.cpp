#include "bot/daemon/daemon.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>

#include "bot/pipeline/journal.hpp"
#include "bot/session/config_source.hpp"

namespace hedgebot::bot::daemon {
namespace {}  // namespace

std::vector<std::string> daemon_config_problems(const config::Config& config, bool live_flag) {
  std::vector<std::string> problems = live_mode_problems(config, live_flag, true);
  if (!config.metrics.listen.empty()) {
    Result<ListenAddress> address = parse_loopback_listen(config.metrics.listen);
    if (!address) problems.push_back("error: " + address.error().message);
  }
  return problems;
}

Daemon::Daemon(config::Config config, DaemonOptions options, Clock& clock)
    : config_(std::move(config)), options_(std::move(options)), clock_(clock) {
  if (!options_.run_tick) options_.run_tick = run_tick_session;
  // Normally made by the run lock already; the journal and state files live there.
  std::error_code ignored;
  std::filesystem::create_directories(config_.bot.state_dir, ignored);
  run_id_ = 'd';
  run_id_ += tick_slot(clock_.now_ms(), kMinuteMs) + "-" + std::to_string(::getpid());
  publisher_ = std::make_unique<Publisher>(config_, options_.publisher);
  publisher_->on_metrics = [this](const std::string& text) { server_.set_text(text); };
}

Daemon::~Daemon() = default;

Schedule Daemon::schedule() const {
  return Schedule{config_.bot.interval_ms, config_.bot.tick_delay_ms};
}

Status Daemon::start() {
  if (!options_.serve_metrics || config_.metrics.listen.empty()) return ok_status();
  Result<ListenAddress> address = parse_loopback_listen(config_.metrics.listen);
  if (!address) return address.error();
  Status started = server_.start(*address);
  if (!started) return started;
  spdlog::info("metrics on http://{}/metrics", server_.listening_on());
  return ok_status();
}

void Daemon::journal(int64_t ts_ms, const std::string& event, const nlohmann::json& fields) {
  Result<Journal> opened = Journal::open(state_paths(config_).journal, run_id_);
  if (!opened) {
    spdlog::error("cannot open the journal: {}", opened.error().message);
    return;
  }
  const Status appended = opened->append(ts_ms, event, "*", fields);
  if (!appended) spdlog::error("cannot write the journal: {}", appended.error().message);
}

TickOutcome Daemon::tick(int64_t now_ms) {
  const int64_t started_ms = clock_.now_ms();
  TickSessionOptions session_options;
  session_options.place_orders = true;
  session_options.wall_now_ms = now_ms;
  session_options.only_after_ms = last_success_tick_ms_;
  session_options.sleep = options_.order_sleep;
  if (config_.bot.mode == config::Mode::Live && !venues_) {
    // When this fails the session tries again and reports why.
    Result<std::unique_ptr<VenueSet>> made = VenueSet::open(config_, true);
    if (made) venues_ = std::move(*made);
  }
  session_options.venues = venues_.get();
  const TickSessionResult result = options_.run_tick(config_, session_options);
  const int64_t ended_ms = clock_.now_ms();
  const double duration_s = static_cast<double>(ended_ms - started_ms) / 1000.0;
  const std::string outcome = tick_outcome_name(result);

  TickOutcome tick_outcome;
  if (result.no_new_data) {
    if (!said_data_end_) {
      spdlog::info(
          "paper data ends at {}: no candle after the last tick; heartbeating until the candle "
          "files grow",
          format_iso8601(result.data_end_ms));
      said_data_end_ = true;
    }
  } else {
    said_data_end_ = false;
  }
  if (result.ran) {
    const TickReport& report = result.report;
    // A tick whose limit order rests (pending) completed: the bot works, the order waits.
    if (tick_completed(report.outcome())) last_success_tick_ms_ = result.now_ms;
    // Nothing could be read from the venue (snapshot or open orders failed): an outage.
    tick_outcome.unreachable = result.exit_code == kExitRuntime && report.hedges.empty();
    // The retry moment is in venue time; a second more covers the offset of our clock.
    if (report.retry_at_ms > 0) tick_outcome.order_settles_at_ms = report.retry_at_ms + 1000;
    const auto level = result.exit_code == kExitOk ? spdlog::level::info : spdlog::level::warn;
    spdlog::log(level, "tick {} ({}): {}, {} order(s), {} refusal(s), {} error(s) in {:.3f}s",
                format_iso8601(result.now_ms), report.run_id, outcome, report.orders.size(),
                report.refusals.size(), report.errors.size(), duration_s);
    for (const std::string& error : report.errors) spdlog::warn("{}", error);
    for (const Refusal& wait : report.pending)
      spdlog::info("pending {}: {}", wait.hedge, wait.reason);
  } else if (!result.no_new_data) {
    tick_outcome.unreachable = result.exit_code == kExitRuntime;
    spdlog::error("tick failed before trading: {}", result.error);
    journal(ended_ms, "error",
            {{"stage", "session"}, {"kind", result.error_kind}, {"message", result.error}});
  }
  tick_outcome.retry_at_ms = result.retry_at_ms;
  failures_ = tick_outcome.unreachable ? failures_ + 1 : 0;

  publisher_->publish(result, duration_s, ended_ms);

  nlohmann::json heartbeat = heartbeat_fields(result, duration_s);
  heartbeat["consecutive_failures"] = failures_;
  journal(ended_ms, "heartbeat", heartbeat);
  return tick_outcome;
}

bool Daemon::reload() {
  const int64_t now_ms = clock_.now_ms();
  const std::string source =
      options_.command.config_path.empty() ? "the embedded default" : options_.command.config_path;
  std::optional<config::Config> loaded =
      load_command_config({options_.command.config_path, options_.command.state_dir});
  std::vector<std::string> problems;
  if (!loaded) {
    problems.emplace_back("the config does not validate (see the diagnostics above)");
  } else {
    problems = daemon_config_problems(*loaded, options_.command.live);
    if (loaded->bot.state_dir != config_.bot.state_dir) {
      problems.push_back("bot.state_dir changed from " + config_.bot.state_dir + " to " +
                         loaded->bot.state_dir + ": restart the daemon to move it");
    }
  }
  if (!problems.empty()) {
    std::string joined;
    for (const std::string& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
    spdlog::error("config reload from {} refused, keeping the running config: {}", source, joined);
    journal(now_ms, "error", {{"stage", "reload"}, {"kind", "configuration"}, {"message", joined}});
    return false;
  }
  const bool listen_changed = loaded->metrics.listen != config_.metrics.listen;
  config_ = std::move(*loaded);
  venues_.reset();
  publisher_->reconfigure(config_);
  if (listen_changed && options_.serve_metrics) {
    server_.stop();
    const Status started = start();
    if (!started) spdlog::error("{}", started.error().message);
  }
  spdlog::info("config reloaded from {}: interval {} + {}, {} hedge(s), {} rule(s)", source,
               format_duration(config_.bot.interval_ms), format_duration(config_.bot.tick_delay_ms),
               config_.hedges.size(), config_.rules.size());
  journal(now_ms, "config_reload",
          {{"source", source},
           {"interval", format_duration(config_.bot.interval_ms)},
           {"hedges", config_.hedges.size()},
           {"rules", config_.rules.size()}});
  return true;
}

int Daemon::run(Waiter& waiter) {
  spdlog::info("hedgebot run: {} mode, a tick every {} + {} after each close, state in {}",
               config_.bot.mode == config::Mode::Live ? "live" : "paper",
               format_duration(config_.bot.interval_ms), format_duration(config_.bot.tick_delay_ms),
               config_.bot.state_dir);
  LoopHooks hooks;
  hooks.tick = [this](int64_t now_ms) { return tick(now_ms); };
  hooks.reload = [this] { reload(); };
  hooks.schedule = [this] { return schedule(); };
  hooks.planned = [](int64_t next_ms, int failures) {
    if (failures > 0) {
      spdlog::warn("venue unreachable ({} tick(s) in a row); next attempt at {}", failures,
                   format_iso8601(next_ms));
    } else {
      spdlog::debug("next tick at {}", format_iso8601(next_ms));
    }
  };
  const int64_t ticks = run_loop(clock_, waiter, hooks);
  spdlog::info("stopping on signal after {} tick(s)", ticks);
  server_.stop();
  return kExitOk;
}

}  // namespace hedgebot::bot::daemon
