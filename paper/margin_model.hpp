#pragma once
// Cross margin across every position (Binance's single-asset mode, simplified to one
// maintenance rate instead of the tiered brackets):
//   initial margin     = |qty| × contract size × mark / leverage
//   maintenance margin = |qty| × contract size × mark × maint_margin_rate
//   margin balance     = wallet + unrealized PnL;  margin ratio = maint / margin balance
// Liquidation when the margin ratio reaches 1 while a position is open.

#include <cstdint>
#include <vector>

#include "exchange/instrument.hpp"
#include "exchange/model.hpp"
#include "paper/position_model.hpp"

namespace hedgebot::paper {

// One open position valued at a price.
struct MarginLine {
  HeldPosition position;
  const Instrument* instrument = nullptr;
  double mark_price = 0.0;
  int leverage = 1;
};

// Quote value of the position at `mark_price` (always >= 0).
double position_notional(const HeldPosition& position, double mark_price,
                         const Instrument& instrument);

// The account as Binance reports it. `open_order_margin` is the initial margin reserved by
// resting orders; available = margin balance - initial margin (positions and orders), >= 0.
Account margin_account(double wallet_balance, const std::vector<MarginLine>& lines,
                       double maint_margin_rate, double open_order_margin);

// True when the margin ratio is >= 1 and something is open to liquidate.
bool is_liquidatable(const Account& account);

// The worst price of `candle` for a position: the low for a long, the high for a short.
double adverse_price(int64_t qty_steps, const Candle& candle);

}  // namespace hedgebot::paper
