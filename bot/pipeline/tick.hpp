#pragma once
// One tick, end to end (docs/design.md): snapshot -> rules -> planner -> risk guard -> executor
// -> journal. Used by `plan` (places nothing, writes nothing), `once`, `run` and `replay`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/pipeline/contract_roll.hpp"
#include "bot/pipeline/executor.hpp"
#include "bot/pipeline/hedge_margin.hpp"
#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/planner.hpp"
#include "bot/pipeline/risk_guard.hpp"
#include "bot/pipeline/transfers.hpp"
#include "config/config.hpp"
#include "exchange/exchange_client.hpp"
#include "rules/engine.hpp"

namespace hedgebot::bot {

// Exit codes of every command (the table in README.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitRuntime = 1,
  kExitUsage = 2,
  kExitLocked = 3,
  kExitRefused = 4,
};

struct HedgeReport {
  std::string asset;
  std::string symbol;
  Instrument instrument;  // the venue's: contract size, steps
  rules::Decision decision;
  Plan plan;
  double spot_qty = 0.0;
  double position_base = 0.0;
  double mark_price = 0.0;
  double liquidation_price = 0.0;  // of the position before this tick's orders; 0 when none
  double actual_ratio = 0.0;       // before this tick's orders
  std::vector<std::string> notes;  // risk trims, hold, cooldown
  // Margin of the position before this tick's orders (quote): |position| x mark, the leverage
  // it is held at, notional / leverage, and the maintenance margin the venue reports.
  HedgeMargin margin;
  // The same for the planned target position, at the hedge's configured leverage.
  HedgeMargin target_margin;
};

struct TickReport {
  std::string run_id;
  int64_t now_ms = 0;
  Account account;
  std::vector<HedgeReport> hedges;
  std::vector<OrderReport> orders;
  // Dated hedges moved to their next contract this tick (the roll-close leg is not in `orders`;
  // the open leg is, as the hedge's order on the new contract).
  std::vector<RollReport> rolls;
  std::vector<Refusal> refusals;  // risk guard refusals (exit 4)
  std::vector<TransferReport>
      transfers;                 // what the transfer rules asked for, and what became of it
  std::vector<Refusal> skipped;  // planner skips under the venue's minimums (not an error)
  // Hedges not yet at their target because an order of this tick rests (a paper limit order
  // fills in market time, on a later candle): `reason` says which order and until when. The
  // account is not where the config wants it, so the tick exits 1 with the outcome "pending".
  std::vector<Refusal> pending;
  std::vector<std::string> errors;
  std::vector<std::string> error_kinds;  // beside `errors`: "network", "rejected", ... ("error")
  // Liquidations of the paper account found while moving it to this tick's time (a `once`
  // says so first and exits 1), one line each.
  std::vector<std::string> liquidations;
  int exit_code = kExitOk;
  // "ok", "pending", "refused" or "failed", from the errors, pending orders and refusals.
  const char* outcome() const;
  // Venue time before which a retry cannot trade (an order of unknown fate may still execute
  // until then); 0 when nothing waits. `run` wakes at that moment.
  int64_t retry_at_ms = 0;

  void add_error(const std::string& kind, const std::string& message) {
    error_kinds.resize(errors.size(), "error");
    errors.push_back(message);
    error_kinds.push_back(kind);
  }
};

// True for a tick outcome that completed its work ("ok", "refused", "pending"): the bot runs and
// read the venue, whatever the account's state. Staleness (`status`, the success metric, the
// daemon) counts from the last such tick.
bool tick_completed(std::string_view outcome);

struct TickOptions {
  bool place_orders = false;  // false for `plan`
  Sleeper sleep;              // for limit-order polling
  // The state directory's order ledger; null keeps one in memory for this tick (replay keeps
  // its own across ticks).
  OrderLedger* ledger = nullptr;
  // The transfers journaled before (transfers_from_journal); null keeps one in memory for this
  // tick (replay keeps its own across ticks).
  TransferBook* transfers = nullptr;
};

// Runs one tick at `now_ms`. `journal` may be null only when place_orders is false.
// Never throws for venue or data problems: they become errors in the report (exit 1).
TickReport run_tick(const config::Config& config, ExchangeClient& client,
                    const rules::RuleEngine& engine, rules::Memory& memory, Journal* journal,
                    int64_t now_ms, const TickOptions& options);

}  // namespace hedgebot::bot
