// GET /fapi/v3/positionRisk: any body -> the signed position in whole steps, or an error.
#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /fapi/v3/positionRisk");
  if (!body) return 0;
  for (const Instrument& instrument : {fuzz::btc_instrument(), fuzz::whole_contract_instrument()}) {
    auto position = binance::parse_position(*body, instrument);
    if (!position) continue;
    require(position->symbol == instrument.symbol, "the position is the instrument's");
    require(position->entry_price >= 0, "entry price is not negative");
    (void)instrument.format_qty(position->qty_steps);
  }
  return 0;
}
