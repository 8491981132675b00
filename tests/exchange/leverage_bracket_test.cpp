// GET /fapi/v1/leverageBracket: the adapter reads the symbol's maintenance-margin brackets from
// the fake venue (signed like every USER_DATA call), and the parser refuses a broken table.

#include <gtest/gtest.h>

#include "exchange/binance/binance_client.hpp"
#include "exchange/binance/parse.hpp"
#include "exchange/margin_brackets.hpp"
#include "tests/exchange/venue_fixture.hpp"

namespace hedgebot {
namespace {

using testing::VenueClient;

TEST(LeverageBracket, AdapterReadsTheVenueTable) {
  VenueClient fixture;
  auto brackets = fixture.client->margin_brackets("BTCUSDT");
  ASSERT_TRUE(brackets.ok()) << brackets.error().message;
  ASSERT_EQ(brackets->size(), std::size(fake::kFakeBrackets));
  EXPECT_DOUBLE_EQ((*brackets)[0].notional_floor, 0.0);
  EXPECT_DOUBLE_EQ((*brackets)[1].notional_cap, 600000.0);
  EXPECT_EQ((*brackets)[2].max_leverage, 75);
  EXPECT_DOUBLE_EQ((*brackets)[2].maint_margin_rate, 0.0065);
  EXPECT_DOUBLE_EQ((*brackets)[3].maint_amount, 11450.0);
  EXPECT_DOUBLE_EQ(maint_margin(*brackets, 1'000'000.0), 5550.0);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/leverageBracket"), 1);
  EXPECT_FALSE(fixture.client->margin_brackets("NOPEUSDT").ok());  // -1121 Invalid symbol
}

TEST(LeverageBracket, IsSignedABadSecretIsRefused) {
  VenueClient fixture;
  BinanceSettings wrong_secret = fixture.settings();
  wrong_secret.api_secret = Secret("not-the-secret-value");
  auto refused = BinanceClient(wrong_secret).margin_brackets("BTCUSDT");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Auth);
  EXPECT_EQ(refused.error().venue_code, -1022);

  BinanceSettings keyless = fixture.settings();
  keyless.api_key.reset();
  keyless.api_secret.reset();
  auto no_keys = BinanceClient(keyless).margin_brackets("BTCUSDT");
  ASSERT_FALSE(no_keys.ok());
  EXPECT_EQ(no_keys.error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/leverageBracket"), 1);  // only the refused one
}

TEST(LeverageBracket, ParserTakesStringsOrNumbersAndRefusesABrokenTable) {
  const binance::Json one_object = binance::Json::parse(R"({"symbol":"ETHUSDT","brackets":[
      {"bracket":2,"initialLeverage":"50","notionalCap":"100000","notionalFloor":"10000",
       "maintMarginRatio":"0.01","cum":"35"},
      {"bracket":1,"initialLeverage":75,"notionalCap":10000,"notionalFloor":0,
       "maintMarginRatio":0.0065,"cum":0.0}]})");
  auto parsed = binance::parse_leverage_brackets(one_object, "ETHUSDT");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].max_leverage, 75);  // ordered by bracket number
  EXPECT_DOUBLE_EQ((*parsed)[1].maint_amount, 35.0);

  const binance::Json gap = binance::Json::parse(R"([{"symbol":"ETHUSDT","brackets":[
      {"bracket":1,"initialLeverage":75,"notionalCap":10000,"notionalFloor":0,
       "maintMarginRatio":0.0065,"cum":0},
      {"bracket":2,"initialLeverage":50,"notionalCap":100000,"notionalFloor":20000,
       "maintMarginRatio":0.01,"cum":35}]}])");
  auto refused = binance::parse_leverage_brackets(gap, "ETHUSDT");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::InvalidResponse);
  EXPECT_NE(refused.error().message.find("margin bracket 2"), std::string::npos);
  EXPECT_EQ(binance::parse_leverage_brackets(gap, "BTCUSDT").error().kind, ErrorKind::NotFound);
}

}  // namespace
}  // namespace hedgebot
