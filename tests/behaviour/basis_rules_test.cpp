// basis_above / basis_below through the real tick: the future's mark against the spot index the
// venue reports with it (ExchangeClient::mark_and_funding).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Half hedged; a future 0.5 % over its index (longs crowding in) raises the short to 1.0.
const std::string kBasisConfig = std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "rich-future"
hedge = "BTC"
when = "basis_above"
threshold = 0.005
action = "set_ratio"
ratio = 1.0
)";

TEST(BasisRules, AFutureRichOverItsIndexFires) {
  Scenario s(kBasisConfig);
  s.set_position("BTCUSDT", "-0.500");
  s.set_mark("BTCUSDT", 60360.0);
  s.market("BTCUSDT").index = 60000.0;  // (60 360 - 60 000) / 60 000 = 0.006 > 0.005
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_EQ(decision.decided_by, "rich-future");
  EXPECT_THAT(decision.why, HasSubstr("basis 0.006 > 0.005 (mark 60360, index 60000)"));
}

TEST(BasisRules, ABasisUnderTheThresholdDoesNotFire) {
  Scenario s(kBasisConfig);
  s.set_position("BTCUSDT", "-0.500");
  s.set_mark("BTCUSDT", 60240.0);
  s.market("BTCUSDT").index = 60000.0;                  // 0.004 < 0.005
  EXPECT_THAT(decision_of(s.tick()).fired, IsEmpty());  // place_order: Times(0)
}

// A dated contract (the venue's instrument has a delivery time): 1 % over the index with 73
// days left is 1 % x 365 / 73 = 5 % a year, over the 4 % the rule asks.
TEST(BasisRules, AnnualisedOnADatedContractUsesTheTimeToDelivery) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "contango"
hedge = "BTC"
when = "basis_above"
threshold = 0.04
annualised = true
action = "set_ratio"
ratio = 1.0
)");
  s.set_position("BTCUSDT", "-0.500");
  s.market("BTCUSDT").instrument.delivery_ms = s.now_ms + 73 * k1d;
  s.set_mark("BTCUSDT", 60600.0);
  s.market("BTCUSDT").index = 60000.0;
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_EQ(decision.decided_by, "contango");
  EXPECT_THAT(decision.why, HasSubstr("annualised basis 0.05 > 0.04"));
}

// Annualised basis needs a delivery date: on a perpetual the rule is named as not ready.
TEST(BasisRules, AnnualisedOnAPerpetualIsNotReadyAndSaysWhy) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5

[[rule]]
name = "contango"
hedge = "BTC"
when = "basis_above"
threshold = 0.10
annualised = true
action = "set_ratio"
ratio = 1.0
)");
  s.set_position("BTCUSDT", "-0.500");
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_THAT(decision.fired, IsEmpty());
  ASSERT_EQ(decision.not_ready.size(), 1U);
  EXPECT_EQ(decision.not_ready[0].lacks,
            "annualised basis needs a dated contract; BTCUSDT is perpetual");
}

}  // namespace
}  // namespace hedgebot::behaviour
