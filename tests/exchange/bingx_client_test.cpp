// BingxClient against the fake BingX venue: every endpoint, signing accepted by a venue that
// checks it, symbols in both spellings, orders read back by their (lowercased) client id,
// prepare_symbol, hedge mode refused, the clock resync, the venue's refusals mapped to the
// port's ErrorKinds.

#include <gtest/gtest.h>

#include <filesystem>

#include "exchange/bingx/session.hpp"
#include "tests/exchange/bingx_fixture.hpp"

namespace hedgebot {
namespace {

using testing::BingxVenueClient;

TEST(BingxClient, InstrumentInBothSpellingsCachedOnDisk) {
  const std::string dir = ::testing::TempDir() + "bingx_contracts_cache";
  std::filesystem::remove_all(dir);
  BingxVenueClient fixture(2000, dir);
  auto inst = fixture.client->instrument("BTCUSDT");
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->symbol, "BTCUSDT");
  EXPECT_EQ(inst->qty_step, (Decimal{1, 4}));
  EXPECT_EQ(inst->price_tick, (Decimal{1, 1}));
  EXPECT_DOUBLE_EQ(inst->min_notional, 5.0);
  auto dashed = fixture.client->instrument("BTC-USDT");
  ASSERT_TRUE(dashed.ok()) << dashed.error().describe();
  EXPECT_EQ(dashed->symbol, "BTC-USDT");
  EXPECT_EQ(fixture.venue.requests("GET /openApi/swap/v2/quote/contracts"), 1);
  EXPECT_EQ(fixture.client->instrument("DOGEUSDT").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(fixture.client->instrument("btc/usdt").error().kind, ErrorKind::InvalidInput);
  // A new client (the next run) reads the cache: no contracts request.
  const int64_t before = fixture.venue.requests("GET /openApi/swap/v2/quote/contracts");
  BingxClient again(fixture.settings(2000, dir));
  ASSERT_TRUE(again.instrument("BTCUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /openApi/swap/v2/quote/contracts"), before);
  EXPECT_EQ(again.request_stats().exchange_info_requests, 0);
}

TEST(BingxClient, ClosedCandlesOldestFirstWithoutTheOpenCandle) {
  BingxVenueClient fixture;
  auto series = fixture.client->closed_candles("BTCUSDT", kHourMs, 24);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 24U);
  for (size_t i = 1; i < series->candles.size(); ++i)
    EXPECT_EQ(series->candles[i].open_time_ms - series->candles[i - 1].open_time_ms, kHourMs);
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_LE(series->candles.back().open_time_ms + kHourMs, now);
  EXPECT_GT(series->candles.back().open_time_ms + 2 * kHourMs, now);  // the newest closed one
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", kHourMs, 1440).error().kind,
            ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", 10 * kMinuteMs, 10).error().kind,
            ErrorKind::InvalidInput);
}

TEST(BingxClient, HistorySinceAStartWalksForward) {
  BingxVenueClient fixture;
  const int64_t now = fixture.venue.server_time_ms();
  const int64_t start = (now / kHourMs - 50) * kHourMs;
  auto series = fixture.client->closed_candles_since("BTC-USDT", kHourMs, start, 20);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 20U);
  EXPECT_EQ(series->candles.front().open_time_ms, start);
  EXPECT_EQ(series->candles.back().open_time_ms, start + 19 * kHourMs);
  auto rest = fixture.client->closed_candles_since("BTC-USDT", kHourMs, start + 40 * kHourMs, 20);
  ASSERT_TRUE(rest.ok()) << rest.error().describe();
  EXPECT_EQ(rest->candles.size(), 10U);  // up to the last closed candle, not the open one
  auto funding = fixture.client->funding_history_since("BTCUSDT", now - 3 * kDayMs, 100);
  ASSERT_TRUE(funding.ok()) << funding.error().describe();
  EXPECT_GE(funding->size(), 9U);
  EXPECT_LE(funding->size(), 10U);
  for (size_t i = 1; i < funding->size(); ++i)
    EXPECT_EQ((*funding)[i].funding_time_ms - (*funding)[i - 1].funding_time_ms, 8 * kHourMs);
}

TEST(BingxClient, MarkFundingAndBookWithoutKeys) {
  BingxVenueClient fixture;
  BingxSettings public_only = fixture.settings();
  public_only.api_key.reset();
  public_only.api_secret.reset();
  BingxClient client(public_only);
  fixture.venue.set_funding_rate(-0.00025);
  auto mark = client.mark_and_funding("BTCUSDT");
  ASSERT_TRUE(mark.ok()) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 60000.0);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, -0.00025);
  EXPECT_GT(mark->next_funding_ms, fixture.venue.server_time_ms());
  auto top = client.book_top("BTCUSDT");
  ASSERT_TRUE(top.ok()) << top.error().describe();
  EXPECT_EQ(top->symbol, "BTCUSDT");
  EXPECT_DOUBLE_EQ(top->bid_price, 59999.9);
  EXPECT_DOUBLE_EQ(top->ask_price, 60000.1);
  auto funding = client.funding_history("BTCUSDT", 10);
  ASSERT_TRUE(funding.ok()) << funding.error().describe();
  ASSERT_EQ(funding->size(), 10U);
  EXPECT_LT(funding->front().funding_time_ms, funding->back().funding_time_ms);
  EXPECT_EQ(client.funding_history("BTCUSDT", 1001).error().kind, ErrorKind::InvalidInput);
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(client.account().error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(BingxClient, AccountPositionAndSpotBalances) {
  BingxVenueClient fixture;
  fixture.venue.set_position("BTC-USDT", -0.5, 58000.0);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 10000.0);
  EXPECT_DOUBLE_EQ(account->unrealized_pnl, -1000.0);
  EXPECT_DOUBLE_EQ(account->margin_balance, 9000.0);
  EXPECT_DOUBLE_EQ(account->maint_margin, 30000.0 * 0.004);  // tier 1 of the venue
  EXPECT_DOUBLE_EQ(account->initial_margin, 30000.0 / 5);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->symbol, "BTCUSDT");
  EXPECT_EQ(position->qty_steps, -5000);
  EXPECT_DOUBLE_EQ(position->entry_price, 58000.0);
  EXPECT_DOUBLE_EQ(position->maint_margin, 120.0);
  auto flat = fixture.client->position("ETH-USDT");
  ASSERT_TRUE(flat.ok()) << flat.error().describe();
  EXPECT_EQ(flat->qty_steps, 0);
  fixture.venue.set_spot_balance("BTC", 2.0, 0.25);
  auto spot = fixture.client->spot_balances();
  ASSERT_TRUE(spot.ok()) << spot.error().describe();
  bool saw_btc = false;
  for (const SpotBalance& balance : *spot) {
    if (balance.asset != "BTC") continue;
    saw_btc = true;
    EXPECT_DOUBLE_EQ(balance.free, 2.0);
    EXPECT_DOUBLE_EQ(balance.locked, 0.25);
  }
  EXPECT_TRUE(saw_btc);
  auto brackets = fixture.client->margin_brackets("BTCUSDT");
  ASSERT_TRUE(brackets.ok()) << brackets.error().describe();
  ASSERT_EQ(brackets->size(), 2U);
  EXPECT_EQ((*brackets)[1].max_leverage, 125);  // the pair's cap, on every tier
}

TEST(BingxClient, HedgeModeIsRefusedWithAnExplanation) {
  BingxVenueClient fixture;
  fixture.venue.set_dual_side(true);
  auto prepared = fixture.client->prepare_symbol("BTCUSDT", 3);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::Config);
  EXPECT_NE(prepared.error().message.find("hedge (dual-side)"), std::string::npos);
  EXPECT_NE(prepared.error().message.find("one-way"), std::string::npos);
  EXPECT_EQ(fixture.client->position("BTCUSDT").error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.requests("POST /openApi/swap/v2/trade/leverage"), 0);
  EXPECT_EQ(fixture.venue.requests("GET /openApi/swap/v2/user/positions"), 0);
}

TEST(BingxClient, PrepareSymbolSetsOnlyWhatDiffers) {
  BingxVenueClient fixture;
  fixture.venue.set_margin_type("BTC-USDT", "ISOLATED");
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.leverage("BTC-USDT"), 3);
  EXPECT_EQ(fixture.venue.margin_type("BTC-USDT"), "CROSSED");
  EXPECT_EQ(fixture.venue.requests("POST /openApi/swap/v2/trade/leverage"), 1);
  EXPECT_EQ(fixture.venue.requests("POST /openApi/swap/v2/trade/marginType"), 1);
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.requests("POST /openApi/swap/v2/trade/leverage"), 1);
  EXPECT_EQ(fixture.venue.requests("POST /openApi/swap/v2/trade/marginType"), 1);
  EXPECT_EQ(fixture.venue.requests("GET /openApi/swap/v1/positionSide/dual"), 1);  // once
  EXPECT_EQ(fixture.client->prepare_symbol("BTCUSDT", 0).error().kind, ErrorKind::InvalidInput);
  // Isolated with a position open: the venue refuses the switch, and the message says why.
  fixture.venue.set_margin_type("ETH-USDT", "ISOLATED");
  fixture.venue.set_position("ETH-USDT", 1.0);
  auto refused = fixture.client->prepare_symbol("ETHUSDT", 3);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("cross margin"), std::string::npos);
}

TEST(BingxClient, MarketOrderIsReadBackByItsLowercasedId) {
  BingxVenueClient fixture;
  auto order =
      fixture.client->place_order(BingxVenueClient::market(Side::Sell, 5000, "hb-BTC-1-o0a"));
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_EQ(order->filled_steps, 5000);
  EXPECT_EQ(order->symbol, "BTCUSDT");
  EXPECT_EQ(order->client_order_id, "hb-BTC-1-o0a");        // as the caller wrote it
  EXPECT_EQ(order->venue_order_id, "1735950529123455000");  // exact above 2^53
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 60000.0);
  ASSERT_TRUE(order->fee_known);
  EXPECT_NEAR(order->fee, 0.5 * 60000.0 * fake::kFakeTakerFee, 1e-6);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTC-USDT"), -0.5);
  EXPECT_EQ(fixture.venue.orders_placed("hb-btc-1-o0a"), 1);
  auto found = fixture.client->query_order("BTCUSDT", "hb-BTC-1-o0a");
  ASSERT_TRUE(found.ok()) << found.error().describe();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->client_order_id, "hb-BTC-1-o0a");
  auto missing = fixture.client->query_order("BTCUSDT", "hb-never");
  ASSERT_TRUE(missing.ok()) << missing.error().describe();
  EXPECT_FALSE(missing->has_value());
  // Reduce-only closes it.
  auto close = fixture.client->place_order(
      BingxVenueClient::market(Side::Buy, 5000, "hb-BTC-1-c1a", /*reduce_only=*/true));
  ASSERT_TRUE(close.ok()) << close.error().describe();
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTC-USDT"), 0.0);
  EXPECT_EQ(fixture.venue.bad_signatures(), 0);
}

TEST(BingxClient, LimitOrderRestsIsListedAndCancelled) {
  BingxVenueClient fixture;
  auto order =
      fixture.client->place_order(BingxVenueClient::limit(Side::Buy, 100, 590000, "hb-l-1"));
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::New);
  EXPECT_EQ(order->price_ticks, 590000);
  auto open = fixture.client->open_orders("BTCUSDT");
  ASSERT_TRUE(open.ok()) << open.error().describe();
  ASSERT_EQ(open->size(), 1U);
  EXPECT_EQ((*open)[0].client_order_id, "hb-l-1");
  auto canceled = fixture.client->cancel_order("BTCUSDT", "hb-l-1");
  ASSERT_TRUE(canceled.ok()) << canceled.error().describe();
  EXPECT_EQ(canceled->status, OrderStatus::Canceled);
  // Cancelling again: already final, its final state.
  auto again = fixture.client->cancel_order("BTCUSDT", "hb-l-1");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->status, OrderStatus::Canceled);
  EXPECT_EQ(fixture.client->cancel_order("BTCUSDT", "hb-none").error().kind, ErrorKind::NotFound);
  // Post-only through the touch: refused, nothing placed.
  auto taker =
      fixture.client->place_order(BingxVenueClient::limit(Side::Buy, 100, 600010, "hb-p-1", true));
  ASSERT_FALSE(taker.ok());
  EXPECT_EQ(taker.error().kind, ErrorKind::PostOnlyRejected);
  EXPECT_EQ(fixture.venue.orders_placed("hb-p-1"), 0);
}

TEST(BingxClient, RefusalsMapToTheirKinds) {
  BingxVenueClient fixture;
  auto reduce = fixture.client->place_order(
      BingxVenueClient::market(Side::Buy, 100, "hb-ro", /*reduce_only=*/true));
  ASSERT_FALSE(reduce.ok());
  EXPECT_EQ(reduce.error().kind, ErrorKind::ReduceOnlyRejected);
  EXPECT_EQ(reduce.error().venue_code, 101290);
  auto big = fixture.client->place_order(BingxVenueClient::market(Side::Sell, 100000000, "hb-big"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::InsufficientMargin);
  fixture.venue.set_mark_price("BTC-USDT", 1000.0);  // 0.0001 BTC is worth 0.1 USDT < 5
  auto small = fixture.client->place_order(BingxVenueClient::market(Side::Sell, 1, "hb-small"));
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().kind, ErrorKind::Filter);
  EXPECT_NE(small.error().message.find("hb-small"), std::string::npos);
  EXPECT_EQ(
      fixture.client->place_order(BingxVenueClient::market(Side::Sell, 1, "hb_bad")).error().kind,
      ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.client->limits().max_client_order_id, 40U);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(BingxClient, RestrictedPairIsNotRetriedAndSaysSo) {
  BingxVenueClient fixture;
  fixture.venue.set_api_restricted("BTC-USDT", true);
  const int64_t clock_reads = fixture.venue.requests("GET /openApi/swap/v2/server/time");
  auto order = fixture.client->place_order(BingxVenueClient::market(Side::Sell, 5000, "hb-r-1"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::Rejected);
  EXPECT_EQ(order.error().venue_code, 100421);
  EXPECT_NE(order.error().message.find("restricted from API trading"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("POST /openApi/swap/v2/trade/order"), 1);
  // No clock resync was taken for it (the one read is the first sync).
  EXPECT_LE(fixture.venue.requests("GET /openApi/swap/v2/server/time"), clock_reads + 1);
}

TEST(BingxClient, TimestampMismatchResyncsTheClockAndRetriesOnce) {
  BingxVenueClient fixture;
  ASSERT_TRUE(fixture.client->account().ok());  // the clock is synced
  const int64_t reads = fixture.venue.requests("GET /openApi/swap/v2/server/time");
  fixture.venue.set_clock_skew_ms(60000);  // the venue's clock jumps a minute ahead
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_EQ(fixture.venue.requests("GET /openApi/swap/v2/server/time"), reads + 1);
  EXPECT_GE(fixture.client->request_stats().clock_offset_ms, 59000);
  // A venue that keeps refusing the timestamp: one retry, then a named error.
  fake::Fault fault;
  fault.kind = fake::FaultKind::VenueCode;
  fault.path = "/openApi/swap/v3/user/balance";
  fault.http_status = 200;
  fault.code = 100421;
  fault.msg = "Null timestamp or timestamp mismatch";
  fault.times = 5;
  fixture.venue.inject(fault);
  auto refused = fixture.client->account();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Rejected);
  EXPECT_NE(refused.error().message.find("system clock"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("GET /openApi/swap/v2/server/time"), reads + 2);
  EXPECT_EQ(fixture.venue.requests("GET /openApi/swap/v3/user/balance"), 2 + 2 + 1);
}

}  // namespace
}  // namespace hedgebot
