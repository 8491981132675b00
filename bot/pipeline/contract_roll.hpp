#pragma once
// Dated (quarterly) hedges: which contract each trades this tick, and the roll. Before the
// snapshot, a dated hedge's `contract` is resolved from the venue's list of dated contracts
// (ExchangeClient::dated_contracts): the current quarter, or the next one once the current is
// within `roll_before` of delivery. A position held in any other contract of the pair (the
// expiring quarter, the perpetual) is closed reduce-only first, in the same tick; the tick then
// plans the hedge's target on the chosen contract as usual, so the same target is opened there.
// Nothing is remembered between runs: a re-run reads the positions again, so after a roll (or a
// crash between its two legs) it finds the expiring contract flat and opens only what is
// missing on the new one.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/pipeline/executor.hpp"
#include "bot/pipeline/risk_guard.hpp"
#include "config/config.hpp"
#include "exchange/exchange_client.hpp"

namespace hedgebot::bot {

// A position the hedge holds in a contract it no longer trades.
struct HeldContract {
  Instrument instrument;
  Position position;
};

// What one dated hedge trades this tick.
struct ContractChoice {
  size_t hedge_index = 0;
  Instrument target;                   // the contract the hedge holds after this tick
  std::vector<HeldContract> to_close;  // positions in its other contracts: rolled out of
};

// The config this tick runs on (each dated hedge's `symbol` replaced by its contract) and the
// choices behind it.
struct ResolvedContracts {
  config::Config config;
  std::vector<ContractChoice> choices;
};

// Resolves every dated hedge of `config`. An error names the hedge and why no contract fits
// (no next contract listed, the held one not trading, a read that failed).
Result<ResolvedContracts> resolve_contracts(const config::Config& config, ExchangeClient& client,
                                            int64_t now_ms);

// One roll: the close of a held contract and, once the tick has traded, the open on the next.
struct RollReport {
  std::string hedge;
  std::string from_symbol;
  int64_t from_delivery_ms = 0;  // 0 for a perpetual rolled out of
  std::string to_symbol;
  int64_t to_delivery_ms = 0;
  int64_t from_steps = 0;          // signed position closed, in from's steps
  std::string qty;                 // base units closed, exact text
  std::vector<OrderReport> close;  // the close leg ("roll-close")
  std::vector<OrderReport> open;   // the open leg on `to_symbol`, from the hedge's orders
  double close_price = 0.0;        // average fill of the close; 0 when none
  double open_price = 0.0;         // average fill of the open; 0 when none
  // (open price - close price) x the signed base quantity closed: what moving the position to
  // the next contract cost (negative: earned). Set once both legs filled.
  std::optional<double> basis_cost;
  std::string status;  // "rolled", "planned", "closed" (open not done), "failed", "refused"
  std::string message;
};

// The roll-close leg's orders: reduce-only, opposite the held position, all of it.
std::vector<PlannedOrder> roll_close_orders(const HeldContract& held);

// What the tick knows when it closes the contracts rolled out of.
struct RollContext {
  int64_t now_ms = 0;
  std::string tick_slot;
  bool place_orders = false;
  bool kill_switch = false;
  std::string kill_switch_path;
  Sleeper sleep;
};

struct RollCloseOutcome {
  std::vector<RollReport> rolls;
  std::vector<Refusal> refusals;  // kill switch, orders closed: the roll did not happen (exit 4)
  std::vector<std::pair<std::string, std::string>> errors;  // kind, message (exit 1)
  int64_t retry_at_ms = 0;
  // A close did not happen: the tick must not open anything on the next contract (the hedge
  // would be doubled), so it stops after saying why.
  bool stop = false;
};

// Closes, reduce-only and at the market, every position `choices` roll out of (orders are only
// reported as PLANNED when `place_orders` is false). `journal` and `ledger` may be null only
// when place_orders is false.
RollCloseOutcome close_rolled_contracts(const config::Config& config,
                                        const std::vector<ContractChoice>& choices,
                                        ExchangeClient& client, Journal* journal,
                                        OrderLedger* ledger, const RollContext& context);

// The journal fields of a roll ("roll" event): both legs named, the basis cost.
nlohmann::json roll_json(const RollReport& roll);

// Fills the open leg and the basis cost of `roll` from the tick's orders on its new contract.
void complete_roll(RollReport& roll, const std::vector<OrderReport>& orders);

}  // namespace hedgebot::bot
