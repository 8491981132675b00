// MexcClient against the fake MEXC venue (which checks every signature and Request-Time):
// contracts and their cache, klines and funding, account and positions in contracts, orders by
// externalOid, leverage only when it differs, hedge mode refused, orders_enabled = false refusing
// every write without a request, and the venue's refusals mapped to the port's ErrorKinds.

#include <gtest/gtest.h>

#include "exchange/venues/venue_factory.hpp"
#include "tests/exchange/mexc_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using testing::MexcVenueClient;

TEST(MexcClient, InstrumentFromContractDetailCachedOnDisk) {
  testing::TempDir dir;
  MexcVenueClient fixture(true, dir.path().string());
  auto inst = fixture.client->instrument("BTCUSDT");
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->symbol, "BTCUSDT");
  EXPECT_DOUBLE_EQ(inst->contract_size, 0.0001);
  EXPECT_EQ(inst->qty_step, (Decimal{1, 0}));
  EXPECT_EQ(inst->price_tick, (Decimal{1, 1}));
  EXPECT_EQ(fixture.client->instrument("BTC_USDT")->symbol, "BTC_USDT");
  EXPECT_EQ(fixture.venue.requests("GET /api/v1/contract/detail"), 1);
  EXPECT_EQ(fixture.client->instrument("DOGEUSDT").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(fixture.client->instrument("BTC-USDT").error().kind, ErrorKind::Config);
  // A new client (a new run) reads the contract from the disk cache.
  const int64_t before = fixture.venue.requests("GET /api/v1/contract/detail");
  MexcClient again(fixture.settings(true, dir.path().string()));
  ASSERT_TRUE(again.instrument("BTCUSDT").ok());
  EXPECT_EQ(fixture.venue.requests("GET /api/v1/contract/detail"), before);
  EXPECT_EQ(again.request_stats().exchange_info_requests, 0);
}

TEST(MexcClient, ClosedCandlesOldestFirstWithoutTheOpenBar) {
  MexcVenueClient fixture;
  auto series = fixture.client->closed_candles("BTCUSDT", kHourMs, 24);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 24U);
  for (size_t i = 1; i < series->candles.size(); ++i)
    EXPECT_EQ(series->candles[i].open_time_ms - series->candles[i - 1].open_time_ms, kHourMs);
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_LE(series->candles.back().open_time_ms + kHourMs, now);
  EXPECT_GT(series->candles.back().open_time_ms + 2 * kHourMs, now);
  EXPECT_NEAR(series->candles.back().volume, 8.1244, 1e-9);  // 81244 contracts of 0.0001 BTC
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", kHourMs, 2000).error().kind,
            ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", 2 * kHourMs, 10).error().kind,
            ErrorKind::InvalidInput);

  const int64_t start = (now / kHourMs - 30) * kHourMs;
  auto since = fixture.client->closed_candles_since("BTCUSDT", kHourMs, start, 12);
  ASSERT_TRUE(since.ok()) << since.error().describe();
  ASSERT_EQ(since->candles.size(), 12U);
  EXPECT_EQ(since->candles.front().open_time_ms, start);
  auto rest = fixture.client->closed_candles_since("BTCUSDT", kHourMs, start, 100);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->candles.size(), 30U);  // up to the newest closed bar, fewer than asked
}

TEST(MexcClient, MarkFundingAndBookWithoutKeys) {
  MexcVenueClient fixture;
  MexcSettings public_only = fixture.settings();
  public_only.api_key.reset();
  public_only.api_secret.reset();
  MexcClient client(public_only);
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
  auto funding = client.funding_history("BTCUSDT", 10);
  ASSERT_TRUE(funding.ok()) << funding.error().describe();
  ASSERT_EQ(funding->size(), 10U);
  EXPECT_LT(funding->front().funding_time_ms, funding->back().funding_time_ms);
  const int64_t start = fixture.venue.server_time_ms() - 1500 * 8 * kHourMs;
  auto since = client.funding_history_since("BTCUSDT", start, 1000);
  ASSERT_TRUE(since.ok()) << since.error().describe();
  ASSERT_EQ(since->size(), 1000U);  // the oldest 1000 from start, over two pages
  EXPECT_GE(since->front().funding_time_ms, start);
  EXPECT_LT(since->front().funding_time_ms, start + 8 * kHourMs);
  EXPECT_EQ(client.funding_history("BTCUSDT", 1001).error().kind, ErrorKind::InvalidInput);
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(client.account().error().kind, ErrorKind::Config);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
  EXPECT_EQ(client.spot_balances().error().kind, ErrorKind::Config);
}

TEST(MexcClient, AccountAndPositionInContracts) {
  MexcVenueClient fixture;
  fixture.venue.set_position("BTC_USDT", -500, 59000.0);  // 0.05 BTC short
  fixture.venue.set_leverage("BTC_USDT", 3);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->symbol, "BTCUSDT");
  EXPECT_EQ(position->qty_steps, -500);
  EXPECT_DOUBLE_EQ(position->entry_price, 59000.0);
  EXPECT_NEAR(position->unrealized_pnl, -50.0, 1e-6);  // (60000 - 59000) x -0.05
  EXPECT_NEAR(position->maint_margin, 12.0, 1e-6);     // 0.05 x 60000 x 0.004
  EXPECT_EQ(position->leverage, 3);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 10000.0);
  EXPECT_NEAR(account->margin_balance, 9950.0, 1e-6);
  EXPECT_NEAR(account->maint_margin, 12.0, 1e-6);
  EXPECT_NEAR(account->initial_margin, 1000.0, 1e-6);  // 3000 / 3
  EXPECT_EQ(fixture.venue.bad_signatures(), 0);
  fixture.venue.set_position("BTC_USDT", 0);
  EXPECT_EQ(fixture.client->position("BTCUSDT")->qty_steps, 0);
}

TEST(MexcClient, OrdersOpenReduceAndReadBack) {
  MexcVenueClient fixture;
  auto opened = fixture.client->place_order(MexcVenueClient::market(Side::Sell, 500, "hb-open-1"));
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  EXPECT_EQ(opened->status, OrderStatus::Filled);
  EXPECT_EQ(opened->symbol, "BTCUSDT");
  EXPECT_EQ(opened->filled_steps, 500);
  EXPECT_DOUBLE_EQ(opened->avg_fill_price, 60000.0);
  EXPECT_NEAR(opened->fee, 0.05 * 60000 * fake::kFakeMexcTakerFee, 1e-9);
  EXPECT_EQ(fixture.venue.position("BTC_USDT"), -500);
  auto reduced =
      fixture.client->place_order(MexcVenueClient::market(Side::Buy, 200, "hb-reduce-1", true));
  ASSERT_TRUE(reduced.ok()) << reduced.error().describe();
  EXPECT_TRUE(reduced->reduce_only);
  EXPECT_EQ(fixture.venue.position("BTC_USDT"), -300);
  // A reduce-only order larger than the position is refused by MEXC (2008).
  auto too_much =
      fixture.client->place_order(MexcVenueClient::market(Side::Buy, 400, "hb-reduce-2", true));
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.error().kind, ErrorKind::ReduceOnlyRejected);
  auto found = fixture.client->query_order("BTCUSDT", "hb-open-1");
  ASSERT_TRUE(found.ok()) << found.error().describe();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->qty_steps, 500);
  auto missing = fixture.client->query_order("BTCUSDT", "hb-none");
  ASSERT_TRUE(missing.ok()) << missing.error().describe();
  EXPECT_FALSE(missing->has_value());
  EXPECT_TRUE(fixture.client->open_orders("BTCUSDT")->empty());
  // Cancelling a filled order reports its final state.
  auto cancelled = fixture.client->cancel_order("BTCUSDT", "hb-open-1");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().describe();
  EXPECT_EQ(cancelled->status, OrderStatus::Filled);
  EXPECT_EQ(fixture.client->cancel_order("BTCUSDT", "hb-none").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(
      fixture.client->place_order(MexcVenueClient::market(Side::Sell, 1, std::string(33, 'a')))
          .error()
          .kind,
      ErrorKind::InvalidInput);
  EXPECT_EQ(fixture.venue.bad_signatures(), 0);
}

TEST(MexcClient, OrdersDisabledRefusesEveryWriteWithoutARequest) {
  MexcVenueClient fixture(false);
  EXPECT_FALSE(fixture.client->limits().orders_closed.empty());
  const int64_t before = fixture.venue.total_requests();
  auto placed = fixture.client->place_order(MexcVenueClient::market(Side::Sell, 500, "hb-1"));
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().kind, ErrorKind::Rejected);
  EXPECT_NE(placed.error().message.find("orders_enabled"), std::string::npos);
  EXPECT_EQ(fixture.client->cancel_order("BTCUSDT", "hb-1").error().kind, ErrorKind::Rejected);
  const Status prepared = fixture.client->prepare_symbol("BTCUSDT", 5);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::Rejected);
  EXPECT_EQ(fixture.venue.total_requests(), before);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
  // Reads still work.
  EXPECT_TRUE(fixture.client->account().ok());
  EXPECT_TRUE(fixture.client->query_order("BTCUSDT", "hb-1").ok());
}

TEST(MexcClient, AnOrdinaryKeyIsToldWhatOrdersEnabledNeeds) {
  MexcVenueClient fixture;
  fixture.venue.set_orders_closed(true);
  auto placed = fixture.client->place_order(MexcVenueClient::market(Side::Sell, 500, "hb-1"));
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().kind, ErrorKind::Auth);
  EXPECT_EQ(placed.error().venue_code, 1002);
  EXPECT_NE(placed.error().message.find("orders_enabled = true needs a key MEXC has authorised"),
            std::string::npos)
      << placed.error().message;
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(MexcClient, LeverageSetOnlyWhenItDiffers) {
  MexcVenueClient fixture;
  fixture.venue.set_leverage("BTC_USDT", 20);
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.leverage("BTC_USDT"), 3);
  const int64_t writes = fixture.venue.requests("POST /api/v1/private/position/change_leverage");
  EXPECT_GE(writes, 1);
  ASSERT_TRUE(fixture.client->prepare_symbol("BTCUSDT", 3).ok());
  EXPECT_EQ(fixture.venue.requests("POST /api/v1/private/position/change_leverage"), writes);
}

TEST(MexcClient, HedgeModeAndIsolatedPositionsRefused) {
  MexcVenueClient fixture;
  fixture.venue.set_hedge_mode(true);
  Status prepared = fixture.client->prepare_symbol("BTCUSDT", 3);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::Config);
  EXPECT_NE(prepared.error().message.find("one-way"), std::string::npos);
  fixture.venue.set_position("BTC_USDT", 100);
  EXPECT_EQ(fixture.client->position("BTCUSDT").error().kind, ErrorKind::Config);
  fixture.venue.set_hedge_mode(false);
  fixture.venue.set_isolated(true);
  prepared = fixture.client->prepare_symbol("BTCUSDT", 3);
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.error().message.find("isolated"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("POST /api/v1/private/position/change_leverage"), 0);
}

TEST(MexcClient, ClockResyncAndOneRetryOnRequestTimeError) {
  MexcVenueClient fixture;
  ASSERT_TRUE(fixture.client->account().ok());
  const int64_t pings = fixture.venue.requests("GET /api/v1/contract/ping");
  // The venue's clock jumps 30 s ahead: the next signed call is refused (513), the client
  // resynchronises and retries once, and succeeds.
  fixture.venue.set_clock_skew_ms(30000);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_EQ(fixture.venue.requests("GET /api/v1/contract/ping"), pings + 1);
  EXPECT_EQ(fixture.venue.bad_signatures(), 1);
  EXPECT_NEAR(static_cast<double>(fixture.client->request_stats().clock_offset_ms), 30000, 2000);
}

TEST(MexcClient, RateLimitWaitsAndRetries) {
  MexcVenueClient fixture;
  fake::Fault limited;
  limited.kind = fake::FaultKind::RateLimit429;
  limited.path = "/api/v1/private/account/assets";
  fixture.venue.inject(limited);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  ASSERT_EQ(fixture.sleeps.size(), 1U);
  EXPECT_EQ(fixture.sleeps[0], 1000);
  EXPECT_EQ(fixture.client->request_stats().rate_limited, 1);
  // Limited every time: the bounded retries give up with RateLimited and a retry time.
  limited.times = 10;
  fixture.venue.inject(limited);
  account = fixture.client->account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().kind, ErrorKind::RateLimited);
  EXPECT_GT(fixture.client->retry_at_ms(), 0);
}

TEST(MexcClient, ABanStopsEveryRequest) {
  MexcVenueClient fixture;
  fake::Fault ban;
  ban.kind = fake::FaultKind::Ban418;
  fixture.venue.inject(ban);
  auto first = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().kind, ErrorKind::Banned);
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(fixture.client->account().error().kind, ErrorKind::Banned);
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", kHourMs, 5).error().kind, ErrorKind::Banned);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
  EXPECT_GT(fixture.client->retry_at_ms(), 0);
}

TEST(MexcClient, VenueCodesMapToKinds) {
  struct Case {
    int code;
    ErrorKind kind;
  };
  for (const Case& c :
       {Case{401, ErrorKind::Auth}, Case{602, ErrorKind::Auth}, Case{406, ErrorKind::Auth},
        Case{2005, ErrorKind::InsufficientMargin}, Case{2015, ErrorKind::Filter},
        Case{1001, ErrorKind::NotFound}, Case{501, ErrorKind::VenueError}}) {
    MexcVenueClient fixture;
    fake::Fault fault;
    fault.kind = fake::FaultKind::VenueCode;
    fault.code = c.code;
    fault.http_status = 200;
    fault.msg = "refused";
    fault.path = "/api/v1/private/account/assets";
    fixture.venue.inject(fault);
    auto account = fixture.client->account();
    ASSERT_FALSE(account.ok()) << c.code;
    EXPECT_EQ(account.error().kind, c.kind) << c.code << " " << account.error().describe();
    EXPECT_EQ(account.error().venue_code, c.code);
  }
}

}  // namespace
}  // namespace hedgebot

namespace hedgebot {
namespace {

// The factory hands VenueSettings::orders_enabled to the MEXC client: false gives a client that
// refuses every write itself, without a request.
TEST(MexcFactory, OrdersEnabledReachesTheClient) {
  fake::FakeMexcVenue venue;
  VenueSettings settings;
  settings.kind = "mexc";
  settings.futures_url = venue.url();
  settings.api_key = Secret(fake::kMexcTestApiKey);
  settings.api_secret = Secret(fake::kMexcTestApiSecret);
  settings.orders_enabled = false;
  auto closed = make_venue(settings);
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  EXPECT_EQ((*closed)->kind(), "mexc");
  EXPECT_FALSE((*closed)->limits().orders_closed.empty());
  EXPECT_EQ((*closed)->prepare_symbol("BTCUSDT", 3).error().kind, ErrorKind::Rejected);
  EXPECT_EQ(venue.total_requests(), 0);
  settings.orders_enabled = true;
  auto open = make_venue(settings);
  ASSERT_TRUE(open.ok()) << open.error().describe();
  EXPECT_TRUE((*open)->limits().orders_closed.empty());
  EXPECT_TRUE((*open)->prepare_symbol("BTCUSDT", 3).ok());
}

}  // namespace
}  // namespace hedgebot
