// `hedgebot status`: positions, margin ratio, target vs actual ratio per hedge, the last
// decisions and problems from the journal, and how old the last successful tick is.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <optional>

#include "bot/cli/commands.hpp"
#include "bot/pipeline/collateral_report.hpp"
#include "bot/pipeline/journal_reader.hpp"
#include "bot/pipeline/report_output.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/session/config_source.hpp"
#include "bot/session/live_setup.hpp"
#include "bot/session/paper_setup.hpp"
#include "bot/session/public_market.hpp"
#include "bot/session/venue_set.hpp"
#include "exchange/margin_brackets.hpp"

namespace hedgebot::bot {
namespace {

// 4000 -> "1h 6m"; 42 -> "42s".
std::string format_duration_words(int64_t seconds) {
  if (seconds < 60) return std::to_string(seconds) + "s";
  if (seconds < 3600) return std::to_string(seconds / 60) + "m";
  if (seconds < 86400)
    return std::to_string(seconds / 3600) + "h " + std::to_string(seconds % 3600 / 60) + "m";
  return std::to_string(seconds / 86400) + "d " + std::to_string(seconds % 86400 / 3600) + "h";
}

// `status` could not read the account: the message on stderr, and with --json one JSON
// document on stdout too, so a monitor parsing it sees why.
int status_failed(const CommandOptions& options, int exit_code, const std::string& kind,
                  const std::string& message) {
  return failed_command(options, exit_code, kind, std::vector<std::string>{message});
}

}  // namespace

int command_status(const CommandOptions& options) {
  std::vector<std::string> diagnostics;
  std::optional<config::Config> config =
      load_command_config({options.config_path, options.state_dir, &diagnostics});
  if (!config) return failed_run(options, kExitUsage, "config", diagnostics);
  const StatePaths paths = state_paths(*config);
  // Paper: the account as the last run left it. Live: the venue, now.
  std::unique_ptr<paper::PaperExchange> paper_exchange;
  std::unique_ptr<VenueSet> venues;
  ExchangeClient* client = nullptr;
  int64_t now_ms = 0;
  if (config->bot.mode == config::Mode::Live) {
    Result<std::unique_ptr<VenueSet>> made = VenueSet::open(*config, true);
    if (!made) {
      return status_failed(options, kExitUsage, "config", made.error().message);
    }
    venues = std::move(*made);
    venues->begin_tick();
    client = &venues->exchange();
    Result<int64_t> now = client->now_ms();
    if (!now) {
      return status_failed(options, kExitRuntime, "venue",
                           std::string("cannot reach the venue: ").append(now.error().describe()));
    }
    now_ms = *now;
    Result<std::vector<std::string>> mismatches = contract_size_mismatches(*config, *client);
    if (!mismatches) {
      return status_failed(options, kExitRuntime, "venue",
                           std::string("cannot read the venue's instrument: ")
                               .append(mismatches.error().describe()));
    }
    if (!mismatches->empty()) return failed_command(options, kExitUsage, "config", *mismatches);
  } else {
    Result<PaperDataSource> source = paper_data_source(*config);
    if (!source) {
      return status_failed(options, kExitUsage, "config", source.error().message);
    }
    if (*source == PaperDataSource::Public) {
      // The account as the last run left it, valued at the venue's mark price now.
      Result<std::unique_ptr<VenueSet>> opened = VenueSet::open(*config, false);
      if (!opened) {
        return status_failed(options, kExitUsage, "config", opened.error().message);
      }
      venues = std::move(*opened);
      venues->begin_tick();
      Result<std::unique_ptr<paper::PaperExchange>> made =
          make_public_paper_status(*config, venues->futures(), paths.paper);
      if (!made) {
        return status_failed(options, kExitRuntime, "venue", made.error().describe());
      }
      paper_exchange = std::move(*made);
    } else {
      Result<std::unique_ptr<paper::PaperExchange>> made = make_paper_exchange(*config);
      if (!made) {
        return status_failed(options, kExitUsage, "config", made.error().message);
      }
      paper_exchange = std::move(*made);
      const Status loaded = paper_exchange->load_state(paths.paper);
      if (!loaded) {
        return status_failed(options, kExitRuntime, "state", loaded.error().message);
      }
    }
    if (paper_exchange->current_time_ms() <= 0) {
      return status_failed(options, kExitRuntime, "state",
                           "no paper account yet in " + paths.dir + ": run `hedgebot once` first");
    }
    client = paper_exchange.get();
    now_ms = paper_exchange->current_time_ms();
  }
  ExchangeClient& exchange = *client;
  const JournalSummary journal = summarize_journal(paths.journal);
  Result<Account> account = exchange.account();
  if (!account) {
    return status_failed(options, kExitRuntime, "venue", account.error().describe());
  }

  nlohmann::ordered_json root;
  root["mode"] = config->bot.mode == config::Mode::Live ? "live" : "paper";
  root["now"] = format_iso8601(now_ms);
  nlohmann::ordered_json hedges = nlohmann::ordered_json::array();
  std::map<std::string, double> spot;
  if (Result<std::vector<SpotBalance>> balances = exchange.spot_balances(); balances) {
    for (const SpotBalance& balance : *balances) spot[balance.asset] = balance.total();
  }
  double hedges_initial = 0.0;
  // A dated hedge shows the contract it holds (the expiring one while a roll is due), else the
  // one its next tick trades.
  std::map<std::string, std::string> contract_of;  // asset -> symbol
  std::map<std::string, std::string> contract_problem;
  if (std::any_of(config->hedges.begin(), config->hedges.end(),
                  [](const auto& hedge) { return hedge.contract != ContractKind::Perpetual; })) {
    Result<ResolvedContracts> resolved = resolve_contracts(*config, exchange, now_ms);
    for (const config::HedgeConfig& hedge : config->hedges) {
      if (!resolved && hedge.contract != ContractKind::Perpetual)
        contract_problem[hedge.asset] = resolved.error().describe();
    }
    if (resolved) {
      for (const ContractChoice& choice : resolved->choices) {
        const std::string& asset = config->hedges[choice.hedge_index].asset;
        contract_of[asset] = choice.target.symbol;
        for (const HeldContract& held : choice.to_close) {
          if (held.instrument.delivery_ms > 0) contract_of[asset] = held.instrument.symbol;
        }
      }
    }
  }
  for (const config::HedgeConfig& hedge : config->hedges) {
    const auto dated = contract_of.find(hedge.asset);
    const std::string& symbol = dated != contract_of.end() ? dated->second : hedge.symbol;
    Result<Position> position = exchange.position(symbol);
    Result<Instrument> instrument = exchange.instrument(symbol);
    Result<MarkAndFunding> mark = exchange.mark_and_funding(symbol);
    if (!position || !instrument || !mark) continue;
    const double spot_qty = hedge.spot_source == config::SpotSource::Fixed
                                ? hedge.spot_fixed
                                : spot[hedge.asset] + hedge.spot_extra;
    const double position_base = instrument->steps_to_base(position->qty_steps);
    const double hedged = spot_qty * hedge.beta * mark->mark_price;
    nlohmann::ordered_json entry;
    entry["asset"] = hedge.asset;
    entry["symbol"] = symbol;
    entry["contract"] = to_string(hedge.contract);
    if (instrument->delivery_ms > 0) {
      entry["delivery"] = format_iso8601(instrument->delivery_ms);
      entry["days_to_delivery"] = days_between(now_ms, instrument->delivery_ms);
    }
    if (const auto problem = contract_problem.find(hedge.asset); problem != contract_problem.end())
      entry["contract_problem"] = problem->second;
    if (config->bot.mode == config::Mode::Live) {
      // Live: where the future is and where the coins are read (config names).
      entry["venue"] = hedge.venue;
      if (hedge.spot_source == config::SpotSource::Account)
        entry["spot_venue"] = config::Config::spot_venue_of(hedge);
    }
    entry["spot_qty"] = spot_qty;
    entry["position_qty"] = position_base;
    if (instrument->quotes_in_contracts())
      entry["position_contracts"] = instrument->steps_to_contracts(position->qty_steps);
    entry["mark_price"] = mark->mark_price;
    entry["liquidation_price"] = position->liquidation_price;
    if (const std::optional<double> distance =
            liquidation_distance(position->liquidation_price, mark->mark_price)) {
      entry["liquidation_distance"] = *distance;
    } else {
      entry["liquidation_distance"] = nullptr;
    }
    const int leverage = position->leverage > 0 ? position->leverage : hedge.leverage;
    const HedgeMargin margin =
        hedge_margin(position_base, mark->mark_price, leverage, {}, position->maint_margin);
    entry["margin"] = margin_json(margin);
    if (paper_exchange) {
      // Paper: where its maintenance margin comes from (bundled brackets, a flat override, or
      // a flat fallback for a symbol with no bundled table).
      if (Result<paper::BracketSource> source = paper_exchange->bracket_source(symbol); source)
        entry["margin"]["maint_margin_from"] = paper::to_string(*source);
    }
    hedges_initial += margin.initial_margin;
    const auto decision = journal.last_decision.find(hedge.asset);
    entry["target_ratio"] =
        decision != journal.last_decision.end()
            ? number_field(decision->second, "target_ratio", hedge.baseline_ratio)
            : hedge.baseline_ratio;
    entry["actual_ratio"] = hedged > 0.0 ? -position_base * mark->mark_price / hedged : 0.0;
    entry["decided_by"] =
        decision != journal.last_decision.end() ? text_field(decision->second, "decided_by") : "";
    entry["why"] =
        decision != journal.last_decision.end() ? text_field(decision->second, "why") : "";
    entry["not_ready"] = nlohmann::json::array();
    if (decision != journal.last_decision.end() && decision->second.contains("not_ready") &&
        decision->second["not_ready"].is_array()) {
      entry["not_ready"] = decision->second["not_ready"];
    }
    hedges.push_back(entry);
  }
  root["hedges"] = hedges;
  const double ratio = account->margin_ratio();
  root["account"] = {{"wallet_balance", account->wallet_balance},
                     {"margin_balance", account->margin_balance},
                     {"initial_margin", account->initial_margin},
                     {"hedges_initial_margin", hedges_initial},
                     {"maint_margin", account->maint_margin},
                     {"margin_ratio", std::isfinite(ratio) ? ratio : -1.0}};
  if (account->multi_assets) root["account"]["collateral"] = collateral_json(*account);
  if (!account->notes.empty()) root["account"]["notes"] = account->notes;
  if (paper_exchange) {
    const paper::PaperTotals& totals = paper_exchange->totals();
    root["paper_totals"] = {{"fees_paid", totals.fees_paid},
                            {"funding_received", totals.funding_received},
                            {"funding_paid", totals.funding_paid},
                            {"realized_pnl", totals.realized_pnl},
                            {"orders_filled", totals.orders_filled},
                            {"liquidations", totals.liquidations},
                            {"insurance_covered", totals.insurance_covered}};
  }
  root["last_tick"] = journal.last_tick_ts;
  const int64_t wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  // Age of the last successful tick, by the wall clock of its heartbeat; -1 when none.
  int64_t age_s = -1;
  if (!journal.last_success_ts.empty()) {
    if (Result<int64_t> last = parse_time_ms(journal.last_success_ts); last)
      age_s = (wall_ms - *last) / 1000;
  }
  root["last_success"] = journal.last_success_ts;
  root["last_success_tick_time"] = journal.last_success_tick_time;
  root["last_success_age_s"] = age_s;
  root["last_outcome"] = journal.last_heartbeat_outcome;
  root["recent_orders"] = journal.recent_orders;
  root["recent_problems"] = journal.recent_problems;

  if (options.json) {
    tidy_numbers(root);
    std::cout << root.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "hedgebot status (" << root["mode"].get<std::string>() << "), account at "
            << root["now"].get<std::string>() << "\n";
  for (const auto& hedge : hedges) {
    std::cout << "\n"
              << hedge["asset"].get<std::string>() << " (" << hedge["symbol"].get<std::string>()
              << "): spot " << fixed(hedge["spot_qty"].get<double>(), 4) << ", futures "
              << fixed(hedge["position_qty"].get<double>(), 4) << " at mark "
              << fixed(hedge["mark_price"].get<double>(), 2);
    if (const double liquidation = hedge["liquidation_price"].get<double>(); liquidation > 0.0)
      std::cout << ", liquidation at " << fixed(liquidation, 2);
    if (hedge["liquidation_distance"].is_number())
      std::cout << " (" << fixed(hedge["liquidation_distance"].get<double>() * 100.0, 2)
                << " % from the mark)";
    if (hedge.contains("delivery")) {
      std::cout << "\n  contract: " << hedge["symbol"].get<std::string>() << " ("
                << hedge["contract"].get<std::string>() << ") delivers "
                << hedge["delivery"].get<std::string>() << ", in "
                << fixed(hedge["days_to_delivery"].get<double>(), 1) << " days";
    }
    if (hedge.contains("contract_problem"))
      std::cout << "\n  CONTRACT: " << hedge["contract_problem"].get<std::string>();
    if (hedge.contains("venue")) {
      std::cout << "\n  venue: " << hedge["venue"].get<std::string>();
      if (hedge.contains("spot_venue"))
        std::cout << ", coins on " << hedge["spot_venue"].get<std::string>();
    }
    const nlohmann::ordered_json& margin = hedge["margin"];
    HedgeMargin shown{margin["notional"].get<double>(), margin["leverage"].get<int>(),
                      margin["initial_margin"].get<double>(), 0.0};
    shown.maint_known = !margin["maint_margin"].is_null();
    if (shown.maint_known) shown.maint_margin = margin["maint_margin"].get<double>();
    std::cout << "\n  margin: " << margin_text(shown, account->asset);
    if (margin.contains("maint_margin_from"))
      std::cout << " (maintenance by " << margin["maint_margin_from"].get<std::string>() << ")";
    std::cout << "\n  hedge ratio " << fixed(hedge["actual_ratio"].get<double>(), 2) << ", target "
              << fixed(hedge["target_ratio"].get<double>(), 2);
    if (!hedge["decided_by"].get<std::string>().empty())
      std::cout << " (" << hedge["decided_by"].get<std::string>() << ")";
    std::cout << "\n";
    for (const auto& rule : hedge["not_ready"]) {
      std::cout << "  not ready: " << rule.value("rule", "") << ": " << rule.value("lacks", "")
                << "\n";
    }
  }
  std::cout << "\naccount: wallet " << fixed(account->wallet_balance, 2) << ", margin balance "
            << fixed(account->margin_balance, 2) << ", margin ratio "
            << (std::isfinite(ratio) ? fixed(ratio * 100, 2) + " %" : std::string("n/a"))
            << ", initial margin " << fixed(account->initial_margin, 2) << " (hedges "
            << fixed(hedges_initial, 2) << "), maintenance margin "
            << fixed(account->maint_margin, 2) << "\n";
  std::cout << collateral_text(*account);
  if (paper_exchange) {
    const paper::PaperTotals& totals = paper_exchange->totals();
    std::cout << "paper totals: fees " << fixed(totals.fees_paid, 2) << ", funding received "
              << fixed(totals.funding_received, 2) << ", paid " << fixed(totals.funding_paid, 2)
              << ", orders filled " << totals.orders_filled << ", liquidations "
              << totals.liquidations << "\n";
  }
  std::cout << "last tick: "
            << (journal.last_tick_ts.empty()
                    ? std::string("never")
                    : journal.last_tick_ts + " (run " + journal.last_tick_run_id + ")")
            << "\n";
  std::cout << "last successful tick: "
            << (age_s < 0 ? std::string("never")
                          : journal.last_success_ts + ", " + format_duration_words(age_s) + " ago" +
                                (journal.last_success_tick_time.empty()
                                     ? std::string()
                                     : " (tick time " + journal.last_success_tick_time + ")"))
            << (journal.last_heartbeat_outcome.empty() || journal.last_heartbeat_outcome == "ok"
                    ? std::string()
                    : "; the last run ended " + journal.last_heartbeat_outcome)
            << "\n";
  if (!journal.recent_orders.empty()) {
    std::cout << "\nrecent orders:\n";
    for (const auto& order : journal.recent_orders) {
      std::cout << "  " << text_field(order, "ts") << " " << text_field(order, "side") << " "
                << text_field(order, "qty") << " " << text_field(order, "symbol") << " -> "
                << text_field(order, "status");
      if (!text_field(order, "price").empty()) std::cout << " at " << text_field(order, "price");
      std::cout << "  [" << text_field(order, "client_order_id") << "]\n";
    }
  }
  if (!journal.recent_problems.empty()) {
    std::cout << "\nrecent problems:\n";
    for (const auto& problem : journal.recent_problems) {
      std::cout << "  " << text_field(problem, "ts") << " " << text_field(problem, "event") << " "
                << text_field(problem, "hedge") << ": "
                << (text_field(problem, "reason").empty() ? text_field(problem, "message")
                                                          : text_field(problem, "reason"))
                << "\n";
    }
  }
  return kExitOk;
}

}  // namespace hedgebot::bot
