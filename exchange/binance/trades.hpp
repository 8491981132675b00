#pragma once
// An order's fee from its trades (GET /fapi/v1/userTrades?symbol=&orderId=): the order
// endpoints say how much filled and at what average price, never what it cost. Internal to
// exchange/.

#include <cstdint>
#include <string>

#include "exchange/binance/json_fields.hpp"
#include "exchange/model.hpp"

namespace hedgebot::binance {

// The trades of one order, summed.
struct OrderTrades {
  int64_t qty_steps = 0;              // filled quantity over every trade
  double quote = 0.0;                 // sum of price * qty (base units)
  double commission = 0.0;            // sum of the commissions paid in `quote_asset`
  bool other_commission = false;      // some commission was paid in another asset (BNB...)
  double realized_pnl = 0.0;          // sum of realizedPnl
  bool realized_pnl_missing = false;  // a trade did not say its realizedPnl
};

// Sums the rows of `body` that belong to `venue_order_id`. `quote_asset` is the asset a fee must
// be paid in to count (the instrument's quote asset). InvalidResponse on a malformed row.
Result<OrderTrades> parse_order_trades(const Json& body, const Instrument& instrument,
                                       const std::string& venue_order_id);

// Fills `order.fee`, `order.realized_pnl` (and `avg_fill_price` when the order did not say) from
// its trades. When the trades do not add up to the order's filled quantity (the venue has not
// booked them all yet) or a fee was paid in another asset, the fee stays unknown (fee_known
// false, fee NaN); the realized PnL stays NaN unless every trade of the filled quantity said it.
void apply_trades(OrderState& order, const OrderTrades& trades, const Instrument& instrument);

// Marks the fee of `order` unknown when it has filled quantity (fee_known false, fee NaN).
void mark_fee_unknown(OrderState& order);

}  // namespace hedgebot::binance
