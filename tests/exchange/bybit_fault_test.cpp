// Faults on the way to and from Bybit: an order whose answer is late or lost is looked up by its
// orderLinkId before anything else and never placed twice; garbage answers are errors and place
// nothing; 10006 waits for the venue's reset time; a 403 blocks every request until its reset,
// also for the next process.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/exchange/bybit_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using fake::Fault;
using fake::FaultKind;
using testing::BybitVenueClient;

constexpr const char* kCreate = "/v5/order/create";
constexpr int64_t kShortTimeoutMs = 300;

Fault fault_on(FaultKind kind, const char* path, const char* method, bool execute = false) {
  Fault fault;
  fault.kind = kind;
  fault.path = path;
  fault.method = method;
  fault.execute = execute;
  return fault;
}

struct Warm : BybitVenueClient {
  Warm() : BybitVenueClient(kShortTimeoutMs) {
    EXPECT_TRUE(client->instrument("BTCUSDT").ok());
    EXPECT_TRUE(client->now_ms().ok());
  }
  Result<OrderState> sell(const std::string& link_id) {
    return client->place_order(market(Side::Sell, 500, link_id));
  }
};

struct OrderFaultCase {
  const char* name;
  FaultKind kind;
  bool executed;
};

class BybitOrderFaults : public ::testing::TestWithParam<OrderFaultCase> {};

TEST_P(BybitOrderFaults, LooksUpByOrderLinkIdAndNeverPlacesTwice) {
  const OrderFaultCase& fault_case = GetParam();
  Warm fixture;
  Fault fault = fault_on(fault_case.kind, kCreate, "POST", fault_case.executed);
  fault.delay_ms = 900;  // Slow: well past the client's timeout
  fixture.venue.inject(fault);
  auto order = fixture.sell(std::string("hb-bf-") + fault_case.name);
  EXPECT_GE(fixture.venue.requests("GET /v5/order/realtime"), 1);  // looked up first
  EXPECT_EQ(fixture.venue.requests("POST /v5/order/create"), 1);   // never sent twice
  if (fault_case.executed) {
    ASSERT_TRUE(order.ok()) << order.error().describe();
    EXPECT_EQ(order->status, OrderStatus::Filled);
    EXPECT_EQ(order->filled_steps, 500);
    EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
    EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.5);
  } else {
    ASSERT_FALSE(order.ok());
    EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus) << order.error().describe();
    EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Bybit, BybitOrderFaults,
    ::testing::Values(OrderFaultCase{"500_placed", FaultKind::Http500, true},
                      OrderFaultCase{"500_not_placed", FaultKind::Http500, false},
                      OrderFaultCase{"502_placed", FaultKind::Http502, true},
                      OrderFaultCase{"503_not_placed", FaultKind::Http503Unknown, false},
                      OrderFaultCase{"slow_placed", FaultKind::Slow, true},
                      OrderFaultCase{"slow_not_placed", FaultKind::Slow, false},
                      OrderFaultCase{"drop_after", FaultKind::DropAfter, true},
                      OrderFaultCase{"drop_before", FaultKind::DropBefore, false},
                      OrderFaultCase{"malformed_placed", FaultKind::MalformedJson, true},
                      OrderFaultCase{"wrong_shape_placed", FaultKind::WrongShape, true}),
    [](const ::testing::TestParamInfo<OrderFaultCase>& info) { return info.param.name; });

TEST(BybitOrderFaults, ServerErrorCodeIsReconciled) {
  Warm fixture;
  Fault fault = fault_on(FaultKind::VenueCode, kCreate, "POST", true);
  fault.http_status = 200;
  fault.code = 10016;
  fault.msg = "Internal server error.";
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-bf-10016");
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
}

TEST(BybitOrderFaults, LostAnswerAndFailedLookupLeaveTheStatusUnknown) {
  Warm fixture;
  fixture.venue.inject(fault_on(FaultKind::DropAfter, kCreate, "POST", true));
  fixture.venue.inject(fault_on(FaultKind::Http502, "/v5/order/realtime", "GET"));
  auto order = fixture.sell("hb-bf-lookup");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus);
  EXPECT_NE(order.error().message.find("look-up failed"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("POST /v5/order/create"), 1);
  // The next look-up finds it: exactly one order.
  auto found = fixture.client->query_order("BTCUSDT", "hb-bf-lookup");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->filled_steps, 500);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
}

TEST(BybitOrderFaults, LateOrderPastItsReceiveWindowNeverExecutes) {
  // The request is held by the venue longer than the client waits and than its receive window:
  // the client asks, finds nothing, and reports an unknown status; when the venue finally runs
  // it, the timestamp is outside the window and nothing is placed. A look-up after
  // order_validity_ms() therefore finds no such order, which is what the bot relies on.
  BybitVenueClient fixture(kShortTimeoutMs);
  BybitSettings settings = fixture.settings(kShortTimeoutMs);
  settings.recv_window_ms = 500;
  BybitClient client(settings);
  ASSERT_TRUE(client.instrument("BTCUSDT").ok());
  Fault late = fault_on(FaultKind::Late, kCreate, "POST");
  late.delay_ms = 1200;
  fixture.venue.inject(late);
  auto order = client.place_order(BybitVenueClient::market(Side::Sell, 500, "hb-bf-late"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus) << order.error().describe();
  EXPECT_EQ(client.order_validity_ms(), 500 + kBybitClockUncertaintyMs);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto found = client.query_order("BTCUSDT", "hb-bf-late");
  ASSERT_TRUE(found.ok()) << found.error().describe();
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(BybitGarbage, GarbageOrMissingFieldsAreClearErrors) {
  BybitVenueClient fixture;
  fixture.venue.inject(fault_on(FaultKind::MalformedJson, "/v5/market/tickers", "GET"));
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::InvalidResponse);
  EXPECT_NE(mark.error().message.find("not JSON"), std::string::npos);
  fixture.venue.inject(fault_on(FaultKind::WrongShape, "/v5/market/tickers", "GET"));
  auto top = fixture.client->book_top("BTCUSDT");
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.error().kind, ErrorKind::InvalidResponse);
  fixture.venue.inject(fault_on(FaultKind::WrongShape, "/v5/market/instruments-info", "GET"));
  auto order = fixture.client->place_order(BybitVenueClient::market(Side::Sell, 500, "hb-bg-1"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::InvalidResponse);
  EXPECT_EQ(fixture.venue.requests("POST /v5/order/create"), 0);  // no order on bad data
}

TEST(BybitRateLimit, TooManyVisitsWaitsForTheResetAndRetries) {
  BybitVenueClient fixture;
  Fault limit = fault_on(FaultKind::RateLimit429, "/v5/position/list", "GET");
  limit.retry_after_s = 2;
  fixture.venue.inject(limit);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  ASSERT_EQ(fixture.sleeps.size(), 1U);
  EXPECT_GT(fixture.sleeps[0], 1000);
  EXPECT_LE(fixture.sleeps[0], 2100);
  EXPECT_EQ(fixture.client->request_stats().rate_limited, 1);
}

TEST(BybitRateLimit, RateLimitBeyondTheWaitBudgetBlocksCalls) {
  BybitVenueClient fixture;
  Fault limit = fault_on(FaultKind::RateLimit429, "/v5/position/list", "GET");
  limit.retry_after_s = 60;  // beyond max_rate_limit_wait_ms
  fixture.venue.inject(limit);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_FALSE(position.ok());
  EXPECT_EQ(position.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(position.error().venue_code, 10006);
  EXPECT_GT(position.error().retry_at_ms, 0);
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(fixture.client->account().error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(BybitBan, Http403BlocksEveryRequestUntilItsResetEvenAcrossProcesses) {
  testing::TempDir dir;
  BybitVenueClient fixture(2000, dir.path().string());
  Fault ban = fault_on(FaultKind::Ban418, "/v5/market/tickers", "GET");
  ban.retry_after_s = 300;
  fixture.venue.inject(ban);
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Banned);
  EXPECT_NE(mark.error().message.find("access too frequent"), std::string::npos);
  const int64_t until = fixture.client->retry_at_ms();
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_GT(until, now + 250'000);
  EXPECT_LT(until, now + 310'000);
  EXPECT_EQ(mark.error().retry_at_ms, until);
  const int64_t sent = fixture.venue.total_requests();
  auto order = fixture.client->place_order(BybitVenueClient::market(Side::Sell, 500, "hb-ban"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::Banned);
  // A new client (the next cron run) with the same state directory sends nothing either.
  BybitClient next(fixture.settings(2000, dir.path().string()));
  EXPECT_EQ(next.now_ms().error().kind, ErrorKind::Banned);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(BybitBan, Http403WithoutResetWaitsTenMinutes) {
  BybitVenueClient fixture;
  Fault ban = fault_on(FaultKind::Ban418, "/v5/market/tickers", "GET");
  ban.retry_after_s = -2;
  fixture.venue.inject(ban);
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Banned);
  const int64_t wait = fixture.client->retry_at_ms() - fixture.venue.server_time_ms();
  EXPECT_GT(wait, 9 * kMinuteMs);
  EXPECT_LE(wait, 10 * kMinuteMs);
}

}  // namespace
}  // namespace hedgebot
