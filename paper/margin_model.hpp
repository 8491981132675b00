#pragma once
// Cross margin across every position (Binance's single-asset mode):
//   initial margin     = |qty| × contract size × mark / leverage
//   maintenance margin = notional × rate − amount of the symbol's bracket for that notional
//                        (exchange/margin_brackets.hpp; a flat rate is a one-bracket table)
//   margin balance     = wallet + unrealized PnL;  margin ratio = maint / margin balance
// Liquidation when the margin ratio reaches 1 while a position is open: the mark has reached
// the position's liquidation price.

#include <cstdint>
#include <vector>

#include "exchange/instrument.hpp"
#include "exchange/margin_brackets.hpp"
#include "exchange/model.hpp"
#include "paper/position_model.hpp"

namespace hedgebot::paper {

// One open position valued at a price.
struct MarginLine {
  HeldPosition position;
  const Instrument* instrument = nullptr;
  double mark_price = 0.0;
  int leverage = 1;
  const MarginBrackets* brackets = nullptr;  // the symbol's maintenance brackets, non-empty
};

// Quote value of the position at `mark_price` (always >= 0).
double position_notional(const HeldPosition& position, double mark_price,
                         const Instrument& instrument);

// The account as Binance reports it. `open_order_margin` is the initial margin reserved by
// resting orders; available = margin balance - initial margin (positions and orders), >= 0.
Account margin_account(double wallet_balance, const std::vector<MarginLine>& lines,
                       double open_order_margin);

// What a new order that grows a position costs in available balance, as Binance checks it
// before accepting the order (-2019 when the available balance is short): the initial margin
// at the order price, the open loss (the part of the order price already lost against the
// mark: a buy above the mark, a sell below it) and the taker fee of the whole order.
struct OrderCost {
  double initial_margin = 0.0;
  double open_loss = 0.0;
  double fee = 0.0;
  double total() const { return initial_margin + open_loss + fee; }
};

// `growth_base` is how much the order grows the position (base units, >= 0): the part of a
// flip past zero, or the whole order when it adds to the position.
OrderCost order_cost(Side side, double growth_base, double order_price, double mark_price,
                     int leverage, double fee);

// True when the margin ratio is >= 1 and something is open to liquidate.
bool is_liquidatable(const Account& account);

// The worst price of `candle` for a position: the low for a long, the high for a short.
double adverse_price(int64_t qty_steps, const Candle& candle);

}  // namespace hedgebot::paper
