// Rule forms: a nested group (an `any` inside `all`, an `all` inside `any`) and the rule
// cooldown (RuleSpec::cooldown_ms).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "tests/rules/engine_fixtures.hpp"

namespace hedgebot::rules {
namespace {

using testing::btc_hedge;
using testing::condition;
using testing::decide;
using testing::set_ratio_rule;
using testing::snapshot_with;

// A snapshot whose margin ratio (maint / balance) is `ratio`.
Snapshot at_margin_ratio(double ratio, int64_t now_ms = testing::kStartMs) {
  Snapshot snapshot = snapshot_with(btc_hedge(), now_ms);
  snapshot.account.margin_balance = 1000.0;
  snapshot.account.maint_margin = 1000.0 * ratio;
  return snapshot;
}

Condition in_group(Condition when, int group) {
  when.group = group;
  return when;
}

// all: always AND any(margin ratio > 0.5, margin ratio < 0.05).
RuleSpec any_inside_all() {
  RuleSpec rule = set_ratio_rule("nested", condition(ConditionKind::Always), 0.9);
  rule.combine = Combine::All;
  rule.conditions = {condition(ConditionKind::Always),
                     in_group(condition(ConditionKind::MarginRatioAbove, 0.5), 1),
                     in_group(condition(ConditionKind::MarginRatioBelow, 0.05), 1)};
  return rule;
}

TEST(NestedGroups, AnyInsideAllNeedsOneMemberOfTheGroup) {
  const RuleEngine engine({any_inside_all()});
  Memory memory;
  // 0.1: neither member of the `any` group holds, so the `all` fails although `always` holds.
  EXPECT_TRUE(decide(engine, at_margin_ratio(0.1), memory).fired.empty());
  // 0.6: the first member holds.
  const Decision high = decide(engine, at_margin_ratio(0.6), memory);
  ASSERT_EQ(high.fired.size(), 1U);
  EXPECT_EQ(high.why, "nested: always and margin ratio 0.6 > 0.5 -> 0.90");
  // 0.01: the second member holds.
  EXPECT_EQ(decide(engine, at_margin_ratio(0.01), memory).fired.size(), 1U);
}

TEST(NestedGroups, AllInsideAnyNeedsEveryMemberOfTheGroup) {
  // any: margin ratio > 0.5 OR all(margin ratio > 0.2, margin ratio < 0.3).
  RuleSpec rule = set_ratio_rule("nested", condition(ConditionKind::Always), 0.9);
  rule.combine = Combine::Any;
  rule.conditions = {condition(ConditionKind::MarginRatioAbove, 0.5),
                     in_group(condition(ConditionKind::MarginRatioAbove, 0.2), 1),
                     in_group(condition(ConditionKind::MarginRatioBelow, 0.3), 1)};
  const RuleEngine engine({rule});
  Memory memory;
  EXPECT_TRUE(decide(engine, at_margin_ratio(0.1), memory).fired.empty());  // only < 0.3
  EXPECT_TRUE(decide(engine, at_margin_ratio(0.4), memory).fired.empty());  // only > 0.2
  const Decision inside = decide(engine, at_margin_ratio(0.25), memory);    // both
  ASSERT_EQ(inside.fired.size(), 1U);
  EXPECT_EQ(inside.why, "nested: (margin ratio 0.25 > 0.2 and margin ratio 0.25 < 0.3) -> 0.90");
  EXPECT_EQ(decide(engine, at_margin_ratio(0.7), memory).fired.size(), 1U);  // the first alone
}

TEST(NestedGroups, TwoGroupsAreCombinedSeparately) {
  // all: any(> 0.5, < 0.05) AND any(always, > 0.9): group 2 always holds.
  RuleSpec rule = any_inside_all();
  rule.conditions[0] = in_group(condition(ConditionKind::MarginRatioAbove, 0.9), 2);
  rule.conditions.push_back(in_group(condition(ConditionKind::Always), 2));
  const RuleEngine engine({rule});
  Memory memory;
  EXPECT_TRUE(decide(engine, at_margin_ratio(0.1), memory).fired.empty());
  EXPECT_EQ(decide(engine, at_margin_ratio(0.6), memory).fired.size(), 1U);
}

// A non-safety rule with a cooldown: margin ratio under 0.2 -> 1.0, cooldown 8 h.
RuleSpec cooled_rule(ActionKind action = ActionKind::SetRatio) {
  RuleSpec rule = set_ratio_rule("calm", condition(ConditionKind::MarginRatioBelow, 0.2), 1.0);
  rule.action = action;
  rule.cooldown_ms = 8 * kHourMs;
  return rule;
}

TEST(RuleCooldown, AContinuingSignalKeepsFiringAReturnWithinTheCooldownDoesNot) {
  const RuleEngine engine({cooled_rule()});
  Memory memory;
  const int64_t t0 = testing::kStartMs;
  EXPECT_EQ(decide(engine, at_margin_ratio(0.1, t0), memory).decided_by, "calm");
  // Still holding an hour later: it keeps firing (the cooldown never cuts a signal short).
  EXPECT_EQ(decide(engine, at_margin_ratio(0.1, t0 + kHourMs), memory).decided_by, "calm");
  // It stops holding ...
  EXPECT_EQ(decide(engine, at_margin_ratio(0.3, t0 + 2 * kHourMs), memory).decided_by, "baseline");
  // ... and holds again within 8 h of its start: it does not fire, and the decision says so.
  const Decision cooling = decide(engine, at_margin_ratio(0.1, t0 + 3 * kHourMs), memory);
  EXPECT_TRUE(cooling.fired.empty());
  EXPECT_EQ(cooling.decided_by, "baseline");
  EXPECT_NE(cooling.why.find("calm holds but cools down until 2024-01-01T08:00:00Z"),
            std::string::npos)
      << cooling.why;
  // 8 h after its start it fires again, and that is its new start.
  EXPECT_EQ(decide(engine, at_margin_ratio(0.1, t0 + 8 * kHourMs), memory).decided_by, "calm");
  EXPECT_DOUBLE_EQ(memory.numbers.at("rule_start_ms/BTC/calm"),
                   static_cast<double>(t0 + 8 * kHourMs));
}

TEST(RuleCooldown, AnAlertThatKeepsHoldingIsGivenOncePerCooldown) {
  RuleSpec rule = cooled_rule(ActionKind::Alert);
  rule.message = "margin calm";
  const RuleEngine engine({rule});
  Memory memory;
  const int64_t t0 = testing::kStartMs;
  EXPECT_EQ(decide(engine, at_margin_ratio(0.1, t0), memory).alerts.size(), 1U);
  for (int hour = 1; hour < 8; ++hour) {
    const Decision decision = decide(engine, at_margin_ratio(0.1, t0 + hour * kHourMs), memory);
    EXPECT_TRUE(decision.alerts.empty()) << "hour " << hour;
  }
  EXPECT_EQ(decide(engine, at_margin_ratio(0.1, t0 + 8 * kHourMs), memory).alerts.size(), 1U);
}

TEST(RuleCooldown, WithoutACooldownNothingIsKept) {
  RuleSpec rule = cooled_rule();
  rule.cooldown_ms = 0;
  const RuleEngine engine({rule});
  Memory memory;
  decide(engine, at_margin_ratio(0.1), memory);
  decide(engine, at_margin_ratio(0.3, testing::kStartMs + kHourMs), memory);
  EXPECT_EQ(
      decide(engine, at_margin_ratio(0.1, testing::kStartMs + 2 * kHourMs), memory).decided_by,
      "calm");
  EXPECT_EQ(memory.numbers.count("rule_start_ms/BTC/calm"), 0U);
}

TEST(RuleCooldown, StateOfARemovedRuleIsDropped) {
  Memory memory;
  decide(RuleEngine({cooled_rule()}), at_margin_ratio(0.1), memory);
  ASSERT_EQ(memory.numbers.count("rule_start_ms/BTC/calm"), 1U);
  ASSERT_EQ(memory.numbers.count("rule_active/BTC/calm"), 1U);
  decide(RuleEngine(std::vector<RuleSpec>{}), at_margin_ratio(0.1), memory);
  EXPECT_EQ(memory.numbers.count("rule_start_ms/BTC/calm"), 0U);
  EXPECT_EQ(memory.numbers.count("rule_active/BTC/calm"), 0U);
}

// A condition that cannot be evaluated says nothing about whether the signal continued: the
// run leaves the rule's state alone, so a data gap does not start a cooldown.
TEST(RuleCooldown, ANotReadyRunLeavesTheStateAlone) {
  RuleSpec rule = cooled_rule();
  rule.combine = Combine::All;
  Condition funding = condition(ConditionKind::FundingBelow, 0.0002);
  rule.conditions.push_back(funding);
  const RuleEngine engine({rule});
  HedgeInput with_rate = btc_hedge();
  with_rate.funding.push_back({testing::kStartMs, 0.0001, 0.0});
  const auto snapshot = [&](const HedgeInput& hedge, int64_t now) {
    Snapshot result = snapshot_with(hedge, now);
    result.account.margin_balance = 1000.0;
    result.account.maint_margin = 100.0;
    return result;
  };
  Memory memory;
  const int64_t t0 = testing::kStartMs;
  EXPECT_EQ(decide(engine, snapshot(with_rate, t0), memory).decided_by, "calm");
  const Decision gap = decide(engine, snapshot(btc_hedge(), t0 + kHourMs), memory);  // no funding
  EXPECT_EQ(gap.not_ready.size(), 1U);
  EXPECT_EQ(decide(engine, snapshot(with_rate, t0 + 2 * kHourMs), memory).decided_by, "calm");
}

}  // namespace
}  // namespace hedgebot::rules
