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
double liquidation_price(double qty_base, double entry_price, double wallet_balance,
                         double others_maint_margin, double others_unrealized_pnl,
                         const MarginBrackets& brackets);

}  // namespace hedgebot
