// MEXC contract order answers (the `data` payload): an order object, a list of them, the id of a
// new order. Any body -> a value within its contract, or an error; never a crash.
#include "exchange/binance/json_fields.hpp"
#include "exchange/mexc/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /api/v1/private/order");
  if (!body) return 0;
  for (const Instrument& instrument : {fuzz::btc_instrument(), fuzz::whole_contract_instrument()}) {
    if (auto order = mexc::parse_order(*body, "BTC_USDT", instrument)) {
      require(order->filled_steps >= 0 && order->filled_steps <= order->qty_steps,
              "filled within the order's quantity");
    }
    (void)mexc::parse_order_list(*body, "BTC_USDT", instrument);
  }
  if (auto id = mexc::parse_order_id(*body)) require(!id->empty(), "a non-empty order id");
  return 0;
}
