// Coins in the paper futures wallet counted as margin (a multi-asset account): valued at the
// hedge's mark times the collateral rate on every candle, in the margin balance and the
// liquidation price, kept in paper.json (an older file loads with none).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "paper/collateral_model.hpp"
#include "paper/paper_exchange.hpp"
#include "tests/paper/paper_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::paper {
namespace {

using namespace hedgebot::paper::testing;

PaperSettings with_btc_collateral(double btc) {
  PaperSettings settings = no_slippage_settings(10000.0);
  settings.maint_margin_rate = 0.004;  // one flat rate: the arithmetic below stays readable
  settings.taker_fee = 0.0;            // and no fee out of the wallet
  if (btc > 0.0) settings.initial_futures_assets = {{"BTC", btc}};
  return settings;
}

TEST(PaperCoinCollateral, MarginBalanceCountsTheCoinAtItsHaircutPriceOnEveryCandle) {
  PaperExchange exchange(with_btc_collateral(0.5),
                         {btc_market(hourly_closes({60000, 60000, 60000, 50000, 50000}))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto account = exchange.account();
  ASSERT_TRUE(account);
  EXPECT_TRUE(account->multi_assets);
  EXPECT_NEAR(account->margin_balance, 10000.0 + 0.5 * 60000.0 * 0.95, 1e-6);  // 38 500
  EXPECT_NEAR(account->available_balance, account->margin_balance, 1e-6);
  ASSERT_EQ(account->collateral.size(), 2u);
  EXPECT_EQ(account->collateral[0].asset, "BTC");
  EXPECT_NEAR(account->collateral[0].rate(), 0.95, 1e-12);
  EXPECT_EQ(account->collateral[1].asset, "USDT");
  EXPECT_NEAR(account->collateral_value(), 38500.0, 1e-6);

  ASSERT_TRUE(exchange.advance_to(hour(5)));  // BTC at 50 000
  account = exchange.account();
  ASSERT_TRUE(account);
  EXPECT_NEAR(account->margin_balance, 10000.0 + 0.5 * 50000.0 * 0.95, 1e-6);  // 33 750
  EXPECT_NEAR(account->collateral[0].price, 50000.0, 1e-6);
}

TEST(PaperCoinCollateral, RatesComeFromTheModelUnlessOverridden) {
  EXPECT_DOUBLE_EQ(collateral_rate("BTC", {}), 0.95);
  EXPECT_DOUBLE_EQ(collateral_rate("USDC", {}), 1.0);
  EXPECT_DOUBLE_EQ(collateral_rate("DOGE", {}), kOtherCoinCollateralRate);
  EXPECT_DOUBLE_EQ(collateral_rate("BTC", {{"BTC", 0.8}}), 0.8);

  PaperSettings settings = with_btc_collateral(0.5);
  settings.collateral_rates = {{"BTC", 0.8}};
  PaperExchange exchange(settings, {btc_market(flat_hours(4, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  EXPECT_NEAR(exchange.account()->margin_balance, 10000.0 + 0.5 * 60000.0 * 0.8, 1e-6);
}

// A 1 BTC short at 60 000 on 10 000 USDT is liquidated near 69 721 (70 000 / 1.004). With 0.5
// BTC as margin (0.475 BTC after the haircut) the coin rises with the short's loss, so the
// liquidation price is 70 000 / (1.004 - 0.475) = 132 325: a candle reaching 75 000 liquidates
// the first account and not the second.
TEST(PaperCoinCollateral, AShortBackedByItsOwnCoinIsLiquidatedLaterOnARally) {
  CandleSeries candles = flat_hours(12, 60000.0);
  candles.candles[8].high = 75000.0;
  for (const double btc : {0.0, 0.5}) {
    SCOPED_TRACE(btc);
    PaperExchange exchange(with_btc_collateral(btc), {btc_market(candles)});
    ASSERT_TRUE(exchange.advance_to(hour(2)));
    ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "short")));
    const auto position = exchange.position("BTCUSDT");
    ASSERT_TRUE(position);
    const double expected = btc == 0.0 ? 70000.0 / 1.004 : 70000.0 / (1.004 - 0.475);
    EXPECT_NEAR(position->liquidation_price, expected, 1e-6);
    std::vector<PaperEvent> events;
    ASSERT_TRUE(exchange.advance_to(hour(12), &events));
    int liquidations = 0;
    for (const PaperEvent& event : events)
      liquidations += event.kind == PaperEvent::Kind::Liquidation ? 1 : 0;
    EXPECT_EQ(liquidations, btc == 0.0 ? 1 : 0);
  }
}

TEST(PaperCoinCollateral, CoinsAreKeptInPaperJsonAndAnOlderFileLoadsWithNone) {
  hedgebot::testing::TempDir dir;
  const std::string path = dir.file("paper.json");
  PaperExchange first(with_btc_collateral(0.5), {btc_market(flat_hours(4, 60000.0))});
  ASSERT_TRUE(first.advance_to(hour(2)));
  ASSERT_TRUE(first.save_state(path));
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  const std::string field = "\"futures_assets\": {\n    \"BTC\": 0.5\n  },\n";
  ASSERT_NE(text.str().find(field), std::string::npos) << text.str();

  // Loaded by an account whose config has no coins: the file's coins count.
  PaperExchange second(with_btc_collateral(0.0), {btc_market(flat_hours(4, 60000.0))});
  ASSERT_TRUE(second.load_state(path));
  ASSERT_TRUE(second.advance_to(hour(3)));
  EXPECT_NEAR(second.account()->margin_balance, 38500.0, 1e-6);

  std::string old = text.str();
  old.erase(old.find(field), field.size());
  const std::string old_path = dir.write("old.json", old);
  PaperExchange third(with_btc_collateral(0.0), {btc_market(flat_hours(4, 60000.0))});
  ASSERT_TRUE(third.load_state(old_path));
  ASSERT_TRUE(third.advance_to(hour(3)));
  EXPECT_FALSE(third.account()->multi_assets);
  EXPECT_NEAR(third.account()->margin_balance, 10000.0, 1e-6);
}

}  // namespace
}  // namespace hedgebot::paper
