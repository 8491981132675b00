// GET /fapi/v1/exchangeInfo: any body -> instruments or an InvalidResponse, never a crash.
#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /fapi/v1/exchangeInfo");
  if (!body) return 0;
  auto trimmed = binance::trim_exchange_info_symbols(*body);
  if (!trimmed) return 0;
  for (const binance::Json& entry : *trimmed) {
    auto instrument = binance::parse_instrument(entry);
    if (!instrument) continue;
    require(instrument->qty_step.is_positive() && instrument->price_tick.is_positive(),
            "an instrument has a positive step and tick");
    require(instrument->min_qty_steps >= 1 && instrument->max_qty_steps >= 0,
            "an instrument's quantity bounds are sane");
    (void)instrument->format_qty(instrument->min_qty_steps);
  }
  return 0;
}
