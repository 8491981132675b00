// WEEX order answers: order objects (ids above 2^53), lists, placement and cancel
// acknowledgements. Any body -> a value within its contract, or an error; never a crash.
#include "exchange/binance/json_fields.hpp"
#include "exchange/weex/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "/capi/v3/order");
  if (!body) return 0;
  Instrument btc;
  btc.symbol = "BTCUSDT";
  btc.qty_step = Decimal{1, 3};
  btc.price_tick = Decimal{1, 1};

  if (auto order = weex::parse_order(*body, btc, "BTCUSDT")) {
    require(order->filled_steps <= order->qty_steps, "never filled beyond the order");
    require(!order->venue_order_id.empty(), "an order id");
  }
  if (auto orders = weex::parse_order_list(*body, btc, "BTCUSDT")) {
    for (const OrderState& order : *orders) require(order.filled_steps >= 0, "no negative fill");
  }
  if (auto ack = weex::parse_ack(*body, "POST /capi/v3/order")) {
    require(ack->success || ack->error_code != 0 || !ack->error_message.empty(),
            "a refusal says why");
  }
  return 0;
}
