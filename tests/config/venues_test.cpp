// Several venues in one config: [venues.NAME] tables, a hedge's `venue`, its spot's `venue`;
// [exchange] is the venue named "default". Every problem is reported at its key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "config/loader.hpp"
#include "tests/config/load_helpers.hpp"

namespace hedgebot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::kMinimalHedge;
using testing::problems;
using testing::problems_with_hedge;

constexpr const char* kTwoVenues =
    "[venues.binance]\n"                                       // 1
    "kind = \"binance\"\n"                                     // 2
    "[venues.bybit]\n"                                         // 3
    "kind = \"bybit\"\n"                                       // 4
    "recv_window = \"3s\"\n"                                   // 5
    "request_budget = 30\n"                                    // 6
    "[[hedge]]\n"                                              // 7
    "asset = \"BTC\"\n"                                        // 8
    "symbol = \"BTCUSDT\"\n"                                   // 9
    "venue = \"bybit\"\n"                                      // 10
    "spot = { source = \"account\", venue = \"binance\" }\n";  // 11

TEST(Venues, NamedVenuesAndTheHedgeVenuesLoad) {
  const LoadResult result = load_config_text(kTwoVenues, "test.toml");
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].to_string());
  const Config& config = *result.config;
  ASSERT_EQ(config.venues.size(), 2u);
  const ExchangeConfig* bybit = config.find_venue("bybit");
  ASSERT_NE(bybit, nullptr);
  EXPECT_EQ(bybit->venue, "bybit");
  EXPECT_EQ(bybit->futures_url, "https://api.bybit.com");
  EXPECT_EQ(bybit->spot_url, "https://api.bybit.com");
  EXPECT_EQ(bybit->recv_window_ms, 3000);
  EXPECT_EQ(bybit->request_budget, 30);
  // The keys' variables follow the venue's name unless set.
  EXPECT_EQ(bybit->api_key_env, "BYBIT_API_KEY");
  EXPECT_EQ(bybit->api_secret_env, "BYBIT_API_SECRET");
  EXPECT_EQ(config.find_venue("binance")->futures_url, "https://fapi.binance.com");
  ASSERT_NE(config.find_venue("default"), nullptr);  // [exchange], absent or not
  EXPECT_EQ(config.hedges[0].venue, "bybit");
  EXPECT_EQ(Config::spot_venue_of(config.hedges[0]), "binance");
  EXPECT_THAT(config.venues_in_use(), ElementsAre("bybit", "binance"));
}

TEST(Venues, TheOneVenueFormIsTheVenueNamedDefault) {
  const LoadResult result = load_config_text(
      "[exchange]\nvenue = \"bybit-linear\"\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n",
      "test.toml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.config->hedges[0].venue, "default");
  EXPECT_EQ(result.config->find_venue("default")->futures_url, "https://api.bybit.com");
  EXPECT_THAT(result.config->venues_in_use(), ElementsAre("default"));
}

TEST(Venues, AnUnknownKindIsReportedAtItsValue) {
  EXPECT_THAT(problems("[venues.x]\nkind = \"kraken\"\n[[hedge]]\nasset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"),
              ElementsAre("test.toml:2:8: `venues.x.kind` \"kraken\" is not a venue kind "
                          "hedgebot knows (binance, bybit, bingx, weex, mexc)"));
  EXPECT_THAT(problems("[exchange]\nvenue = \"bybt\"\n[[hedge]]\nasset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"),
              ElementsAre("test.toml:2:9: `exchange.venue` \"bybt\" is not a venue kind "
                          "hedgebot knows (binance, bybit, bingx, weex, mexc) (did you mean "
                          "\"bybit\"?)"));
}

TEST(Venues, AVenueNeedsAKind) {
  EXPECT_THAT(problems("[venues.x]\nfutures_url = \"https://fapi.binance.com\"\n[[hedge]]\n"
                       "asset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"),
              ElementsAre(::testing::HasSubstr("test.toml:1:1: `venues.x.kind` is required")));
}

TEST(Venues, AHedgeOrASpotNamingAMissingVenueIsReportedAtIt) {
  EXPECT_THAT(problems("[venues.bybit]\nkind = \"bybit\"\n[[hedge]]\nasset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\nvenue = \"bybt\"\n"
                       "spot = { source = \"account\", venue = \"binance\" }\n"),
              ElementsAre("test.toml:6:9: `hedge[0].venue` \"bybt\" names no venue: add "
                          "[venues.bybt] or use one of default, bybit",
                          "test.toml:7:38: `hedge[0].spot.venue` \"binance\" names no venue: add "
                          "[venues.binance] or use one of default, bybit"));
}

TEST(Venues, DefaultIsTheNameOfExchange) {
  EXPECT_THAT(problems("[venues.default]\nkind = \"bybit\"\n[[hedge]]\nasset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"),
              ElementsAre(::testing::HasSubstr("test.toml:1:1: `venues.default` is the name of "
                                               "[exchange]")));
}

TEST(Venues, AFixedSpotIsReadFromNoVenue) {
  EXPECT_THAT(problems("[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
                       "spot = { fixed = 1.0, venue = \"default\" }\n"),
              ElementsAre(::testing::HasSubstr("`hedge[0].spot.venue` is only used with source "
                                               "= \"account\"")));
}

// Live: every venue the hedges use needs its keys, each reported at that venue's key.
TEST(Venues, LiveModeNamesTheMissingKeysOfEachVenueInUse) {
  unsetenv("BYBIT_API_KEY");
  unsetenv("BYBIT_API_SECRET");
  unsetenv("BINANCE_API_KEY");
  unsetenv("BINANCE_API_SECRET");
  setenv("HEDGEBOT_API_KEY", "k", 1);
  setenv("HEDGEBOT_API_SECRET", "s", 1);
  const std::vector<std::string> found =
      problems(std::string("[bot]\nmode = \"live\"\n") + kTwoVenues);
  unsetenv("HEDGEBOT_API_KEY");
  unsetenv("HEDGEBOT_API_SECRET");
  EXPECT_THAT(found, ElementsAre("test.toml:3:1: environment variable BINANCE_API_KEY "
                                 "(`venues.binance.api_key_env`) is not set",
                                 "test.toml:3:1: environment variable BINANCE_API_SECRET "
                                 "(`venues.binance.api_secret_env`) is not set",
                                 "test.toml:5:1: environment variable BYBIT_API_KEY "
                                 "(`venues.bybit.api_key_env`) is not set",
                                 "test.toml:5:1: environment variable BYBIT_API_SECRET "
                                 "(`venues.bybit.api_secret_env`) is not set"));
}

// A venue kind that signs with a passphrase reads a third secret like the other two; the other
// kinds refuse the passphrase keys.
TEST(Venues, APassphraseIsReadForTheKindThatSignsWithOne) {
  setenv("WEEX_API_KEY", "k", 1);
  setenv("WEEX_API_SECRET", "s", 1);
  unsetenv("WEEX_API_PASSPHRASE");
  const std::string weex =
      "[bot]\nmode = \"live\"\n[venues.weex]\nkind = \"weex\"\n[[hedge]]\n"
      "asset = \"BTC\"\nsymbol = \"BTCUSDT\"\nvenue = \"weex\"\nspot = { fixed = 1.0 }\n";
  const std::vector<std::string> missing = problems(weex);
  setenv("WEEX_API_PASSPHRASE", "p", 1);
  const std::vector<std::string> present = problems(weex);
  unsetenv("WEEX_API_KEY");
  unsetenv("WEEX_API_SECRET");
  unsetenv("WEEX_API_PASSPHRASE");
  EXPECT_THAT(missing, ElementsAre("test.toml:3:1: environment variable WEEX_API_PASSPHRASE "
                                   "(`venues.weex.api_passphrase_env`) is not set"));
  EXPECT_THAT(present, IsEmpty());
  EXPECT_THAT(problems("[venues.b]\nkind = \"binance\"\napi_passphrase_env = \"P\"\n"
                       "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"),
              ElementsAre("test.toml:3:22: `venues.b.api_passphrase_env` is only used by venue "
                          "kinds that sign with a passphrase (weex); kind \"binance\" has none"));
}

// Orders are on by default, except on a venue that closed order placement to ordinary keys.
TEST(Venues, OrdersEnabledDefaultsByKind) {
  const LoadResult result = load_config_text(
      "[venues.m]\nkind = \"mexc\"\n[venues.n]\nkind = \"mexc\"\norders_enabled = true\n"
      "[venues.b]\nkind = \"bybit\"\n[exchange]\norders_enabled = false\n"
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n",
      "test.toml");
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].to_string());
  EXPECT_FALSE(result.config->find_venue("m")->orders_enabled);
  EXPECT_TRUE(result.config->find_venue("n")->orders_enabled);
  EXPECT_TRUE(result.config->find_venue("b")->orders_enabled);
  EXPECT_FALSE(result.config->find_venue("default")->orders_enabled);
}

// Coins as futures collateral: off by default, accepted where the venue can count coins as
// margin (Binance, Bybit), refused by name on the others.
TEST(Venues, MultiAssetsIsAcceptedOnBinanceAndBybitOnly) {
  const LoadResult result = load_config_text(
      "[exchange]\nmulti_assets = true\n[venues.b]\nkind = \"bybit\"\nmulti_assets = true\n"
      "[venues.plain]\nkind = \"binance\"\n"
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n",
      "test.toml");
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].to_string());
  EXPECT_TRUE(result.config->find_venue("default")->multi_assets);
  EXPECT_TRUE(result.config->find_venue("b")->multi_assets);
  EXPECT_FALSE(result.config->find_venue("plain")->multi_assets);

  for (const char* kind : {"bingx", "weex", "mexc"}) {
    SCOPED_TRACE(kind);
    const std::vector<std::string> found =
        problems(std::string("[venues.x]\nkind = \"") + kind + "\"\nmulti_assets = true\n" +
                 std::string(kMinimalHedge));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0], HasSubstr("test.toml:3:"));
    EXPECT_THAT(found[0], HasSubstr("`venues.x.multi_assets`"));
    EXPECT_THAT(found[0], HasSubstr("cannot count coins"));
  }
  EXPECT_THAT(problems_with_hedge("[exchange]\nvenue = \"mexc\"\nmulti_assets = true\n"),
              ElementsAre(HasSubstr("`exchange.multi_assets` = true: venue kind \"mexc\"")));
}

// Paper coins in the futures wallet: a hedged asset only (its candles price it).
TEST(Venues, PaperFuturesAssetsMustBeHedgedAssets) {
  const LoadResult result = load_config_text(
      "[paper]\nfutures_assets = { BTC = 0.5 }\ncollateral_rates = { BTC = 0.9 }\n" +
          std::string(kMinimalHedge),
      "test.toml");
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].to_string());
  EXPECT_DOUBLE_EQ(result.config->paper.futures_assets.at("BTC"), 0.5);
  EXPECT_DOUBLE_EQ(result.config->paper.collateral_rates.at("BTC"), 0.9);

  EXPECT_THAT(problems_with_hedge("[paper]\nfutures_assets = { ETH = 2.0 }\n"),
              ElementsAre(HasSubstr("no [[hedge]] has asset \"ETH\"")));
  EXPECT_THAT(problems_with_hedge("[paper]\ncollateral_rates = { BTC = 1.5 }\n"),
              ElementsAre(HasSubstr("collateral_rates.BTC")));
}

// A venue no hedge uses needs no keys, not even [exchange].
TEST(Venues, AnUnusedVenueNeedsNoKeys) {
  setenv("BYBIT_API_KEY", "k", 1);
  setenv("BYBIT_API_SECRET", "s", 1);
  unsetenv("HEDGEBOT_API_KEY");
  unsetenv("HEDGEBOT_API_SECRET");
  const std::vector<std::string> found = problems(
      "[bot]\nmode = \"live\"\n[venues.bybit]\nkind = \"bybit\"\n[[hedge]]\n"
      "asset = \"BTC\"\nsymbol = \"BTCUSDT\"\nvenue = \"bybit\"\n"
      "spot = { fixed = 1.0 }\n");
  unsetenv("BYBIT_API_KEY");
  unsetenv("BYBIT_API_SECRET");
  EXPECT_THAT(found, IsEmpty());
}

}  // namespace
}  // namespace hedgebot::config
