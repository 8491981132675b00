// Account rules through the real tick: margin ratio, collateral drop, drift, allocation and
// set_exposure; and how hold, cooldown and alerts resolve against them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A trend rule that wants a full hedge and a margin guard that wants 30 %, with the priorities
// the examples use: the guard (100) outranks the trend (10).
std::string margin_config(const std::string& hedge_extra = "", const std::string& rules = "") {
  return std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05
)" + hedge_extra +
         R"(
[[rule]]
name = "margin-guard"
hedge = "*"
when = "margin_ratio_above"
threshold = 0.6
action = "set_ratio"
ratio = 0.3
priority = 100

[[rule]]
name = "bear-trend"
hedge = "BTC"
when = "price_below_ma"
timeframe = "1h"
ma = "sma"
period = 20
action = "set_ratio"
ratio = 1.0
priority = 10
)" + rules;
}

// Hourly closes falling 0.3 % an hour: the close is under its 20-hour SMA (bear-trend fires).
void falling_market(Scenario& s) {
  const CandleSeries hourly = candles_from(falling_closes(30, 65000.0, 0.003), k1h, s.now_ms);
  s.set_candles("BTCUSDT", hourly);
  s.set_mark("BTCUSDT", hourly.candles.back().close);
}

TEST(AccountRules, MarginRatioOverThresholdReducesWhateverTheTrendSays) {
  Scenario s(margin_config());
  falling_market(s);
  s.set_position("BTCUSDT", "-1.000");
  s.set_margin(10000.0, 7000.0);  // margin ratio 70 % > 60 %

  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.700"))).Times(1);
  const bot::TickReport report = s.tick();
  const rules::Decision& decision = decision_of(report);
  EXPECT_THAT(decision.fired, ElementsAre("margin-guard", "bear-trend"));
  EXPECT_EQ(decision.decided_by, "margin-guard");
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.3);
  EXPECT_THAT(report.refusals, IsEmpty());  // reduce-only passes risk.max_margin_ratio
}

TEST(AccountRules, HealthyMarginLetsTheTrendRuleDecide) {
  Scenario s(margin_config());
  falling_market(s);
  s.set_position("BTCUSDT", "-0.500");
  s.set_margin(30000.0, 3000.0);  // 10 %

  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "bear-trend");
}

TEST(AccountRules, MarginGuardReducesThroughTheCooldown) {
  Scenario s(margin_config("cooldown = \"1d\"\n"));
  falling_market(s);
  s.set_position("BTCUSDT", "-0.500");
  s.set_margin(30000.0, 1000.0);
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);  // bear-trend: to 1.0
  s.tick();
  s.verify_orders();

  // An hour later, well inside the cooldown, the margin account is stressed.
  s.now_ms += k1h;
  falling_market(s);
  s.set_margin(10000.0, 7000.0);
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.700"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_EQ(decision.decided_by, "margin-guard");
  EXPECT_FALSE(decision.hold);
}

TEST(AccountRules, CooldownKeepsTheTargetUntilItEnds) {
  // The baseline opens the hedge; a funding rule would raise it an hour later.
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05
cooldown = "4h"

[[rule]]
name = "collect"
hedge = "BTC"
when = "funding_above"
threshold = 0.0003
action = "set_ratio"
ratio = 1.0
)");
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  s.tick();
  s.verify_orders();

  s.now_ms += k1h;
  s.set_funding("BTCUSDT", {0.0005});
  {
    const rules::Decision decision = decision_of(s.tick());  // in cooldown: no order
    EXPECT_TRUE(decision.hold);
    EXPECT_EQ(decision.decided_by, "cooldown");
    EXPECT_THAT(decision.fired, ElementsAre("collect"));
  }
  s.verify_orders();

  s.now_ms += 3 * k1h;  // 4 h after the trade: the cooldown is over
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "collect");
}

TEST(AccountRules, HoldPlacesNothing) {
  Scenario s(margin_config("", R"(
[[rule]]
name = "manual-hold"
hedge = "BTC"
when = "always"
action = "hold"
priority = 50
)"));
  falling_market(s);
  s.set_position("BTCUSDT", "-0.500");      // bear-trend wants 1.0: an increase, held
  const bot::TickReport report = s.tick();  // place_order: Times(0)
  const rules::Decision& decision = decision_of(report);
  EXPECT_TRUE(decision.hold);
  EXPECT_EQ(decision.decided_by, "manual-hold");
  EXPECT_THAT(decision.fired, ElementsAre("bear-trend", "manual-hold"));
}

TEST(AccountRules, HigherPriorityReductionGoesThroughAHold) {
  Scenario s(margin_config("", R"(
[[rule]]
name = "manual-hold"
hedge = "BTC"
when = "always"
action = "hold"
priority = 50
)"));
  falling_market(s);
  s.set_position("BTCUSDT", "-1.000");
  s.set_margin(10000.0, 7000.0);
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.700"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "margin-guard");
}

TEST(AccountRules, CollateralDropAlertsAndTradesNothing) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.8
band = 0.05

[[rule]]
name = "collateral-down"
hedge = "*"
when = "collateral_drop"
threshold = 0.15
lookback = "1d"
action = "alert"
message = "collateral down 15 % in a day"
)");
  s.set_position("BTCUSDT", "-0.800");
  s.set_margin(30000.0, 500.0);
  EXPECT_THAT(decision_of(s.tick()).alerts, IsEmpty());

  // Two hours later the margin balance is 25 500: 15 % under the day's peak of 30 000.
  s.now_ms += 2 * k1h;
  s.set_margin(25500.0, 500.0);
  const rules::Decision decision = decision_of(s.tick());  // place_order: Times(0)
  EXPECT_THAT(decision.alerts, ElementsAre("collateral down 15 % in a day"));
  EXPECT_EQ(decision.decided_by, "baseline");
  const std::vector<nlohmann::json> decisions = s.journal("decision");
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[1]["alerts"][0], "collateral down 15 % in a day");
}

TEST(AccountRules, CollateralDropOutsideTheLookbackDoesNotAlert) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.8
band = 0.05

[[rule]]
name = "collateral-down"
hedge = "*"
when = "collateral_drop"
threshold = 0.15
lookback = "1d"
action = "alert"
)");
  s.set_position("BTCUSDT", "-0.800");
  s.set_margin(30000.0, 500.0);
  s.tick();
  s.now_ms += 25 * k1h;  // the 30 000 peak is older than a day
  s.set_margin(25000.0, 500.0);
  EXPECT_THAT(decision_of(s.tick()).alerts, IsEmpty());
}

// Multi-assets: 1 BTC and 10 000 USDT in the futures wallet, a 0.8 BTC short. BTC falls from
// 60 000 to 48 000: the short gains 9 600, so the margin balance barely moves (67 000 -> 65 200),
// but the collateral (BTC at its 0.95 haircut price + USDT) loses 11 400 of 67 000 (17 %).
TEST(AccountRules, CollateralDropFiresOnACrashOfCoinCollateralInMultiAssetsMode) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.8
band = 0.05

[[rule]]
name = "collateral-down"
hedge = "*"
when = "collateral_drop"
threshold = 0.15
lookback = "1d"
action = "alert"
message = "coin collateral down 15 % in a day"
)");
  s.set_position("BTCUSDT", "-0.800");
  const auto collateral_at = [&](double btc_price, double short_gain) {
    s.set_margin(10000.0 + 0.95 * btc_price + short_gain, 500.0);
    s.account.multi_assets = true;
    s.account.collateral = {{"BTC", 1.0, btc_price, 0.95 * btc_price}, {"USDT", 10000.0, 1.0, 1.0}};
  };
  collateral_at(60000.0, 0.0);
  EXPECT_THAT(decision_of(s.tick()).alerts, IsEmpty());

  s.now_ms += 2 * k1h;
  collateral_at(48000.0, 0.8 * 12000.0);
  EXPECT_NEAR(s.account.margin_balance, 65200.0, 1e-6);  // the margin balance fell 2.7 % only
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_THAT(decision.alerts, ElementsAre("coin collateral down 15 % in a day"));
  const std::vector<nlohmann::json> decisions = s.journal("decision");
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[1]["alerts"][0], "coin collateral down 15 % in a day");
}

// The same account without multi-assets: the margin balance is watched, and it barely fell.
TEST(AccountRules, CollateralDropWatchesTheMarginBalanceWithoutMultiAssets) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.8
band = 0.05

[[rule]]
name = "collateral-down"
hedge = "*"
when = "collateral_drop"
threshold = 0.15
lookback = "1d"
action = "alert"
)");
  s.set_position("BTCUSDT", "-0.800");
  s.set_margin(67000.0, 500.0);
  s.tick();
  s.now_ms += 2 * k1h;
  s.set_margin(65200.0, 500.0);
  EXPECT_THAT(decision_of(s.tick()).alerts, IsEmpty());
}

TEST(AccountRules, DriftAboveThresholdAlertsAndTheTickRehedges) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "drifted"
hedge = "BTC"
when = "drift_above"
threshold = 0.2
action = "alert"
)");
  s.set_position("BTCUSDT", "-0.500");
  EXPECT_THAT(decision_of(s.tick()).alerts, IsEmpty());  // at target: no drift, no order

  // The trader bought another BTC: the hedge ratio fell to 0.25, 0.25 away from 0.5.
  s.now_ms += k1h;
  s.set_spot("BTC", 2.0);
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  ASSERT_EQ(decision.alerts.size(), 1u);
  EXPECT_THAT(decision.alerts[0], HasSubstr("drifted: hedge ratio drift 0.25 > 0.2"));
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.5);
}

// The worked example of docs/design.md: 3.5 BTC at 60 000 (210 000), margin balance 20 000,
// stablecoins 70 000 -> portfolio 300 000; exposure 0.5 -> 150 000 -> q* = -1 BTC.
TEST(AccountRules, SetExposureSizesTheShortFromThePortfolio) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.0
band = 0.01
leverage = 5

[[rule]]
name = "half-in-crypto"
hedge = "BTC"
when = "always"
action = "set_exposure"
exposure = 0.5

[risk]
max_order_notional = 100000.0
max_leverage = 5.0
)");
  s.set_spot("BTC", 3.5);
  s.set_spot("USDT", 70000.0);
  s.set_margin(20000.0, 0.0);
  EXPECT_CALL(s.client, place_order(s.sell("1.000"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_NEAR(decision.target_ratio, 1.0 / 3.5, 1e-12);
  EXPECT_EQ(s.market("BTCUSDT").position_steps, -1000);
}

// With two hedges, set_exposure gives each the share of the target exposure that its spot is of
// the spot value: 1 BTC at 60 000 and 10 ETH at 3 000, a 10 000 margin balance -> portfolio
// 100 000; 50 % -> 50 000 of net crypto, 2/3 on BTC (33 333: short 0.444 BTC) and 1/3 on ETH
// (16 667: short 4.444 ETH).
// The two shorts together are 4x the 10 000 margin: max_leverage is raised so the guard, which
// counts the position BTC just opened when it checks ETH, lets both through.
TEST(AccountRules, SetExposureSplitsTheTargetAcrossHedges) {
  Scenario s(R"(
[bot]
interval = "1h"

[risk]
max_leverage = 5.0

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
leverage = 5

[[hedge]]
asset = "ETH"
symbol = "ETHUSDT"
leverage = 5

[[rule]]
name = "half-in-crypto"
hedge = "*"
when = "always"
action = "set_exposure"
exposure = 0.5
)");
  s.set_spot("ETH", 10.0);
  s.set_margin(10000.0, 0.0);
  EXPECT_CALL(s.client, place_order(s.sell("0.444", "BTCUSDT"))).Times(1);
  EXPECT_CALL(s.client, place_order(s.sell("4.444", "ETHUSDT"))).Times(1);
  const bot::TickReport report = s.tick();
  EXPECT_NEAR(decision_of(report, "BTC").target_ratio, (60000.0 - 100000.0 / 3.0) / 60000.0, 1e-9);
  EXPECT_NEAR(decision_of(report, "ETH").target_ratio, (30000.0 - 50000.0 / 3.0) / 30000.0, 1e-9);
}

TEST(AccountRules, PlanShowsTheOrdersAndPlacesNone) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05
)");
  const bot::TickReport report = s.plan();  // place_order: Times(0)
  ASSERT_EQ(report.orders.size(), 1u);
  EXPECT_EQ(report.orders[0].side, "SELL");
  EXPECT_EQ(report.orders[0].qty, "0.500");
  EXPECT_EQ(report.orders[0].status, "PLANNED");
  EXPECT_EQ(s.market("BTCUSDT").position_steps, 0);
}

TEST(AccountRules, AllocationAboveThresholdFiresAndBelowDoesNot) {
  const std::string config = std::string(kBtcHedge) + R"(
baseline_ratio = 0.2
band = 0.05
leverage = 10

[[rule]]
name = "too-much-crypto"
hedge = "BTC"
when = "allocation_above"
threshold = 0.8
action = "adjust_ratio"
delta = 0.3

[risk]
max_leverage = 10.0
)";
  {
    // 60 000 of BTC, 5 000 USDT, 5 000 margin: crypto is 85.7 % of 70 000.
    Scenario s(config);
    s.set_spot("USDT", 5000.0);
    s.set_margin(5000.0, 0.0);
    EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
    EXPECT_THAT(decision_of(s.tick()).fired, ElementsAre("too-much-crypto"));
  }
  {
    // With a 0.2 BTC short already on, net crypto is 48 000 of 70 000: 68.6 %.
    Scenario s(config);
    s.set_spot("USDT", 5000.0);
    s.set_margin(5000.0, 0.0);
    s.set_position("BTCUSDT", "-0.200");
    EXPECT_THAT(decision_of(s.tick()).fired, IsEmpty());  // place_order: Times(0)
  }
}

// A one-rule rebalancer (over 85 % crypto: back to 75 %) measures the allocation its own hedge
// changes. It used to unfire at the next tick (75 % is not above 85 %) and undo its trade, then
// redo it: an order every few ticks. The condition now holds until the allocation is back under
// its release (default 0.70 here), so the hedge stays on.
TEST(AccountRules, OneRuleRebalancerDoesNotUndoItsOwnTrade) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.0
band = 0.02
leverage = 10

[[rule]]
name = "rebalance"
hedge = "BTC"
when = "allocation_above"
threshold = 0.85
action = "set_exposure"
exposure = 0.75

[risk]
max_leverage = 10.0
)");
  // 60 000 of BTC, 5 000 USDT, 5 000 margin: 85.7 % of 70 000; 75 % is a 0.125 BTC short.
  s.set_spot("USDT", 5000.0);
  s.set_margin(5000.0, 0.0);
  EXPECT_CALL(s.client, place_order(s.sell("0.125"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "rebalance");
  s.verify_orders();

  // The short is on: 75 %, under the threshold but over the release. No order back.
  s.set_position("BTCUSDT", "-0.125");
  s.now_ms += k1h;
  EXPECT_CALL(s.client, place_order(::testing::_)).Times(0);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_EQ(decision.decided_by, "rebalance");
  EXPECT_THAT(decision.why, HasSubstr("latched: releases under 0.7")) << decision.why;
  s.verify_orders();
}

TEST(AccountRules, AlertNeverMovesTheTarget) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "heartbeat"
hedge = "BTC"
when = "always"
action = "alert"
message = "still here"
)");
  s.set_position("BTCUSDT", "-0.500");
  const rules::Decision decision = decision_of(s.tick());  // place_order: Times(0)
  EXPECT_THAT(decision.alerts, ElementsAre("still here"));
  EXPECT_EQ(decision.decided_by, "baseline");
  EXPECT_THAT(s.journal("decision").at(0)["alerts"], Contains("still here"));
}

}  // namespace
}  // namespace hedgebot::behaviour
