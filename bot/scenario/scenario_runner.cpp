// run_scenario_file: the scenario's config replayed over its market (bot/replay/replay.hpp: the
// real tick on the paper exchange), each expectation checked at its tick.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "bot/pipeline/tick.hpp"
#include "bot/replay/replay.hpp"
#include "bot/scenario/scenario.hpp"
#include "config/detail/reader.hpp"

namespace hedgebot::bot::scenario {
namespace {

// A temporary directory for the generated data files, removed on destruction.
class WorkDir {
 public:
  WorkDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hedgebot-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~WorkDir() {
    if (!path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string number(double value) {
  return config::detail::format_number(value);
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::string list_text(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string text = "[";
  text += join(items);
  text += "]";
  return text;
}

std::string order_text(const std::string& side, const std::string& qty,
                       std::optional<bool> reduce_only) {
  std::string text = side + " " + qty;
  if (reduce_only) text += *reduce_only ? " reduce-only" : " (not reduce-only)";
  return text;
}

std::string orders_text(const std::vector<std::string>& orders) {
  return orders.empty() ? "no order" : join(orders);
}

std::string transfer_text(const std::string& direction, double amount, const std::string& asset,
                          const std::string& status) {
  std::string text = direction + " ";
  text += number(amount);
  text += " " + asset;
  if (!status.empty()) text += " " + status;
  return text;
}

void check_transfers(const std::vector<ExpectedTransfer>& expected,
                     const std::vector<TransferReport>& actual, ExpectationResult& result) {
  bool same = actual.size() == expected.size();
  for (size_t i = 0; same && i < actual.size(); ++i) {
    const ExpectedTransfer& want = expected[i];
    same = want.asset == actual[i].asset && want.direction == actual[i].direction &&
           std::fabs(want.amount - actual[i].amount) <= 1e-9 * std::max(1.0, want.amount) &&
           (!want.status || *want.status == actual[i].status);
  }
  if (same) return;
  std::vector<std::string> wanted;
  for (const ExpectedTransfer& transfer : expected) {
    wanted.push_back(transfer_text(transfer.direction, transfer.amount, transfer.asset,
                                   transfer.status.value_or("")));
  }
  std::vector<std::string> got;
  for (const TransferReport& transfer : actual) {
    std::string text =
        transfer_text(transfer.direction, transfer.amount, transfer.asset, transfer.status);
    if (!transfer.reason.empty()) text += " (" + transfer.reason + ")";
    got.push_back(text);
  }
  result.mismatches.push_back({"transfers", wanted.empty() ? "no transfer" : join(wanted),
                               got.empty() ? "no transfer" : join(got)});
}

bool same_qty(const std::string& expected, const std::string& actual) {
  const double a = std::strtod(expected.c_str(), nullptr);
  const double b = std::strtod(actual.c_str(), nullptr);
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

void check(const Expectation& expect, const config::Config& config, const TickReport& report,
           ExchangeClient& venue, ExpectationResult& result) {
  result.checked = true;
  const config::HedgeConfig* hedge = config.find_hedge(expect.hedge);
  const auto entry = std::find_if(report.hedges.begin(), report.hedges.end(),
                                  [&](const HedgeReport& h) { return h.asset == expect.hedge; });
  // A refusal of the whole run ("*": the kill switch, a transfer) counts for every hedge.
  for (const Refusal& refusal : report.refusals) {
    if (refusal.hedge == expect.hedge || refusal.hedge == "*") {
      result.refusals.push_back(refusal.reason);
    }
  }
  if (expect.transfers) check_transfers(*expect.transfers, report.transfers, result);
  if (entry == report.hedges.end() || hedge == nullptr) {
    result.mismatches.push_back(
        {"tick", "a decision for " + expect.hedge,
         "the tick failed before deciding: " +
             (report.errors.empty() ? std::string("no decision") : join(report.errors))});
    return;
  }
  const rules::Decision& decision = entry->decision;
  result.decided_by = decision.decided_by;
  result.fired = decision.fired;
  result.why = decision.why;

  if (expect.target_ratio && std::fabs(*expect.target_ratio - decision.target_ratio) > 1e-9) {
    result.mismatches.push_back(
        {"target_ratio", number(*expect.target_ratio), number(decision.target_ratio)});
  }
  if (expect.decided_by && *expect.decided_by != decision.decided_by) {
    result.mismatches.push_back({"decided_by", *expect.decided_by, decision.decided_by});
  }
  if (expect.contract && *expect.contract != entry->symbol) {
    result.mismatches.push_back({"contract", *expect.contract, entry->symbol});
  }
  if (expect.position) {
    // The contract the hedge trades this tick (a dated hedge's resolved quarterly).
    Result<Instrument> instrument = venue.instrument(entry->symbol);
    Result<Position> position = venue.position(entry->symbol);
    if (!instrument || !position) {
      result.mismatches.push_back({"position", number(*expect.position),
                                   "unknown: " + (!instrument ? instrument.error().describe()
                                                              : position.error().describe())});
    } else {
      const double actual = instrument->steps_to_base(position->qty_steps);
      const double half_step = instrument->steps_to_base(1) / 2.0;
      if (std::fabs(actual - *expect.position) >= half_step) {
        result.mismatches.push_back({"position", number(*expect.position), number(actual)});
      }
    }
  }
  if (expect.orders) {
    std::vector<const OrderReport*> actual;
    for (const OrderReport& order : report.orders) {
      if (order.hedge == expect.hedge) actual.push_back(&order);
    }
    bool same = actual.size() == expect.orders->size();
    for (size_t i = 0; same && i < actual.size(); ++i) {
      const ExpectedOrder& want = (*expect.orders)[i];
      same = want.side == actual[i]->side && same_qty(want.qty, actual[i]->qty) &&
             (!want.reduce_only || *want.reduce_only == actual[i]->reduce_only);
    }
    if (!same) {
      std::vector<std::string> wanted;
      for (const ExpectedOrder& order : *expect.orders) {
        wanted.push_back(order_text(order.side, order.qty, order.reduce_only));
      }
      std::vector<std::string> got;
      for (const OrderReport* order : actual) {
        got.push_back(order_text(order->side, order->qty, order->reduce_only) + " " +
                      order->status);
      }
      result.mismatches.push_back({"orders", orders_text(wanted), orders_text(got)});
    }
  }
  if (expect.alerts) {
    std::vector<std::string> fired_alerts;
    for (const std::string& name : decision.fired) {
      for (const rules::RuleSpec& rule : config.rules) {
        if (rule.name == name && rule.action == rules::ActionKind::Alert) {
          fired_alerts.push_back(name);
        }
      }
    }
    std::vector<std::string> wanted = *expect.alerts;
    std::sort(wanted.begin(), wanted.end());
    std::sort(fired_alerts.begin(), fired_alerts.end());
    if (wanted != fired_alerts) {
      result.mismatches.push_back({"alerts", list_text(wanted), list_text(fired_alerts)});
    }
  }
  if (expect.refused) {
    const bool refused = !result.refusals.empty();
    if (*expect.refused != refused) {
      result.mismatches.push_back({"refused", *expect.refused ? "true" : "false",
                                   refused ? "true (" + join(result.refusals) + ")" : "false"});
    }
  }
}

}  // namespace

int ScenarioResult::exit_code() const {
  if (!diagnostics.empty()) return kExitUsage;
  if (!tick_errors.empty()) return kExitRuntime;
  for (const ExpectationResult& expectation : expectations) {
    if (!expectation.passed()) return kExitRuntime;
  }
  return kExitOk;
}

ScenarioResult run_scenario_file(const std::string& path) {
  ScenarioResult result;
  result.path = path;
  WorkDir work;
  if (work.path().empty()) {
    result.diagnostics.push_back({path, 0, 0, "cannot create a temporary directory"});
    return result;
  }
  LoadedScenario loaded = load_scenario(path, work.path());
  if (!loaded.scenario) {
    result.diagnostics = std::move(loaded.diagnostics);
    return result;
  }
  const Scenario& scenario = *loaded.scenario;
  for (const Expectation& expectation : scenario.expectations) {
    result.expectations.push_back(ExpectationResult{expectation, false, {}, {}, {}, {}, {}});
  }

  replay::ReplaySettings settings;
  settings.from_ms = scenario.from_ms;
  int64_t last_at = 0;
  for (const Expectation& expectation : scenario.expectations) {
    last_at = std::max(last_at, expectation.at_ms);
  }
  settings.to_ms = last_at;
  int64_t first_tick = 0;
  int64_t last_tick = 0;
  int64_t second_tick = 0;
  settings.on_tick = [&](const TickReport& report, ExchangeClient& venue) {
    if (result.ticks == 1) second_tick = report.now_ms;
    if (result.ticks++ == 0) first_tick = report.now_ms;
    last_tick = report.now_ms;
    for (const std::string& error : report.errors) {
      result.tick_errors.push_back(format_iso8601(report.now_ms) + ": " + error);
    }
    for (ExpectationResult& expectation : result.expectations) {
      if (expectation.expectation.at_ms == report.now_ms) {
        check(expectation.expectation, scenario.config, report, venue, expectation);
      }
    }
  };
  Result<replay::ReplayResult> replayed = replay::run_replay(scenario.config, settings);
  if (!replayed) {
    const Error& error = replayed.error();
    if (error.kind == ErrorKind::InvalidInput || error.kind == ErrorKind::Config) {
      result.diagnostics.push_back({path, 0, 0, error.message});
    } else {
      result.tick_errors.push_back(error.describe());
    }
    return result;
  }
  for (const ExpectationResult& expectation : result.expectations) {
    if (expectation.checked) continue;
    const Expectation& expect = expectation.expectation;
    std::string message = "no tick at " + format_iso8601(expect.at_ms) + ": the ticks ran from " +
                          format_iso8601(first_tick) + " to " + format_iso8601(last_tick);
    if (second_tick > first_tick)
      message += ", one every " + format_duration(second_tick - first_tick);
    if (last_tick < expect.at_ms) message += " (the market data ends there)";
    result.diagnostics.push_back({path, expect.at_line, expect.at_column, message});
  }
  return result;
}

}  // namespace hedgebot::bot::scenario
