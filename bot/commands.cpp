#include "bot/commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <thread>

#include "bot/config_source.hpp"
#include "bot/engine_store.hpp"
#include "bot/paper_setup.hpp"
#include "bot/report_output.hpp"
#include "bot/run_lock.hpp"
#include "bot/tick.hpp"
#include "config/loader.hpp"

namespace hedgebot::bot {
namespace {

const char* mode_name(const config::Config& config) {
  return config.bot.mode == config::Mode::Live ? "live" : "paper";
}

// Live trading needs both `mode = "live"` and --live; a mismatch is a usage error.
bool live_guard(const config::Config& config, const CommandOptions& options, bool places_orders) {
  const bool live_config = config.bot.mode == config::Mode::Live;
  if (options.live && !live_config) {
    std::cerr << "error: --live given but the config says mode = \"paper\"; set [bot] mode = "
                 "\"live\" to trade live\n";
    return false;
  }
  if (places_orders && live_config && !options.live) {
    std::cerr << "error: the config says mode = \"live\": add --live to the command line to place "
                 "real orders "
                 "(or run `hedgebot plan` to see what it would do)\n";
    return false;
  }
  if (live_config) {
    const std::vector<config::Diagnostic> missing = config::check_live_requirements(config);
    for (const config::Diagnostic& diagnostic : missing)
      std::cerr << diagnostic.to_string() << "\n";
    if (!missing.empty()) return false;
  }
  return true;
}

// A session against one venue: the client plus what a paper run must load and save.
struct Session {
  std::unique_ptr<paper::PaperExchange> paper;
  ExchangeClient* client = nullptr;
  int64_t now_ms = 0;
  std::vector<paper::PaperEvent> paper_events;
};

// Builds the exchange for the config and settles the paper account up to "now".
// Returns an exit code != 0 on failure (after printing why).
int open_session(const config::Config& config, const CommandOptions& options, bool load_state,
                 Session& session) {
  if (config.bot.mode == config::Mode::Live) {
    std::cerr << "error: the live venue adapter is not available in this build yet; use mode = "
                 "\"paper\"\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<paper::PaperExchange>> made = make_paper_exchange(config);
  if (!made) {
    std::cerr << "error: " << made.error().message << "\n";
    return kExitUsage;
  }
  session.paper = std::move(*made);
  session.client = session.paper.get();
  if (load_state) {
    const Status loaded = session.paper->load_state(state_paths(config).paper);
    if (!loaded) {
      std::cerr << "error: " << loaded.error().message << "\n";
      return kExitRuntime;
    }
  }
  int64_t now = session.paper->last_close_ms();
  if (!options.at.empty()) {
    Result<int64_t> at = parse_time_ms(options.at);
    if (!at) {
      std::cerr << "error: --at: " << at.error().message << "\n";
      return kExitUsage;
    }
    now = *at;
    if (now > session.paper->last_close_ms()) {
      std::cerr << "error: --at " << format_iso8601(now) << " is after the data ends ("
                << format_iso8601(session.paper->last_close_ms()) << ")\n";
      return kExitUsage;
    }
  }
  if (session.paper->current_time_ms() > now) {
    std::cerr << "error: the paper account in " << state_paths(config).paper << " is already at "
              << format_iso8601(session.paper->current_time_ms()) << "; a run cannot go back to "
              << format_iso8601(now) << " (use another --state-dir to start over)\n";
    return kExitUsage;
  }
  const Status advanced = session.paper->advance_to(now, &session.paper_events);
  if (!advanced) {
    std::cerr << "error: " << advanced.error().describe() << "\n";
    return kExitRuntime;
  }
  session.now_ms = now;
  return kExitOk;
}

std::vector<PositionAfter> positions_after(const config::Config& config, ExchangeClient& client,
                                           const TickReport& report) {
  std::vector<PositionAfter> after;
  for (size_t i = 0; i < config.hedges.size() && i < report.hedges.size(); ++i) {
    const HedgeReport& hedge = report.hedges[i];
    Result<Position> position = client.position(config.hedges[i].symbol);
    Result<Instrument> instrument = client.instrument(config.hedges[i].symbol);
    if (!position || !instrument) continue;
    PositionAfter entry;
    entry.asset = hedge.asset;
    entry.position_base = instrument->steps_to_base(position->qty_steps);
    const double hedged = hedge.spot_qty * config.hedges[i].beta * hedge.mark_price;
    entry.ratio = hedged > 0.0 ? -entry.position_base * hedge.mark_price / hedged : 0.0;
    after.push_back(entry);
  }
  return after;
}

void journal_paper_events(Journal& journal, const std::vector<paper::PaperEvent>& events,
                          const config::Config& config) {
  for (const paper::PaperEvent& event : events) {
    std::string hedge = "*";
    for (const config::HedgeConfig& candidate : config.hedges) {
      if (candidate.symbol == event.symbol) hedge = candidate.asset;
    }
    switch (event.kind) {
      case paper::PaperEvent::Kind::Funding:
        (void)journal.append(event.time_ms, "funding", hedge,
                             {{"symbol", event.symbol},
                              {"rate", event.rate},
                              {"mark_price", event.price},
                              {"amount", event.amount}});
        break;
      case paper::PaperEvent::Kind::Fill:
        (void)journal.append(event.time_ms, "fill", hedge,
                             {{"symbol", event.symbol},
                              {"price", event.price},
                              {"fee", event.amount},
                              {"client_order_id", event.client_order_id}});
        break;
      case paper::PaperEvent::Kind::Liquidation:
        (void)journal.append(
            event.time_ms, "error", hedge,
            {{"symbol", event.symbol},
             {"kind", "liquidation"},
             {"price", event.price},
             {"message", "paper position liquidated: margin ratio reached 100 %"}});
        break;
    }
  }
}

void sleep_ms(int64_t ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

int run_one_tick(const CommandOptions& options, bool place_orders) {
  std::optional<config::Config> config =
      load_command_config({options.config_path, options.state_dir});
  if (!config) return kExitUsage;
  if (!live_guard(*config, options, place_orders)) return kExitUsage;
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
      return acquired.error().kind == ErrorKind::Rejected ? kExitLocked : kExitRuntime;
    }
    lock.emplace(std::move(*acquired));
  }

  Session session;
  if (const int code = open_session(*config, options, true, session); code != kExitOk) return code;

  Result<rules::Memory> memory = load_engine_memory(paths.engine);
  if (!memory) {
    std::cerr << "error: " << memory.error().message << "\n";
    return kExitRuntime;
  }
  rules::RuleEngine engine(config->rules);
  const std::string run_id = "t" + tick_slot(session.now_ms, config->bot.interval_ms);

  std::optional<Journal> journal;
  if (place_orders) {
    Result<Journal> opened = Journal::open(paths.journal, run_id);
    if (!opened) {
      std::cerr << "error: " << opened.error().message << "\n";
      return kExitRuntime;
    }
    journal.emplace(std::move(*opened));
    journal_paper_events(*journal, session.paper_events, *config);
  }

  TickOptions tick_options;
  tick_options.place_orders = place_orders;
  tick_options.sleep = sleep_ms;
  TickReport report = run_tick(*config, *session.client, engine, *memory,
                               journal ? &*journal : nullptr, session.now_ms, tick_options);
  report.run_id = run_id;

  if (place_orders) {
    // The account first (it is the truth about positions), then the rules' memory.
    if (session.paper) {
      const Status saved = session.paper->save_state(paths.paper);
      if (!saved) {
        std::cerr << "error: " << saved.error().describe() << "\n";
        report.exit_code = kExitRuntime;
      }
    }
    const Status saved = save_engine_memory(paths.engine, *memory);
    if (!saved) {
      std::cerr << "error: " << saved.error().describe() << "\n";
      report.exit_code = kExitRuntime;
    }
  }
  const std::vector<PositionAfter> after = place_orders
                                               ? positions_after(*config, *session.client, report)
                                               : std::vector<PositionAfter>{};
  if (options.json) {
    std::cout << tick_report_json(report, after).dump(2) << "\n";
  } else {
    print_tick_report(std::cout, place_orders ? "once" : "plan", mode_name(*config), report, after);
  }
  return report.exit_code;
}

}  // namespace

int command_check(const CommandOptions& options) {
  std::optional<config::Config> config =
      load_command_config({options.config_path, options.state_dir});
  if (!config) return kExitUsage;
  if (config->bot.mode == config::Mode::Live) {
    const std::vector<config::Diagnostic> missing = config::check_live_requirements(*config);
    for (const config::Diagnostic& diagnostic : missing)
      std::cerr << diagnostic.to_string() << "\n";
    if (!missing.empty()) return kExitUsage;
  }
  std::cout << (options.config_path.empty() ? "embedded default config" : options.config_path)
            << ": ok (" << config->hedges.size() << " hedge"
            << (config->hedges.size() == 1 ? "" : "s") << ", " << config->rules.size() << " rule"
            << (config->rules.size() == 1 ? "" : "s") << ", mode " << mode_name(*config) << ")\n";
  return kExitOk;
}

int command_plan(const CommandOptions& options) {
  return run_one_tick(options, false);
}

int command_once(const CommandOptions& options) {
  return run_one_tick(options, true);
}

}  // namespace hedgebot::bot
