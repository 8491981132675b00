// Faults on the way to and from MEXC: an order whose answer is late, lost or garbled is looked up
// by its externalOid before anything else and never sent twice; a fault on a read is an error
// that places nothing.

#include <gtest/gtest.h>

#include "tests/exchange/mexc_fixture.hpp"

namespace hedgebot {
namespace {

using fake::Fault;
using fake::FaultKind;
using testing::MexcVenueClient;

constexpr const char* kCreate = "/api/v1/private/order/create";
constexpr const char* kLookUp = "GET /api/v1/private/order/external/BTC_USDT/";
constexpr int64_t kShortTimeoutMs = 300;

struct Warm : MexcVenueClient {
  Warm() : MexcVenueClient(true, "", kShortTimeoutMs) {
    EXPECT_TRUE(client->instrument("BTCUSDT").ok());
    EXPECT_TRUE(client->now_ms().ok());
  }
  Result<OrderState> sell(const std::string& oid) {
    return client->place_order(market(Side::Sell, 500, oid));
  }
};

struct OrderFaultCase {
  const char* name;
  FaultKind kind;
  bool executed;
};

class MexcOrderFaults : public ::testing::TestWithParam<OrderFaultCase> {};

TEST_P(MexcOrderFaults, LooksUpByExternalOidAndNeverPlacesTwice) {
  const OrderFaultCase& fault_case = GetParam();
  Warm fixture;
  Fault fault;
  fault.kind = fault_case.kind;
  fault.path = kCreate;
  fault.method = "POST";
  fault.execute = fault_case.executed;
  fault.delay_ms = 900;  // Slow: well past the client's timeout
  fault.code = 500;
  fault.http_status = 200;
  fault.msg = "Internal error!";
  fixture.venue.inject(fault);
  const std::string oid = std::string("hb-mf-") + fault_case.name;
  auto order = fixture.sell(oid);
  EXPECT_GE(fixture.venue.requests(kLookUp + oid), 1);                   // looked up first
  EXPECT_EQ(fixture.venue.requests(std::string("POST ") + kCreate), 1);  // never sent twice
  if (fault_case.executed) {
    ASSERT_TRUE(order.ok()) << order.error().describe();
    EXPECT_EQ(order->status, OrderStatus::Filled);
    EXPECT_EQ(order->filled_steps, 500);
    EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
    EXPECT_EQ(fixture.venue.position("BTC_USDT"), -500);
  } else {
    ASSERT_FALSE(order.ok());
    EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus) << order.error().describe();
    EXPECT_EQ(fixture.venue.total_orders_placed(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Mexc, MexcOrderFaults,
    ::testing::Values(OrderFaultCase{"500_placed", FaultKind::Http500, true},
                      OrderFaultCase{"500_not_placed", FaultKind::Http500, false},
                      OrderFaultCase{"502_placed", FaultKind::Http502, true},
                      OrderFaultCase{"503_not_placed", FaultKind::Http503Unknown, false},
                      OrderFaultCase{"slow_placed", FaultKind::Slow, true},
                      OrderFaultCase{"slow_not_placed", FaultKind::Slow, false},
                      OrderFaultCase{"lost_placed", FaultKind::DropAfter, true},
                      OrderFaultCase{"dropped", FaultKind::DropBefore, false},
                      OrderFaultCase{"garbled_placed", FaultKind::MalformedJson, true},
                      OrderFaultCase{"code500_placed", FaultKind::VenueCode, true},
                      OrderFaultCase{"code500_not_placed", FaultKind::VenueCode, false}),
    [](const ::testing::TestParamInfo<OrderFaultCase>& info) { return info.param.name; });

TEST(MexcFaults, AKnownRefusalIsNotLookedUp) {
  Warm fixture;
  Fault fault;
  fault.kind = FaultKind::VenueCode;
  fault.path = kCreate;
  fault.code = 2005;
  fault.http_status = 200;
  fault.msg = "Balance insufficient";
  fixture.venue.inject(fault);
  auto order = fixture.sell("hb-margin");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::InsufficientMargin);
  EXPECT_EQ(fixture.venue.requests(std::string(kLookUp) + "hb-margin"), 0);
}

TEST(MexcFaults, GarbageOnReadsIsAnError) {
  for (FaultKind kind : {FaultKind::MalformedJson, FaultKind::WrongShape, FaultKind::Http500}) {
    Warm fixture;
    Fault fault;
    fault.kind = kind;
    fault.path = "/api/v1/private/account/assets";
    fixture.venue.inject(fault);
    auto account = fixture.client->account();
    ASSERT_FALSE(account.ok());
    EXPECT_TRUE(account.error().kind == ErrorKind::InvalidResponse ||
                account.error().kind == ErrorKind::VenueError)
        << account.error().describe();
  }
}

TEST(MexcFaults, AFailedLookUpLeavesTheOrderUnknown) {
  Warm fixture;
  Fault lost;
  lost.kind = FaultKind::DropAfter;
  lost.path = kCreate;
  fixture.venue.inject(lost);
  Fault look_up;
  look_up.kind = FaultKind::Http502;
  look_up.path = "/api/v1/private/order/external/BTC_USDT/hb-unknown";
  fixture.venue.inject(look_up);
  auto order = fixture.sell("hb-unknown");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().kind, ErrorKind::UnknownStatus);
  EXPECT_NE(order.error().message.find("externalOid"), std::string::npos);
  EXPECT_EQ(fixture.venue.requests(std::string("POST ") + kCreate), 1);
  // Asked again, the order is found and not placed twice.
  auto found = fixture.client->query_order("BTCUSDT", "hb-unknown");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
}

}  // namespace
}  // namespace hedgebot
