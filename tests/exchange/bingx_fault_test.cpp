// Faults on the way to and from BingX: an order whose answer is lost, late or unclear is looked
// up by its client id before anything else and never placed twice; garbage answers are errors
// and place nothing; 100410 / 429 waits for the venue's window and retries; 418 / 403 block every
// request until the block ends, also for the next process.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/exchange/bingx_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using fake::Fault;
using fake::FaultKind;
using testing::BingxVenueClient;

constexpr const char* kOrder = "/openApi/swap/v2/trade/order";
constexpr const char* kPlace = "POST /openApi/swap/v2/trade/order";
constexpr const char* kLookUp = "GET /openApi/swap/v2/trade/order";
constexpr int64_t kShortTimeoutMs = 300;

Fault fault_on(FaultKind kind, const char* path, const char* method, bool execute = false) {
  Fault fault;
  fault.kind = kind;
  fault.path = path;
  fault.method = method;
  fault.execute = execute;
  return fault;
}

struct Ready : BingxVenueClient {
  Ready() : BingxVenueClient(kShortTimeoutMs) {
    EXPECT_TRUE(client->instrument("BTCUSDT").ok());
    EXPECT_TRUE(client->now_ms().ok());
  }
  Result<OrderState> sell(const std::string& client_id) {
    return client->place_order(market(Side::Sell, 5000, client_id));
  }
};

struct FaultCase {
  const char* name;
  FaultKind kind;
  bool executed;
};

class BingxOrderFaults : public ::testing::TestWithParam<FaultCase> {};

TEST_P(BingxOrderFaults, LooksUpByClientIdAndNeverPlacesTwice) {
  const FaultCase& fault_case = GetParam();
  Ready fixture;
  Fault fault = fault_on(fault_case.kind, kOrder, "POST", fault_case.executed);
  fault.delay_ms = 900;  // Slow: well past the client's timeout
  fixture.venue.inject(fault);
  auto order = fixture.sell(std::string("hb-xf-") + fault_case.name);
  EXPECT_GE(fixture.venue.requests(kLookUp), 1);  // looked up
  EXPECT_EQ(fixture.venue.requests(kPlace), 1);   // never sent twice
  if (fault_case.executed) {
    ASSERT_TRUE(order.ok()) << order.error().describe();
    EXPECT_EQ(order->status, OrderStatus::Filled);
    EXPECT_EQ(order->filled_steps, 5000);
    EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
    EXPECT_DOUBLE_EQ(fixture.venue.position("BTC-USDT"), -0.5);
  } else {
    ASSERT_FALSE(order.ok());
    EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus) << order.error().describe();
    EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Bingx, BingxOrderFaults,
    ::testing::Values(FaultCase{"500-placed", FaultKind::Http500, true},
                      FaultCase{"500-not-placed", FaultKind::Http500, false},
                      FaultCase{"502-placed", FaultKind::Http502, true},
                      FaultCase{"503-not-placed", FaultKind::Http503Unknown, false},
                      FaultCase{"slow-placed", FaultKind::Slow, true},
                      FaultCase{"slow-not-placed", FaultKind::Slow, false},
                      FaultCase{"lost-after", FaultKind::DropAfter, true},
                      FaultCase{"lost-before", FaultKind::DropBefore, false},
                      FaultCase{"malformed-placed", FaultKind::MalformedJson, true},
                      FaultCase{"wrong-shape-placed", FaultKind::WrongShape, true}),
    [](const ::testing::TestParamInfo<FaultCase>& info) {
      std::string name = info.param.name;
      for (char& c : name) c = c == '-' ? '_' : c;
      return name;
    });

TEST(BingxOrderFaults, BusyAndRpcTimeoutCodesAreReconciled) {
  for (const int code : {80012, 100500, 101500}) {
    Ready fixture;
    Fault fault = fault_on(FaultKind::VenueCode, kOrder, "POST", true);
    fault.http_status = 200;
    fault.code = code;
    fault.msg = "rpc timeout";
    fixture.venue.inject(fault);
    auto order = fixture.sell("hb-xf-" + std::to_string(code));
    ASSERT_TRUE(order.ok()) << code << ": " << order.error().describe();
    EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
  }
}

TEST(BingxOrderFaults, DuplicateClientIdIsLookedUpNotPlacedAgain) {
  Ready fixture;
  ASSERT_TRUE(fixture.sell("hb-xf-dup").ok());
  // The same id again (a resend after a lost answer): BingX refuses it with 101481 and the
  // client returns the order that exists.
  auto again = fixture.sell("hb-xf-dup");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->filled_steps, 5000);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTC-USDT"), -0.5);
}

TEST(BingxOrderFaults, LostAnswerAndFailedLookupLeaveTheStatusUnknown) {
  Ready fixture;
  fixture.venue.inject(fault_on(FaultKind::DropAfter, kOrder, "POST", true));
  fixture.venue.inject(fault_on(FaultKind::Http502, kOrder, "GET"));
  auto order = fixture.sell("hb-xf-lookup");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus);
  EXPECT_NE(order.error().message.find("look-up failed"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests(kPlace), 1);
  auto found = fixture.client->query_order("BTCUSDT", "hb-xf-lookup");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->filled_steps, 5000);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
}

TEST(BingxOrderFaults, LateOrderPastItsReceiveWindowNeverExecutes) {
  BingxVenueClient fixture(kShortTimeoutMs);
  BingxSettings settings = fixture.settings(kShortTimeoutMs);
  settings.recv_window_ms = 500;
  BingxClient client(settings);
  ASSERT_TRUE(client.instrument("BTCUSDT").ok());
  Fault late = fault_on(FaultKind::Late, kOrder, "POST");
  late.delay_ms = 1200;
  fixture.venue.inject(late);
  auto order = client.place_order(BingxVenueClient::market(Side::Sell, 5000, "hb-xf-late"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus) << order.error().describe();
  EXPECT_EQ(client.order_validity_ms(), 500 + kBingxClockUncertaintyMs);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto found = client.query_order("BTCUSDT", "hb-xf-late");
  ASSERT_TRUE(found.ok()) << found.error().describe();
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(BingxGarbage, GarbageOrMissingFieldsAreClearErrors) {
  BingxVenueClient fixture;
  fixture.venue.inject(
      fault_on(FaultKind::MalformedJson, "/openApi/swap/v2/quote/premiumIndex", "GET"));
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::InvalidResponse);
  fixture.venue.inject(fault_on(FaultKind::WrongShape, "/openApi/swap/v2/quote/bookTicker", "GET"));
  EXPECT_EQ(fixture.client->book_top("BTCUSDT").error().kind, ErrorKind::InvalidResponse);
  fixture.venue.inject(fault_on(FaultKind::WrongShape, "/openApi/swap/v2/quote/contracts", "GET"));
  auto order = fixture.client->place_order(BingxVenueClient::market(Side::Sell, 5000, "hb-xg-1"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::InvalidResponse);
  EXPECT_EQ(fixture.venue.requests(kPlace), 0);  // no order on bad data
}

TEST(BingxRateLimit, RateLimitWaitsForTheWindowAndRetries) {
  BingxVenueClient fixture;
  Fault limit = fault_on(FaultKind::RateLimit429, "/openApi/swap/v2/user/positions", "GET");
  limit.retry_after_s = 2;
  fixture.venue.inject(limit);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  ASSERT_EQ(fixture.sleeps.size(), 1U);
  EXPECT_EQ(fixture.sleeps[0], 2000);
  EXPECT_EQ(fixture.client->request_stats().rate_limited, 1);
  EXPECT_EQ(fixture.client->request_stats().limit_status, 998);
}

TEST(BingxRateLimit, Code100410WithAnUnblockTimeIsHonoured) {
  BingxVenueClient fixture;
  Fault limit = fault_on(FaultKind::VenueCode, "/openApi/swap/v3/user/balance", "GET");
  limit.http_status = 200;
  limit.code = 100410;
  limit.msg =
      "The endpoint trigger frequency limit rule is currently in the disabled period and "
      "will be unblocked after 1500 ms";
  fixture.venue.inject(limit);
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  ASSERT_EQ(fixture.sleeps.size(), 1U);
  EXPECT_EQ(fixture.sleeps[0], 1500);
}

TEST(BingxRateLimit, RateLimitBeyondTheWaitBudgetBlocksCalls) {
  BingxVenueClient fixture;
  Fault limit = fault_on(FaultKind::RateLimit429, "/openApi/swap/v2/user/positions", "GET");
  limit.retry_after_s = 60;  // beyond max_rate_limit_wait_ms
  fixture.venue.inject(limit);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_FALSE(position.ok());
  EXPECT_EQ(position.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(position.error().venue_code, 100410);
  EXPECT_GT(position.error().retry_at_ms, 0);
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(fixture.client->account().error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(BingxBan, Http418BlocksEveryRequestEvenAcrossProcesses) {
  testing::TempDir dir;
  BingxVenueClient fixture(2000, dir.path().string());
  Fault ban = fault_on(FaultKind::Ban418, "/openApi/swap/v2/quote/premiumIndex", "GET");
  ban.retry_after_s = 300;
  fixture.venue.inject(ban);
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Banned);
  const int64_t until = fixture.client->retry_at_ms();
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_GT(until, now + 250'000);
  EXPECT_LT(until, now + 310'000);
  EXPECT_EQ(mark.error().retry_at_ms, until);
  const int64_t sent = fixture.venue.total_requests();
  auto order = fixture.client->place_order(BingxVenueClient::market(Side::Sell, 5000, "hb-ban"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::Banned);
  BingxClient next(fixture.settings(2000, dir.path().string()));
  EXPECT_EQ(next.now_ms().error().kind, ErrorKind::Banned);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(BingxBan, BanWithoutResetWaitsFiveMinutes) {
  BingxVenueClient fixture;
  Fault ban = fault_on(FaultKind::Ban418, "/openApi/swap/v2/quote/premiumIndex", "GET");
  ban.retry_after_s = -2;
  fixture.venue.inject(ban);
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Banned);
  const int64_t wait = fixture.client->retry_at_ms() - fixture.venue.server_time_ms();
  EXPECT_GT(wait, 4 * kMinuteMs);
  EXPECT_LE(wait, 5 * kMinuteMs);
}

}  // namespace
}  // namespace hedgebot
