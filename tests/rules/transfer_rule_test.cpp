// A transfer rule (action "transfer") only asks: the engine lists the request in the decision
// and never moves the target for it; the bot moves the money.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/rules/engine_fixtures.hpp"

namespace hedgebot::rules {
namespace {

RuleSpec top_up(ConditionKind kind, double threshold) {
  RuleSpec rule;
  rule.name = "top-up";
  rule.conditions = {testing::condition(kind, threshold)};
  rule.action = ActionKind::Transfer;
  rule.transfer_asset = "USDT";
  rule.transfer_amount = 500.0;
  rule.transfer_direction = TransferDirection::ToFutures;
  return rule;
}

TEST(TransferRule, AsksForTheTransferWhenItsConditionHoldsAndLeavesTheTarget) {
  const RuleEngine engine({top_up(ConditionKind::MarginRatioAbove, 0.5)});
  Snapshot snapshot = testing::snapshot_with(testing::btc_hedge(), testing::kStartMs);
  snapshot.account.maint_margin = 6000.0;  // margin ratio 0.6
  Memory memory;
  const std::vector<Decision> fired = engine.evaluate(snapshot, memory);
  ASSERT_EQ(fired.size(), 1u);
  ASSERT_EQ(fired[0].transfers.size(), 1u);
  const TransferRequest& request = fired[0].transfers[0];
  EXPECT_EQ(request.rule, "top-up");
  EXPECT_EQ(request.asset, "USDT");
  EXPECT_DOUBLE_EQ(request.amount, 500.0);
  EXPECT_EQ(request.direction, TransferDirection::ToFutures);
  EXPECT_EQ(fired[0].fired, std::vector<std::string>{"top-up"});
  EXPECT_EQ(fired[0].decided_by, "baseline");
  EXPECT_DOUBLE_EQ(fired[0].target_ratio, 0.3);

  snapshot.account.maint_margin = 4000.0;  // 0.4: quiet
  const std::vector<Decision> quiet = engine.evaluate(snapshot, memory);
  EXPECT_TRUE(quiet.at(0).transfers.empty());
}

TEST(TransferRule, AsksAgainOnEveryRunItHoldsUnlessItsCooldownSaysOtherwise) {
  RuleSpec rule = top_up(ConditionKind::Always, 0.0);
  rule.cooldown_ms = 2 * kHourMs;
  const RuleEngine engine({rule});
  Memory memory;
  const auto at = [&](int64_t ms) {
    return engine.evaluate(testing::snapshot_with(testing::btc_hedge(), ms), memory)
        .at(0)
        .transfers.size();
  };
  EXPECT_EQ(at(testing::kStartMs), 1u);
  EXPECT_EQ(at(testing::kStartMs + kHourMs), 0u);  // still holding, but cooling down
  EXPECT_EQ(at(testing::kStartMs + 2 * kHourMs), 1u);
}

}  // namespace
}  // namespace hedgebot::rules
