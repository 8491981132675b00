#include "bot/session/tick_session.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "bot/pipeline/journal_reader.hpp"
#include "bot/session/config_source.hpp"
#include "bot/session/engine_store.hpp"
#include "bot/session/live_setup.hpp"
#include "bot/session/paper_setup.hpp"
#include "bot/session/public_market.hpp"
#include "config/loader.hpp"
#include "exchange/number_text.hpp"

namespace hedgebot::bot {
namespace {

// A session against one venue: the client plus what a paper run must load and save.
struct Session {
  std::unique_ptr<paper::PaperExchange> paper;
  std::unique_ptr<VenueSet> owned_venues;
  VenueSet* venues = nullptr;  // the venues of a live or public-data session
  ExchangeClient* client = nullptr;
  int64_t now_ms = 0;
  std::vector<paper::PaperEvent> paper_events;
};

void fail(TickSessionResult& result, int code, std::string message, std::string kind) {
  result.exit_code = code;
  result.error = std::move(message);
  result.error_kind = std::move(kind);
}

// Moves the paper account to `now` (settling funding and resting orders on the way), unless the
// daemon has nothing new to do or the account is already past it.
bool settle_paper_to(const config::Config& config, const TickSessionOptions& options, int64_t now,
                     Session& session, TickSessionResult& result) {
  result.now_ms = now;
  if (options.only_after_ms > 0 && now <= options.only_after_ms) {
    result.no_new_data = true;
    return false;
  }
  if (options.wall_now_ms > 0 && session.paper->current_time_ms() > now) {
    // A daemon whose account is already past the data's "now" waits for newer data.
    result.no_new_data = true;
    return false;
  }
  if (session.paper->current_time_ms() > now) {
    fail(result, kExitUsage,
         "the paper account in " + state_paths(config).paper + " is already at " +
             format_iso8601(session.paper->current_time_ms()) + "; a run cannot go back to " +
             format_iso8601(now) + " (use another --state-dir to start over)",
         "invalid input");
    return false;
  }
  const Status advanced = session.paper->advance_to(now, &session.paper_events);
  if (!advanced) {
    fail(result, kExitRuntime, advanced.error().describe(), to_string(advanced.error().kind));
    return false;
  }
  session.now_ms = now;
  return true;
}

// Paper mode on the venue's public data: "now" is the venue's clock; the markets are read with
// a key-less client up to it.
bool open_public_paper(const config::Config& config, const TickSessionOptions& options,
                       Session& session, TickSessionResult& result) {
  if (!options.at.empty()) {
    fail(result, kExitUsage,
         "--at is for paper runs on candle files; on the venue's public data a tick's time is the "
         "venue's clock",
         "invalid input");
    return false;
  }
  Result<std::unique_ptr<VenueSet>> made = VenueSet::open(config, false);
  if (!made) {
    fail(result, kExitUsage, made.error().message, to_string(made.error().kind));
    return false;
  }
  session.owned_venues = std::move(*made);
  session.venues = session.owned_venues.get();
  session.venues->begin_tick();
  VenueClient& venue = session.venues->futures();
  Result<int64_t> now = venue.now_ms();
  if (!now) {
    fail(result, kExitRuntime, "cannot read the venue's clock: " + now.error().describe(),
         to_string(now.error().kind));
    return false;
  }
  Result<std::unique_ptr<paper::PaperExchange>> paper =
      make_public_paper_exchange(config, venue, state_paths(config).paper, *now);
  if (!paper) {
    fail(result, kExitRuntime, paper.error().describe(), to_string(paper.error().kind));
    return false;
  }
  session.paper = std::move(*paper);
  session.client = session.paper.get();
  return settle_paper_to(config, options, *now, session, result);
}

// Live: a `contract_size` the config sets must be the venue's, checked before anything is sent.
bool contract_sizes_agree(const config::Config& config, ExchangeClient& venue,
                          TickSessionResult& result) {
  Result<std::vector<std::string>> mismatches = contract_size_mismatches(config, venue);
  if (!mismatches) {
    fail(result, kExitRuntime,
         "cannot read the venue's instrument: " + mismatches.error().describe(),
         to_string(mismatches.error().kind));
    return false;
  }
  if (mismatches->empty()) return true;
  std::string message;
  for (const std::string& mismatch : *mismatches)
    message += (message.empty() ? "" : "; ") + mismatch;
  fail(result, kExitUsage, message, to_string(ErrorKind::Config));
  return false;
}

// Builds the exchange for the config and settles the paper account up to "now". Returns false
// (with the failure in `result`) when it cannot.
bool open_session(const config::Config& config, const TickSessionOptions& options, Session& session,
                  TickSessionResult& result) {
  if (config.bot.mode == config::Mode::Live) {
    if (!options.at.empty()) {
      fail(result, kExitUsage,
           "--at is for paper runs on candle files; a live tick's time is the venue's clock",
           "invalid input");
      return false;
    }
    VenueSet* venues = options.venues;
    if (venues == nullptr) {
      Result<std::unique_ptr<VenueSet>> made = VenueSet::open(config, true);
      if (!made) {
        fail(result, kExitUsage, made.error().message, to_string(made.error().kind));
        return false;
      }
      session.owned_venues = std::move(*made);
      venues = session.owned_venues.get();
    }
    venues->begin_tick();
    session.venues = venues;
    ExchangeClient* live = &venues->exchange();
    session.client = live;
    Result<int64_t> now = live->now_ms();
    if (!now) {
      fail(result, kExitRuntime, "cannot read the venue's clock: " + now.error().describe(),
           to_string(now.error().kind));
      return false;
    }
    session.now_ms = *now;
    result.now_ms = *now;
    return contract_sizes_agree(config, *live, result);
  }
  Result<PaperDataSource> source = paper_data_source(config);
  if (!source) {
    fail(result, kExitUsage, source.error().message, to_string(source.error().kind));
    return false;
  }
  if (*source == PaperDataSource::Public)
    return open_public_paper(config, options, session, result);
  Result<std::unique_ptr<paper::PaperExchange>> made = make_paper_exchange(config);
  if (!made) {
    fail(result, kExitUsage, made.error().message, to_string(made.error().kind));
    return false;
  }
  session.paper = std::move(*made);
  session.client = session.paper.get();
  const Status loaded = session.paper->load_state(state_paths(config).paper);
  if (!loaded) {
    fail(result, kExitRuntime, loaded.error().message, to_string(loaded.error().kind));
    return false;
  }
  const int64_t data_end = session.paper->last_close_ms();
  result.data_end_ms = data_end;
  int64_t now = data_end;
  if (options.wall_now_ms > 0) now = std::min(options.wall_now_ms, data_end);
  if (!options.at.empty()) {
    Result<int64_t> at = parse_time_ms(options.at);
    if (!at) {
      fail(result, kExitUsage, "--at: " + at.error().message, "invalid input");
      return false;
    }
    now = *at;
    // The first close every hedge's data has (a tick needs a closed candle of each).
    int64_t data_start = 0;
    for (const config::HedgeConfig& hedge : config.hedges) {
      const paper::SymbolData* data = session.paper->streamed_market(hedge.symbol);
      if (data == nullptr || data->candles.candles.empty()) continue;
      data_start = std::max(data_start,
                            data->candles.candles.front().open_time_ms + data->candles.interval_ms);
    }
    if (now < data_start) {
      fail(result, kExitUsage,
           "--at " + format_iso8601(now) + " is before the data starts (the first candle closes " +
               format_iso8601(data_start) + ")",
           "invalid input");
      return false;
    }
    if (now > data_end) {
      fail(result, kExitUsage,
           "--at " + format_iso8601(now) + " is after the data ends (" + format_iso8601(data_end) +
               ")",
           "invalid input");
      return false;
    }
  }
  return settle_paper_to(config, options, now, session, result);
}

std::vector<PositionAfter> positions_after(const config::Config& config, ExchangeClient& client,
                                           const TickReport& report) {
  std::vector<PositionAfter> after;
  for (size_t i = 0; i < config.hedges.size() && i < report.hedges.size(); ++i) {
    const HedgeReport& hedge = report.hedges[i];
    PositionAfter entry;
    entry.asset = hedge.asset;
    entry.position_base = hedge.position_base;
    if (hedge.instrument.quotes_in_contracts())
      entry.position_contracts = hedge.instrument.steps_to_contracts(hedge.plan.current_steps);
    entry.liquidation_price = hedge.liquidation_price;
    const bool traded =
        std::any_of(report.orders.begin(), report.orders.end(),
                    [&](const OrderReport& order) { return order.hedge == hedge.asset; });
    if (traded) {
      // Only a hedge that sent orders is read again (one request saved per quiet tick).
      // The report's symbol: a dated hedge's contract of this tick.
      Result<Position> position = client.position(hedge.symbol);
      Result<Instrument> instrument = client.instrument(hedge.symbol);
      if (!position || !instrument) continue;
      entry.position_base = instrument->steps_to_base(position->qty_steps);
      if (instrument->quotes_in_contracts())
        entry.position_contracts = instrument->steps_to_contracts(position->qty_steps);
      entry.liquidation_price = position->liquidation_price;
    }
    const double hedged = hedge.spot_qty * config.hedges[i].beta * hedge.mark_price;
    entry.ratio = hedged > 0.0 ? -entry.position_base * hedge.mark_price / hedged : 0.0;
    after.push_back(entry);
  }
  return after;
}

// The instrument of `symbol` on the paper venue, nullopt when the market is unknown.
std::optional<Instrument> paper_instrument(paper::PaperExchange* paper, const std::string& symbol) {
  if (paper == nullptr) return std::nullopt;
  Result<Instrument> instrument = paper->instrument(symbol);
  if (!instrument) return std::nullopt;
  return *instrument;
}

// Base units of `steps` of `symbol` (steps when the market is unknown).
double base_quantity(paper::PaperExchange* paper, const std::string& symbol, int64_t steps) {
  const std::optional<Instrument> instrument = paper_instrument(paper, symbol);
  return instrument ? instrument->steps_to_base(steps) : static_cast<double>(steps);
}

// `key` in base units with `contracts_key` beside it when contracts are not base units
// (`key_steps` when the market is unknown).
void put_quantity(nlohmann::json& fields, paper::PaperExchange* paper, const std::string& symbol,
                  const std::string& key, const std::string& contracts_key, int64_t steps) {
  if (const std::optional<Instrument> instrument = paper_instrument(paper, symbol)) {
    put_qty_number(fields, key, contracts_key, *instrument, steps);
  } else {
    fields[key + "_steps"] = steps;
  }
}

// One line per liquidation among `events`, for the report of the tick that found them.
std::vector<std::string> describe_liquidations(const std::vector<paper::PaperEvent>& events,
                                               paper::PaperExchange* paper) {
  std::vector<std::string> lines;
  for (const paper::PaperEvent& event : events) {
    if (event.kind != paper::PaperEvent::Kind::Liquidation) continue;
    const double qty = base_quantity(paper, event.symbol, -event.qty_steps);
    lines.push_back(
        event.symbol + " position of " + fixed_text(qty, 4) + " liquidated at " +
        format_iso8601(event.time_ms) + " at " + fixed_text(event.price, 2) + " (clearance fee " +
        fixed_text(event.amount, 2) + ", realized " + fixed_text(event.realized_pnl, 2) +
        ", wallet after " + fixed_text(event.wallet_after, 2) +
        (event.insurance_covered > 0.0 ? ", loss beyond the wallet taken by the insurance fund " +
                                             fixed_text(event.insurance_covered, 2)
                                       : std::string()) +
        ")");
  }
  return lines;
}

void sleep_ms(int64_t ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace

void note_paper_fills(rules::Memory& memory, const std::vector<paper::PaperEvent>& events,
                      const config::Config& config) {
  for (const paper::PaperEvent& event : events) {
    if (event.kind != paper::PaperEvent::Kind::Fill) continue;
    for (const config::HedgeConfig& hedge : config.hedges) {
      if (hedge.symbol == event.symbol)
        rules::RuleEngine::note_trade(memory, hedge.asset, event.time_ms);
    }
  }
}

void journal_paper_events(Journal& journal, const std::vector<paper::PaperEvent>& events,
                          const config::Config& config, paper::PaperExchange* paper) {
  for (const paper::PaperEvent& event : events) {
    std::string hedge = "*";
    for (const config::HedgeConfig& candidate : config.hedges) {
      if (candidate.symbol == event.symbol) hedge = candidate.asset;
    }
    switch (event.kind) {
      case paper::PaperEvent::Kind::Funding: {
        nlohmann::json fields = {{"symbol", event.symbol},
                                 {"rate", event.rate},
                                 {"mark_price", event.price},
                                 {"amount", event.amount},
                                 {"wallet_after", event.wallet_after}};
        put_quantity(fields, paper, event.symbol, "position_qty", "position_contracts",
                     event.qty_steps);
        (void)journal.append(event.time_ms, "funding", hedge, fields);
        break;
      }
      case paper::PaperEvent::Kind::Fill: {
        nlohmann::json fields = {{"symbol", event.symbol},
                                 {"side", event.qty_steps > 0 ? "BUY" : "SELL"},
                                 {"price", event.price},
                                 {"fee", event.amount},
                                 {"realized_pnl", event.realized_pnl},
                                 {"wallet_after", event.wallet_after},
                                 {"client_order_id", event.client_order_id}};
        put_quantity(fields, paper, event.symbol, "qty", "contracts", std::llabs(event.qty_steps));
        put_quantity(fields, paper, event.symbol, "position_after", "position_after_contracts",
                     event.position_after_steps);
        (void)journal.append(event.time_ms, "fill", hedge, fields);
        break;
      }
      case paper::PaperEvent::Kind::Liquidation: {
        nlohmann::json fields = {
            {"symbol", event.symbol},
            {"side", event.qty_steps > 0 ? "BUY" : "SELL"},
            {"price", event.price},
            {"fee", event.amount},
            {"realized_pnl", event.realized_pnl},
            {"wallet_after", event.wallet_after},
            {"insurance_covered", event.insurance_covered},
            {"message", "paper position liquidated: the mark reached its liquidation price"}};
        put_quantity(fields, paper, event.symbol, "qty", "contracts", std::llabs(event.qty_steps));
        (void)journal.append(event.time_ms, "liquidation", hedge, fields);
        break;
      }
      case paper::PaperEvent::Kind::Expiry: {
        nlohmann::json fields = {
            {"symbol", event.symbol},
            {"client_order_id", event.client_order_id},
            {"status", "EXPIRED"},
            {"side", event.qty_steps > 0 ? "BUY" : "SELL"},
            {"price", event.price},
            {"reason", "limit order not filled within limit_timeout (market time): expired"}};
        put_quantity(fields, paper, event.symbol, "unfilled", "unfilled_contracts",
                     std::llabs(event.qty_steps));
        (void)journal.append(event.time_ms, "order", hedge, fields);
        break;
      }
    }
  }
}

std::vector<std::string> live_mode_problems(const config::Config& config, bool live_flag,
                                            bool places_orders) {
  std::vector<std::string> problems;
  const bool live_config = config.bot.mode == config::Mode::Live;
  if (live_flag && !live_config) {
    problems.emplace_back(
        "error: --live given but the config says mode = \"paper\"; set [bot] mode = "
        "\"live\" to trade live");
    return problems;
  }
  if (places_orders && live_config && !live_flag) {
    problems.emplace_back(
        "error: the config says mode = \"live\": add --live to the command line to place "
        "real orders (or run `hedgebot plan` to see what it would do)");
    return problems;
  }
  if (live_config) {
    for (const config::Diagnostic& diagnostic : config::check_live_requirements(config))
      problems.push_back(diagnostic.to_string());
  }
  return problems;
}

const char* tick_outcome_name(const TickSessionResult& result) {
  if (result.no_new_data) return "no_new_data";
  if (!result.ran) return "setup_failed";
  return result.report.outcome();
}

nlohmann::json heartbeat_fields(const TickSessionResult& result, double duration_s) {
  nlohmann::json heartbeat = {{"outcome", tick_outcome_name(result)},
                              {"exit_code", result.exit_code},
                              {"duration_s", duration_s}};
  if (result.ran || result.no_new_data) heartbeat["tick_time"] = format_iso8601(result.now_ms);
  if (result.data_end_ms > 0) heartbeat["data_end"] = format_iso8601(result.data_end_ms);
  if (!result.ran && !result.no_new_data) {
    // The tick could not start (venue unreachable, unreadable state): say why in the journal.
    heartbeat["error"] = result.error;
    heartbeat["kind"] = result.error_kind;
  }
  if (result.ran) {
    heartbeat["tick_run_id"] = result.report.run_id;
    heartbeat["orders"] = result.report.orders.size();
    heartbeat["refusals"] = result.report.refusals.size();
    heartbeat["errors"] = result.report.errors.size();
  }
  return heartbeat;
}

namespace {

void run_session(const config::Config& config, const TickSessionOptions& options, Session& session,
                 TickSessionResult& result) {
  const StatePaths paths = state_paths(config);
  if (!open_session(config, options, session, result)) return;
  result.paper_events = session.paper_events;

  Result<rules::Memory> memory = load_engine_memory(paths.engine);
  if (!memory) {
    fail(result, kExitRuntime, memory.error().message, to_string(memory.error().kind));
    return;
  }
  if (options.place_orders) note_paper_fills(*memory, session.paper_events, config);
  rules::RuleEngine engine(config.rules);
  const std::string run_id =
      std::string("t").append(tick_slot(session.now_ms, config.bot.interval_ms));

  std::optional<Journal> journal;
  if (options.place_orders) {
    Result<Journal> opened = Journal::open(paths.journal, run_id);
    if (!opened) {
      fail(result, kExitRuntime, opened.error().message, to_string(opened.error().kind));
      return;
    }
    journal.emplace(std::move(*opened));
    journal_paper_events(*journal, session.paper_events, config, session.paper.get());
  }

  std::optional<OrderLedger> ledger;
  if (options.place_orders) {
    Result<OrderLedger> loaded =
        OrderLedger::load(paths.orders, tick_slot(session.now_ms, config.bot.interval_ms));
    if (!loaded) {
      fail(result, kExitRuntime, loaded.error().message, to_string(loaded.error().kind));
      return;
    }
    ledger.emplace(std::move(*loaded));
    // Orders a killed run announced but whose outcome never reached the journal.
    for (const PendingOrder& order : orders_without_outcome(paths.journal)) {
      if (ledger->is_pending(order.client_order_id)) continue;
      if (const Status added = ledger->add_pending(order); !added) {
        fail(result, kExitRuntime, added.error().message, to_string(added.error().kind));
        return;
      }
    }
  }

  // Transfers journaled before: at most one per rule and slot, and the daily cap counts them.
  TransferBook transfers;
  if (options.place_orders) transfers = transfers_from_journal(paths.journal);

  TickOptions tick_options;
  tick_options.place_orders = options.place_orders;
  tick_options.ledger = ledger ? &*ledger : nullptr;
  tick_options.transfers = &transfers;
  tick_options.sleep = options.sleep ? options.sleep : Sleeper(sleep_ms);
  result.report = run_tick(config, *session.client, engine, *memory, journal ? &*journal : nullptr,
                           session.now_ms, tick_options);
  result.report.run_id = run_id;
  result.ran = true;
  if (options.inspect) options.inspect(*session.client, result.report);
  result.report.liquidations = describe_liquidations(session.paper_events, session.paper.get());
  if (options.place_orders && !result.report.liquidations.empty()) {
    result.report.exit_code = kExitRuntime;  // the account was liquidated since the last run
  }

  if (options.place_orders) {
    // The account first (it is the truth about positions), then the rules' memory.
    if (session.paper) {
      const Status saved = session.paper->save_state(paths.paper);
      if (!saved) {
        result.report.add_error(to_string(saved.error().kind), saved.error().describe());
        result.report.exit_code = kExitRuntime;
      }
    }
    const Status saved = save_engine_memory(paths.engine, *memory);
    if (!saved) {
      result.report.add_error(to_string(saved.error().kind), saved.error().describe());
      result.report.exit_code = kExitRuntime;
    }
    result.after = positions_after(config, *session.client, result.report);
  }
  if (session.paper) result.paper_totals = session.paper->totals();
  result.exit_code = result.report.exit_code;
}

}  // namespace

TickSessionResult run_tick_session(const config::Config& config,
                                   const TickSessionOptions& options) {
  TickSessionResult result;
  Session session;
  run_session(config, options, session, result);
  if (session.venues != nullptr) result.retry_at_ms = session.venues->retry_at_ms();
  return result;
}

}  // namespace hedgebot::bot
