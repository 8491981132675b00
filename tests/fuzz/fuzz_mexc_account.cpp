// MEXC contract account answers (the `data` payload): assets, open positions, position mode,
// leverage. Any body -> a value within its contract, or an error; never a crash.
#include "exchange/binance/json_fields.hpp"
#include "exchange/mexc/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /api/v1/private");
  if (!body) return 0;
  if (auto account = mexc::parse_account(*body, "USDT")) {
    require(account->wallet_balance >= 0 && account->initial_margin >= 0,
            "no negative wallet or margin");
  }
  (void)mexc::parse_position(*body, "BTC_USDT", fuzz::btc_instrument());
  (void)mexc::parse_position(*body, "BTC_USDT", fuzz::whole_contract_instrument());
  (void)mexc::held_contracts(*body);
  (void)mexc::parse_one_way(*body);
  (void)mexc::parse_leverage(*body);
  return 0;
}
