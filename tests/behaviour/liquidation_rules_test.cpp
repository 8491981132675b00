// liquidation_distance_below through the real tick: the venue's liquidation price against the
// mark, a safety rule that cuts the hedge while there is still room, and an alert.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string liquidation_config() {
  return std::string(kBtcHedge) + R"(
baseline_ratio = 1.0
band = 0.05

[[rule]]
name = "room-to-liquidation"
hedge = "*"
when = "liquidation_distance_below"
threshold = 0.15
action = "set_ratio"
ratio = 0.5
priority = 100

[[rule]]
name = "warn-liquidation"
hedge = "*"
when = "liquidation_distance_below"
threshold = 0.25
action = "alert"
message = "liquidation within 25 % of the mark"
)";
}

TEST(LiquidationRules, CloseLiquidationPriceCutsTheHedge) {
  Scenario s(liquidation_config());
  s.set_position("BTCUSDT", "-1.000");
  s.market("BTCUSDT").liquidation_price = 66000.0;  // 10 % above the 60 000 mark

  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.500"))).Times(1);
  const bot::TickReport report = s.tick();
  const rules::Decision& decision = decision_of(report);
  EXPECT_THAT(decision.fired, ElementsAre("room-to-liquidation", "warn-liquidation"));
  EXPECT_EQ(decision.decided_by, "room-to-liquidation");
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.5);
  EXPECT_THAT(decision.why, HasSubstr("liquidation distance 0.1 < 0.15"));
  EXPECT_THAT(decision.alerts, ElementsAre(HasSubstr("liquidation within 25 %")));
}

TEST(LiquidationRules, FarLiquidationPriceOnlyWarnsOrStaysQuiet) {
  Scenario s(liquidation_config());
  s.set_position("BTCUSDT", "-1.000");
  s.market("BTCUSDT").liquidation_price = 72000.0;  // 20 % away: alert only
  EXPECT_CALL(s.client, place_order(_)).Times(0);
  rules::Decision decision = decision_of(s.tick());
  EXPECT_THAT(decision.fired, ElementsAre("warn-liquidation"));
  EXPECT_EQ(decision.decided_by, "baseline");

  s.market("BTCUSDT").liquidation_price = 90000.0;  // 50 % away
  decision = decision_of(s.tick());
  EXPECT_THAT(decision.fired, IsEmpty());
}

TEST(LiquidationRules, NoLiquidationPriceNeverFires) {
  Scenario s(liquidation_config());
  s.set_position("BTCUSDT", "-1.000");
  s.market("BTCUSDT").liquidation_price = 0.0;  // the venue reports none
  EXPECT_CALL(s.client, place_order(_)).Times(0);
  EXPECT_THAT(decision_of(s.tick()).fired, IsEmpty());
}

}  // namespace
}  // namespace hedgebot::behaviour
