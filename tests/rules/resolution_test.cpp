// Actions and resolution: set/adjust/exposure/close/hold/alert, priorities, ties, clamping,
// and the margin-ratio safety rule over trend rules and hold.

#include <gtest/gtest.h>

#include "rules/engine.hpp"
#include "tests/rules/engine_fixtures.hpp"

namespace hedgebot::rules {
namespace {

using testing::action_rule;
using testing::adjust_rule;
using testing::btc_hedge;
using testing::condition;
using testing::decide;
using testing::set_ratio_rule;
using testing::snapshot_with;

const Condition kAlways = condition(ConditionKind::Always);
const Condition kNever = condition(ConditionKind::MarginRatioAbove, 1e9);

Decision decide_once(const std::vector<RuleSpec>& rules, const HedgeInput& hedge = btc_hedge()) {
  Memory memory;
  return decide(RuleEngine(rules), snapshot_with(hedge, testing::kStartMs), memory);
}

// A snapshot whose margin ratio is 0.7, with a full short hedge in place.
Snapshot margin_stress() {
  HedgeInput hedge = btc_hedge();
  hedge.position_base = -1.0;
  Snapshot snapshot = snapshot_with(hedge, testing::kStartMs);
  snapshot.account.margin_balance = 1000.0;
  snapshot.account.maint_margin = 700.0;
  return snapshot;
}

RuleSpec margin_guard() {
  return set_ratio_rule("margin-guard", condition(ConditionKind::MarginRatioAbove, 0.6), 0.5, 100);
}

TEST(Actions, NoRuleFiredGivesTheClampedBaseline) {
  HedgeInput hedge = btc_hedge();
  hedge.baseline_ratio = 1.5;
  const Decision decision = decide_once({set_ratio_rule("never", kNever, 1.0)}, hedge);
  EXPECT_DOUBLE_EQ(decision.target_ratio, 1.2);
  EXPECT_EQ(decision.decided_by, "baseline");
  EXPECT_TRUE(decision.fired.empty());
  EXPECT_FALSE(decision.hold);
}

TEST(Actions, SetRatioSetsTheTarget) {
  const Decision decision = decide_once({set_ratio_rule("bear", kAlways, 1.0, 10)});
  EXPECT_DOUBLE_EQ(decision.target_ratio, 1.0);
  EXPECT_EQ(decision.decided_by, "bear");
  EXPECT_EQ(decision.why, "bear: always -> 1.00");
}

TEST(Actions, CloseTargetsZero) {
  const Decision decision = decide_once({action_rule("flat", kAlways, ActionKind::Close)});
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.0);
  EXPECT_EQ(decision.decided_by, "flat");
}

TEST(Actions, AdjustRatioAddsItsDeltaToTheBaseline) {
  const Decision decision = decide_once({adjust_rule("momentum", kAlways, -0.25)});
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.05);
  EXPECT_EQ(decision.decided_by, "momentum");
  EXPECT_EQ(decision.why.rfind("baseline 0.30, momentum -0.25 = 0.05", 0), 0u) << decision.why;
}

TEST(Actions, SetExposureWorkedExample) {
  // 3.5 BTC at 60 000 = 210 000 spot, 20 000 margin balance, 70 000 stablecoins: portfolio
  // 300 000. Exposure 50 % = 150 000 -> q* = (150 000 - 210 000) / 60 000 = -1 BTC ->
  // ratio 1 / 3.5 = 0.285714...
  HedgeInput hedge = btc_hedge();
  hedge.spot_qty = 3.5;
  hedge.mark_price = hedge.spot_price = 60000.0;
  Snapshot snapshot = snapshot_with(hedge, testing::kStartMs);
  snapshot.account.margin_balance = 20000.0;
  snapshot.stable_balance = 70000.0;
  RuleSpec rule = action_rule("stabiliser", kAlways, ActionKind::SetExposure);
  rule.exposure = 0.5;
  Memory memory;
  const Decision decision = decide(RuleEngine({rule}), snapshot, memory);
  EXPECT_NEAR(decision.target_ratio, 1.0 / 3.5, 1e-12);
  EXPECT_EQ(decision.decided_by, "stabiliser");
  // The position that ratio gives has exactly the asked exposure.
  const double q = -decision.target_ratio * hedge.spot_qty;
  EXPECT_NEAR(hedge.spot_qty * 60000.0 + q * 60000.0, 0.5 * 300000.0, 1e-6);
}

TEST(Actions, SetExposureSharesThePortfolioBetweenHedgesBySpotValue) {
  HedgeInput btc = btc_hedge();  // 50 000 spot
  HedgeInput eth = btc_hedge();
  eth.asset = "ETH";
  eth.spot_qty = 10.0;
  eth.mark_price = eth.spot_price = 3000.0;  // 30 000 spot
  Snapshot snapshot = snapshot_with(btc, testing::kStartMs);
  snapshot.hedges.push_back(eth);
  snapshot.account.margin_balance = 20000.0;  // portfolio 100 000
  RuleSpec rule = action_rule("seventy-thirty", kAlways, ActionKind::SetExposure);
  rule.exposure = 0.4;
  Memory memory;
  const std::vector<Decision> decisions = RuleEngine({rule}).evaluate(snapshot, memory);
  double exposure = 0.0;
  for (std::size_t i = 0; i < 2; ++i) {
    const HedgeInput& hedge = snapshot.hedges[i];
    exposure += hedge.spot_qty * hedge.spot_price * (1.0 - decisions[i].target_ratio);
  }
  EXPECT_NEAR(exposure, 40000.0, 1e-6);
}

TEST(Actions, SetExposureWithoutSpotDoesNotDecide) {
  HedgeInput hedge = btc_hedge();
  hedge.spot_qty = 0.0;
  RuleSpec rule = action_rule("stabiliser", kAlways, ActionKind::SetExposure);
  rule.exposure = 0.5;
  const Decision decision = decide_once({rule}, hedge);
  EXPECT_EQ(decision.fired, std::vector<std::string>{"stabiliser"});
  EXPECT_EQ(decision.decided_by, "baseline");
}

TEST(Actions, HoldKeepsThePreviousTarget) {
  Memory memory;
  memory.numbers["target/BTC"] = 0.8;
  const RuleEngine engine({set_ratio_rule("trend", kAlways, 1.0, 10),
                           action_rule("quiet", kAlways, ActionKind::Hold, 20)});
  const Decision decision = decide(engine, snapshot_with(btc_hedge(), testing::kStartMs), memory);
  EXPECT_TRUE(decision.hold);
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.8);
  EXPECT_EQ(decision.decided_by, "quiet");
  EXPECT_EQ(decision.fired, (std::vector<std::string>{"trend", "quiet"}));
  EXPECT_DOUBLE_EQ(memory.numbers["target/BTC"], 0.8);
}

TEST(Actions, AlertAddsItsMessageAndDoesNotMoveTheTarget) {
  RuleSpec alert = action_rule("collateral-health", kAlways, ActionKind::Alert);
  alert.message = "collateral fell 15 %";
  RuleSpec plain = action_rule("plain-alert", kAlways, ActionKind::Alert);
  const Decision decision = decide_once({alert, plain});
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.3);
  EXPECT_EQ(decision.decided_by, "baseline");
  EXPECT_EQ(decision.alerts,
            (std::vector<std::string>{"collateral fell 15 %", "plain-alert: always"}));
}

TEST(Actions, TargetIsClampedToTheHedgeRange) {
  EXPECT_DOUBLE_EQ(decide_once({set_ratio_rule("over", kAlways, 2.0)}).target_ratio, 1.2);
  EXPECT_DOUBLE_EQ(decide_once({adjust_rule("under", kAlways, -1.0)}).target_ratio, 0.0);
  const Decision decision = decide_once({set_ratio_rule("over", kAlways, 2.0)});
  EXPECT_NE(decision.why.find("clamped to 1.20"), std::string::npos) << decision.why;
}

TEST(Resolution, MarginSafetyRuleOverridesTrendRules) {
  const RuleEngine engine({set_ratio_rule("bear-trend", kAlways, 1.2, 10),
                           adjust_rule("funding-pays", kAlways, 0.2, 10), margin_guard()});
  Memory memory;
  const Decision decision = decide(engine, margin_stress(), memory);
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.5);
  EXPECT_EQ(decision.decided_by, "margin-guard");
  EXPECT_EQ(decision.fired,
            (std::vector<std::string>{"bear-trend", "funding-pays", "margin-guard"}));
}

TEST(Resolution, MarginSafetyReductionOverridesHold) {
  const RuleEngine engine({action_rule("quiet", kAlways, ActionKind::Hold, 50), margin_guard()});
  Memory memory;
  const Decision decision = decide(engine, margin_stress(), memory);
  EXPECT_FALSE(decision.hold);
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.5);
  EXPECT_EQ(decision.decided_by, "margin-guard");
  EXPECT_NE(decision.why.find("outranks hold by quiet"), std::string::npos) << decision.why;
}

TEST(Resolution, HoldWinsOverTrendRulesAndOverIncreases) {
  // A higher-priority rule that raises the hedge does not break a hold.
  const RuleEngine engine({action_rule("quiet", kAlways, ActionKind::Hold, 5),
                           set_ratio_rule("raise", kAlways, 1.2, 50)});
  Memory memory;
  const Decision decision = decide(engine, margin_stress(), memory);  // actual ratio 1.0
  EXPECT_TRUE(decision.hold);
  EXPECT_EQ(decision.decided_by, "quiet");
  // A hold of higher priority beats even a reduction.
  const RuleEngine strong_hold(
      {action_rule("freeze", kAlways, ActionKind::Hold, 200), margin_guard()});
  Memory other;
  EXPECT_TRUE(decide(strong_hold, margin_stress(), other).hold);
}

TEST(Resolution, AdjustmentsStackOnTheWinningSetRatioFromItsPriorityUp) {
  const RuleEngine engine({
      set_ratio_rule("bear-trend", kAlways, 0.8, 10),
      adjust_rule("funding-pays", kAlways, 0.1, 10),  // same priority: applied
      adjust_rule("overbought", kAlways, 0.2, 20),    // higher: applied
      adjust_rule("weak-signal", kAlways, -0.5, 5),   // lower: outranked
  });
  Memory memory;
  const Decision decision = decide(engine, snapshot_with(btc_hedge(), testing::kStartMs), memory);
  EXPECT_DOUBLE_EQ(decision.target_ratio, 1.1);
  EXPECT_EQ(decision.decided_by, "bear-trend");
  EXPECT_EQ(decision.fired.size(), 4u);
  EXPECT_EQ(decision.why,
            "bear-trend: always -> 0.80, funding-pays +0.10, overbought +0.20 = 1.10");
}

TEST(Resolution, EqualPriorityTieGoesToTheRuleListedFirst) {
  const Decision first =
      decide_once({set_ratio_rule("a", kAlways, 0.4, 10), set_ratio_rule("b", kAlways, 0.9, 10)});
  EXPECT_EQ(first.decided_by, "a");
  EXPECT_DOUBLE_EQ(first.target_ratio, 0.4);
  const Decision swapped =
      decide_once({set_ratio_rule("b", kAlways, 0.9, 10), set_ratio_rule("a", kAlways, 0.4, 10)});
  EXPECT_EQ(swapped.decided_by, "b");
  EXPECT_DOUBLE_EQ(swapped.target_ratio, 0.9);
}

TEST(Resolution, HigherPriorityWinsWhateverTheOrder) {
  const Decision decision = decide_once(
      {set_ratio_rule("low", kAlways, 0.4, 1), set_ratio_rule("high", kAlways, 0.9, 2)});
  EXPECT_EQ(decision.decided_by, "high");
}

TEST(Resolution, RuleForAnotherHedgeIsNotEvaluated) {
  RuleSpec eth_rule = set_ratio_rule("eth-only", kAlways, 1.0);
  eth_rule.hedge = "ETH";
  const Decision decision = decide_once({eth_rule});
  EXPECT_TRUE(decision.fired.empty());
  EXPECT_EQ(decision.decided_by, "baseline");
}

TEST(Resolution, DecisionIsRememberedAsTheNextCurrentTarget) {
  Memory memory;
  decide(RuleEngine({set_ratio_rule("bear", kAlways, 0.9)}),
         snapshot_with(btc_hedge(), testing::kStartMs), memory);
  EXPECT_DOUBLE_EQ(memory.numbers.at("target/BTC"), 0.9);
}

}  // namespace
}  // namespace hedgebot::rules
