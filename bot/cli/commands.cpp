#include "bot/cli/commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "bot/daemon/publish.hpp"
#include "bot/pipeline/report_output.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/session/config_checks.hpp"
#include "bot/session/config_source.hpp"
#include "bot/session/public_market.hpp"
#include "bot/session/run_lock.hpp"
#include "bot/session/tick_session.hpp"
#include "bot/session/transfer_checks.hpp"
#include "bot/session/venue_set.hpp"
#include "config/loader.hpp"

namespace hedgebot::bot {
namespace {

const char* mode_name(const config::Config& config) {
  return config.bot.mode == config::Mode::Live ? "live" : "paper";
}

void print_problems(const std::vector<std::string>& problems) {
  for (const std::string& problem : problems) std::cerr << problem << "\n";
}

int run_one_tick(const CommandOptions& options, bool place_orders) {
  std::vector<std::string> diagnostics;
  std::optional<config::Config> config =
      load_command_config({options.config_path, options.state_dir, &diagnostics});
  if (!config) return failed_run(options, kExitUsage, "config", diagnostics);
  const std::vector<std::string> problems = live_mode_problems(*config, options.live, place_orders);
  print_problems(problems);
  if (!problems.empty()) return failed_run(options, kExitUsage, "usage", problems);
  const StatePaths paths = state_paths(*config);

  std::optional<RunLock> lock;
  if (place_orders) {
    Result<RunLock> acquired = RunLock::acquire(
        paths.dir, std::string(place_orders ? "once" : "plan") + ", pid " +
                       std::to_string(::getpid()) + ", started " +
                       format_iso8601(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count()));
    if (!acquired) {
      std::cerr << "error: " << acquired.error().message << "\n";
      return failed_run(
          options, acquired.error().kind == ErrorKind::Rejected ? kExitLocked : kExitRuntime,
          acquired.error().kind == ErrorKind::Rejected ? "locked"
                                                       : to_string(acquired.error().kind),
          {acquired.error().message});
    }
    lock.emplace(std::move(*acquired));
  }

  const auto started = std::chrono::steady_clock::now();
  TickSessionOptions session_options;
  session_options.place_orders = place_orders;
  session_options.at = options.at;
  const TickSessionResult session = run_tick_session(*config, session_options);
  if (place_orders) {
    // Metrics textfile and notifications (bot/daemon/publish.hpp); never changes the exit code.
    publish_once_tick(*config, session, started);
    // The heartbeat (wall clock) tells `status` when the last successful tick ran.
    const double duration_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Result<Journal> journal = Journal::open(paths.journal, session.report.run_id);
    if (journal) {
      (void)journal->append(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count(),
                            "heartbeat", "*", heartbeat_fields(session, duration_s));
    }
  }
  if (!session.ran) {
    std::cerr << "error: " << session.error << "\n";
    return failed_run(options, session.exit_code,
                      session.error_kind.empty() ? "error" : session.error_kind, {session.error});
  }
  if (options.json) {
    std::cout << tick_report_json(session.report, session.after).dump(2) << "\n";
  } else {
    print_tick_report(std::cout, place_orders ? "once" : "plan", mode_name(*config), session.report,
                      session.after);
  }
  return session.report.exit_code;
}

}  // namespace

int failed_run(const CommandOptions& options, int exit_code, const std::string& kind,
               const std::vector<std::string>& messages) {
  if (options.json) {
    nlohmann::ordered_json root;
    root["exit_code"] = exit_code;
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const std::string& message : messages) {
      errors.push_back(
          {{"kind", kind},
           {"message", message.rfind("error: ", 0) == 0 ? message.substr(7) : message}});
    }
    root["errors"] = errors;
    std::cout << root.dump(2) << "\n";
  }
  return exit_code;
}

int failed_command(const CommandOptions& options, int exit_code, const std::string& kind,
                   const std::vector<std::string>& messages) {
  for (const std::string& message : messages)
    std::cerr << (message.rfind("error: ", 0) == 0 ? "" : "error: ") << message << "\n";
  return failed_run(options, exit_code, kind, messages);
}

int command_check(const CommandOptions& options) {
  std::optional<config::Config> config =
      load_command_config({options.config_path, options.state_dir});
  if (!config) return kExitUsage;
  if (const Status layout = venue_layout_problem(*config); !layout) {
    std::cerr << config->path << ": " << layout.error().message << "\n";
    return kExitUsage;
  }
  if (config->bot.mode == config::Mode::Live) {
    const std::vector<config::Diagnostic> missing = config::check_live_requirements(*config);
    for (const config::Diagnostic& diagnostic : missing)
      std::cerr << diagnostic.to_string() << "\n";
    if (!missing.empty()) return kExitUsage;
    const std::vector<std::string> transfers = transfer_venue_problems(*config);
    for (const std::string& problem : transfers)
      std::cerr << config->path << ": " << problem << "\n";
    if (!transfers.empty()) return kExitUsage;
  } else if (Result<PaperDataSource> source = paper_data_source(*config); !source) {
    // Candle files for some hedges and the venue's public data for others.
    std::cerr << config->path << ": " << source.error().message << "\n";
    return kExitUsage;
  }
  const std::vector<std::string> inputs = config_input_problems(*config);
  for (const std::string& problem : inputs) std::cerr << config->path << ": " << problem << "\n";
  if (!inputs.empty()) {
    std::cerr << inputs.size() << " problem" << (inputs.size() == 1 ? "" : "s") << " in "
              << (options.config_path.empty() ? "the embedded default config" : options.config_path)
              << "\n";
    return kExitUsage;
  }
  std::cout << (options.config_path.empty() ? "embedded default config" : options.config_path)
            << ": ok (" << config->hedges.size() << " hedge"
            << (config->hedges.size() == 1 ? "" : "s") << ", " << config->rules.size() << " rule"
            << (config->rules.size() == 1 ? "" : "s") << ", mode " << mode_name(*config) << ")\n";
  std::cout << "kill switch: " << config->risk.kill_switch << "\n";
  return kExitOk;
}

int command_plan(const CommandOptions& options) {
  return run_one_tick(options, false);
}

int command_once(const CommandOptions& options) {
  return run_one_tick(options, true);
}

}  // namespace hedgebot::bot
