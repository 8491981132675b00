// `multi_assets = true` end to end: the real binary against the fake Binance venue. In
// Multi-Assets mode the tick's margin balance is the venue's (coins at their collateral value)
// and the collateral is reported; in Single-Asset mode the run is refused naming the setting.

#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class MultiAssetsLive : public LiveTest {};

TEST_F(MultiAssetsLive, TheMarginBalanceIsTheVenuesAndTheCoinIsReported) {
  venue().set_wallet_balance(10000.0);
  venue().set_futures_asset("BTC", 0.5);
  venue().set_multi_assets(true);
  write_config({}, "multi_assets = true\n");
  const CommandResult plan = hedgebot("plan --json");
  ASSERT_EQ(plan.exit_code, 0) << plan.err << plan.out;
  const Json report = Json::parse(plan.out);
  const Json& collateral = report["account"]["collateral"];
  ASSERT_EQ(collateral["assets"].size(), 2u) << plan.out;
  const Json& btc = collateral["assets"][0];
  EXPECT_EQ(btc["asset"], "BTC");
  EXPECT_NEAR(btc["rate"].get<double>(), 1.0 - fake::kFakeCollateralHaircut, 1e-9);
  EXPECT_NEAR(report["account"]["margin_balance"].get<double>(),
              10000.0 + btc["value"].get<double>(), 1e-6);
  EXPECT_EQ(requests("GET /fapi/v1/multiAssetsMargin"), 1);
}

TEST_F(MultiAssetsLive, SingleAssetModeIsRefusedNamingTheSetting) {
  venue().set_futures_asset("BTC", 0.5);  // held, but the account does not count it
  write_config({}, "multi_assets = true\n");
  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_TRUE(contains(run.out + run.err, "multi_assets = true")) << run.out << run.err;
  EXPECT_TRUE(contains(run.out + run.err, "Single-Asset mode")) << run.out << run.err;
  EXPECT_EQ(venue().total_orders_placed(), 0);
}

}  // namespace
}  // namespace hedgebot::live_test
