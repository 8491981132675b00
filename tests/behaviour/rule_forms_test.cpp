// Rule forms through the real tick: an `any` group inside `all`, and a rule's own cooldown,
// kept in engine.json from one run to the next as a cron schedule would run them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Half hedged. Cut to 0.2 when the last funding rate is negative AND (the predicted rate is
// negative too OR the margin ratio is under 5 %).
const std::string kNestedConfig = std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "shorts-pay"
hedge = "BTC"
action = "set_ratio"
ratio = 0.2
[[rule.all]]
when = "funding_below"
threshold = 0.0
[[rule.all]]
[[rule.all.any]]
when = "funding_below"
threshold = 0.0
source = "predicted"
[[rule.all.any]]
when = "margin_ratio_below"
threshold = 0.05
)";

TEST(RuleForms, AnyInsideAllFiresOnlyWhenTheGroupHasOneMemberThatHolds) {
  Scenario s(kNestedConfig);
  s.set_position("BTCUSDT", "-0.500");
  s.set_margin(30000.0, 3000.0);  // margin ratio 0.1: the second member fails
  s.set_funding("BTCUSDT", {-0.0001});
  s.market("BTCUSDT").predicted_funding = 0.0001;       // the first member fails
  EXPECT_THAT(decision_of(s.tick()).fired, IsEmpty());  // place_order: Times(0)
  s.verify_orders();

  s.market("BTCUSDT").predicted_funding = -0.0001;  // now the group holds
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.300"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_THAT(decision.fired, ElementsAre("shorts-pay"));
  EXPECT_THAT(decision.why,
              HasSubstr("last funding -0.0001 < 0 and predicted funding -0.0001 < 0"));
}

// Half hedged; negative funding cuts the short to 0.2, but after it started once, the rule
// does not start again for a day: funding that flips back and forth does not whipsaw the hedge.
const std::string kCooldownConfig = std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "shorts-pay"
hedge = "BTC"
when = "funding_below"
threshold = 0.0
action = "set_ratio"
ratio = 0.2
cooldown = "1d"
)";

TEST(RuleForms, ARuleCooldownKeepsAReturningSignalOffAcrossRuns) {
  Scenario s(kCooldownConfig);
  s.set_position("BTCUSDT", "-0.500");
  const int64_t start = s.now_ms;

  // Run 1: shorts pay -> 0.2.
  s.set_funding("BTCUSDT", {-0.0001});
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.300"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "shorts-pay");
  s.verify_orders();

  // Run 2, 8 h later: funding positive again -> back to the baseline 0.5.
  s.now_ms = start + k8h;
  s.set_funding("BTCUSDT", {-0.0001, 0.0001});
  EXPECT_CALL(s.client, place_order(s.sell("0.300"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "baseline");
  s.verify_orders();

  // Run 3, 16 h after the start: negative again, but within the rule's day: nothing moves,
  // and the decision names the rule that is cooling down.
  s.now_ms = start + 2 * k8h;
  s.set_funding("BTCUSDT", {-0.0001, 0.0001, -0.0001});
  const rules::Decision cooling = decision_of(s.tick());  // place_order: Times(0)
  EXPECT_THAT(cooling.fired, IsEmpty());
  EXPECT_THAT(cooling.why, HasSubstr("shorts-pay holds but cools down until 2024-03-02T00:00:00Z"));
  s.verify_orders();

  // Run 4, a day after the start: it fires again.
  s.now_ms = start + 3 * k8h;
  s.set_funding("BTCUSDT", {-0.0001, 0.0001, -0.0001, -0.0001});
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.300"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "shorts-pay");
}

}  // namespace
}  // namespace hedgebot::behaviour
