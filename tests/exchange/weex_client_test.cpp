// WeexClient against the fake WEEX venue: every endpoint, signing (key, secret and passphrase)
// accepted by a venue that checks it, orders read back, the side of the book each order acts
// on, prepare_symbol, and the venue's refusals mapped to the port's ErrorKinds.

#include <gtest/gtest.h>

#include <cmath>

#include "tests/exchange/weex_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using testing::WeexVenueClient;

TEST(WeexClient, InstrumentFromExchangeInfoCachedInMemoryAndOnDisk) {
  testing::TempDir dir;
  WeexVenueClient fixture(2000, dir.file("cache"));
  auto inst = fixture.client->instrument("BTCUSDT");
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->symbol, "BTCUSDT");
  EXPECT_EQ(inst->qty_step, (Decimal{1, 3}));
  EXPECT_EQ(inst->price_tick, (Decimal{1, 1}));
  EXPECT_EQ(inst->min_qty_steps, 1);
  EXPECT_EQ(inst->max_qty_steps, 100000);  // marketOpenLimitSize 100 < maxOrderSize 1000
  EXPECT_DOUBLE_EQ(inst->contract_size, 1.0);
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/market/exchangeInfo"), 1);
  ASSERT_TRUE(fixture.client->instrument("BTCUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/market/exchangeInfo"), 1);
  // Another process within the ttl reads the disk cache.
  WeexClient second(fixture.settings(2000, dir.file("cache")));
  ASSERT_TRUE(second.instrument("BTCUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/market/exchangeInfo"), 1);
  EXPECT_EQ(second.request_stats().exchange_info_requests, 0);
  EXPECT_EQ(fixture.client->instrument("DOGEUSDT").error().kind, ErrorKind::NotFound);
}

TEST(WeexClient, SymbolWithASeparatorIsReadAsWeexsNameAndAnsweredAsAsked) {
  WeexVenueClient fixture;
  auto inst = fixture.client->instrument("BTC-USDT");
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->symbol, "BTC-USDT");
  auto top = fixture.client->book_top("BTC_USDT");
  ASSERT_TRUE(top.ok()) << top.error().describe();
  EXPECT_EQ(top->symbol, "BTC_USDT");
  fixture.venue.set_position("BTCUSDT", -0.25);
  auto position = fixture.client->position("BTC-USDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->symbol, "BTC-USDT");
  EXPECT_EQ(position->qty_steps, -250);
}

TEST(WeexClient, ClosedCandlesOldestFirstWithoutTheOpenBar) {
  WeexVenueClient fixture;
  auto series = fixture.client->closed_candles("BTCUSDT", kHourMs, 24);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 24U);
  for (size_t i = 1; i < series->candles.size(); ++i)
    EXPECT_EQ(series->candles[i].open_time_ms - series->candles[i - 1].open_time_ms, kHourMs);
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_LE(series->candles.back().open_time_ms + kHourMs, now);
  EXPECT_GT(series->candles.back().open_time_ms + 2 * kHourMs, now);
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", kHourMs, 1000).error().kind,
            ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", 8 * kHourMs, 10).error().kind,
            ErrorKind::InvalidInput);
}

TEST(WeexClient, HistoryKlinesAreReadByWindowsOfAtMostOneHundred) {
  WeexVenueClient fixture;
  const int64_t now = fixture.venue.server_time_ms();
  const int64_t start = (now / kHourMs - 250) * kHourMs;
  auto series = fixture.client->closed_candles_since("BTCUSDT", kHourMs, start, 240);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 240U);
  EXPECT_EQ(series->candles.front().open_time_ms, start);
  for (size_t i = 1; i < series->candles.size(); ++i)
    EXPECT_EQ(series->candles[i].open_time_ms - series->candles[i - 1].open_time_ms, kHourMs);
  EXPECT_EQ(fixture.venue.largest_history_limit(), 100);
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/market/historyKlines"), 3);
  // Up to now: the open bar is never in it.
  auto recent = fixture.client->closed_candles_since("BTCUSDT", kHourMs, now - 5 * kHourMs, 50);
  ASSERT_TRUE(recent.ok()) << recent.error().describe();
  ASSERT_FALSE(recent->candles.empty());
  EXPECT_LE(recent->candles.back().open_time_ms + kHourMs, now);
  EXPECT_LT(recent->candles.size(), 50U);
}

TEST(WeexClient, MarkFundingBookAndFundingHistoryWithoutKeys) {
  WeexVenueClient fixture;
  WeexSettings public_only = fixture.settings();
  public_only.api_key.reset();
  public_only.api_secret.reset();
  public_only.api_passphrase.reset();
  WeexClient client(public_only);
  fixture.venue.set_funding_rate(-0.00025);
  auto mark = client.mark_and_funding("BTCUSDT");
  ASSERT_TRUE(mark.ok()) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 60000.0);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, -0.00025);
  EXPECT_EQ(mark->funding_interval_ms, 8 * kHourMs);
  EXPECT_GT(mark->next_funding_ms, fixture.venue.server_time_ms());
  auto top = client.book_top("BTCUSDT");
  ASSERT_TRUE(top.ok()) << top.error().describe();
  EXPECT_DOUBLE_EQ(top->bid_price, 59999.9);
  EXPECT_DOUBLE_EQ(top->ask_price, 60000.1);
  // Served newest first; answered oldest first.
  auto funding = client.funding_history("BTCUSDT", 10);
  ASSERT_TRUE(funding.ok()) << funding.error().describe();
  ASSERT_EQ(funding->size(), 10U);
  EXPECT_LT(funding->front().funding_time_ms, funding->back().funding_time_ms);
  EXPECT_EQ(client.funding_history("BTCUSDT", 1001).error().kind, ErrorKind::InvalidInput);
  const int64_t now = fixture.venue.server_time_ms();
  auto since = client.funding_history_since("BTCUSDT", now - 72 * kHourMs, 100);
  ASSERT_TRUE(since.ok()) << since.error().describe();
  EXPECT_EQ(since->size(), 9U);
  // A private call without keys is a Config error, and nothing is sent.
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(client.account().error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(WeexClient, ASignedCallWithoutThePassphraseIsAConfigErrorNamingItAndSendsNothing) {
  WeexVenueClient fixture;
  WeexSettings settings = fixture.settings();
  settings.api_passphrase.reset();
  ASSERT_TRUE(validate_weex_settings(settings).ok());  // public data still works
  WeexClient client(settings);
  ASSERT_TRUE(client.now_ms().ok());
  const int64_t sent = fixture.venue.total_requests();
  auto account = client.account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().kind, ErrorKind::Config);
  EXPECT_NE(account.error().message.find("API passphrase"), std::string::npos)
      << account.error().message;
  EXPECT_EQ(account.error().message.find("API key"), std::string::npos);
  EXPECT_FALSE(client.place_order(WeexVenueClient::market(Side::Sell, 10, "hb-np-1")).ok());
  EXPECT_EQ(fixture.venue.total_requests() - sent, 1);  // the instrument read only
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(WeexClient, AWrongPassphraseIsAnAuthErrorThatDoesNotEchoIt) {
  WeexVenueClient fixture;
  WeexSettings settings = fixture.settings();
  settings.api_passphrase = Secret("WrongPass123");
  WeexClient client(settings);
  auto account = client.account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().kind, ErrorKind::Auth);
  EXPECT_EQ(account.error().venue_code, -1049);
  EXPECT_EQ(account.error().message.find("WrongPass123"), std::string::npos);
}

TEST(WeexClient, AccountAndPositionFromBalanceAndPositionRows) {
  WeexVenueClient fixture;
  fixture.venue.set_leverage("BTCUSDT", 10);
  fixture.venue.set_position("BTCUSDT", -0.5, 58000.0);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 10000.0);
  EXPECT_DOUBLE_EQ(account->unrealized_pnl, -1000.0);
  EXPECT_DOUBLE_EQ(account->margin_balance, 9000.0);
  // No maintenance margin published: the positions' margin stands for it (60000 x 0.5 / 10).
  EXPECT_DOUBLE_EQ(account->maint_margin, 3000.0);
  EXPECT_DOUBLE_EQ(account->available_balance, 6000.0);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->qty_steps, -500);
  EXPECT_DOUBLE_EQ(position->entry_price, 58000.0);
  EXPECT_EQ(position->leverage, 10);
  auto flat = fixture.client->position("ETHUSDT");
  ASSERT_TRUE(flat.ok()) << flat.error().describe();
  EXPECT_EQ(flat->qty_steps, 0);
}

TEST(WeexClient, SpotBalancesAreAConfigErrorSayingWhatToDo) {
  WeexVenueClient fixture;
  const int64_t sent = fixture.venue.total_requests();
  auto spot = fixture.client->spot_balances();
  ASSERT_FALSE(spot.ok());
  EXPECT_EQ(spot.error().kind, ErrorKind::Config);
  EXPECT_NE(spot.error().message.find("spot = { fixed = ... }"), std::string::npos);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(WeexClient, HedgeModeIsolatedMarginAndTwoSidesAreRefusedByName) {
  WeexVenueClient fixture;
  fixture.venue.set_separated(true);
  auto prepared = fixture.client->prepare_symbol("BTCUSDT", 3);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::Config);
  EXPECT_NE(prepared.error().message.find("combined (one-way)"), std::string::npos);
  fixture.venue.set_position("BTCUSDT", -0.1);
  EXPECT_EQ(fixture.client->position("BTCUSDT").error().kind, ErrorKind::Config);
  fixture.venue.set_separated(false);
  fixture.venue.set_margin_type("ISOLATED");
  prepared = fixture.client->prepare_symbol("BTCUSDT", 3);
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.error().message.find("cross"), std::string::npos);
  fixture.venue.set_margin_type("CROSSED");
  fixture.venue.set_side("BTCUSDT", "LONG", 0.2);
  auto both = fixture.client->position("BTCUSDT");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().kind, ErrorKind::Config);
  EXPECT_NE(both.error().message.find("both a long and a short"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("POST /capi/v3/account/leverage"), 0);
}

TEST(WeexClient, LeverageIsSetOnlyWhenItDiffers) {
  WeexVenueClient fixture;
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.leverage("BTCUSDT"), 3);
  EXPECT_EQ(fixture.venue.requests("POST /capi/v3/account/leverage"), 1);
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.requests("POST /capi/v3/account/leverage"), 1);
  auto too_high = fixture.client->prepare_symbol("BTCUSDT", 200);
  ASSERT_FALSE(too_high.ok());
  EXPECT_EQ(too_high.error().venue_code, -3313);
  EXPECT_EQ(fixture.client->prepare_symbol("BTCUSDT", 0).error().kind, ErrorKind::InvalidInput);
}

TEST(WeexClient, OrdersOpenReduceAndCloseOnTheRightSideOfTheBook) {
  WeexVenueClient fixture;
  auto opened = fixture.client->place_order(WeexVenueClient::market(Side::Sell, 500, "hb-w-1"));
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  EXPECT_EQ(opened->status, OrderStatus::Filled);
  EXPECT_EQ(opened->filled_steps, 500);
  EXPECT_EQ(opened->client_order_id, "hb-w-1");
  EXPECT_GT(opened->venue_order_id.size(), 16U);  // read exactly, not through a double
  EXPECT_EQ(opened->venue_order_id.substr(0, 6), "702345");
  EXPECT_DOUBLE_EQ(opened->avg_fill_price, 59999.9);
  EXPECT_FALSE(opened->fee_known);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.5);
  auto reduced =
      fixture.client->place_order(WeexVenueClient::market(Side::Buy, 200, "hb-w-2", true));
  ASSERT_TRUE(reduced.ok()) << reduced.error().describe();
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.3);
  // A buy that would cross from short to long is not sent.
  auto crossing = fixture.client->place_order(WeexVenueClient::market(Side::Buy, 400, "hb-w-3"));
  ASSERT_FALSE(crossing.ok());
  EXPECT_EQ(crossing.error().kind, ErrorKind::Rejected);
  // A reduce-only order that would not only reduce is refused before sending.
  EXPECT_EQ(fixture.client->place_order(WeexVenueClient::market(Side::Sell, 100, "hb-w-4", true))
                .error()
                .kind,
            ErrorKind::ReduceOnlyRejected);
  EXPECT_EQ(fixture.venue.orders_placed("hb-w-3") + fixture.venue.orders_placed("hb-w-4"), 0);
  auto closed =
      fixture.client->place_order(WeexVenueClient::market(Side::Buy, 300, "hb-w-5", true));
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), 0.0);
  auto found = fixture.client->query_order("BTCUSDT", "hb-w-2");
  ASSERT_TRUE(found.ok()) << found.error().describe();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->filled_steps, 200);
  EXPECT_EQ((*found)->side, Side::Buy);
  auto missing = fixture.client->query_order("BTCUSDT", "hb-w-none");
  ASSERT_TRUE(missing.ok()) << missing.error().describe();
  EXPECT_FALSE(missing->has_value());
}

TEST(WeexClient, PostOnlyRestsIsCancelledAndIsRefusedWhenItWouldTake) {
  WeexVenueClient fixture;
  auto resting =
      fixture.client->place_order(WeexVenueClient::post_only(Side::Sell, 100, 600500, "hb-po-1"));
  ASSERT_TRUE(resting.ok()) << resting.error().describe();
  EXPECT_EQ(resting->status, OrderStatus::New);
  EXPECT_EQ(resting->price_ticks, 600500);
  auto open = fixture.client->open_orders("BTCUSDT");
  ASSERT_TRUE(open.ok()) << open.error().describe();
  ASSERT_EQ(open->size(), 1U);
  auto cancelled = fixture.client->cancel_order("BTCUSDT", "hb-po-1");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().describe();
  EXPECT_EQ(cancelled->status, OrderStatus::Canceled);
  // Cancelling again returns the final state.
  auto again = fixture.client->cancel_order("BTCUSDT", "hb-po-1");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->status, OrderStatus::Canceled);
  EXPECT_EQ(fixture.client->cancel_order("BTCUSDT", "hb-po-none").error().kind,
            ErrorKind::NotFound);
  auto taking =
      fixture.client->place_order(WeexVenueClient::post_only(Side::Sell, 100, 599000, "hb-po-2"));
  ASSERT_FALSE(taking.ok());
  EXPECT_EQ(taking.error().kind, ErrorKind::PostOnlyRejected);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), 0.0);
}

TEST(WeexClient, RefusalsMapToThePortsKinds) {
  WeexVenueClient fixture;
  fixture.venue.set_balance(10.0);
  auto poor = fixture.client->place_order(WeexVenueClient::market(Side::Sell, 1000, "hb-r-1"));
  ASSERT_FALSE(poor.ok());
  EXPECT_EQ(poor.error().kind, ErrorKind::InsufficientMargin) << poor.error().describe();
  EXPECT_EQ(
      fixture.client->place_order(WeexVenueClient::market(Side::Sell, 1, "bad id!")).error().kind,
      ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(WeexClient, ClockSkewIsResyncedAndTheCallRetriedOnce) {
  WeexVenueClient fixture;
  ASSERT_TRUE(fixture.client->now_ms().ok());
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/market/time"), 1);
  fixture.venue.set_clock_skew_ms(45000);  // beyond WEEX's 30 s window
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/market/time"), 2);
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/account/balance"), 2);
  EXPECT_NEAR(static_cast<double>(fixture.client->request_stats().clock_offset_ms), 45000.0,
              1500.0);
}

TEST(WeexClient, LimitsNameWeexsClientIdRules) {
  WeexVenueClient fixture;
  const VenueLimits limits = fixture.client->limits();
  EXPECT_EQ(limits.max_client_order_id, 36U);
  EXPECT_TRUE(limits.accepts_client_order_id("hb.1:a/b_c-d"));
  EXPECT_FALSE(limits.accepts_client_order_id("hb#1"));
  EXPECT_EQ(limits.max_candles, 999);
  EXPECT_EQ(fixture.client->order_validity_ms(), 32000);
  EXPECT_EQ(fixture.client->kind(), "weex");
}

}  // namespace
}  // namespace hedgebot
