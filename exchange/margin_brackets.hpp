#pragma once
// Tiered maintenance margin (Binance USDⓈ-M's notional brackets), written once for the paper
// engine's liquidation check, the reports and what-if questions. Pure arithmetic: no I/O, no
// allocation in the per-candle functions (bracket_for, maint_margin, liquidation_price).
//
//   maintenance margin of a position = N x rate_b - amount_b, N its notional at the mark and b
//   the bracket N falls in. The amounts make the margin continuous across brackets:
//   amount_b = amount_(b-1) + floor_b x (rate_b - rate_(b-1)).
//
// A flat rate is the one-bracket table flat_brackets(rate).

#include <optional>
#include <vector>

#include "exchange/model.hpp"
#include "exchange/result.hpp"

namespace hedgebot {

using MarginBrackets = std::vector<MarginBracket>;

// One bracket from 0 to infinity at `rate`, no maintenance amount, leverage up to 125.
MarginBrackets flat_brackets(double rate);

// A usable table, as a venue sends it or a file holds it: at least one bracket, the first from
// 0, each starting at the previous cap, caps increasing, rates in (0, 1) and not decreasing,
// leverage >= 1 and not increasing, amounts >= 0. The error names the bracket (from 1).
Status check_brackets(const MarginBrackets& brackets);

// The bracket `notional` (>= 0) falls in; the last one beyond its cap. `brackets` non-empty.
const MarginBracket& bracket_for(const MarginBrackets& brackets, double notional);

// notional x rate - amount of the bracket `notional` falls in (>= 0).
double maint_margin(const MarginBrackets& brackets, double notional);

// The largest position notional the venue lets a position hold at `leverage`: the cap of the
// last bracket whose max leverage is >= leverage (0 when none allows it; infinity on a flat
// table).
double max_notional_at_leverage(const MarginBrackets& brackets, int leverage);

// The mark price at which one position is liquidated (Binance's cross-margin formula for
// one-way mode): where the margin balance falls to the maintenance margin while the account's
// other positions stay at their marks,
//   LP = (wallet - others' maint + others' unrealized PnL + amount_b - q x entry)
//        / (|q| x rate_b - q)
// with q the signed base quantity, for the bracket b that |q| x LP falls in. Each bracket's
// candidate is checked against the notional at that price and the consistent one is taken
// (the margin excess is monotonic in the price, so exactly one bracket holds the root).
// 0 when flat or when no positive price liquidates it (a long backed by more than its
// notional); a short whose account is already bankrupt gets a price <= 0, read as "liquidated
// at any price".
// `own_coin_collateral` (multi-asset account): base units of the position's own coin held as
// margin, times its collateral rate, so that the wallet holds `wallet_balance` plus
// own_coin_collateral x LP at the liquidation price (the slope above less it). A short backed by
// at least as much of its own coin (after the maintenance rate) is never liquidated by a rise:
// +infinity.
double liquidation_price(double qty_base, double entry_price, double wallet_balance,
                         double others_maint_margin, double others_unrealized_pnl,
                         const MarginBrackets& brackets, double own_coin_collateral = 0.0);

// How far the mark must move to reach `liquidation_price`, as a fraction of the mark:
// |liquidation - mark| / mark (0.15 = 15 % away). nullopt when there is no liquidation price
// (<= 0: flat, or no price liquidates it) or no mark.
std::optional<double> liquidation_distance(double liquidation_price, double mark_price);

// One position of a cross-margin account for a what-if move: every mark moves by the same
// fraction `m` of itself (crypto markets move together), the position's price being
// mark x (1 + m).
struct CrossPosition {
  double qty_base = 0.0;  // signed, negative = short
  double entry_price = 0.0;
  double mark_price = 0.0;                   // now
  const MarginBrackets* brackets = nullptr;  // non-empty
};

// The account at a common move `move` of every mark (-1 <= move): margin balance
// (wallet + unrealized PnL at the moved prices) and maintenance margin (maint_margin() of each
// position's notional at its moved price).
struct CrossMargin {
  double margin_balance = 0.0;
  double maint_margin = 0.0;
  double unrealized_pnl = 0.0;
  // maintenance / margin balance (Binance's margin ratio, liquidation at 1); nullopt when the
  // margin balance is <= 0 while something is held (bankrupt), 0 when nothing is held.
  std::optional<double> margin_ratio() const;
  bool liquidated() const { return maint_margin > 0.0 && margin_balance <= maint_margin; }
};

CrossMargin cross_margin_at_move(double wallet_balance, const std::vector<CrossPosition>& positions,
                                 double move);

// The common move nearest to 0 in one direction (`upward`: rising marks, else falling ones, down
// to -1 = every price at 0) at which the account's margin balance falls to its maintenance
// margin; nullopt when no move in that direction liquidates it. The margin excess is piecewise
// linear in the move (its kinks where a notional crosses a bracket cap), so each piece is solved
// exactly. With one position this is liquidation_price() / mark - 1.
std::optional<double> cross_liquidation_move(double wallet_balance,
                                             const std::vector<CrossPosition>& positions,
                                             bool upward);

}  // namespace hedgebot
