#pragma once
// Target ratio -> the orders that take a hedge there (docs/design.md, "Hedge math"). Pure.
//
// q* = -ratio x spot x beta x Ps / P (base units), then contracts = q* / contract_size, rounded
// toward zero to whole steps so the hedge never exceeds its target. Nothing is traded inside
// the band (|target - position| <= band x spot, in base units) or under the venue's minimum
// notional. Decreases are reduce-only; a change of sign is a reduce-only close plus an open.

#include <cstdint>
#include <string>
#include <vector>

#include "exchange/instrument.hpp"
#include "exchange/model.hpp"

namespace hedgebot::bot {

struct PlanInput {
  std::string asset;
  Instrument instrument;
  double target_ratio = 0.0;
  double min_ratio = 0.0;
  double max_ratio = 1.0;
  double band = 0.0;      // fraction of spot
  double spot_qty = 0.0;  // base units
  double beta = 1.0;
  double spot_price = 0.0;
  double mark_price = 0.0;
  int64_t position_steps = 0;  // signed
};

struct PlannedOrder {
  Side side = Side::Sell;
  int64_t qty_steps = 0;
  bool reduce_only = false;
  std::string leg;  // "open", "increase", "reduce", "close"
};

struct Plan {
  std::string asset;
  std::string symbol;
  double target_ratio = 0.0;  // after clamping
  double target_base = 0.0;   // q*, base units, before rounding
  int64_t current_steps = 0;
  int64_t target_steps = 0;  // after rounding toward zero
  std::vector<PlannedOrder> orders;
  std::string skip_reason;     // why nothing is traded (empty when orders are planned)
  bool below_minimum = false;  // skipped because of the venue's minimums
};

// Signed target position in base units for a ratio: -ratio x spot x beta x Ps / P.
double target_position_base(double ratio, double spot_qty, double beta, double spot_price,
                            double mark_price);

Plan plan_hedge(const PlanInput& input);

// Initial margin a position of `notional` (quote) needs at `leverage` (a 2 % initial margin
// is 50x): 227 500 USDT at 50x needs 4 550 USDT.
double initial_margin(double notional, double leverage);

}  // namespace hedgebot::bot
