// Every injected fault: the adapter returns the right ErrorKind, looks the order up by its
// client id before anything else, and the venue never holds the order twice.

#include <gtest/gtest.h>

#include "tests/exchange/venue_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using fake::Fault;
using fake::FaultKind;
using testing::VenueClient;

constexpr const char* kOrderPath = "/fapi/v1/order";
constexpr int64_t kShortTimeoutMs = 200;

Fault order_fault(FaultKind kind, bool execute) {
  Fault fault;
  fault.kind = kind;
  fault.path = kOrderPath;
  fault.method = "POST";
  fault.execute = execute;
  return fault;
}

// A client whose connection is already open (so a dropped connection is a reused one, the
// case where libcurl would otherwise resend by itself).
struct Warm : VenueClient {
  Warm() : VenueClient(kShortTimeoutMs) {
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
  bool executed;  // the venue executed the order before the fault
};

class OrderFaults : public ::testing::TestWithParam<OrderFaultCase> {};

TEST_P(OrderFaults, LooksUpBeforeResendingAndNeverPlacesTwice) {
  const OrderFaultCase& fault_case = GetParam();
  Warm fixture;
  Fault fault = order_fault(fault_case.kind, fault_case.executed);
  fault.delay_ms = 600;  // for Slow: well past the 200 ms client timeout
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-f-" + std::string(fault_case.name));
  EXPECT_GE(fixture.venue.requests("GET /fapi/v1/order"), 1);  // looked up first
  const bool known_not_executed = fault_case.kind == FaultKind::Http503Unavailable;
  if (fault_case.executed || known_not_executed) {
    // Executed: found by the look-up (one POST). 503 "Service Unavailable" says it was not
    // executed: one more placement with the same id (two POSTs).
    ASSERT_TRUE(order.ok()) << order.error().describe();
    EXPECT_EQ(order->status, OrderStatus::Filled);
    EXPECT_EQ(order->filled_steps, 500);
    EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
    EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), -0.5);
    EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/order"), fault_case.executed ? 1 : 2);
  } else {
    // Unclear and not found: it may still be in flight, so it is never sent a second time.
    ASSERT_FALSE(order.ok());
    EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus) << order.error().describe();
    EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/order"), 1);
    EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Binance, OrderFaults,
    ::testing::Values(OrderFaultCase{"500-placed", FaultKind::Http500, true},
                      OrderFaultCase{"500-not-placed", FaultKind::Http500, false},
                      OrderFaultCase{"502-placed", FaultKind::Http502, true},
                      OrderFaultCase{"502-not-placed", FaultKind::Http502, false},
                      OrderFaultCase{"503-unknown-placed", FaultKind::Http503Unknown, true},
                      OrderFaultCase{"503-unknown-not-placed", FaultKind::Http503Unknown, false},
                      OrderFaultCase{"503-unavailable", FaultKind::Http503Unavailable, false},
                      OrderFaultCase{"slow-placed", FaultKind::Slow, true},
                      OrderFaultCase{"slow-not-placed", FaultKind::Slow, false},
                      OrderFaultCase{"drop-after", FaultKind::DropAfter, true},
                      OrderFaultCase{"drop-before", FaultKind::DropBefore, false},
                      OrderFaultCase{"malformed-placed", FaultKind::MalformedJson, true},
                      OrderFaultCase{"wrong-shape-placed", FaultKind::WrongShape, true}),
    [](const ::testing::TestParamInfo<OrderFaultCase>& info) {
      std::string name = info.param.name;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

TEST(OrderFaults, BackendTimeoutCodeIsReconciled) {
  Warm fixture;
  Fault fault = order_fault(FaultKind::VenueCode, true);
  fault.http_status = 503;
  fault.code = -1007;
  fault.msg =
      "Timeout waiting for response from backend server. Send status unknown; execution status "
      "unknown.";
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-f-1007");
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
  EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/order"), 1);
}

TEST(OrderFaults, LookupFailureLeavesTheStatusUnknown) {
  Warm fixture;
  fixture.venue.inject(order_fault(FaultKind::DropAfter, true));
  Fault lookup;
  lookup.kind = FaultKind::Http502;
  lookup.path = kOrderPath;
  lookup.method = "GET";
  fixture.venue.inject(lookup);
  auto order = fixture.sell("hb-f-lookup");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus);
  EXPECT_NE(order.error().message.find("hb-f-lookup"), std::string::npos);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
  EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/order"), 1);
  // The caller's own lookup then finds it.
  auto found = fixture.client->query_order("BTCUSDT", "hb-f-lookup");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->status, OrderStatus::Filled);
}

TEST(OrderFaults, LostPlacementIsNeverSentTwiceInOneCall) {
  Warm fixture;
  Fault fault = order_fault(FaultKind::DropBefore, false);
  fault.times = 5;
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-f-twice");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus);
  // Not found right after an unclear answer: it may still be in flight, so no second send.
  EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/order"), 1);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
}

TEST(OrderFaults, DuplicateClientIdOfAnOpenOrderReturnsThatOrder) {
  Warm fixture;
  OrderRequest request = VenueClient::market(Side::Sell, 100, "hb-f-dup");
  request.type = OrderType::Limit;
  request.post_only = true;
  request.price_ticks = 650000;
  ASSERT_TRUE(fixture.client->place_order(request).ok());
  auto again = fixture.client->place_order(request);
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->status, OrderStatus::New);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
}

TEST(RateLimits, HonoursRetryAfterThenSucceeds) {
  Warm fixture;
  Fault fault = order_fault(FaultKind::RateLimit429, false);
  fault.retry_after_s = 2;
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-f-429");
  ASSERT_TRUE(order.ok()) << order.error().describe();
  ASSERT_EQ(fixture.sleeps.size(), 1U);
  EXPECT_EQ(fixture.sleeps[0], 2000);
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
  EXPECT_EQ(fixture.client->request_stats().rate_limited, 1);
}

TEST(RateLimits, GivesUpAfterTheRetryLimit) {
  Warm fixture;
  Fault fault;
  fault.kind = FaultKind::RateLimit429;
  fault.path = "/fapi/v1/premiumIndex";
  fault.times = 10;
  fixture.venue.inject(fault);
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(fixture.sleeps.size(), 2U);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/premiumIndex"), 3);
}

TEST(RateLimits, RetryAfterLongerThanTheLimitIsNotWaited) {
  Warm fixture;
  Fault fault;
  fault.kind = FaultKind::RateLimit429;
  fault.path = "/fapi/v1/premiumIndex";
  fault.retry_after_s = 600;
  fixture.venue.inject(fault);
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::RateLimited);
  EXPECT_TRUE(fixture.sleeps.empty());
}

// A client whose wall clock is a number the test moves (the venue keeps its own clock; only
// public calls, which carry no timestamp, are made across a jump).
struct Clocked : VenueClient {
  int64_t now_ms = 1'750'000'000'000;
  Clocked() {
    BinanceSettings clocked = settings(kShortTimeoutMs);
    clocked.wall_clock_ms = [this] { return now_ms; };
    client = std::make_unique<BinanceClient>(std::move(clocked));
    EXPECT_TRUE(client->instrument("BTCUSDT").ok());
  }
  void ban(int retry_after_s) {
    Fault fault;
    fault.kind = FaultKind::Ban418;
    fault.path = "/fapi/v1/premiumIndex";
    fault.retry_after_s = retry_after_s;
    venue.inject(fault);
  }
};

TEST(RateLimits, ABanLastsTheVenuesRetryAfterThenRequestsResume) {
  Clocked fixture;
  fixture.ban(15);
  const int64_t banned_at = fixture.now_ms;
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Banned);
  EXPECT_EQ(mark.error().retry_at_ms, banned_at + 15000);
  EXPECT_EQ(fixture.client->retry_at_ms(), banned_at + 15000);

  // Before the 15 s are over nothing reaches the venue, signed or public.
  const int64_t before = fixture.venue.total_requests();
  fixture.now_ms = banned_at + 14001;
  auto order = fixture.client->place_order(VenueClient::market(Side::Sell, 500, "hb-f-banned"));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::Banned);
  EXPECT_EQ(order.error().retry_at_ms, banned_at + 15000);
  EXPECT_NE(order.error().message.find("1 s remain"), std::string::npos) << order.error().message;
  fixture.now_ms = banned_at + 14999;
  EXPECT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().kind, ErrorKind::Banned);
  EXPECT_EQ(fixture.venue.total_requests(), before);

  // From the 15th second on, requests go out again by themselves.
  fixture.now_ms = banned_at + 15000;
  EXPECT_EQ(fixture.client->retry_at_ms(), 0);
  auto again = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(fixture.venue.total_requests(), before + 1);
}

TEST(RateLimits, ABanWithoutRetryAfterLastsTwoMinutesThenDoubles) {
  Clocked fixture;
  fixture.ban(-2);  // no Retry-After header
  const int64_t first = fixture.now_ms;
  EXPECT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().retry_at_ms, first + 120000);
  fixture.now_ms = first + 120000;
  fixture.ban(-2);  // banned again at once: the venue's bans grow
  EXPECT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().retry_at_ms,
            first + 120000 + 240000);
  fixture.now_ms += 240000;
  ASSERT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
  fixture.ban(-2);  // after a successful answer the next ban starts at 2 minutes again
  EXPECT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().retry_at_ms,
            fixture.now_ms + 120000);
}

// A cron run started during a ban sends nothing until it ends: the ban is kept in the cache
// directory. Before: each new process met the venue again (and a request during a ban makes the
// venue's ban longer).
TEST(RateLimits, ABanOutlivesTheProcessThatMetIt) {
  hedgebot::testing::TempDir cache;
  Clocked fixture;
  BinanceSettings with_cache = fixture.settings(kShortTimeoutMs, cache.path().string());
  with_cache.wall_clock_ms = [&fixture] { return fixture.now_ms; };
  fixture.client = std::make_unique<BinanceClient>(with_cache);
  fixture.ban(15);
  const int64_t banned_at = fixture.now_ms;
  ASSERT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().kind, ErrorKind::Banned);

  auto next_process = std::make_unique<BinanceClient>(with_cache);
  const int64_t before = fixture.venue.total_requests();
  fixture.now_ms = banned_at + 10000;
  auto early = next_process->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().kind, ErrorKind::Banned);
  EXPECT_EQ(early.error().retry_at_ms, banned_at + 15000);
  EXPECT_EQ(fixture.venue.total_requests(), before);

  fixture.now_ms = banned_at + 15000;
  auto after = std::make_unique<BinanceClient>(with_cache)->mark_and_funding("BTCUSDT");
  EXPECT_TRUE(after.ok()) << after.error().describe();
}

TEST(RateLimits, AnAbsurdRetryAfterIsCappedAtThirtyDays) {
  Clocked fixture;
  fixture.ban(2147483647);
  EXPECT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().retry_at_ms,
            fixture.now_ms + 30 * kDayMs);
}

TEST(RateLimits, ARetryAfterNotWaitedIsHonouredByLaterCalls) {
  Clocked fixture;
  Fault fault;
  fault.kind = FaultKind::RateLimit429;
  fault.path = "/fapi/v1/premiumIndex";
  fault.retry_after_s = 600;  // longer than the client waits inside one call
  fixture.venue.inject(fault);
  const int64_t limited_at = fixture.now_ms;
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(mark.error().retry_at_ms, limited_at + 600000);
  const int64_t before = fixture.venue.total_requests();
  fixture.now_ms = limited_at + 599000;
  auto early = fixture.client->closed_candles("BTCUSDT", kHourMs, 10);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(fixture.venue.total_requests(), before);
  fixture.now_ms = limited_at + 600000;
  ASSERT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
}

TEST(Clock, ResyncsOnceOnTimestampOutsideRecvWindow) {
  Warm fixture;
  fixture.venue.set_clock_skew_ms(20000);  // the venue's clock jumps 20 s ahead after our sync
  auto account = fixture.client->account();
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v3/account"), 2);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/time"), 2);
  EXPECT_NEAR(static_cast<double>(fixture.client->request_stats().clock_offset_ms), 20000.0, 500.0);
}

TEST(Clock, PersistentTimestampRejectionIsReported) {
  Warm fixture;
  Fault fault;
  fault.kind = FaultKind::VenueCode;
  fault.path = "/fapi/v3/account";
  fault.code = -1021;
  fault.msg = "Timestamp for this request is outside of the recvWindow.";
  fault.times = 2;
  fixture.venue.inject(fault);
  auto account = fixture.client->account();
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().venue_code, -1021);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v3/account"), 2);  // retried once, not more
}

TEST(Clock, OrderRejectedForItsTimestampIsResentOnce) {
  Warm fixture;
  Fault fault = order_fault(FaultKind::VenueCode, false);
  fault.code = -1021;
  fault.msg = "Timestamp for this request is outside of the recvWindow.";
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-f-1021");
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
}

TEST(BadAnswers, MalformedOrWrongShapeIsInvalidResponse) {
  Warm fixture;
  Fault malformed;
  malformed.kind = FaultKind::MalformedJson;
  malformed.path = "/fapi/v3/account";
  malformed.execute = true;
  fixture.venue.inject(malformed);
  EXPECT_EQ(fixture.client->account().error().kind, ErrorKind::InvalidResponse);
  Fault wrong;
  wrong.kind = FaultKind::WrongShape;
  wrong.path = "/fapi/v1/klines";
  wrong.execute = true;
  fixture.venue.inject(wrong);
  EXPECT_EQ(fixture.client->closed_candles("BTCUSDT", kHourMs, 5).error().kind,
            ErrorKind::InvalidResponse);
  wrong.path = "/fapi/v3/positionRisk";
  fixture.venue.inject(wrong);
  EXPECT_EQ(fixture.client->position("BTCUSDT").error().kind, ErrorKind::InvalidResponse);
  wrong.path = "/api/v3/account";
  fixture.venue.inject(wrong);
  EXPECT_EQ(fixture.client->spot_balances().error().kind, ErrorKind::InvalidResponse);
}

TEST(BadAnswers, ServerErrorsOnReadsAreVenueErrors) {
  Warm fixture;
  Fault fault;
  fault.kind = FaultKind::Http502;
  fault.path = "/fapi/v1/premiumIndex";
  fixture.venue.inject(fault);
  EXPECT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().kind, ErrorKind::VenueError);
  fault.kind = FaultKind::Slow;
  fault.delay_ms = 600;
  fixture.venue.inject(fault);
  EXPECT_EQ(fixture.client->mark_and_funding("BTCUSDT").error().kind, ErrorKind::Timeout);
  EXPECT_TRUE(fixture.client->mark_and_funding("BTCUSDT").ok());
}

TEST(BadAnswers, VenueDownIsNetwork) {
  Warm fixture;
  fixture.venue.stop();
  auto mark = fixture.client->mark_and_funding("BTCUSDT");
  ASSERT_FALSE(mark.ok());
  EXPECT_EQ(mark.error().kind, ErrorKind::Network);
}

}  // namespace
}  // namespace hedgebot
