#include "bot/pipeline/risk_guard.hpp"

#include <algorithm>
#include <cmath>

#include "exchange/number_text.hpp"

namespace hedgebot::bot {
namespace {

std::string fixed(double value, int decimals = 2) {
  return fixed_text(value, decimals);
}

std::string price_sanity_reason(const Plan& plan, const config::RiskConfig& limits,
                                const RiskContext& context);

// Reasons that stop every order of the hedge; empty when none applies.
std::string blocking_reason(const Plan& plan, const config::RiskConfig& limits,
                            const RiskContext& context) {
  if (context.kill_switch_present) {
    return "kill switch " + context.kill_switch_path +
           " exists: nothing is placed (remove it to resume)";
  }
  if (context.newest_close_ms <= 0 ||
      context.now_ms - context.newest_close_ms > limits.stale_after_ms) {
    return "stale data: newest closed candle of " + plan.symbol + " closed at " +
           format_iso8601(context.newest_close_ms) + ", more than " +
           format_duration(limits.stale_after_ms) + " before " + format_iso8601(context.now_ms);
  }
  return price_sanity_reason(plan, limits, context);
}

// Bad data: checked even when nothing is planned (a bad print must not pass as "no order").
std::string price_sanity_reason(const Plan& plan, const config::RiskConfig& limits,
                                const RiskContext& context) {
  if (!std::isfinite(context.mark_price) || context.mark_price <= 0.0) {
    return "price sanity: mark price of " + plan.symbol + " is not a positive number";
  }
  if (!std::isfinite(context.last_close) || context.last_close <= 0.0) {
    return "price sanity: last close of " + plan.symbol + " is not a positive number";
  }
  if (context.reference_close > 0.0) {
    const double jump = std::max(context.last_close / context.reference_close,
                                 context.reference_close / context.last_close);
    if (!(jump <= limits.max_price_jump)) {
      return "price sanity: last close " + fixed(context.last_close) + " of " + plan.symbol +
             " is " + fixed(jump, 1) + "x away from the median " + fixed(context.reference_close) +
             " of the " + std::to_string(context.reference_count) +
             " closes before it (limit risk.max_price_jump " + fixed(limits.max_price_jump, 1) +
             "x)";
    }
  }
  {
    const double deviation = std::fabs(context.mark_price / context.last_close - 1.0);
    if (deviation > limits.max_price_deviation) {
      return "price sanity: mark " + fixed(context.mark_price) + " is " +
             fixed(deviation * 100, 1) + " % from the last close " + fixed(context.last_close) +
             " (limit " + fixed(limits.max_price_deviation * 100, 1) + " %)";
    }
  }
  return {};
}

// Upper bound of what one step of a market order costs the available balance, as the venue
// checks a new order (initial margin at the order price + open loss against the mark + taker
// fee), for any fill price within the slippage and one tick of the last close or the mark.
double margin_cost_per_step(Side side, const Instrument& instrument, const RiskContext& context) {
  const double mark = context.mark_price;
  const double last = context.last_close > 0.0 ? context.last_close : mark;
  const double slip = context.slippage_bps / 10000.0;
  const double tick = instrument.tick_size();
  const double highest = std::max(last, mark) * (1.0 + slip) + tick;
  const double lowest = std::max(0.0, std::min(last, mark) * (1.0 - slip) - tick);
  const double open_loss = side == Side::Buy ? highest - mark : mark - lowest;
  const double per_base = highest / context.leverage + std::max(0.0, open_loss) +
                          std::fabs(context.taker_fee) * highest;
  return instrument.steps_to_base(1) * per_base;
}

}  // namespace

RiskVerdict check_plan(const Plan& plan, const Instrument& instrument,
                       const config::RiskConfig& limits, const RiskContext& context) {
  RiskVerdict verdict;
  if (plan.orders.empty()) {
    if (context.newest_close_ms <= 0) return verdict;  // no candle at all: nothing to judge
    if (std::string reason = price_sanity_reason(plan, limits, context); !reason.empty())
      verdict.refusals.push_back(Refusal{plan.asset, std::move(reason)});
    return verdict;
  }
  if (const std::string reason = blocking_reason(plan, limits, context); !reason.empty()) {
    verdict.refusals.push_back(Refusal{plan.asset, reason});
    return verdict;
  }

  const double mark = context.mark_price;
  int64_t position = plan.current_steps;
  for (const PlannedOrder& planned : plan.orders) {
    PlannedOrder order = planned;
    const int64_t signed_qty = signed_steps(order.side, order.qty_steps);
    if (order.reduce_only) {
      verdict.approved.push_back(order);
      position += signed_qty;
      continue;
    }
    const double margin_ratio = context.account.margin_ratio();
    if (margin_ratio > limits.max_margin_ratio) {
      verdict.refusals.push_back({plan.asset, "margin ratio " + fixed(margin_ratio * 100, 1) +
                                                  " % is above risk.max_margin_ratio " +
                                                  fixed(limits.max_margin_ratio * 100, 1) +
                                                  " %: no increase"});
      break;
    }
    // The largest order (in steps) each limit allows.
    int64_t allowed = order.qty_steps;
    std::string trimmed_by;
    auto limit_to = [&](int64_t cap, const std::string& what) {
      cap = std::max<int64_t>(cap, 0);
      if (cap < allowed) {
        allowed = cap;
        trimmed_by = what;
      }
    };
    limit_to(instrument.notional_to_steps_toward_zero(limits.max_order_notional, mark),
             "risk.max_order_notional " + fixed(limits.max_order_notional));
    const int64_t current_abs = std::llabs(position);
    if (limits.max_position_notional > 0.0) {
      limit_to(instrument.notional_to_steps_toward_zero(limits.max_position_notional, mark) -
                   current_abs,
               "risk.max_position_notional " + fixed(limits.max_position_notional));
    }
    const double margin_balance = context.account.margin_balance;
    const double leverage_room_notional =
        limits.max_leverage * margin_balance - context.other_positions_notional;
    limit_to(instrument.notional_to_steps_toward_zero(leverage_room_notional, mark) - current_abs,
             "risk.max_leverage " + fixed(limits.max_leverage, 1) + "x");

    if (context.bracket_max_notional > 0.0 && std::isfinite(context.bracket_max_notional)) {
      // The venue refuses a position past its bracket's cap for the leverage (-2027).
      limit_to(instrument.notional_to_steps_toward_zero(context.bracket_max_notional, mark) -
                   current_abs,
               "the venue's margin brackets (at most " + fixed(context.bracket_max_notional) +
                   " of notional at " + std::to_string(context.leverage) + "x)");
    }

    if (context.leverage > 0) {
      // What the venue would reject with "margin is insufficient" (-2019), caught here: the
      // order is cut to what the available balance carries with its fee and slippage.
      const double cost_per_step = margin_cost_per_step(order.side, instrument, context);
      limit_to(Instrument::saturating_steps_toward_zero(context.account.available_balance /
                                                        cost_per_step),
               "the available margin " + fixed(context.account.available_balance) + " at " +
                   std::to_string(context.leverage) + "x (with fee, slippage and one tick)");
    }

    if (allowed < order.qty_steps) {
      const double left_notional = instrument.steps_to_base(allowed) * mark;
      if (allowed < instrument.min_qty_steps || left_notional < instrument.min_notional) {
        verdict.refusals.push_back({plan.asset, order.leg + " of " +
                                                    instrument.describe_qty(order.qty_steps) + " " +
                                                    plan.symbol + " refused by " + trimmed_by});
        break;
      }
      verdict.notes.push_back(order.leg + " trimmed from " +
                              instrument.describe_qty(order.qty_steps) + " to " +
                              instrument.describe_qty(allowed) + " by " + trimmed_by);
      order.qty_steps = allowed;
    }
    verdict.approved.push_back(order);
    position += signed_steps(order.side, order.qty_steps);
  }
  return verdict;
}

}  // namespace hedgebot::bot
