#pragma once
// The last check before anything reaches a venue: refuses or trims what breaks a limit.
// A refusal is a reason the journal records and the CLI prints (exit 4), never a silent skip.
//
// Refused outright (every order of the hedge): the kill-switch file exists; the newest closed
// candle is older than `stale_after`; the mark price is not a positive finite number or is
// further than `max_price_deviation` from the last close; the last close is not a positive finite
// number or is more than `max_price_jump` times above or below the median of the closes before
// it (a bad print is refused even when the mark is missing and stands in for the last close).
// The price checks also apply to a plan without orders: a bad print is a refusal, never a
// quiet "nothing to do".
// Checked for orders that add risk (reduce-only orders always pass): margin ratio above
// `max_margin_ratio` refuses; an order above `max_order_notional`, a position above
// `max_position_notional` or a leverage above `max_leverage` trims the order to fit, or refuses
// it when what is left is under the venue's minimums. An order the available margin cannot
// carry is trimmed so that it still fits with its cost as the venue checks it: initial margin,
// open loss against the mark, taker fee, the slippage and one tick of price move.

#include <cstdint>
#include <string>
#include <vector>

#include "bot/pipeline/planner.hpp"
#include "config/config.hpp"
#include "exchange/model.hpp"

namespace hedgebot::bot {

// Live accounts: the fee and slippage the margin trim assumes (the venue's regular taker fee,
// and a market order's cost taken 5 bps past the last price); paper uses its own settings.
inline constexpr double kLiveTakerFeeEstimate = 0.0005;
inline constexpr double kLiveSlippageBpsEstimate = 5.0;

struct RiskContext {
  int64_t now_ms = 0;
  bool kill_switch_present = false;
  std::string kill_switch_path;
  int64_t newest_close_ms = 0;   // close time of the newest closed candle of the hedge
  double last_close = 0.0;       // its close price
  double reference_close = 0.0;  // median close of the candles before it; 0: no history
  int reference_count = 0;
  double mark_price = 0.0;
  Account account;
  double other_positions_notional = 0.0;  // |notional| of the account's other hedges, quote
  int leverage = 0;  // the hedge's leverage: initial margin = notional / leverage
  // The largest position notional the venue's margin brackets allow at `leverage` (quote);
  // 0 or infinity: no such limit known.
  double bracket_max_notional = 0.0;
  // What a market order pays beyond its initial margin, for the margin trim: the taker fee
  // (fraction of notional) and the slippage against the last price (basis points).
  double taker_fee = 0.0;
  double slippage_bps = 0.0;
};

struct Refusal {
  std::string hedge;
  std::string reason;
};

struct RiskVerdict {
  std::vector<PlannedOrder> approved;
  std::vector<Refusal> refusals;
  std::vector<std::string> notes;  // trims applied
};

RiskVerdict check_plan(const Plan& plan, const Instrument& instrument,
                       const config::RiskConfig& limits, const RiskContext& context);

}  // namespace hedgebot::bot
