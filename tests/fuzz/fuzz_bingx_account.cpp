// BingX account answers (the `data` value): perpetual balance, positions, maintenance tiers,
// spot balances, position mode, leverage. Any body -> a value within its contract, or an error.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/bingx/parse.hpp"
#include "tests/fuzz/binance_support.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /openApi/swap/v3/user/balance");
  if (!body) return 0;
  if (auto account = bingx::parse_balance(*body, "USDT")) {
    require(account->wallet_balance >= 0 && account->initial_margin >= 0,
            "no negative wallet or margin");
  }
  if (auto rows = bingx::parse_positions(*body)) {
    (void)bingx::position_of(*rows, "BTC-USDT", fuzz::btc_instrument());
  }
  if (auto tiers = bingx::parse_margin_tiers(*body)) {
    require(!tiers->empty(), "at least one tier");
    const double margin = bingx::maintenance_margin(*tiers, 250000.0);
    require(std::isfinite(margin) && margin >= 0, "a maintenance margin is finite, not negative");
  }
  if (auto spot = bingx::parse_spot_balances(*body)) {
    for (const SpotBalance& balance : *spot)
      require(balance.free >= 0 && balance.locked >= 0, "no negative balance");
  }
  (void)bingx::parse_dual_side(*body);
  if (auto leverage = bingx::parse_leverage(*body)) require(*leverage >= 0, "leverage >= 0");
  (void)bingx::parse_margin_type(*body);
  return 0;
}
