#include "bot/pipeline/tick.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "bot/pipeline/order_recovery.hpp"
#include "bot/pipeline/report_output.hpp"
#include "bot/pipeline/snapshot.hpp"
#include "exchange/margin_brackets.hpp"

namespace hedgebot::bot {
namespace {

void journal_append(Journal* journal, int64_t now_ms, const std::string& event,
                    const std::string& hedge, const nlohmann::json& fields) {
  if (journal != nullptr) {
    // A journal that cannot be written must not stop a safety reduction mid-flight; the
    // failure itself is reported by the caller through the next append's status.
    (void)journal->append(now_ms, event, hedge, fields);
  }
}

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Orders of ours left open by an earlier tick (a limit order, a crash) are cancelled first, so
// the plan starts from what is actually held.
bool cancel_stale_orders(ExchangeClient& client, Journal* journal, const std::string& asset,
                         const std::string& symbol, int64_t now_ms, TickReport& report) {
  Result<std::vector<OrderState>> open = client.open_orders(symbol);
  if (!open) {
    report.add_error(to_string(open.error().kind),
                     asset + ": cannot list open orders: " + open.error().describe());
    journal_append(journal, now_ms, "error", asset,
                   {{"stage", "open_orders"},
                    {"symbol", symbol},
                    {"kind", to_string(open.error().kind)},
                    {"message", "cannot list open orders: " + open.error().describe()}});
    return false;
  }
  for (const OrderState& order : *open) {
    if (order.client_order_id.rfind("hb-", 0) != 0) continue;
    Result<OrderState> canceled = client.cancel_order(symbol, order.client_order_id);
    if (!canceled) {
      report.add_error(to_string(canceled.error().kind), asset + ": cannot cancel stale order " +
                                                             order.client_order_id + ": " +
                                                             canceled.error().describe());
      journal_append(journal, now_ms, "error", asset,
                     {{"client_order_id", order.client_order_id},
                      {"kind", to_string(canceled.error().kind)},
                      {"message", canceled.error().describe()}});
      return false;
    }
    journal_append(journal, now_ms, "order", asset,
                   {{"symbol", symbol},
                    {"client_order_id", order.client_order_id},
                    {"status", to_string(canceled->status)},
                    {"reason", "stale order from an earlier tick canceled before planning"}});
  }
  return true;
}

// The step before anything is read, when orders are placed: orders an earlier run could not
// confirm are settled (recovery). False (and the report says why) when the tick must stop.
bool reconcile_earlier_orders(ExchangeClient& client, Journal* journal, OrderLedger& ledger,
                              rules::Memory& memory, int64_t now_ms, TickReport& report) {
  const RecoveryResult recovered = reconcile_pending_orders(client, *journal, ledger, now_ms);
  // A fill an earlier run could not confirm was a trade: the hedge's cooldown runs from it.
  for (const PendingOrder& order : recovered.filled)
    rules::RuleEngine::note_trade(memory, order.hedge, order.sent_ms);
  if (recovered.blocked()) {
    for (const std::string& error : recovered.errors) {
      report.add_error(to_string(ErrorKind::UnknownStatus), error);
      journal_append(journal, now_ms, "error", "*",
                     {{"stage", "reconcile"},
                      {"kind", to_string(ErrorKind::UnknownStatus)},
                      {"message", error}});
    }
    report.retry_at_ms = recovered.retry_at_ms;
    return false;
  }
  return true;
}

// Then our orders an earlier tick left open are cancelled (on every contract a hedge trades or
// rolls out of), so the snapshot sees what is actually held.
bool cancel_earlier_orders(const config::Config& config, const ResolvedContracts& resolved,
                           ExchangeClient& client, Journal* journal, int64_t now_ms,
                           TickReport& report) {
  for (const config::HedgeConfig& hedge : config.hedges) {
    if (!cancel_stale_orders(client, journal, hedge.asset, hedge.symbol, now_ms, report)) {
      return false;
    }
  }
  for (const ContractChoice& choice : resolved.choices) {
    for (const HeldContract& held : choice.to_close) {
      if (!cancel_stale_orders(client, journal, config.hedges[choice.hedge_index].asset,
                               held.instrument.symbol, now_ms, report)) {
        return false;
      }
    }
  }
  return true;
}

// A stage that stops the tick: the error in the report and the journal, exit 1.
void fail_stage(TickReport& report, Journal* journal, int64_t now_ms, const char* stage,
                const Error& error) {
  report.add_error(to_string(error.kind), error.describe());
  journal_append(
      journal, now_ms, "error", "*",
      {{"stage", stage}, {"kind", to_string(error.kind)}, {"message", error.describe()}});
  report.exit_code = kExitRuntime;
}

// Dated hedges: which contract each trades now, and the close of what they roll out of. False
// (and the report says why) when the tick must stop before planning.
bool resolve_and_roll(const config::Config& given, ExchangeClient& client, Journal* journal,
                      OrderLedger* ledger, int64_t now_ms, const TickOptions& options,
                      std::optional<ResolvedContracts>& resolved, TickReport& report) {
  Result<ResolvedContracts> contracts = resolve_contracts(given, client, now_ms);
  if (!contracts) {
    fail_stage(report, journal, now_ms, "contract", contracts.error());
    return false;
  }
  resolved = std::move(*contracts);
  if (options.place_orders &&
      !cancel_earlier_orders(resolved->config, *resolved, client, journal, now_ms, report)) {
    report.exit_code = kExitRuntime;
    return false;
  }
  RollContext context;
  context.now_ms = now_ms;
  context.tick_slot = tick_slot(now_ms, given.bot.interval_ms);
  context.place_orders = options.place_orders;
  context.kill_switch =
      !given.risk.kill_switch.empty() && std::filesystem::exists(given.risk.kill_switch);
  context.kill_switch_path = given.risk.kill_switch;
  context.sleep = options.sleep;
  RollCloseOutcome rolled =
      close_rolled_contracts(resolved->config, resolved->choices, client, journal, ledger, context);
  report.rolls = std::move(rolled.rolls);
  report.refusals.insert(report.refusals.end(), rolled.refusals.begin(), rolled.refusals.end());
  for (const auto& [kind, message] : rolled.errors) report.add_error(kind, message);
  report.retry_at_ms = std::max(report.retry_at_ms, rolled.retry_at_ms);
  if (!rolled.stop) return true;
  report.exit_code = report.errors.empty() ? kExitRefused : kExitRuntime;
  return false;
}

// The rolls of this tick with their open legs (the hedges' orders on the new contracts), each
// journaled as one "roll" line naming both legs and the basis cost.
void finish_rolls(Journal* journal, int64_t now_ms, bool place_orders, TickReport& report) {
  for (RollReport& roll : report.rolls) {
    complete_roll(roll, report.orders);
    if (!place_orders) continue;
    nlohmann::json fields = roll_json(roll);
    fields["stage"] = "done";
    journal_append(journal, now_ms, "roll", roll.hedge, fields);
  }
}

// One hedge through the tick: its config, what the snapshot read for it, and the report entry
// that collects the decision, the plan, the notes. Built once per hedge, so no later step joins
// lists by index.
struct HedgeTick {
  size_t index = 0;  // in config.hedges, snapshot.markets and snapshot.rules.hedges
  const config::HedgeConfig* hedge = nullptr;
  const HedgeMarket* market = nullptr;
  const rules::HedgeInput* input = nullptr;  // as read, before this hedge's orders
  HedgeReport entry;
};

// Pairs every configured hedge with its snapshot and its decision. Lists of different lengths
// are an error naming the counts: a hedge is never dropped without a word.
Result<std::vector<HedgeTick>> pair_hedges(const config::Config& config,
                                           const TickSnapshot& snapshot,
                                           const std::vector<rules::Decision>& decisions) {
  const size_t count = config.hedges.size();
  if (snapshot.markets.size() != count || snapshot.rules.hedges.size() != count ||
      decisions.size() != count) {
    return Error{ErrorKind::Internal, "hedges do not line up: " + std::to_string(count) +
                                          " configured, " +
                                          std::to_string(snapshot.markets.size()) + " read, " +
                                          std::to_string(decisions.size()) + " decided"};
  }
  std::vector<HedgeTick> ticks(count);
  for (size_t i = 0; i < count; ++i) {
    HedgeTick& tick = ticks[i];
    const config::HedgeConfig& hedge = config.hedges[i];
    const rules::HedgeInput& input = snapshot.rules.hedges[i];
    tick.index = i;
    tick.hedge = &hedge;
    tick.market = &snapshot.markets[i];
    tick.input = &input;
    tick.entry.asset = hedge.asset;
    tick.entry.symbol = hedge.symbol;
    tick.entry.instrument = tick.market->instrument;
    tick.entry.decision = decisions[i];
    tick.entry.spot_qty = input.spot_qty;
    tick.entry.position_base = input.position_base;
    tick.entry.mark_price = input.mark_price;
    tick.entry.liquidation_price = tick.market->position.liquidation_price;
    tick.entry.actual_ratio = rules::actual_ratio(input);
  }
  return ticks;
}

// The orders that take the hedge to the decision's target.
Plan plan_for(const HedgeTick& tick) {
  const config::HedgeConfig& hedge = *tick.hedge;
  PlanInput plan_input;
  plan_input.asset = hedge.asset;
  plan_input.instrument = tick.market->instrument;
  plan_input.target_ratio = tick.entry.decision.target_ratio;
  plan_input.min_ratio = hedge.min_ratio;
  plan_input.max_ratio = hedge.max_ratio;
  plan_input.band = hedge.band;
  plan_input.spot_qty = tick.input->spot_qty;
  plan_input.beta = hedge.beta;
  plan_input.spot_price = tick.input->spot_price;
  plan_input.mark_price = tick.input->mark_price;
  plan_input.position_steps = tick.market->position.qty_steps;
  return plan_hedge(plan_input);
}

// A decision that holds (a rule says: do not trade now) keeps the plan's target for the journal
// and the report but places none of its orders.
void apply_hold(HedgeReport& entry) {
  if (!entry.decision.hold) return;
  entry.notes.push_back("hold: " + entry.decision.why);
  entry.plan.orders.clear();
  if (entry.plan.skip_reason.empty()) entry.plan.skip_reason = "hold";
}

// True when this tick closed a contract `asset` rolls out of (its open is still to come).
bool rolled_this_tick(const TickReport& report, const std::string& asset) {
  return std::any_of(report.rolls.begin(), report.rolls.end(), [&](const RollReport& roll) {
    return roll.hedge == asset && (roll.status == "closed" || roll.status == "planned");
  });
}

// The transfers the rules asked for, after the hedges' orders (whose limits were checked on the
// snapshot's wallets).
void run_tick_transfers(const config::Config& config, ExchangeClient& client, Journal* journal,
                        const TickSnapshot& snapshot, const std::vector<rules::Decision>& decisions,
                        int64_t now_ms, bool kill_switch, const TickOptions& options,
                        TickReport& report) {
  const bool any = std::any_of(decisions.begin(), decisions.end(),
                               [](const rules::Decision& d) { return !d.transfers.empty(); });
  if (!any) return;
  TransferBook own_book;
  TransferBook& book = options.transfers != nullptr ? *options.transfers : own_book;
  TransferContext context;
  context.now_ms = now_ms;
  context.slot = tick_slot(now_ms, config.bot.interval_ms);
  context.place = options.place_orders;
  context.kill_switch = kill_switch;
  context.kill_switch_path = config.risk.kill_switch;
  context.orders_closed = client.limits().orders_closed;
  TransferOutcome outcome = run_transfers(config, client, options.place_orders ? journal : nullptr,
                                          book, snapshot.rules, decisions, context);
  report.transfers = std::move(outcome.transfers);
  report.refusals.insert(report.refusals.end(), outcome.refusals.begin(), outcome.refusals.end());
  for (size_t i = 0; i < outcome.errors.size(); ++i)
    report.add_error(outcome.error_kinds[i], outcome.errors[i]);
  report.retry_at_ms = std::max(report.retry_at_ms, outcome.retry_at_ms);
}

}  // namespace

TickReport run_tick(const config::Config& given_config, ExchangeClient& client,
                    const rules::RuleEngine& engine, rules::Memory& memory, Journal* journal,
                    int64_t now_ms, const TickOptions& options) {
  TickReport report;
  report.now_ms = now_ms;
  report.run_id = journal != nullptr ? journal->run_id()
                                     : "t" + tick_slot(now_ms, given_config.bot.interval_ms);

  const std::string slot = tick_slot(now_ms, given_config.bot.interval_ms);
  std::optional<OrderLedger> own_ledger;
  OrderLedger* ledger = options.ledger;
  if (options.place_orders && ledger == nullptr) {
    own_ledger = OrderLedger::load("", slot).value();
    ledger = &*own_ledger;
  }
  if (ledger != nullptr) ledger->start_slot(slot);
  if (options.place_orders &&
      !reconcile_earlier_orders(client, journal, *ledger, memory, now_ms, report)) {
    report.exit_code = kExitRuntime;
    return report;
  }
  // From here on each dated hedge's `symbol` is the contract it trades this tick.
  std::optional<ResolvedContracts> resolved;
  if (!resolve_and_roll(given_config, client, journal, ledger, now_ms, options, resolved, report))
    return report;
  const config::Config& config = resolved->config;

  Result<TickSnapshot> snapshot = take_snapshot(config, client, engine, now_ms);
  if (!snapshot) {
    report.add_error(to_string(snapshot.error().kind),
                     "snapshot failed: " + snapshot.error().describe());
    journal_append(journal, now_ms, "error", "*",
                   {{"stage", "snapshot"},
                    {"kind", to_string(snapshot.error().kind)},
                    {"message", snapshot.error().describe()}});
    report.exit_code = kExitRuntime;
    return report;
  }
  report.account = snapshot->rules.account;

  const std::vector<rules::Decision> decisions = engine.evaluate(snapshot->rules, memory);
  const bool kill_switch =
      !config.risk.kill_switch.empty() && std::filesystem::exists(config.risk.kill_switch);
  bool failed = false;
  bool refused = false;

  Result<std::vector<HedgeTick>> hedge_ticks = pair_hedges(config, *snapshot, decisions);
  if (!hedge_ticks) {
    fail_stage(report, journal, now_ms, "pair", hedge_ticks.error());
    return report;
  }

  for (HedgeTick& tick : *hedge_ticks) {
    const size_t i = tick.index;
    const config::HedgeConfig& hedge = *tick.hedge;
    const rules::HedgeInput& input = *tick.input;
    const HedgeMarket& market = *tick.market;
    HedgeReport& entry = tick.entry;
    entry.plan = plan_for(tick);
    if (rolled_this_tick(report, hedge.asset) && entry.decision.hold) {
      // A hold (or a cooldown) keeps the previous target; a roll moves that target to the new
      // contract, so its open is placed all the same.
      entry.notes.push_back("rolling: the kept target is opened on " + hedge.symbol +
                            " despite the hold (" + entry.decision.why + ")");
    } else {
      apply_hold(entry);
    }
    if (entry.plan.below_minimum) report.skipped.push_back({hedge.asset, entry.plan.skip_reason});
    const std::vector<MarginBracket> brackets =
        read_margin_brackets(client, hedge.symbol, entry.notes);
    const int held_leverage =
        market.position.leverage > 0 ? market.position.leverage : hedge.leverage;
    entry.margin =
        hedge_margin(input.position_base, input.mark_price, held_leverage, brackets,
                     market.position.maint_margin > 0.0 ? market.position.maint_margin : -1.0);
    entry.target_margin = hedge_margin(market.instrument.steps_to_base(entry.plan.target_steps),
                                       input.mark_price, hedge.leverage, brackets);

    nlohmann::json decision_fields = {{"symbol", hedge.symbol},
                                      {"target_ratio", entry.decision.target_ratio},
                                      {"actual_ratio", entry.actual_ratio},
                                      {"rules", entry.decision.fired},
                                      {"decided_by", entry.decision.decided_by},
                                      {"why", entry.decision.why},
                                      {"alerts", entry.decision.alerts},
                                      {"not_ready", not_ready_json(entry.decision.not_ready)},
                                      {"hold", entry.decision.hold},
                                      {"spot_qty", input.spot_qty},
                                      {"position_qty", input.position_base},
                                      {"mark_price", input.mark_price},
                                      {"skip_reason", entry.plan.skip_reason}};
    if (market.instrument.quotes_in_contracts()) {
      decision_fields["position_contracts"] =
          market.instrument.steps_to_contracts(market.position.qty_steps);
    }
    put_qty_number(decision_fields, "target_qty", "target_contracts", market.instrument,
                   entry.plan.target_steps);
    journal_append(journal, now_ms, "decision", hedge.asset, decision_fields);

    RiskContext context;
    context.now_ms = now_ms;
    context.kill_switch_present = kill_switch;
    context.kill_switch_path = config.risk.kill_switch;
    context.newest_close_ms = market.newest_close_ms;
    context.last_close = market.last_close;
    context.reference_close = market.reference_close;
    context.reference_count = market.reference_count;
    context.mark_price = input.mark_price;
    context.account = snapshot->rules.account;
    context.leverage = hedge.leverage;
    if (!brackets.empty())
      context.bracket_max_notional = max_notional_at_leverage(brackets, hedge.leverage);
    const bool paper_venue = config.bot.mode == config::Mode::Paper;
    context.taker_fee = paper_venue ? config.paper.taker_fee : kLiveTakerFeeEstimate;
    context.slippage_bps = paper_venue ? config.paper.slippage_bps : kLiveSlippageBpsEstimate;
    for (size_t j = 0; j < snapshot->markets.size(); ++j) {
      if (j == i) continue;
      context.other_positions_notional +=
          std::fabs(snapshot->rules.hedges[j].position_base) * snapshot->rules.hedges[j].mark_price;
    }
    const RiskVerdict verdict = check_plan(entry.plan, market.instrument, config.risk, context);
    for (const std::string& note : verdict.notes) entry.notes.push_back(note);
    std::vector<Refusal> refusals = verdict.refusals;
    const std::string orders_closed = client.limits().orders_closed;
    const bool may_place = orders_closed.empty() || !options.place_orders;
    if (!may_place && !verdict.approved.empty()) {
      refusals.push_back({hedge.asset, "not placed: " + orders_closed});
    }
    for (const std::string& note : verdict.notes) {
      // A trimmed order leaves the account short of the target: a risk-guard outcome (exit 4),
      // not a quiet success.
      if (note.find(" trimmed from ") != std::string::npos) refusals.push_back({hedge.asset, note});
    }
    for (const Refusal& refusal : refusals) {
      refused = true;
      report.refusals.push_back(refusal);
      journal_append(journal, now_ms, "refusal", hedge.asset,
                     {{"symbol", hedge.symbol}, {"reason", refusal.reason}});
    }

    if (options.place_orders && may_place && !verdict.approved.empty()) {
      const Status prepared = client.prepare_symbol(hedge.symbol, hedge.leverage);
      if (!prepared) {
        failed = true;
        report.add_error(to_string(prepared.error().kind),
                         hedge.asset + ": " + prepared.error().describe());
        journal_append(journal, now_ms, "error", hedge.asset,
                       {{"stage", "prepare"}, {"message", prepared.error().describe()}});
        report.hedges.push_back(std::move(entry));
        continue;
      }
      ExecutionRequest request;
      request.hedge = hedge.asset;
      request.instrument = market.instrument;
      request.orders = verdict.approved;
      request.reason =
          entry.decision.decided_by +
          (entry.decision.fired.empty() ? "" : " [" + join(entry.decision.fired) + "]") + ": " +
          entry.decision.why;
      request.style = hedge.order;
      request.limit_timeout_ms = hedge.limit_timeout_ms;
      request.tick_slot = tick_slot(now_ms, config.bot.interval_ms);
      request.now_ms = now_ms;
      request.position_steps = market.position.qty_steps;
      ExecutionResult result = execute_orders(client, *journal, *ledger, request, options.sleep);
      report.retry_at_ms = std::max(report.retry_at_ms, result.retry_at_ms);
      if (result.traded) rules::RuleEngine::note_trade(memory, hedge.asset, now_ms);
      if (result.traded && i + 1 < config.hedges.size()) {
        // The next hedges' limits see the margin and the position this one now uses.
        if (Result<Account> account = client.account(); account) {
          snapshot->rules.account = *account;
        }
        if (Result<Position> position = client.position(hedge.symbol); position) {
          snapshot->rules.hedges[i].position_base =
              market.instrument.steps_to_base(position->qty_steps);
        }
      }
      if (result.failed) {
        failed = true;
        for (const OrderReport& order : result.orders) {
          if (!order.error.empty()) report.add_error("order", hedge.asset + ": " + order.error);
        }
      } else if (result.resting) {
        // On target once it fills: a later run's clock fills it, or the next tick replaces it.
        for (const OrderReport& order : result.orders) {
          if (order.good_till_ms == 0) continue;
          report.pending.push_back(
              {hedge.asset, "limit order " + order.client_order_id + " (" + order.side + " " +
                                order.qty + " at " + order.price +
                                ") rests in market time until it fills, until " +
                                format_iso8601(order.good_till_ms) +
                                " (limit_timeout), or until the next tick replaces it; the hedge "
                                "is off its target until then"});
        }
      } else if (result.executed_steps != result.planned_steps) {
        // Every order ended without an error, yet the position is not where the plan put it.
        failed = true;
        const std::string message =
            "off target: the orders filled " +
            market.instrument.describe_qty(std::llabs(result.executed_steps)) + " of the " +
            market.instrument.describe_qty(std::llabs(result.planned_steps)) + " the plan needed";
        report.add_error("off target", hedge.asset + ": " + message);
        journal_append(journal, now_ms, "error", hedge.asset,
                       {{"stage", "execute"}, {"symbol", hedge.symbol}, {"message", message}});
      }
      report.orders.insert(report.orders.end(), result.orders.begin(), result.orders.end());
    } else if (!options.place_orders || !may_place) {
      // A plan, or a live run whose venue takes no orders: what would have been placed.
      for (size_t leg = 0; leg < verdict.approved.size(); ++leg) {
        const PlannedOrder& order = verdict.approved[leg];
        OrderReport would;
        would.hedge = hedge.asset;
        would.symbol = hedge.symbol;
        would.side = to_string(order.side);
        would.qty = market.instrument.format_base_qty(order.qty_steps);
        if (market.instrument.quotes_in_contracts())
          would.contracts = market.instrument.format_qty(order.qty_steps);
        would.reduce_only = order.reduce_only;
        would.client_order_id =
            client_order_id(hedge.asset, tick_slot(now_ms, config.bot.interval_ms), order.leg,
                            static_cast<int>(leg), 0);
        would.status = "PLANNED";
        would.leg = order.leg;
        report.orders.push_back(would);
      }
    }
    report.hedges.push_back(std::move(entry));
  }
  finish_rolls(journal, now_ms, options.place_orders, report);
  const size_t errors_before = report.errors.size();
  const size_t refusals_before = report.refusals.size();
  run_tick_transfers(config, client, journal, *snapshot, decisions, now_ms, kill_switch, options,
                     report);
  failed = failed || report.errors.size() > errors_before;
  refused = refused || report.refusals.size() > refusals_before;
  report.exit_code = failed                    ? kExitRuntime
                     : refused                 ? kExitRefused
                     : !report.pending.empty() ? kExitRuntime
                                               : kExitOk;
  return report;
}

bool tick_completed(std::string_view outcome) {
  return outcome == "ok" || outcome == "refused" || outcome == "pending";
}

const char* TickReport::outcome() const {
  if (exit_code == kExitOk) return "ok";
  if (exit_code == kExitRefused) return "refused";
  if (exit_code == kExitRuntime && errors.empty() && liquidations.empty() && !pending.empty())
    return "pending";
  return "failed";
}

}  // namespace hedgebot::bot
