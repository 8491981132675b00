// WEEX account answers: balance, position rows, symbolConfig. Any body -> a value within its
// contract, or an error; never a crash.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/weex/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /capi/v3/account");
  if (!body) return 0;
  Instrument btc;
  btc.symbol = "BTCUSDT";
  btc.qty_step = Decimal{1, 3};
  btc.price_tick = Decimal{1, 1};

  double margin = 0.0;
  if (auto rows = weex::parse_position_rows(*body)) {
    require(rows->margin >= 0 && std::isfinite(rows->margin), "a finite, non-negative margin");
    margin = rows->margin;
    if (auto position = weex::parse_position(*rows, "BTCUSDT", btc)) {
      require(position->liquidation_price >= 0, "no negative liquidation price");
    }
  }
  if (auto account = weex::parse_account(*body, "USDT", margin)) {
    require(std::isfinite(account->margin_balance), "a finite margin balance");
    require(account->maint_margin == margin, "the positions' margin stands for maintenance");
  }
  if (auto config = weex::parse_symbol_config(*body, "BTCUSDT")) {
    require(config->cross_leverage >= 0, "no negative leverage");
  }
  return 0;
}
