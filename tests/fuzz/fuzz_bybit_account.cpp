// Bybit v5 account answers (the `result` object): wallet-balance as the futures account and as
// spot balances, position/list. Any body -> a value within its contract, or an error.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/bybit/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /v5/account");
  if (!body) return 0;
  (void)bybit::parse_account(*body, "USDT");
  (void)bybit::parse_spot_balances(*body);
  if (auto collateral = bybit::parse_collateral(*body)) {
    for (const CollateralAsset& asset : *collateral) {
      require(std::isfinite(asset.value()), "a collateral value is a number");
    }
  }
  (void)bybit::parse_position(*body, fuzz::btc_instrument());
  (void)bybit::parse_position(*body, fuzz::whole_contract_instrument());
  return 0;
}
