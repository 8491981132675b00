#include "bot/whatif/whatif.hpp"

#include <algorithm>
#include <cmath>

namespace hedgebot::bot {
namespace {

constexpr double kDayMs = 24.0 * 3600.0 * 1000.0;

std::vector<CrossPosition> cross_positions(const WhatifInput& input) {
  std::vector<CrossPosition> positions;
  for (const WhatifHedgeInput& hedge : input.hedges) {
    if (hedge.position_qty == 0.0) continue;
    positions.push_back({hedge.position_qty, hedge.entry_price, hedge.mark_price, &hedge.brackets});
  }
  return positions;
}

double spot_value_at(const WhatifInput& input, double move) {
  double value = 0.0;
  for (const WhatifHedgeInput& hedge : input.hedges)
    value += hedge.spot_qty * hedge.spot_price * std::max(0.0, 1.0 + hedge.beta * move);
  return value;
}

// What is left of the futures wallet after the account is liquidated at `move`: the margin
// balance there less the clearance fee on every closed notional, never below zero (the rest is
// the insurance fund's), as the paper engine settles it.
double left_after_liquidation(const WhatifInput& input, const std::vector<CrossPosition>& positions,
                              double move) {
  const CrossMargin at = cross_margin_at_move(input.wallet_balance, positions, move);
  double fees = 0.0;
  for (const CrossPosition& position : positions)
    fees += std::fabs(position.qty_base) * position.mark_price * (1.0 + move) *
            input.liquidation_fee_rate;
  return std::max(0.0, at.margin_balance - fees);
}

FundingAtRate funding_at(const std::string& basis, std::optional<double> rate,
                         const WhatifHedgeInput& hedge, double settlements_per_day,
                         double open_close_fees) {
  FundingAtRate out;
  out.basis = basis;
  out.rate = rate;
  if (!rate) return out;
  out.per_settlement = funding_cash_flow(hedge.position_qty, hedge.mark_price, *rate);
  out.per_day = out.per_settlement * settlements_per_day;
  out.per_30_days = out.per_day * 30.0;
  if (out.per_day > 0.0) out.fee_payback_days = open_close_fees / out.per_day;
  return out;
}

WhatifFunding funding_forecast(const WhatifHedgeInput& hedge) {
  WhatifFunding out;
  out.asset = hedge.asset;
  out.symbol = hedge.symbol;
  out.position_qty = hedge.position_qty;
  out.mark_price = hedge.mark_price;
  out.interval_ms = hedge.funding_interval_ms > 0 ? hedge.funding_interval_ms : 8 * kHourMs;
  out.settlements_per_day = kDayMs / static_cast<double>(out.interval_ms);
  out.open_close_fees = 2.0 * std::fabs(hedge.position_qty) * hedge.mark_price * hedge.taker_fee;
  std::optional<double> last;
  std::optional<double> mean;
  if (!hedge.funding.empty()) {
    last = hedge.funding.back().rate;
    double sum = 0.0;
    for (const FundingRate& row : hedge.funding) sum += row.rate;
    mean = sum / static_cast<double>(hedge.funding.size());
    out.window_settlements = static_cast<int>(hedge.funding.size());
  }
  out.rates.push_back(
      funding_at("last", last, hedge, out.settlements_per_day, out.open_close_fees));
  out.rates.push_back(
      funding_at("mean", mean, hedge, out.settlements_per_day, out.open_close_fees));
  out.rates.push_back(funding_at("predicted", hedge.predicted_rate, hedge, out.settlements_per_day,
                                 out.open_close_fees));
  return out;
}

}  // namespace

std::vector<double> default_whatif_moves() {
  return {-0.50, -0.30, -0.20, -0.10, -0.05, 0.05, 0.10, 0.20, 0.30, 0.50, 1.00};
}

WhatifResult compute_whatif(const WhatifInput& input) {
  WhatifResult result;
  result.input = input;
  const WhatifInput& in = result.input;  // the brackets the positions point to live here
  const std::vector<CrossPosition> positions = cross_positions(in);
  result.moves_together = positions.size() > 1;
  result.now = cross_margin_at_move(in.wallet_balance, positions, 0.0);
  result.unrealized_pnl = result.now.unrealized_pnl;
  result.liquidation_move_up = cross_liquidation_move(in.wallet_balance, positions, true);
  result.liquidation_move_down = cross_liquidation_move(in.wallet_balance, positions, false);

  for (const WhatifHedgeInput& hedge : in.hedges) {
    WhatifHedge out;
    out.asset = hedge.asset;
    out.symbol = hedge.symbol;
    out.mark_price = hedge.mark_price;
    out.position_qty = hedge.position_qty;
    out.entry_price = hedge.entry_price;
    out.notional = std::fabs(hedge.position_qty) * hedge.mark_price;
    out.maint_margin = maint_margin(hedge.brackets, out.notional);
    if (hedge.position_qty != 0.0) {
      const std::optional<double> move =
          hedge.position_qty < 0.0 ? result.liquidation_move_up : result.liquidation_move_down;
      if (move) {
        out.liquidation_price = std::max(0.0, hedge.mark_price * (1.0 + *move));
        out.liquidation_distance = std::fabs(*move);
      }
    }
    result.hedges.push_back(std::move(out));
  }

  for (const double move : in.moves) {
    WhatifScenario scenario;
    scenario.move = move;
    for (const WhatifHedgeInput& hedge : in.hedges)
      scenario.prices.emplace_back(hedge.symbol, std::max(0.0, hedge.mark_price * (1.0 + move)));
    const CrossMargin at = cross_margin_at_move(in.wallet_balance, positions, move);
    scenario.spot_value = spot_value_at(in, move);
    scenario.futures_pnl = at.unrealized_pnl - result.unrealized_pnl;
    scenario.margin_balance = at.margin_balance;
    scenario.maint_margin = at.maint_margin;
    scenario.margin_ratio = at.margin_ratio();
    const std::optional<double>& limit =
        move >= 0.0 ? result.liquidation_move_up : result.liquidation_move_down;
    scenario.liquidated = limit && (move >= 0.0 ? move >= *limit : move <= *limit);
    const double futures =
        scenario.liquidated ? left_after_liquidation(in, positions, *limit) : at.margin_balance;
    scenario.hedged_value = scenario.spot_value + in.stable_balance + futures;
    scenario.unhedged_value = scenario.spot_value + in.stable_balance + in.wallet_balance;
    result.scenarios.push_back(std::move(scenario));
  }

  for (const WhatifHedgeInput& hedge : in.hedges) result.funding.push_back(funding_forecast(hedge));
  return result;
}

}  // namespace hedgebot::bot
