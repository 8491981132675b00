#include "paper/margin_model.hpp"

#include <algorithm>
#include <cmath>

namespace hedgebot::paper {

double position_notional(const HeldPosition& position, double mark_price,
                         const Instrument& instrument) {
  return std::fabs(instrument.steps_to_base(position.qty_steps)) * mark_price;
}

Account margin_account(double wallet_balance, const std::vector<MarginLine>& lines,
                       double open_order_margin) {
  Account account;
  account.wallet_balance = wallet_balance;
  double position_margin = 0.0;
  for (const MarginLine& line : lines) {
    if (line.position.qty_steps == 0) continue;
    const double notional = position_notional(line.position, line.mark_price, *line.instrument);
    account.unrealized_pnl += unrealized_pnl(line.position, line.mark_price, *line.instrument);
    account.maint_margin += maint_margin(*line.brackets, notional);
    position_margin += notional / std::max(1, line.leverage);
  }
  account.margin_balance = wallet_balance + account.unrealized_pnl;
  account.initial_margin = position_margin + open_order_margin;
  account.available_balance = std::max(0.0, account.margin_balance - account.initial_margin);
  return account;
}

OrderCost order_cost(Side side, double growth_base, double order_price, double mark_price,
                     int leverage, double fee) {
  OrderCost cost;
  cost.initial_margin = growth_base * order_price / std::max(1, leverage);
  const double loss_per_unit =
      side == Side::Buy ? order_price - mark_price : mark_price - order_price;
  cost.open_loss = growth_base * std::max(0.0, loss_per_unit);
  cost.fee = fee;
  return cost;
}

bool is_liquidatable(const Account& account) {
  return account.maint_margin > 0.0 && account.margin_ratio() >= 1.0;
}

double adverse_price(int64_t qty_steps, const Candle& candle) {
  return qty_steps > 0 ? candle.low : candle.high;
}

}  // namespace hedgebot::paper
