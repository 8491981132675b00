// Funding rules through the real tick: the last settled rate, the mean of several, the
// venue's predicted rate, annualised thresholds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Fully hedged; a negative funding spike (shorts pay more than 0.05 % per 8 h) closes it.
const std::string kSpikeConfig = std::string(kBtcHedge) + R"(
baseline_ratio = 1.0
band = 0.05

[[rule]]
name = "funding-spike"
hedge = "BTC"
when = "funding_below"
threshold = -0.0005
action = "close"
priority = 50
)";

TEST(FundingRules, SpikeAgainstTheShortCutsTheHedgeWithAReduceOnlyOrder) {
  Scenario s(kSpikeConfig);
  s.set_position("BTCUSDT", "-1.000");
  s.set_funding("BTCUSDT", {0.0001, 0.0001, -0.002});  // the last settlement: -0.2 %

  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("1.000"))).Times(1);
  const bot::TickReport report = s.tick();
  EXPECT_EQ(decision_of(report).decided_by, "funding-spike");
  EXPECT_DOUBLE_EQ(decision_of(report).target_ratio, 0.0);
  EXPECT_EQ(s.market("BTCUSDT").position_steps, 0);
}

TEST(FundingRules, NormalFundingKeepsTheHedge) {
  Scenario s(kSpikeConfig);
  s.set_position("BTCUSDT", "-1.000");
  s.set_funding("BTCUSDT", {0.0001, -0.002, 0.0001});  // the spike is no longer the last one
  const bot::TickReport report = s.tick();             // place_order: Times(0)
  EXPECT_THAT(decision_of(report).fired, IsEmpty());
}

TEST(FundingRules, MeanOfTheLastSettlementsAboveThresholdRaisesTheShort) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "collect"
hedge = "BTC"
when = "funding_above"
threshold = 0.0001
window = 3
source = "mean"
action = "adjust_ratio"
delta = 0.5
)");
  s.set_position("BTCUSDT", "-0.500");
  // Mean of the last 3: (0.0001 + 0.0002 + 0.0003) / 3 = 0.0002 > 0.0001. The older -0.01
  // is outside the window.
  s.set_funding("BTCUSDT", {-0.01, 0.0001, 0.0002, 0.0003});
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  EXPECT_THAT(decision_of(s.tick()).fired, ElementsAre("collect"));
}

TEST(FundingRules, PredictedRateIsReadFromTheVenue) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "turning"
hedge = "BTC"
when = "funding_below"
threshold = -0.001
source = "predicted"
action = "set_ratio"
ratio = 0.2
)");
  s.set_position("BTCUSDT", "-0.500");
  s.set_funding("BTCUSDT", {0.0001});              // settled: fine
  s.market("BTCUSDT").predicted_funding = -0.002;  // the running period: shorts will pay
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.300"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "turning");
}

TEST(FundingRules, AnnualisedThresholdComparesYearlyRates) {
  const std::string config = std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "carry"
hedge = "BTC"
when = "funding_above"
threshold = 0.20
annualised = true
action = "set_ratio"
ratio = 1.0
)";
  {
    // 0.0002 per 8 h x 3 x 365 = 21.9 % a year > 20 %.
    Scenario s(config);
    s.set_position("BTCUSDT", "-0.500");
    s.set_funding("BTCUSDT", {0.0002});
    EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
    EXPECT_EQ(decision_of(s.tick()).decided_by, "carry");
  }
  {
    // 0.00018 per 8 h = 19.7 % a year: under the threshold, nothing moves.
    Scenario s(config);
    s.set_position("BTCUSDT", "-0.500");
    s.set_funding("BTCUSDT", {0.00018});
    EXPECT_EQ(decision_of(s.tick()).decided_by, "baseline");
  }
}

TEST(FundingRules, NoSettledFundingDoesNotHold) {
  Scenario s(kSpikeConfig);
  s.set_position("BTCUSDT", "-1.000");
  s.set_funding("BTCUSDT", {});
  EXPECT_THAT(decision_of(s.tick()).fired, IsEmpty());  // place_order: Times(0)
}

// "Funding remains below 0.02 % for 24 h": every one of the last three 8-hour settlements under
// 0.0002 (their max). Hedged half; while funding stays low the short is cut to 0.2.
const std::string kStaysLowConfig = std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "funding-stays-low"
hedge = "BTC"
when = "funding_below"
threshold = 0.0002
window = 3
source = "max"
action = "set_ratio"
ratio = 0.2
)";

TEST(FundingRules, RemainsBelowDoesNotFireWhenOneSettlementOfTheWindowWasNot) {
  Scenario s(kStaysLowConfig);
  s.set_position("BTCUSDT", "-0.500");
  // The last rate is low (0.0001), but 8 h before it one was 0.0003: not "24 h below".
  s.set_funding("BTCUSDT", {0.0001, 0.0003, 0.0001});
  const bot::TickReport report = s.tick();  // place_order: Times(0)
  EXPECT_THAT(decision_of(report).fired, IsEmpty());
  EXPECT_EQ(decision_of(report).decided_by, "baseline");
}

TEST(FundingRules, RemainsBelowFiresWhenTheWholeWindowWasBelow) {
  Scenario s(kStaysLowConfig);
  s.set_position("BTCUSDT", "-0.500");
  // The older 0.0009 is outside the 3-settlement window.
  s.set_funding("BTCUSDT", {0.0009, 0.0001, 0.00019, 0.0001});
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.300"))).Times(1);
  const bot::TickReport report = s.tick();
  EXPECT_EQ(decision_of(report).decided_by, "funding-stays-low");
  EXPECT_NE(decision_of(report).why.find("funding max(3) 0.00019 < 0.0002"), std::string::npos)
      << decision_of(report).why;
}

}  // namespace
}  // namespace hedgebot::behaviour
