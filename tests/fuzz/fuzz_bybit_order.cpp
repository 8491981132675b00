// Bybit v5 order answers (the `result` object): order/realtime and order/history lists,
// execution/list. Any body -> orders within their contract, or an error.
#include "exchange/binance/json_fields.hpp"
#include "exchange/bybit/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /v5/order/realtime");
  if (!body) return 0;
  const Instrument instrument = fuzz::btc_instrument();
  if (auto orders = bybit::parse_order_list(*body, instrument)) {
    for (const bybit::VenueOrder& order : *orders) {
      require(order.state.filled_steps >= 0 && order.state.qty_steps >= 0,
              "quantities are not negative");
      require(order.state.filled_steps <= order.state.qty_steps, "no more filled than ordered");
    }
  }
  (void)bybit::parse_executions(*body, instrument, "1321003749386327552");
  return 0;
}
