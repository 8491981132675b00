// An order object (POST /fapi/v1/order RESULT, query, cancel, openOrders items): any body ->
// an OrderState on the step and tick grids, or an error.
#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

void check_order(const hedgebot::binance::Json& item, const hedgebot::Instrument& instrument) {
  using hedgebot::fuzz::require;
  auto order = hedgebot::binance::parse_order(item, instrument);
  if (!order) return;
  require(
      order->qty_steps >= 0 && order->filled_steps >= 0 && order->filled_steps <= order->qty_steps,
      "filled quantity within the order's");
  require(order->price_ticks >= 0 && order->avg_fill_price >= 0, "prices are not negative");
  (void)instrument.format_qty(order->qty_steps);
  (void)instrument.format_price(order->price_ticks);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  auto body = binance::parse_json(fuzz::as_text(data, size), "POST /fapi/v1/order");
  if (!body) return 0;
  for (const Instrument& instrument : {fuzz::btc_instrument(), fuzz::whole_contract_instrument()}) {
    check_order(*body, instrument);
    // openOrders answers an array of order objects.
    if (body->is_array()) {
      for (const binance::Json& item : *body) check_order(item, instrument);
    }
  }
  return 0;
}
