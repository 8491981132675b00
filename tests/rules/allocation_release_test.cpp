// allocation_above / allocation_below have hysteresis: once fired at `threshold` they hold until
// the allocation is back beyond `release` (default: 0.05 past the threshold, and past the
// exposure a set_exposure rule sets). Without it a rule whose own trade moves the allocation it
// measures fired and unfired at every small move around the threshold.

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

// 1 BTC at 50 000 and a 10 000 margin balance: a portfolio of 60 000 whose net crypto share is
// `allocation`, through the futures position (50 000 (1 + position) / 60 000).
Snapshot at_allocation(double allocation, int tick) {
  HedgeInput hedge = btc_hedge();
  hedge.position_base = allocation * 60000.0 / 50000.0 - 1.0;
  return snapshot_with(hedge, testing::kStartMs + tick * kHourMs);
}

// Which ticks of `allocations` the rule fired on.
std::vector<int> fired_ticks(const RuleEngine& engine, const std::vector<double>& allocations) {
  Memory memory;
  std::vector<int> ticks;
  for (std::size_t tick = 0; tick < allocations.size(); ++tick) {
    const Decision decision =
        decide(engine, at_allocation(allocations[tick], static_cast<int>(tick)), memory);
    if (!decision.fired.empty()) ticks.push_back(static_cast<int>(tick));
  }
  return ticks;
}

TEST(AllocationRelease, AboveFiresOnceAndReleasesOnlyUnderRelease) {
  Condition when = condition(ConditionKind::AllocationAbove, 0.85);
  when.release = 0.75;
  const RuleEngine engine({set_ratio_rule("trim", when, 0.5)});
  // Under the threshold (0, 1), fires at 0.86 (2), oscillates around the threshold and down to
  // 0.76 still fired (3..7), released at 0.74 (8), not fired again until above 0.85 (11).
  const std::vector<double> allocations{0.80, 0.84, 0.86, 0.84, 0.86,  0.83,
                                        0.80, 0.76, 0.74, 0.80, 0.849, 0.851};
  EXPECT_EQ(fired_ticks(engine, allocations), (std::vector<int>{2, 3, 4, 5, 6, 7, 11}));
}

TEST(AllocationRelease, BelowIsTheMirror) {
  Condition when = condition(ConditionKind::AllocationBelow, 0.65);
  when.release = 0.72;
  const RuleEngine engine({set_ratio_rule("add", when, 0.0)});
  const std::vector<double> allocations{0.70, 0.64, 0.66, 0.64, 0.71, 0.73, 0.70, 0.649};
  EXPECT_EQ(fired_ticks(engine, allocations), (std::vector<int>{1, 2, 3, 4, 7}));
}

TEST(AllocationRelease, DescribesTheLatch) {
  Condition when = condition(ConditionKind::AllocationAbove, 0.85);
  when.release = 0.75;
  const RuleEngine engine({set_ratio_rule("trim", when, 0.5)});
  Memory memory;
  decide(engine, at_allocation(0.9, 0), memory);
  const Decision latched = decide(engine, at_allocation(0.8, 1), memory);
  EXPECT_NE(latched.why.find("crypto allocation 0.8 <= 0.85 (latched: releases under 0.75)"),
            std::string::npos)
      << latched.why;
}

// The default release of a set_exposure rule lies under the exposure it sets, so the rule's own
// trade (85 % -> 75 %) does not release it: one rebalancer stays put instead of flipping back.
TEST(AllocationRelease, DefaultKeepsASetExposureRuleThroughItsOwnTrade) {
  RuleSpec rule;
  rule.name = "rebalance";
  rule.conditions = {condition(ConditionKind::AllocationAbove, 0.85)};
  rule.action = ActionKind::SetExposure;
  rule.exposure = 0.75;
  EXPECT_DOUBLE_EQ(default_release(rule, rule.conditions[0]), 0.70);
  const RuleEngine engine({rule});
  EXPECT_EQ(fired_ticks(engine, {0.84, 0.86, 0.75, 0.76, 0.74, 0.71, 0.69, 0.75, 0.84}),
            (std::vector<int>{1, 2, 3, 4, 5}));

  // Other actions: 0.05 past the threshold, kept in [0, 1].
  const RuleSpec close = set_ratio_rule("x", condition(ConditionKind::AllocationBelow, 0.98), 0);
  EXPECT_DOUBLE_EQ(default_release(close, close.conditions[0]), 1.0);
  const RuleSpec trim = set_ratio_rule("y", condition(ConditionKind::AllocationAbove, 0.85), 1);
  EXPECT_DOUBLE_EQ(default_release(trim, trim.conditions[0]), 0.80);
}

TEST(AllocationRelease, FirstFiringIsUnchangedAndTheLatchIsForgottenWithTheRule) {
  const RuleEngine engine(
      {set_ratio_rule("trim", condition(ConditionKind::AllocationAbove, 0.85), 0.5)});
  Memory memory;
  EXPECT_TRUE(decide(engine, at_allocation(0.84, 0), memory).fired.empty());
  EXPECT_EQ(decide(engine, at_allocation(0.8501, 1), memory).decided_by, "trim");
  EXPECT_EQ(memory.numbers.count("latch/BTC/trim/0/allocation"), 1u);
  const RuleEngine other({set_ratio_rule("other", condition(ConditionKind::Always), 0.5)});
  decide(other, at_allocation(0.8, 2), memory);
  EXPECT_EQ(memory.numbers.count("latch/BTC/trim/0/allocation"), 0u);
}

}  // namespace
}  // namespace hedgebot::rules
