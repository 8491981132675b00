// GET /fapi/v3/account (USDT totals and another margin asset's row) and GET /api/v3/account
// (spot balances): any body -> the account or an InvalidResponse.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /fapi/v3/account");
  if (!body) return 0;
  for (const char* asset : {"USDT", "USDC"}) {
    if (auto account = binance::parse_account(*body, asset)) {
      require(account->wallet_balance >= 0 && account->maint_margin >= 0,
              "balances and margins are not negative");
      (void)account->margin_ratio();
    }
  }
  // Multi-Assets mode: the account's assets valued with an index (the same body stands in for
  // GET /fapi/v1/assetIndex, so rows that fit both shapes reach the pricing).
  (void)binance::totals_span_assets(*body);
  if (auto collateral = binance::parse_collateral(*body, *body)) {
    for (const CollateralAsset& asset : *collateral) {
      require(std::isfinite(asset.value()), "a collateral value is a number");
    }
  }
  if (auto balances = binance::parse_spot_balances(*body)) {
    for (const SpotBalance& balance : *balances) {
      require(balance.free >= 0 && balance.locked >= 0, "spot balances are not negative");
    }
  }
  return 0;
}
