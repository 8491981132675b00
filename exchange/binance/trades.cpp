#include "exchange/binance/trades.hpp"

#include <limits>

namespace hedgebot::binance {

Result<OrderTrades> parse_order_trades(const Json& body, const Instrument& instrument,
                                       const std::string& venue_order_id) {
  const std::string context = "GET /fapi/v1/userTrades";
  if (!body.is_array()) return shape_error(context, "expected an array");
  OrderTrades sums;
  for (const Json& row : body) {
    if (!row.is_object()) return shape_error(context, "a trade is not an object");
    auto order_id = get_int(row, "orderId", context);
    if (!order_id) return order_id.error();
    if (std::to_string(*order_id) != venue_order_id) continue;
    auto symbol = get_string(row, "symbol", context);
    if (!symbol) return symbol.error();
    if (*symbol != instrument.symbol) return shape_error(context, "trade is for " + *symbol);
    auto price = get_positive(row, "price", context);
    if (!price) return price.error();
    auto qty = get_decimal(row, "qty", context);
    if (!qty) return qty.error();
    if (qty->mantissa < 0) return shape_error(context, "negative qty");
    auto steps = instrument.qty_to_steps(*qty);
    if (!steps) return steps.error();
    auto commission = get_number(row, "commission", context);
    if (!commission) return commission.error();
    auto asset = get_string(row, "commissionAsset", context);
    if (!asset) return asset.error();
    if (row.contains("realizedPnl")) {
      auto realized = get_number(row, "realizedPnl", context);
      if (!realized) return realized.error();
      sums.realized_pnl += *realized;
    } else {
      sums.realized_pnl_missing = true;
    }
    sums.qty_steps += *steps;
    sums.quote += *price * instrument.steps_to_base(*steps);
    if (*asset == instrument.quote_asset) {
      // Binance reports a fee paid as a positive commission (a maker rebate as a negative one).
      sums.commission += *commission;
    } else if (*commission != 0.0) {
      sums.other_commission = true;
    }
  }
  return sums;
}

void mark_fee_unknown(OrderState& order) {
  if (order.filled_steps <= 0) return;
  order.fee_known = false;
  order.fee = std::numeric_limits<double>::quiet_NaN();
}

void apply_trades(OrderState& order, const OrderTrades& trades, const Instrument& instrument) {
  if (order.filled_steps <= 0) return;
  if (trades.qty_steps != order.filled_steps || trades.other_commission) {
    mark_fee_unknown(order);
  } else {
    order.fee = trades.commission;
    order.fee_known = true;
  }
  if (trades.qty_steps == order.filled_steps && !trades.realized_pnl_missing)
    order.realized_pnl = trades.realized_pnl;
  const double base = instrument.steps_to_base(trades.qty_steps);
  if (order.avg_fill_price <= 0.0 && trades.qty_steps == order.filled_steps && base > 0.0)
    order.avg_fill_price = trades.quote / base;
}

}  // namespace hedgebot::binance
