// set_exposure above 1: a net long futures tilt sized against the whole portfolio, through the
// real tick, with the risk guard's limits still applied.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

// 1.5x of the portfolio in crypto, whatever the market (a bull-market stance).
std::string tilt_config(double max_leverage) {
  return R"(
[bot]
interval = "1h"

[risk]
max_exposure = 1.5
max_order_notional = 100000.0
max_leverage = )" +
         std::to_string(max_leverage) +
         R"(

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
baseline_ratio = 0.0
min_ratio = -2.0
max_ratio = 1.0
band = 0.05
leverage = 5

[[rule]]
name = "bull-tilt"
hedge = "BTC"
when = "always"
action = "set_exposure"
exposure = 1.5
)";
}

// By hand: the portfolio is 1 BTC x 60 000 spot + 30 000 futures margin balance = 90 000.
// Exposure 1.5 -> 1.5 x 90 000 = 135 000 of crypto; the spot gives 60 000, so the futures leg
// is long 75 000 / 60 000 = 1.25 BTC: hedge ratio -1.25, one BUY of 1.250 that grows a long
// (not reduce-only). Leverage after: 75 000 / 30 000 = 2.5x, under max_leverage 3; initial
// margin at 5x: 15 000 of the 30 000 available.
TEST(ExposureTilt, OnePointFiveOfThePortfolioIsALongOfOnePointTwoFiveBtc) {
  Scenario s(tilt_config(3.0));
  EXPECT_CALL(s.client, place_order(s.order(Side::Buy, "1.250", false))).Times(1);
  const bot::TickReport report = s.tick();
  const rules::Decision& decision = decision_of(report);
  EXPECT_EQ(decision.decided_by, "bull-tilt");
  EXPECT_NEAR(decision.target_ratio, -1.25, 1e-12);
  EXPECT_THAT(decision.why, HasSubstr("exposure 150 % of the portfolio"));
  EXPECT_EQ(s.market("BTCUSDT").position_steps, 1250);  // +1.250 BTC
  EXPECT_TRUE(report.refusals.empty());
}

// The same target with max_leverage 2: the long may be at most 2 x 30 000 = 60 000 of notional,
// 1.000 BTC. The order is cut to that and the trim is named.
TEST(ExposureTilt, TheLeverageLimitStillTrimsTheLongAndSaysSo) {
  Scenario s(tilt_config(2.0));
  EXPECT_CALL(s.client, place_order(s.order(Side::Buy, "1.000", false))).Times(1);
  const bot::TickReport report = s.tick();
  ASSERT_EQ(report.hedges.size(), 1U);
  EXPECT_THAT(report.hedges[0].notes,
              Contains(HasSubstr("trimmed from 1.250 to 1.000 by risk.max_leverage 2.0x")));
}

}  // namespace
}  // namespace hedgebot::behaviour
