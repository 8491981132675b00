// BinanceClient against the in-process fake venue: every call, signatures, keep-alive, the
// exchangeInfo cache, budgets and the error messages a trader sees.

#include "exchange/binance/binance_client.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/exchange/venue_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using testing::VenueClient;

int64_t wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(BinanceClient, ClockFollowsTheVenue) {
  VenueClient fixture;
  fixture.venue.set_clock_skew_ms(7000);
  auto now = fixture.client->now_ms();
  ASSERT_TRUE(now.ok()) << now.error().message;
  EXPECT_NEAR(static_cast<double>(*now - wall_now()), 7000.0, 500.0);
  EXPECT_NEAR(static_cast<double>(fixture.client->request_stats().clock_offset_ms), 7000.0, 500.0);
}

TEST(BinanceClient, InstrumentFromExchangeInfo) {
  VenueClient fixture;
  auto instrument = fixture.client->instrument("BTCUSDT");
  ASSERT_TRUE(instrument.ok()) << instrument.error().message;
  EXPECT_EQ(instrument->qty_step, (Decimal{1, 3}));
  EXPECT_EQ(instrument->price_tick, (Decimal{1, 1}));
  EXPECT_EQ(instrument->max_qty_steps, 120000);
  EXPECT_DOUBLE_EQ(instrument->min_notional, 100.0);
  EXPECT_TRUE(instrument->trading);
  ASSERT_TRUE(fixture.client->instrument("ETHUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/exchangeInfo"), 1);
  auto missing = fixture.client->instrument("NOPEUSDT");
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
}

TEST(BinanceClient, ExchangeInfoCacheSpansClientsWithinTheTtl) {
  hedgebot::testing::TempDir dir;
  VenueClient fixture(2000, dir.path().string());
  ASSERT_TRUE(fixture.client->instrument("BTCUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/exchangeInfo"), 1);
  {
    BinanceClient second(fixture.settings(2000, dir.path().string()));
    auto instrument = second.instrument("BTCUSDT");
    ASSERT_TRUE(instrument.ok()) << instrument.error().message;
    EXPECT_EQ(instrument->price_tick, (Decimal{1, 1}));
    EXPECT_EQ(second.request_stats().exchange_info_requests, 0);
  }
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/exchangeInfo"), 1);
  // Past the TTL a new process fetches again.
  BinanceSettings later = fixture.settings(2000, dir.path().string());
  later.wall_clock_ms = [] { return wall_now() + 2 * kHourMs; };
  later.clock_resync_interval_ms = 100 * kDayMs;
  BinanceClient third(later);
  ASSERT_TRUE(third.instrument("BTCUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/exchangeInfo"), 2);
}

TEST(BinanceClient, ClosedCandlesOnly) {
  VenueClient fixture;
  auto series = fixture.client->closed_candles("BTCUSDT", kHourMs, 24);
  ASSERT_TRUE(series.ok()) << series.error().message;
  ASSERT_EQ(series->candles.size(), 24U);
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_LE(series->candles.back().open_time_ms + kHourMs, now);
  EXPECT_GT(series->candles.back().open_time_ms + 2 * kHourMs, now);  // the newest closed bar
  for (size_t i = 1; i < series->candles.size(); ++i) {
    EXPECT_EQ(series->candles[i].open_time_ms - series->candles[i - 1].open_time_ms, kHourMs);
  }
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", 7 * kMinuteMs, 5).error().kind,
            ErrorKind::InvalidInput);
}

TEST(BinanceClient, MarkAndFundingHistory) {
  VenueClient fixture;
  fixture.venue.set_mark_price("ETHUSDT", 2458.91);
  fixture.venue.set_funding_rate(0.00008231);
  auto mark = fixture.client->mark_and_funding("ETHUSDT");
  ASSERT_TRUE(mark.ok()) << mark.error().message;
  EXPECT_DOUBLE_EQ(mark->mark_price, 2458.91);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.00008231);
  EXPECT_GT(mark->next_funding_ms, fixture.venue.server_time_ms());
  auto history = fixture.client->funding_history("ETHUSDT", 3);
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->size(), 3U);
  EXPECT_EQ((*history)[2].funding_time_ms - (*history)[1].funding_time_ms, 8 * kHourMs);
  EXPECT_LE((*history)[2].funding_time_ms, fixture.venue.server_time_ms());
}

TEST(BinanceClient, AccountPositionAndSpot) {
  VenueClient fixture;
  fixture.venue.set_position("BTCUSDT", -0.5, 60000.0);
  fixture.venue.set_spot_balance("ETH", 12.4821, 0.5);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().message;
  EXPECT_DOUBLE_EQ(account->wallet_balance, 10000.0);
  EXPECT_NEAR(account->maint_margin, 0.5 * 60000 * 0.004, 1e-6);
  EXPECT_NEAR(account->margin_ratio(), 120.0 / 10000.0, 1e-9);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().message;
  EXPECT_EQ(position->qty_steps, -500);
  EXPECT_EQ(fixture.client->position("ETHUSDT")->qty_steps, 0);
  auto spot = fixture.client->spot_balances();
  ASSERT_TRUE(spot.ok()) << spot.error().message;
  double eth = -1;
  for (const auto& balance : *spot) {
    EXPECT_NE(balance.asset, "BNB");  // zero balances omitted
    if (balance.asset == "ETH") eth = balance.total();
  }
  EXPECT_NEAR(eth, 12.9821, 1e-9);
}

TEST(BinanceClient, PrepareSymbolChangesOnlyWhatDiffers) {
  VenueClient fixture;
  fixture.venue.set_symbol_config("BTCUSDT", 20, "ISOLATED");
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.leverage("BTCUSDT"), 3);
  EXPECT_EQ(fixture.venue.margin_type("BTCUSDT"), "CROSSED");
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/leverage"), 1);
  EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/marginType"), 1);
}

TEST(BinanceClient, HedgeModeIsRefusedWithAnExplanation) {
  VenueClient fixture;
  fixture.venue.set_dual_side(true);
  auto prepared = fixture.client->prepare_symbol("BTCUSDT", 2);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::Config);
  EXPECT_NE(prepared.error().message.find("hedge mode"), std::string::npos);
  EXPECT_NE(prepared.error().message.find("One-way"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/positionSide/dual"), 0);
}

TEST(BinanceClient, MarketOrdersOpenReduceAndClose) {
  VenueClient fixture;
  auto opened = fixture.client->place_order(VenueClient::market(Side::Sell, 500, "hb-t-open-1"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->status, OrderStatus::Filled);
  EXPECT_EQ(opened->filled_steps, 500);
  EXPECT_DOUBLE_EQ(opened->avg_fill_price, 60000.0);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.5);
  auto reduced =
      fixture.client->place_order(VenueClient::market(Side::Buy, 200, "hb-t-reduce-1", true));
  ASSERT_TRUE(reduced.ok()) << reduced.error().message;
  EXPECT_TRUE(reduced->reduce_only);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.3);
  ASSERT_TRUE(
      fixture.client->place_order(VenueClient::market(Side::Buy, 300, "hb-t-close-1", true)).ok());
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), 0.0);
  auto rejected =
      fixture.client->place_order(VenueClient::market(Side::Buy, 100, "hb-t-reduce-2", true));
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().kind, ErrorKind::ReduceOnlyRejected);
  EXPECT_EQ(rejected.error().venue_code, -2022);
  auto found = fixture.client->query_order("BTCUSDT", "hb-t-open-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->filled_steps, 500);
  auto absent = fixture.client->query_order("BTCUSDT", "hb-t-never");
  ASSERT_TRUE(absent.ok()) << absent.error().message;
  EXPECT_FALSE(absent->has_value());
}

TEST(BinanceClient, PostOnlyLimitRestsAndCancels) {
  VenueClient fixture;
  OrderRequest request = VenueClient::market(Side::Sell, 100, "hb-t-limit-1");
  request.type = OrderType::Limit;
  request.post_only = true;
  request.price_ticks = 610005;  // 61000.5, above the 60000 mark: rests as maker
  auto placed = fixture.client->place_order(request);
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  EXPECT_EQ(placed->status, OrderStatus::New);
  EXPECT_EQ(placed->price_ticks, 610005);
  auto open = fixture.client->open_orders("BTCUSDT");
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1U);
  auto canceled = fixture.client->cancel_order("BTCUSDT", "hb-t-limit-1");
  ASSERT_TRUE(canceled.ok()) << canceled.error().message;
  EXPECT_EQ(canceled->status, OrderStatus::Canceled);
  // Cancelling an order that is already final (-2011) returns its final state.
  auto again = fixture.client->cancel_order("BTCUSDT", "hb-t-limit-1");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->status, OrderStatus::Canceled);
  EXPECT_EQ(fixture.client->cancel_order("BTCUSDT", "hb-t-none").error().kind, ErrorKind::NotFound);
  // A post-only order that would take liquidity is rejected.
  request.client_order_id = "hb-t-limit-2";
  request.price_ticks = 590000;
  EXPECT_EQ(fixture.client->place_order(request).error().kind, ErrorKind::PostOnlyRejected);
}

TEST(BinanceClient, FilterFailureNamesTheOrder) {
  VenueClient fixture;
  auto small = fixture.client->place_order(VenueClient::market(Side::Sell, 1, "hb-t-small"));
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().kind, ErrorKind::Filter);
  EXPECT_EQ(small.error().venue_code, -4164);
  EXPECT_NE(small.error().message.find("SELL 0.001 BTCUSDT MARKET"), std::string::npos);
  EXPECT_NE(small.error().message.find("hb-t-small"), std::string::npos);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(BinanceClient, InsufficientMargin) {
  VenueClient fixture;
  fixture.venue.set_wallet_balance(100.0);
  auto order = fixture.client->place_order(VenueClient::market(Side::Sell, 100000, "hb-t-big"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::InsufficientMargin);
}

TEST(BinanceClient, InvalidClientIdIsRefusedBeforeAnyRequest) {
  VenueClient fixture;
  auto order =
      fixture.client->place_order(VenueClient::market(Side::Sell, 500, "bad id with spaces"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.venue.total_requests(), 0);
}

TEST(BinanceClient, BadKeyOrSecretIsAuthAndNeverEchoesTheSecret) {
  VenueClient fixture;
  BinanceSettings wrong_key = fixture.settings();
  wrong_key.api_key = Secret("someone-elses-key");
  auto rejected = BinanceClient(wrong_key).account();
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().kind, ErrorKind::Auth);
  EXPECT_NE(rejected.error().message.find("API key rejected"), std::string::npos);
  EXPECT_EQ(rejected.error().message.find("someone-elses-key"), std::string::npos);

  BinanceSettings wrong_secret = fixture.settings();
  wrong_secret.api_secret = Secret("not-the-secret-value");
  auto bad_signature = BinanceClient(wrong_secret).account();
  ASSERT_FALSE(bad_signature.ok());
  EXPECT_EQ(bad_signature.error().kind, ErrorKind::Auth);
  EXPECT_EQ(bad_signature.error().venue_code, -1022);
  EXPECT_EQ(bad_signature.error().message.find("not-the-secret-value"), std::string::npos);
  EXPECT_EQ(bad_signature.error().message.find(fake::kTestApiSecret), std::string::npos);
}

TEST(BinanceClient, PublicOnlyClientReadsMarketDataButNotTheAccount) {
  VenueClient fixture;
  BinanceSettings settings = fixture.settings();
  settings.api_key.reset();
  settings.api_secret.reset();
  BinanceClient client(settings);
  ASSERT_TRUE(client.closed_candles("BTCUSDT", kHourMs, 5).ok());
  ASSERT_TRUE(client.mark_and_funding("BTCUSDT").ok());
  auto account = client.account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v3/account"), 0);
}

TEST(BinanceClient, OneConnectionForAWholeSession) {
  VenueClient fixture;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(fixture.client->closed_candles("BTCUSDT", kHourMs, 50).ok());
    ASSERT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
    ASSERT_TRUE(fixture.client->account().ok());
    ASSERT_TRUE(fixture.client->position("BTCUSDT").ok());
    ASSERT_TRUE(fixture.client->spot_balances().ok());
  }
  ASSERT_TRUE(fixture.client->place_order(VenueClient::market(Side::Sell, 100, "hb-t-ka")).ok());
  EXPECT_EQ(fixture.venue.connections(), 1);
  const RequestStats stats = fixture.client->request_stats();
  EXPECT_EQ(stats.connections_per_host.at(fixture.venue.url()), 1);
  EXPECT_EQ(stats.per_path.at("GET /fapi/v1/klines"), 3);
  EXPECT_EQ(stats.per_path.at("POST /fapi/v1/order"), 1);
  EXPECT_EQ(stats.requests, fixture.venue.total_requests());
  EXPECT_GT(stats.used_weight_1m, 0);
  EXPECT_EQ(stats.order_counts.at("10s"), 1);
}

TEST(BinanceClient, RequestBudgetPerTick) {
  VenueClient fixture(2000, "", 3);
  ASSERT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
  ASSERT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
  ASSERT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
  auto over = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, ErrorKind::RateLimited);
  EXPECT_NE(over.error().message.find("request budget of 3 exhausted"), std::string::npos);
  EXPECT_EQ(fixture.venue.total_requests(), 3);
  fixture.client->begin_tick();
  EXPECT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
}

TEST(BinanceClient, SettingsRefusePlainHttpToARealHost) {
  BinanceSettings settings;
  settings.futures_url = "http://fapi.binance.com";
  auto status = validate_settings(settings);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::Config);
  BinanceClient client(settings);
  auto mark = client.mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Config);
  EXPECT_TRUE(validate_settings(BinanceSettings{}).ok());
}

// Our estimate of the venue's clock lags the venue's (it moved on after we synced): a transfer
// it just stamped is still in the history, never cut off by an endTime of our "now".
TEST(BinanceClient, TransferHistoryReachesPastOurClockEstimate) {
  VenueClient fixture;
  fixture.venue.set_spot_balance("USDT", 1000.0);
  const Result<int64_t> synced = fixture.client->now_ms();
  ASSERT_TRUE(synced.ok()) << synced.error().describe();
  fixture.venue.set_clock_skew_ms(3000);  // the venue is now 3 s ahead of what we measured
  auto sent = fixture.client->transfer({"USDT", 100.0, TransferDirection::ToFutures});
  ASSERT_TRUE(sent.ok()) << sent.error().describe();
  auto history = fixture.client->transfer_history(TransferDirection::ToFutures, *synced - 60000);
  ASSERT_TRUE(history.ok()) << history.error().describe();
  ASSERT_EQ(history->size(), 1U);
  EXPECT_EQ((*history)[0].id, sent->id);
}

TEST(BinanceClient, FactoryReturnsThePort) {
  VenueClient fixture;
  std::unique_ptr<ExchangeClient> client = make_binance_client(fixture.settings());
  EXPECT_EQ(client->name(), "binance-usdm");
  EXPECT_TRUE(client->instrument("ETHUSDT").ok());
}

}  // namespace
}  // namespace hedgebot
