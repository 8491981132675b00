// Faults on the way to and from WEEX: an order whose answer is lost, late or garbled is looked
// up by its client id before anything else and never placed twice; -1054 without
// FAILED_PRECONDITION leaves the outcome open, with it nothing was created; garbage answers
// place nothing; 429 waits and retries (bounded); a 403 blocks every request until it ends,
// also for the next process.

#include <gtest/gtest.h>

#include "tests/exchange/weex_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using fake::Fault;
using fake::FaultKind;
using testing::WeexVenueClient;

constexpr const char* kOrder = "/capi/v3/order";
constexpr int64_t kShortTimeoutMs = 300;

Fault fault_on(FaultKind kind, const char* path, const char* method, bool execute = false) {
  Fault fault;
  fault.kind = kind;
  fault.path = path;
  fault.method = method;
  fault.execute = execute;
  return fault;
}

struct Warm : WeexVenueClient {
  Warm() : WeexVenueClient(kShortTimeoutMs) {
    EXPECT_TRUE(client->instrument("BTCUSDT").ok());
    EXPECT_TRUE(client->now_ms().ok());
  }
  Result<OrderState> sell(const std::string& client_id) {
    return client->place_order(market(Side::Sell, 500, client_id));
  }
};

struct OrderFaultCase {
  const char* name;
  FaultKind kind;
  bool executed;
};

class WeexOrderFaults : public ::testing::TestWithParam<OrderFaultCase> {};

TEST_P(WeexOrderFaults, LooksUpByClientIdAndNeverPlacesTwice) {
  const OrderFaultCase& fault_case = GetParam();
  Warm fixture;
  Fault fault = fault_on(fault_case.kind, kOrder, "POST", fault_case.executed);
  fault.delay_ms = 900;  // Slow: well past the client's timeout
  fixture.venue.inject(fault);
  auto order = fixture.sell(std::string("hb-wf-") + fault_case.name);
  EXPECT_GE(fixture.venue.requests("GET /capi/v3/openOrders"), 1);  // looked up first
  EXPECT_EQ(fixture.venue.requests("POST /capi/v3/order"), 1);      // never sent twice
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
    Weex, WeexOrderFaults,
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

TEST(WeexOrderFaults, SystemErrorWithoutPreconditionIsReconciled) {
  Warm fixture;
  Fault fault = fault_on(FaultKind::VenueCode, kOrder, "POST", true);
  fault.http_status = 500;
  fault.code = -1054;
  fault.msg = "System error, please retry later.";
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-wf-1054");
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
  EXPECT_EQ(fixture.venue.requests("POST /capi/v3/order"), 1);
}

TEST(WeexOrderFaults, FailedPreconditionIsADefiniteRefusal) {
  Warm fixture;
  Fault fault = fault_on(FaultKind::VenueCode, kOrder, "POST");
  fault.http_status = 400;
  fault.code = -1054;
  fault.msg = "FAILED_PRECONDITION: Open margin available amount not enough.";
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-wf-pre");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::InsufficientMargin);
  EXPECT_EQ(fixture.venue.requests("GET /capi/v3/openOrders"), 0);  // nothing to look up
}

TEST(WeexOrderFaults, LostAnswerAndFailedLookupLeaveTheStatusUnknown) {
  Warm fixture;
  fixture.venue.inject(fault_on(FaultKind::DropAfter, kOrder, "POST", true));
  fixture.venue.inject(fault_on(FaultKind::Http502, "/capi/v3/openOrders", "GET"));
  auto order = fixture.sell("hb-wf-lookup");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus);
  EXPECT_NE(order.error().message.find("look-up failed"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests("POST /capi/v3/order"), 1);
  auto found = fixture.client->query_order("BTCUSDT", "hb-wf-lookup");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->filled_steps, 500);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
}

TEST(WeexOrderFaults, AnUnclearCancelIsReadBack) {
  Warm fixture;
  auto resting = fixture.client->place_order(
      WeexVenueClient::post_only(Side::Sell, 100, 601000, "hb-wf-cancel"));
  ASSERT_TRUE(resting.ok()) << resting.error().describe();
  fixture.venue.inject(fault_on(FaultKind::DropAfter, kOrder, "DELETE", true));
  auto cancelled = fixture.client->cancel_order("BTCUSDT", "hb-wf-cancel");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().describe();
  EXPECT_EQ(cancelled->status, OrderStatus::Canceled);
}

TEST(WeexGarbage, GarbageOrMissingFieldsAreClearErrors) {
  WeexVenueClient fixture;
  fixture.venue.inject(fault_on(FaultKind::MalformedJson, "/capi/v3/market/premiumIndex", "GET"));
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::InvalidResponse);
  fixture.venue.inject(fault_on(FaultKind::WrongShape, "/capi/v3/market/ticker/bookTicker", "GET"));
  EXPECT_EQ(fixture.client->book_top("BTCUSDT").error().kind, ErrorKind::InvalidResponse);
  fixture.venue.inject(fault_on(FaultKind::WrongShape, "/capi/v3/market/exchangeInfo", "GET"));
  auto order = fixture.client->place_order(WeexVenueClient::market(Side::Sell, 500, "hb-wg-1"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::InvalidResponse);
  EXPECT_EQ(fixture.venue.requests("POST /capi/v3/order"), 0);  // no order on bad data
}

TEST(WeexRateLimit, Http429WaitsRetryAfterAndRetries) {
  WeexVenueClient fixture;
  Fault limit =
      fault_on(FaultKind::RateLimit429, "/capi/v3/account/position/singlePosition", "GET");
  limit.retry_after_s = 2;
  fixture.venue.inject(limit);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_TRUE(position.ok()) << position.error().describe();
  ASSERT_EQ(fixture.sleeps.size(), 1U);
  EXPECT_GT(fixture.sleeps[0], 1000);
  EXPECT_LE(fixture.sleeps[0], 2100);
  EXPECT_EQ(fixture.client->request_stats().rate_limited, 1);
}

TEST(WeexRateLimit, RateLimitBeyondTheWaitBudgetBlocksCalls) {
  WeexVenueClient fixture;
  Fault limit =
      fault_on(FaultKind::RateLimit429, "/capi/v3/account/position/singlePosition", "GET");
  limit.retry_after_s = 60;  // beyond max_rate_limit_wait_ms
  fixture.venue.inject(limit);
  auto position = fixture.client->position("BTCUSDT");
  ASSERT_FALSE(position.ok());
  EXPECT_EQ(position.error().kind, ErrorKind::RateLimited);
  EXPECT_GT(position.error().retry_at_ms, 0);
  const int64_t sent = fixture.venue.total_requests();
  EXPECT_EQ(fixture.client->account().error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(WeexBan, Http403BlocksEveryRequestUntilItEndsEvenAcrossProcesses) {
  testing::TempDir dir;
  WeexVenueClient fixture(2000, dir.path().string());
  Fault ban = fault_on(FaultKind::Ban418, "/capi/v3/market/premiumIndex", "GET");
  ban.retry_after_s = 300;
  fixture.venue.inject(ban);
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Banned);
  const int64_t until = fixture.client->retry_at_ms();
  const int64_t now = fixture.venue.server_time_ms();
  EXPECT_GT(until, now + 250'000);
  EXPECT_LT(until, now + 310'000);
  const int64_t sent = fixture.venue.total_requests();
  auto order = fixture.client->place_order(WeexVenueClient::market(Side::Sell, 500, "hb-ban"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::Banned);
  WeexClient next(fixture.settings(2000, dir.path().string()));
  EXPECT_EQ(next.now_ms().error().kind, ErrorKind::Banned);
  EXPECT_EQ(fixture.venue.total_requests(), sent);
}

TEST(WeexBan, Http403WithoutRetryAfterWaitsTenMinutes) {
  WeexVenueClient fixture;
  Fault ban = fault_on(FaultKind::Ban418, "/capi/v3/market/premiumIndex", "GET");
  ban.retry_after_s = -2;
  fixture.venue.inject(ban);
  ASSERT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().kind, ErrorKind::Banned);
  const int64_t wait = fixture.client->retry_at_ms() - fixture.venue.server_time_ms();
  EXPECT_GT(wait, 9 * kMinuteMs);
  EXPECT_LE(wait, 10 * kMinuteMs);
}

}  // namespace
}  // namespace hedgebot
