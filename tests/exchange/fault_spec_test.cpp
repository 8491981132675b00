// `hedgebot fake-venue --faults SPEC`: the spec's grammar (fakevenue/fault_spec.hpp).
#include "fakevenue/fault_spec.hpp"

#include <gtest/gtest.h>

#include <climits>

namespace hedgebot::fake {
namespace {

TEST(FaultSpec, ReadsKindTargetCountAndDelay) {
  const auto faults = parse_fault_spec(
      "lose-response:POST /fapi/v1/order:1, status-500:GET /fapi/v2/account:2,slow:200ms,"
      "rate-limit:/fapi/v1/klines:*");
  ASSERT_TRUE(faults.ok()) << faults.error().message;
  ASSERT_EQ(faults.value().size(), 4U);
  const Fault& lost = faults.value()[0];
  EXPECT_EQ(lost.kind, FaultKind::DropAfter);
  EXPECT_TRUE(lost.execute);
  EXPECT_EQ(lost.method, "POST");
  EXPECT_EQ(lost.path, "/fapi/v1/order");
  EXPECT_EQ(lost.times, 1);
  const Fault& failed = faults.value()[1];
  EXPECT_EQ(failed.kind, FaultKind::Http500);
  EXPECT_FALSE(failed.execute);
  EXPECT_EQ(failed.method, "GET");
  EXPECT_EQ(failed.path, "/fapi/v2/account");
  EXPECT_EQ(failed.times, 2);
  const Fault& slow = faults.value()[2];
  EXPECT_EQ(slow.kind, FaultKind::Slow);
  EXPECT_TRUE(slow.execute);  // a slow venue still does the work
  EXPECT_EQ(slow.delay_ms, 200);
  EXPECT_EQ(slow.path, "");  // any request
  const Fault& limited = faults.value()[3];
  EXPECT_EQ(limited.kind, FaultKind::RateLimit429);
  EXPECT_EQ(limited.method, "");
  EXPECT_EQ(limited.path, "/fapi/v1/klines");
  EXPECT_EQ(limited.times, INT_MAX);
  EXPECT_EQ(describe_fault(lost),
            "lose-response on POST /fapi/v1/order, the next 1 matching request");
  EXPECT_EQ(describe_fault(limited), "rate-limit on /fapi/v1/klines, every matching request");
}

TEST(FaultSpec, EmptyMeansNoFaults) {
  const auto faults = parse_fault_spec("");
  ASSERT_TRUE(faults.ok());
  EXPECT_TRUE(faults.value().empty());
}

TEST(FaultSpec, RefusesWhatItCannotRead) {
  for (const char* spec : {"lose-respons", "slow:fast", "status-500:0", "drop:2s",
                           "ban:POST fapi/v1/order", "slow:1s:2s", "status-500,", "code"}) {
    const auto faults = parse_fault_spec(spec);
    EXPECT_FALSE(faults.ok()) << spec;
  }
  const auto unknown = parse_fault_spec("lose-respons:POST /fapi/v1/order");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown fault \"lose-respons\""), std::string::npos);
  EXPECT_NE(unknown.error().message.find("lose-response"), std::string::npos);  // lists the kinds
}

}  // namespace
}  // namespace hedgebot::fake
