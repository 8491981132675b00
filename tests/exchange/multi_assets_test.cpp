// Binance Multi-Assets mode through the real client against the fake venue: the mode check,
// the margin balance equal to the venue's, and the collateral assets at their haircut price.

#include <gtest/gtest.h>

#include "exchange/binance/binance_client.hpp"
#include "exchange/venues/venue_factory.hpp"
#include "tests/exchange/venue_fixture.hpp"

namespace hedgebot {
namespace {

using testing::VenueClient;

// A client that expects Multi-Assets mode, on a venue holding 10 000 USDT and 0.5 BTC in the
// futures wallet, BTC at 60 000.
struct MultiAssets {
  VenueClient fixture;
  std::unique_ptr<BinanceClient> client;

  MultiAssets() {
    fixture.venue.set_mark_price("BTCUSDT", 60000.0);
    fixture.venue.set_wallet_balance(10000.0);
    fixture.venue.set_futures_asset("BTC", 0.5);
    BinanceSettings settings = fixture.settings();
    settings.multi_assets = true;
    client = std::make_unique<BinanceClient>(settings);
  }
};

TEST(BinanceMultiAssets, MarginBalanceIsTheVenuesAndCountsTheCoins) {
  MultiAssets m;
  m.fixture.venue.set_multi_assets(true);
  m.fixture.venue.set_position("BTCUSDT", -0.4, 60000.0);
  m.fixture.venue.set_mark_price("BTCUSDT", 50000.0);  // a crash: the short gains 4 000

  auto account = m.client->account();
  ASSERT_TRUE(account.ok()) << account.error().message;
  const double coin = 0.5 * 50000.0 * (1.0 - fake::kFakeCollateralHaircut);  // 23 750
  EXPECT_NEAR(account->margin_balance, 10000.0 + 4000.0 + coin, 1e-6);
  EXPECT_NEAR(account->wallet_balance, 10000.0 + coin, 1e-6);
  EXPECT_TRUE(account->multi_assets);
  ASSERT_EQ(account->collateral.size(), 2u);
  EXPECT_EQ(account->collateral[0].asset, "BTC");  // coins first
  EXPECT_DOUBLE_EQ(account->collateral[0].quantity, 0.5);
  EXPECT_NEAR(account->collateral[0].price, 50000.0, 1e-6);
  EXPECT_NEAR(account->collateral[0].rate(), 0.95, 1e-9);
  EXPECT_EQ(account->collateral[1].asset, "USDT");
  EXPECT_NEAR(account->collateral_value(), 10000.0 + coin, 1e-6);
  // The margin ratio is the venue's: its maintenance margin over its margin balance.
  EXPECT_NEAR(account->margin_ratio(), 0.4 * 50000.0 * 0.004 / (14000.0 + coin), 1e-9);
  EXPECT_EQ(m.fixture.venue.requests("GET /fapi/v1/multiAssetsMargin"), 1);
  EXPECT_EQ(m.fixture.venue.requests("GET /fapi/v1/assetIndex"), 1);

  // The mode is checked once per client; the rates and balances every time.
  ASSERT_TRUE(m.client->account().ok());
  EXPECT_EQ(m.fixture.venue.requests("GET /fapi/v1/multiAssetsMargin"), 1);
  EXPECT_EQ(m.fixture.venue.requests("GET /fapi/v1/assetIndex"), 2);
}

TEST(BinanceMultiAssets, SingleAssetModeIsRefusedNamingTheSetting) {
  MultiAssets m;  // the venue stays in Single-Asset mode
  auto account = m.client->account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().kind, ErrorKind::Config);
  EXPECT_NE(account.error().message.find("multi_assets = true"), std::string::npos)
      << account.error().message;
  EXPECT_NE(account.error().message.find("Single-Asset mode"), std::string::npos);
  EXPECT_NE(account.error().message.find("Multi-Assets Mode"), std::string::npos);
  EXPECT_EQ(m.fixture.venue.requests("GET /fapi/v3/account"), 0);  // nothing read on a wrong mode
}

TEST(BinanceMultiAssets, AnAccountInMultiAssetsModeWithoutTheSettingIsANote) {
  VenueClient fixture;
  fixture.venue.set_mark_price("BTCUSDT", 60000.0);
  fixture.venue.set_futures_asset("BTC", 0.5);
  fixture.venue.set_multi_assets(true);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().message;
  EXPECT_FALSE(account->multi_assets);
  ASSERT_EQ(account->notes.size(), 1u);
  EXPECT_NE(account->notes[0].find("multi_assets = true"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/multiAssetsMargin"), 0);

  fixture.venue.set_multi_assets(false);  // Single-Asset mode: the coin counts for nothing
  auto single = fixture.client->account();
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(single->notes.empty());
  EXPECT_NEAR(single->margin_balance, 10000.0, 1e-6);
}

TEST(BinanceMultiAssets, FactoryRefusesTheKeyOnAKindWithoutCoinCollateral) {
  VenueSettings settings;
  settings.kind = "bingx";
  settings.multi_assets = true;
  auto client = make_venue(settings);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().kind, ErrorKind::Config);
  EXPECT_NE(client.error().message.find("multi_assets"), std::string::npos);
}

}  // namespace
}  // namespace hedgebot
