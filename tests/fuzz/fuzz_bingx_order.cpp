// BingX order answers (the `data` value): a placed, queried or cancelled order, open orders.
// Any body -> orders within their contract, or an error.
#include "exchange/binance/json_fields.hpp"
#include "exchange/bingx/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /openApi/swap/v2/trade/order");
  if (!body) return 0;
  const Instrument instrument = fuzz::btc_instrument();
  auto check = [&](const OrderState& order) {
    require(order.filled_steps >= 0 && order.qty_steps >= 0, "quantities are not negative");
    require(order.filled_steps <= order.qty_steps, "no more filled than ordered");
    require(!order.venue_order_id.empty(), "an order has an id");
  };
  if (auto item = bingx::order_object(*body, "order")) {
    if (auto order = bingx::parse_order(*item, "BTC-USDT", instrument)) check(*order);
  }
  if (auto orders = bingx::parse_open_orders(*body, "BTC-USDT", instrument)) {
    for (const OrderState& order : *orders) check(order);
  }
  return 0;
}
