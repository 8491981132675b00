#include "bot/pipeline/planner.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "exchange/number_text.hpp"

namespace hedgebot::bot {
namespace {

// Splits one move into orders no larger than the instrument's maximum.
void add_order(Plan& plan, const Instrument& instrument, Side side, int64_t steps, bool reduce_only,
               const std::string& leg) {
  const int64_t max_steps = instrument.max_qty_steps > 0 ? instrument.max_qty_steps : steps;
  while (steps > 0) {
    const int64_t chunk = std::min(steps, max_steps);
    plan.orders.push_back(PlannedOrder{side, chunk, reduce_only, leg});
    steps -= chunk;
  }
}

// Why the inputs cannot give a target in whole steps ("" when they can): a NaN or infinite
// number, a price that is not positive, or a target beyond the int64 range of steps. Bad data
// never becomes an order.
std::string unusable_input(const PlanInput& input, double target_base) {
  for (const auto& [name, value] :
       {std::pair<const char*, double>{"target ratio", input.target_ratio},
        {"spot quantity", input.spot_qty},
        {"beta", input.beta},
        {"spot price", input.spot_price},
        {"mark price", input.mark_price},
        {"band", input.band}}) {
    if (!std::isfinite(value)) return std::string(name) + " is not a finite number";
  }
  if (input.mark_price <= 0.0 || input.spot_price <= 0.0) {
    return "mark price " + general_text(input.mark_price) + " or spot price " +
           general_text(input.spot_price) + " is not positive";
  }
  const Instrument& instrument = input.instrument;
  if (!instrument.checked_base_to_steps_toward_zero(target_base)) {
    return "target of " + general_text(target_base) + " " + instrument.base_asset +
           " is beyond the instrument's whole steps";
  }
  return "";
}

}  // namespace

double target_position_base(double ratio, double spot_qty, double beta, double spot_price,
                            double mark_price) {
  if (mark_price <= 0.0) return 0.0;
  return -ratio * spot_qty * beta * spot_price / mark_price;
}

double initial_margin(double notional, double leverage) {
  return leverage > 0.0 ? std::fabs(notional) / leverage : std::fabs(notional);
}

Plan plan_hedge(const PlanInput& input) {
  const Instrument& instrument = input.instrument;
  Plan plan;
  plan.asset = input.asset;
  plan.symbol = instrument.symbol;
  plan.target_ratio = std::clamp(input.target_ratio, input.min_ratio, input.max_ratio);
  plan.current_steps = input.position_steps;
  plan.target_base = target_position_base(plan.target_ratio, input.spot_qty, input.beta,
                                          input.spot_price, input.mark_price);
  if (std::string problem = unusable_input(input, plan.target_base); !problem.empty()) {
    plan.target_steps = plan.current_steps;
    plan.skip_reason = "no order: " + problem;
    return plan;
  }
  plan.target_steps = instrument.base_to_steps_toward_zero(plan.target_base);

  const double current_base = instrument.steps_to_base(plan.current_steps);
  const double move_base = plan.target_base - current_base;
  const int decimals = instrument.qty_step.scale + 2;
  if (plan.target_steps == plan.current_steps) {
    plan.skip_reason = plan.target_base != 0.0 && plan.target_steps == 0
                           ? "target " + fixed_text(plan.target_base, decimals) + " " +
                                 instrument.base_asset + " rounds to zero steps of " +
                                 instrument.qty_step.to_string()
                           : "position already at target";
    return plan;
  }
  const double band_base = input.band * input.spot_qty;
  if (std::fabs(move_base) <= band_base) {
    plan.skip_reason = "inside band: move of " + fixed_text(std::fabs(move_base), decimals) + " " +
                       instrument.base_asset + " <= band " + fixed_text(band_base, decimals);
    return plan;
  }

  const int64_t current = plan.current_steps;
  const int64_t target = plan.target_steps;
  const bool flips = (current > 0 && target < 0) || (current < 0 && target > 0);
  const Side toward_target = target > current ? Side::Buy : Side::Sell;
  if (flips) {
    add_order(plan, instrument, toward_target, std::llabs(current), true, "close");
    add_order(plan, instrument, toward_target, std::llabs(target), false, "open");
  } else if (std::llabs(target) < std::llabs(current)) {
    add_order(plan, instrument, toward_target, std::llabs(current - target), true,
              target == 0 ? "close" : "reduce");
  } else {
    add_order(plan, instrument, toward_target, std::llabs(target - current), false,
              current == 0 ? "open" : "increase");
  }

  // Venue minimums apply to orders that add risk; reduce-only orders are exempt from the
  // minimum notional (Binance -4164) but not from the minimum quantity.
  std::vector<PlannedOrder> kept;
  for (const PlannedOrder& order : plan.orders) {
    const double qty_base = instrument.steps_to_base(order.qty_steps);
    const double notional = qty_base * input.mark_price;
    if (order.qty_steps < instrument.min_qty_steps) {
      plan.skip_reason = order.leg + " of " + instrument.describe_qty(order.qty_steps) +
                         " is under the minimum quantity " +
                         instrument.describe_qty(instrument.min_qty_steps);
      plan.below_minimum = true;
      continue;
    }
    if (!order.reduce_only && notional < instrument.min_notional) {
      plan.skip_reason = order.leg + " of " + instrument.describe_qty(order.qty_steps) + " (" +
                         fixed_text(notional, 2) + " " + instrument.quote_asset +
                         ") is under the minimum notional " +
                         fixed_text(instrument.min_notional, 2) + " " + instrument.quote_asset;
      plan.below_minimum = true;
      continue;
    }
    kept.push_back(order);
  }
  plan.orders = std::move(kept);
  return plan;
}

}  // namespace hedgebot::bot
