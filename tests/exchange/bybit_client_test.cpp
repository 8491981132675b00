// BybitClient against the fake Bybit venue: every endpoint, signing accepted by a venue that
// checks it, order placement read back by orderLinkId, fees from executions, prepare_symbol, and
// the venue's refusals mapped to the port's ErrorKinds.

#include <gtest/gtest.h>

#include <cmath>

#include "tests/exchange/bybit_fixture.hpp"

namespace hedgebot {
namespace {

using testing::BybitVenueClient;

TEST(BybitClient, InstrumentFromInstrumentsInfo) {
  BybitVenueClient fixture;
  auto inst = fixture.client->instrument("BTCUSDT");
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->qty_step, (Decimal{1, 3}));
  EXPECT_EQ(inst->price_tick, (Decimal{1, 1}));
  EXPECT_EQ(inst->max_qty_steps, 119000);
  EXPECT_DOUBLE_EQ(inst->min_notional, 5.0);
  auto eth = fixture.client->instrument("ETHUSDT");
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(eth->qty_step, (Decimal{1, 2}));
  // Cached: a second look-up sends nothing.
  const int64_t before = fixture.venue.requests("GET /v5/market/instruments-info");
  ASSERT_TRUE(fixture.client->instrument("BTCUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /v5/market/instruments-info"), before);
  EXPECT_EQ(fixture.client->instrument("DOGEUSDT").error().kind, ErrorKind::NotFound);
}

TEST(BybitClient, ClosedCandlesOldestFirstWithoutTheOpenBar) {
  BybitVenueClient fixture;
  auto series = fixture.client->closed_candles("BTCUSDT", kHourMs, 24);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 24U);
  for (size_t i = 1; i < series->candles.size(); ++i) {
    EXPECT_EQ(series->candles[i].open_time_ms - series->candles[i - 1].open_time_ms, kHourMs);
  }
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_LE(series->candles.back().open_time_ms + kHourMs, now);
  EXPECT_GT(series->candles.back().open_time_ms + 2 * kHourMs, now);  // the newest closed one
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", kHourMs, 1000).error().kind,
            ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", 8 * kHourMs, 10).error().kind,
            ErrorKind::InvalidInput);
}

TEST(BybitClient, MarkFundingAndBookFromTickersWithoutKeys) {
  BybitVenueClient fixture;
  BybitSettings public_only = fixture.settings();
  public_only.api_key.reset();
  public_only.api_secret.reset();
  BybitClient client(public_only);
  fixture.venue.set_funding_rate(-0.00025);
  auto mark = client.mark_and_funding("BTCUSDT");
  ASSERT_TRUE(mark.ok()) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 60000.0);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, -0.00025);
  EXPECT_EQ(mark->funding_interval_ms, 8 * kHourMs);
  EXPECT_GT(mark->next_funding_ms, fixture.venue.server_time_ms());
  EXPECT_GT(mark->time_ms, 0);
  auto top = client.book_top("BTCUSDT");
  ASSERT_TRUE(top.ok()) << top.error().describe();
  EXPECT_DOUBLE_EQ(top->bid_price, 59999.9);
  EXPECT_DOUBLE_EQ(top->ask_price, 60000.1);
  auto funding = client.funding_history("BTCUSDT", 10);
  ASSERT_TRUE(funding.ok()) << funding.error().describe();
  ASSERT_EQ(funding->size(), 10U);
  EXPECT_LT(funding->front().funding_time_ms, funding->back().funding_time_ms);
  EXPECT_EQ(client.funding_history("BTCUSDT", 201).error().kind, ErrorKind::InvalidInput);
  // A private call without keys is a Config error, and nothing is sent.
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(client.account().error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(BybitClient, AccountPositionAndSpotFromTheUnifiedWallet) {
  BybitVenueClient fixture;
  fixture.venue.set_position("BTCUSDT", -0.5, 58000.0);
  fixture.venue.set_coin("BTC", 2.0, 0.25, 0.5);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 10000.0);
  EXPECT_DOUBLE_EQ(account->unrealized_pnl, -1000.0);
  EXPECT_DOUBLE_EQ(account->margin_balance, 9000.0);
  EXPECT_DOUBLE_EQ(account->maint_margin, 150.0);
  EXPECT_DOUBLE_EQ(account->initial_margin, 3000.0);
  EXPECT_DOUBLE_EQ(account->available_balance, 6000.0);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->qty_steps, -500);
  EXPECT_DOUBLE_EQ(position->entry_price, 58000.0);
  EXPECT_EQ(position->leverage, 10);
  auto flat = fixture.client->position("ETHUSDT");
  ASSERT_TRUE(flat.ok()) << flat.error().describe();
  EXPECT_EQ(flat->qty_steps, 0);
  auto spot = fixture.client->spot_balances();
  ASSERT_TRUE(spot.ok()) << spot.error().describe();
  bool saw_btc = false;
  for (const SpotBalance& balance : *spot) {
    if (balance.asset != "BTC") continue;
    saw_btc = true;
    EXPECT_DOUBLE_EQ(balance.total(), 1.5);  // 2.0 held less 0.5 borrowed
    EXPECT_DOUBLE_EQ(balance.locked, 0.25);
  }
  EXPECT_TRUE(saw_btc);
}

TEST(BybitClient, IsolatedMarginAndHedgeModeAreRefusedByName) {
  BybitVenueClient fixture;
  fixture.venue.set_margin_mode("ISOLATED_MARGIN");
  EXPECT_EQ(fixture.client->account().error().kind, ErrorKind::Config);
  auto prepared = fixture.client->prepare_symbol("BTCUSDT", 3);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::Config);
  EXPECT_NE(prepared.error().message.find("isolated"), std::string::npos);
  fixture.venue.set_margin_mode("REGULAR_MARGIN");
  fixture.venue.set_hedge_mode(true);
  prepared = fixture.client->prepare_symbol("BTCUSDT", 3);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::Config);
  EXPECT_NE(prepared.error().message.find("one-way"), std::string::npos);
  EXPECT_EQ(fixture.client->position("BTCUSDT").error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.requests("POST /v5/position/set-leverage"), 0);
}

TEST(BybitClient, PrepareSymbolSetsOnlyADifferentLeverage) {
  BybitVenueClient fixture;
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.leverage("BTCUSDT"), 3);
  EXPECT_EQ(fixture.venue.requests("POST /v5/position/set-leverage"), 1);
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.requests("POST /v5/position/set-leverage"), 1);
  EXPECT_EQ(fixture.client->prepare_symbol("BTCUSDT", 0).error().kind, ErrorKind::InvalidInput);
}

TEST(BybitClient, LeverageNotModifiedIsSuccess) {
  BybitVenueClient fixture;
  fake::Fault fault;
  fault.kind = fake::FaultKind::VenueCode;
  fault.path = "/v5/position/set-leverage";
  fault.http_status = 200;
  fault.code = 110043;
  fault.msg = "Set leverage not modified";
  fixture.venue.inject(fault);
  EXPECT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 5).ok());
}

TEST(BybitClient, MarketOrderIsReadBackWithItsRealFee) {
  BybitVenueClient fixture;
  auto order = fixture.client->place_order(BybitVenueClient::market(Side::Sell, 500, "hb-b-1"));
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_EQ(order->filled_steps, 500);
  EXPECT_EQ(order->client_order_id, "hb-b-1");
  EXPECT_FALSE(order->venue_order_id.empty());
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 60000.0);
  ASSERT_TRUE(order->fee_known);
  EXPECT_NEAR(order->fee, 0.5 * 60000.0 * fake::kFakeTakerFee, 1e-6);  // funding rows ignored
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.5);
  EXPECT_EQ(fixture.venue.orders_placed("hb-b-1"), 1);
  auto found = fixture.client->query_order("BTCUSDT", "hb-b-1");
  ASSERT_TRUE(found.ok()) << found.error().describe();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->status, OrderStatus::Filled);
  auto missing = fixture.client->query_order("BTCUSDT", "hb-never");
  ASSERT_TRUE(missing.ok()) << missing.error().describe();
  EXPECT_FALSE(missing->has_value());
}

// One wallet-balance answer serves the account and the coins of a snapshot; after an order the
// account is read afresh (the order moved the margin), never from the answer before it.
TEST(BybitClient, OneWalletReadServesAccountAndCoinsAndAnOrderDropsIt) {
  BybitVenueClient fixture;
  fixture.venue.set_coin("BTC", 0.25);
  const std::string wallet = "GET /v5/account/wallet-balance";
  ASSERT_TRUE(fixture.client->account().ok());
  auto coins = fixture.client->spot_balances();
  ASSERT_TRUE(coins.ok()) << coins.error().describe();
  EXPECT_EQ(fixture.venue.requests(wallet), 1);
  bool found_btc = false;
  for (const SpotBalance& balance : *coins) found_btc = found_btc || balance.asset == "BTC";
  EXPECT_TRUE(found_btc);

  const double fees_before = fixture.venue.fees_paid();
  ASSERT_TRUE(
      fixture.client->place_order(BybitVenueClient::market(Side::Sell, 500, "hb-w-1")).ok());
  auto after = fixture.client->account();
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_EQ(fixture.venue.requests(wallet), 2);
  EXPECT_GT(fixture.venue.fees_paid(), fees_before);
  EXPECT_GT(after->maint_margin, 0.0);  // the new position's margin, not the answer before it

  // The same reader twice reads twice; a new tick reads afresh too.
  ASSERT_TRUE(fixture.client->account().ok());
  EXPECT_EQ(fixture.venue.requests(wallet), 3);
  fixture.client->begin_tick();
  ASSERT_TRUE(fixture.client->spot_balances().ok());
  EXPECT_EQ(fixture.venue.requests(wallet), 4);
}

TEST(BybitClient, FilledOrderFoundInHistoryWhenRealtimeNoLongerHasIt) {
  BybitVenueClient fixture;
  fixture.venue.set_realtime_keeps_closed(false);
  auto order = fixture.client->place_order(BybitVenueClient::market(Side::Buy, 100, "hb-b-hist"));
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_GE(fixture.venue.requests("GET /v5/order/history"), 1);
}

TEST(BybitClient, RefusalsMapToTheirKinds) {
  BybitVenueClient fixture;
  // Nothing to reduce: 110017.
  auto reduce = fixture.client->place_order(
      BybitVenueClient::market(Side::Buy, 100, "hb-b-ro", /*reduce_only=*/true));
  ASSERT_FALSE(reduce.ok());
  EXPECT_EQ(reduce.error().kind, ErrorKind::ReduceOnlyRejected);
  EXPECT_EQ(reduce.error().venue_code, 110017);
  // Too big for the wallet: 110007.
  auto big = fixture.client->place_order(BybitVenueClient::market(Side::Sell, 100000, "hb-b-big"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::InsufficientMargin);
  EXPECT_EQ(big.error().venue_code, 110007);
  EXPECT_NE(big.error().message.find("ab not enough"), std::string::npos);
  // Below the minimum value (0.001 x 1000 < 5 USDT): 110094, a filter error naming the order.
  fixture.venue.set_mark_price("BTCUSDT", 1000.0);
  auto small = fixture.client->place_order(BybitVenueClient::market(Side::Sell, 1, "hb-b-small"));
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().kind, ErrorKind::Filter);
  EXPECT_NE(small.error().message.find("hb-b-small"), std::string::npos);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
  // An id Bybit would refuse is refused before sending.
  const int64_t sent = fixture.venue.requests("POST /v5/order/create");
  EXPECT_EQ(
      fixture.client->place_order(BybitVenueClient::market(Side::Sell, 1, "hb.b.1")).error().kind,
      ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.venue.requests("POST /v5/order/create"), sent);
}

TEST(BybitClient, DuplicateOrderLinkIdReturnsTheExistingOrder) {
  BybitVenueClient fixture;
  ASSERT_TRUE(
      fixture.client->place_order(BybitVenueClient::market(Side::Sell, 500, "hb-b-dup")).ok());
  auto again = fixture.client->place_order(BybitVenueClient::market(Side::Sell, 500, "hb-b-dup"));
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->status, OrderStatus::Filled);
  EXPECT_EQ(fixture.venue.orders_placed("hb-b-dup"), 1);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.5);
}

TEST(BybitClient, PostOnlyThatWouldTakeIsPostOnlyRejected) {
  BybitVenueClient fixture;
  // A sell at the bid (59999.9) would trade at once.
  auto refused =
      fixture.client->place_order(BybitVenueClient::post_only(Side::Sell, 100, 599999, "hb-b-po1"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::PostOnlyRejected);
  EXPECT_NE(refused.error().message.find("EC_PostOnlyWillTakeLiquidity"), std::string::npos);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), 0.0);
  // At the ask it rests; cancelling it returns the cancelled order; filled later it is a maker.
  auto resting =
      fixture.client->place_order(BybitVenueClient::post_only(Side::Sell, 100, 600001, "hb-b-po2"));
  ASSERT_TRUE(resting.ok()) << resting.error().describe();
  EXPECT_EQ(resting->status, OrderStatus::New);
  EXPECT_EQ(resting->price_ticks, 600001);
  auto open = fixture.client->open_orders("BTCUSDT");
  ASSERT_TRUE(open.ok()) << open.error().describe();
  ASSERT_EQ(open->size(), 1U);
  EXPECT_EQ(open->front().client_order_id, "hb-b-po2");
  auto cancelled = fixture.client->cancel_order("BTCUSDT", "hb-b-po2");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().describe();
  EXPECT_EQ(cancelled->status, OrderStatus::Canceled);
  // Cancelling it again: already final, its final state.
  auto again = fixture.client->cancel_order("BTCUSDT", "hb-b-po2");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->status, OrderStatus::Canceled);
  EXPECT_EQ(fixture.client->cancel_order("BTCUSDT", "hb-b-none").error().kind, ErrorKind::NotFound);
  ASSERT_TRUE(
      fixture.client->place_order(BybitVenueClient::post_only(Side::Sell, 100, 600001, "hb-b-po3"))
          .ok());
  fixture.venue.fill_open_orders("BTCUSDT");
  auto filled = fixture.client->query_order("BTCUSDT", "hb-b-po3");
  ASSERT_TRUE(filled.ok() && filled->has_value());
  EXPECT_EQ((*filled)->status, OrderStatus::Filled);
  ASSERT_TRUE((*filled)->fee_known);
  EXPECT_NEAR((*filled)->fee, 0.1 * 60000.1 * fake::kFakeMakerFee, 1e-6);
}

TEST(BybitClient, WrongSecretIsAnAuthErrorThatNeverShowsTheSecret) {
  BybitVenueClient fixture;
  BybitSettings settings = fixture.settings();
  settings.api_secret = Secret("wrong-secret-value-42");
  BybitClient client(settings);
  auto account = client.account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().kind, ErrorKind::Auth);
  EXPECT_EQ(account.error().venue_code, 10004);
  EXPECT_EQ(account.error().message.find("wrong-secret-value-42"), std::string::npos);
  // Bybit's 10004 text echoes the signed string, which holds the API key: it is masked.
  EXPECT_NE(account.error().message.find("origin_string"), std::string::npos);
  EXPECT_EQ(account.error().message.find(fake::kBybitTestApiKey), std::string::npos)
      << account.error().message;
  settings.api_key = Secret("not-the-key");
  BybitClient other(settings);
  EXPECT_EQ(other.account().error().venue_code, 10003);
}

TEST(BybitClient, ClockSkewIsResynchronisedOnce) {
  BybitVenueClient fixture;
  ASSERT_TRUE(fixture.client->account().ok());  // measures the offset
  fixture.venue.set_clock_skew_ms(20000);       // the venue's clock jumps: 10002 next
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_EQ(fixture.venue.requests("GET /v5/market/time"), 2);
}

TEST(BybitClient, PersistentTimestampRefusalNamesTheClock) {
  BybitVenueClient fixture;
  fake::Fault fault;
  fault.kind = fake::FaultKind::VenueCode;
  fault.path = "/v5/account/wallet-balance";
  fault.http_status = 200;
  fault.code = 10002;
  fault.msg = "invalid request, please check your server timestamp or recv_window param";
  fault.times = 2;
  fixture.venue.inject(fault);
  auto account = fixture.client->account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().venue_code, 10002);
  EXPECT_NE(account.error().message.find("NTP"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("GET /v5/account/wallet-balance"), 2);
}

TEST(BybitClient, OrderValidityIsTheReceiveWindowPlusClockUncertainty) {
  BybitVenueClient fixture;
  EXPECT_EQ(fixture.client->order_validity_ms(), 5000 + kBybitClockUncertaintyMs);
  EXPECT_EQ(fixture.client->name(), "bybit-linear");
}

TEST(BybitClient, SettingsAreValidated) {
  BybitSettings settings;
  EXPECT_TRUE(validate_bybit_settings(settings).ok());
  settings.base_url = "http://api.bybit.com";
  EXPECT_EQ(validate_bybit_settings(settings).error().kind, ErrorKind::Config);
  settings.base_url = "https://api-testnet.bybit.com";
  settings.api_key = Secret("k");
  EXPECT_FALSE(validate_bybit_settings(settings).ok());
  settings.api_secret = Secret("s");
  settings.recv_window_ms = 0;
  EXPECT_FALSE(validate_bybit_settings(settings).ok());
}

// multi_assets = true on the unified account: the collateral rows come with the account; this
// fake counts only USDT as collateral (its coins say marginCollateral false).
TEST(BybitClient, MultiAssetsListsTheCollateralOfTheUnifiedAccount) {
  BybitVenueClient fixture;
  fixture.venue.set_coin("BTC", 1.0);
  BybitSettings settings = fixture.settings();
  settings.multi_assets = true;
  BybitClient client(settings);
  auto account = client.account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_TRUE(account->multi_assets);
  ASSERT_EQ(account->collateral.size(), 1U);
  EXPECT_EQ(account->collateral[0].asset, "USDT");
  EXPECT_DOUBLE_EQ(account->collateral_value(), account->margin_balance);
  EXPECT_FALSE(fixture.client->account()->multi_assets);  // the setting off: no rows
}

}  // namespace
}  // namespace hedgebot
