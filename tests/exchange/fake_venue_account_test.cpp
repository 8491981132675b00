// The fake Binance venue's account as `hedgebot fake-venue` uses it: funding charged at the
// 8-hour boundaries when asked, and the account written out and read back (--state).
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "exchange/http_client.hpp"
#include "exchange/margin_brackets.hpp"
#include "fakevenue/fake_venue.hpp"
#include "tests/exchange/venue_fixture.hpp"

namespace hedgebot::fake {
namespace {

constexpr int64_t kEightHours = 8 * 3600 * 1000;

void get_time(const FakeVenue& venue) {
  http::HttpClient client(http::ClientOptions{});
  http::Request request;
  request.url = venue.url() + "/fapi/v1/time";
  const auto response = client.send(request);
  ASSERT_TRUE(response.ok()) << response.error().describe();
  EXPECT_EQ(response.value().status, 200);
}

double venue_wallet(const FakeVenue& venue) {
  return venue.account_state()["wallet"].get<double>();
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(FakeVenueAccount, ChargesFundingAtEachEightHourBoundaryWhenAsked) {
  FakeVenueOptions options;
  options.settle_funding = true;
  FakeVenue venue(options);
  venue.set_funding_rate(0.0001);
  venue.set_mark_price("BTCUSDT", 60000.0);
  venue.set_position("BTCUSDT", -0.5);  // short: receives a positive rate
  // An hour into an 8-hour period on the venue's clock.
  int64_t skew = 3600 * 1000 - wall_ms() % kEightHours;
  venue.set_clock_skew_ms(skew);
  get_time(venue);  // notes the current boundary
  EXPECT_DOUBLE_EQ(venue.account_state()["wallet"].get<double>(), 10000.0);
  skew += 2 * kEightHours;  // two boundaries later
  venue.set_clock_skew_ms(skew);
  get_time(venue);
  EXPECT_NEAR(venue.account_state()["wallet"].get<double>(), 10000.0 + 2 * 0.5 * 60000.0 * 0.0001,
              1e-9);
  get_time(venue);  // the same period again: nothing more
  EXPECT_NEAR(venue.account_state()["wallet"].get<double>(), 10006.0, 1e-9);
}

TEST(FakeVenueAccount, ChargesNoFundingByDefault) {
  FakeVenue venue;
  venue.set_position("BTCUSDT", -0.5);
  int64_t skew = 3600 * 1000 - wall_ms() % kEightHours;
  venue.set_clock_skew_ms(skew);
  get_time(venue);
  venue.set_clock_skew_ms(skew + 2 * kEightHours);
  get_time(venue);
  EXPECT_DOUBLE_EQ(venue.account_state()["wallet"].get<double>(), 10000.0);
}

// The fake's margin is the paper engine's: tiered maintenance margin, Binance's cross-margin
// liquidation price as the client reads it, and liquidation when the mark gets there.
TEST(FakeVenueAccount, MarginAndLiquidationFollowThePaperModel) {
  testing::VenueClient fixture;
  fixture.venue.set_wallet_balance(3000.0);
  fixture.venue.set_mark_price("BTCUSDT", 60000.0);
  fixture.venue.set_position("BTCUSDT", -1.0, 60000.0);  // 60 000 notional: the second bracket
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_NEAR(account->maint_margin, 60000.0 * 0.005 - 50.0, 1e-6);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  MarginBrackets brackets;
  for (const FakeBracket& b : kFakeBrackets)
    brackets.push_back({b.floor, b.cap, b.initial_leverage, b.rate, b.cum});
  const double expected = liquidation_price(-1.0, 60000.0, 3000.0, 0.0, 0.0, brackets);
  ASSERT_GT(expected, 60000.0);
  EXPECT_NEAR(position->liquidation_price, expected, 1e-6);

  // Just short of it: still open. Past it: closed at the mark, the clearance fee taken out of
  // what is left, never below zero.
  fixture.venue.set_mark_price("BTCUSDT", expected - 1.0);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -1.0);
  const double past = expected + 1.0;
  fixture.venue.set_mark_price("BTCUSDT", past);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), 0.0);
  const double left = 3000.0 - (past - 60000.0);
  EXPECT_NEAR(venue_wallet(fixture.venue), std::max(0.0, left - past * kFakeLiquidationFee), 1e-6);
}

TEST(FakeVenueAccount, TheAccountReadsBackAsItWasWritten) {
  FakeVenue first;
  first.set_wallet_balance(1234.5);
  first.set_position("BTCUSDT", 0.25, 58000.0);
  first.set_spot_balance("BTC", 2.0, 0.5);
  first.set_symbol_config("BTCUSDT", 5, "ISOLATED");
  first.set_mark_price("ETHUSDT", 2000.0);
  const nlohmann::json saved = first.account_state();

  FakeVenue second;
  second.restore_account_state(saved);
  EXPECT_EQ(second.account_state(), saved);
  EXPECT_DOUBLE_EQ(second.position("BTCUSDT"), 0.25);
  EXPECT_EQ(second.leverage("BTCUSDT"), 5);
  EXPECT_EQ(second.margin_type("BTCUSDT"), "ISOLATED");
}

// Multi-Assets mode and the futures wallet's coins: set over HTTP (the fake-venue command's
// control endpoints), kept in the saved account, and a document from before them loads without.
TEST(FakeVenueAccount, MultiAssetsModeAndCoinsAreControlledAndKept) {
  FakeVenue first;
  http::HttpClient client(http::ClientOptions{});
  for (const char* control :
       {"/__fake/multi_assets?enabled=true", "/__fake/futures_asset?asset=BTC&qty=0.5"}) {
    http::Request request;
    request.method = http::Method::Post;
    request.url = first.url() + control;
    const auto response = client.send(request);
    ASSERT_TRUE(response.ok()) << response.error().describe();
    EXPECT_EQ(response.value().status, 200) << control;
  }
  const nlohmann::json saved = first.account_state();
  EXPECT_EQ(saved["multi_assets"], true);
  EXPECT_DOUBLE_EQ(saved["futures_assets"]["BTC"].get<double>(), 0.5);

  FakeVenue second;
  second.restore_account_state(saved);
  EXPECT_EQ(second.account_state(), saved);

  nlohmann::json older = saved;
  older.erase("multi_assets");
  older.erase("futures_assets");
  FakeVenue third;
  third.restore_account_state(older);
  EXPECT_EQ(third.account_state()["multi_assets"], false);
  EXPECT_TRUE(third.account_state()["futures_assets"].empty());
}

TEST(FakeVenueAccount, ADocumentOfTheWrongShapeChangesNothing) {
  FakeVenue venue;
  venue.set_position("BTCUSDT", 0.25);
  nlohmann::json saved = venue.account_state();
  saved["positions"]["BTCUSDT"].erase("entry");
  EXPECT_ANY_THROW(venue.restore_account_state(saved));
  EXPECT_ANY_THROW(venue.restore_account_state(nlohmann::json{{"venue", "bybit"}}));
  EXPECT_DOUBLE_EQ(venue.position("BTCUSDT"), 0.25);
}

}  // namespace
}  // namespace hedgebot::fake
