// [[rule]] parsing: single conditions, [[rule.all]] / [[rule.any]] composition, and the checks
// that keep a rule from silently doing something other than what it says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/loader.hpp"
#include "tests/config/load_helpers.hpp"

namespace hedgebot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::problems_with_hedge;

TEST(RuleParser, ParsesAllAndAnyComposition) {
  const LoadResult result = load_config_text(R"toml([[hedge]]
asset = "BTC"
symbol = "BTCUSDT"

# The systematic trigger: price above the 50-day MA, MACD above its signal, funding low.
[[rule]]
name = "systematic-unhedge"
hedge = "BTC"
action = "set_ratio"
ratio = 0.2
priority = 20
[[rule.all]]
when = "price_above_ma"
timeframe = "1d"
ma = "ema"
period = 50
[[rule.all]]
when = "macd_above_signal"
timeframe = "1d"
[[rule.all]]
when = "funding_below"
threshold = 0.0002

[[rule]]
name = "any-warning"
action = "alert"
message = "trend or momentum turned"
[[rule.any]]
when = "ma_cross_down"
fast = 20
slow = 50
[[rule.any]]
when = "rsi_above"
period = 7
threshold = 70
)toml",
                                             "compose.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  ASSERT_EQ(result.config->rules.size(), 2u);

  const rules::RuleSpec& all = result.config->rules[0];
  EXPECT_EQ(all.name, "systematic-unhedge");
  EXPECT_EQ(all.combine, rules::Combine::All);
  EXPECT_EQ(all.action, rules::ActionKind::SetRatio);
  EXPECT_DOUBLE_EQ(all.ratio, 0.2);
  EXPECT_EQ(all.priority, 20);
  ASSERT_EQ(all.conditions.size(), 3u);
  EXPECT_EQ(all.conditions[0].kind, rules::ConditionKind::PriceAboveMa);
  EXPECT_EQ(all.conditions[0].timeframe_ms, kDayMs);
  EXPECT_EQ(all.conditions[0].ma, rules::MaType::Ema);
  EXPECT_EQ(all.conditions[0].period, 50);
  EXPECT_EQ(all.conditions[1].kind, rules::ConditionKind::MacdAboveSignal);
  EXPECT_EQ(all.conditions[1].fast, 12);
  EXPECT_EQ(all.conditions[1].slow, 26);
  EXPECT_EQ(all.conditions[1].signal, 9);
  EXPECT_EQ(all.conditions[2].kind, rules::ConditionKind::FundingBelow);
  EXPECT_DOUBLE_EQ(all.conditions[2].threshold, 0.0002);
  EXPECT_EQ(all.conditions[2].window, 1);
  EXPECT_EQ(all.conditions[2].source, rules::FundingSource::Last);

  const rules::RuleSpec& any = result.config->rules[1];
  EXPECT_EQ(any.hedge, "*");
  EXPECT_EQ(any.combine, rules::Combine::Any);
  EXPECT_EQ(any.action, rules::ActionKind::Alert);
  EXPECT_EQ(any.message, "trend or momentum turned");
  ASSERT_EQ(any.conditions.size(), 2u);
  EXPECT_EQ(any.conditions[0].kind, rules::ConditionKind::MaCrossDown);
  EXPECT_EQ(any.conditions[0].fast, 20);
  EXPECT_EQ(any.conditions[0].slow, 50);
  EXPECT_EQ(any.conditions[1].kind, rules::ConditionKind::RsiAbove);
  EXPECT_EQ(any.conditions[1].period, 7);
  EXPECT_DOUBLE_EQ(any.conditions[1].threshold, 70.0);
}

TEST(RuleParser, ReadsFundingAndCollateralParameters) {
  const LoadResult result = load_config_text(R"toml([[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
[[rule]]
name = "funding"
when = "funding_above"
threshold = 0.3
window = 1
source = "predicted"
annualised = true
action = "set_exposure"
exposure = 0.7
[[rule]]
name = "collateral"
when = "collateral_drop"
threshold = 0.2
lookback = "12h"
action = "close"
)toml",
                                             "funding.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  const rules::RuleSpec& funding = result.config->rules.at(0);
  EXPECT_EQ(funding.conditions.at(0).source, rules::FundingSource::Predicted);
  EXPECT_TRUE(funding.conditions.at(0).annualised);
  EXPECT_EQ(funding.action, rules::ActionKind::SetExposure);
  EXPECT_DOUBLE_EQ(funding.exposure, 0.7);
  const rules::RuleSpec& collateral = result.config->rules.at(1);
  EXPECT_EQ(collateral.conditions.at(0).kind, rules::ConditionKind::CollateralDrop);
  EXPECT_EQ(collateral.conditions.at(0).lookback_ms, 12 * kHourMs);
  EXPECT_EQ(collateral.action, rules::ActionKind::Close);
}

// A rule may read weekly candles (a 20-week SMA); a schedule or a hedge's data may not.
TEST(RuleParser, AcceptsWeeklyTimeframeForRulesOnly) {
  const LoadResult result = load_config_text(std::string(testing::kMinimalHedge) + R"toml(
[[rule]]
name = "weekly-trend"
when = "price_below_ma"
timeframe = "1w"
period = 20
action = "set_ratio"
ratio = 1.0
)toml",
                                             "test.toml");
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].to_string());
  ASSERT_EQ(result.config->rules.size(), 1u);
  EXPECT_EQ(result.config->rules[0].conditions.at(0).timeframe_ms, 7 * kDayMs);
  EXPECT_THAT(problems_with_hedge("[bot]\ninterval = \"1w\"\n"),
              ElementsAre("test.toml:2:12: `bot.interval` must be a candle interval (1m, 3m, 5m, "
                          "15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d), was 1w"));
}

TEST(RuleParser, RejectsParameterTheConditionDoesNotUse) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"f\"\n"
                                  "when = \"funding_below\"\n"
                                  "threshold = -0.0003\n"
                                  "fast = 12\n"
                                  "timeframe = \"1h\"\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:5:8: `rule[0].fast` is not used by `funding_below`",
                          "test.toml:6:13: `rule[0].timeframe` is not used by `funding_below`"));
}

TEST(RuleParser, RejectsFastNotBelowSlowAndPeriodsOutOfRange) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"a\"\n"
                                  "when = \"ma_above\"\n"
                                  "fast = 200\n"
                                  "slow = 50\n"
                                  "action = \"hold\"\n"
                                  "[[rule]]\n"
                                  "name = \"b\"\n"
                                  "when = \"price_below_ma\"\n"
                                  "period = 0\n"
                                  "action = \"hold\"\n"
                                  "[[rule]]\n"
                                  "name = \"c\"\n"
                                  "when = \"macd_cross_up\"\n"
                                  "signal = 10001\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:4:8: `rule[0].fast` must be less than `slow` (50), was 200",
                          "test.toml:10:10: `rule[1].period` must be in [1, 10000], was 0",
                          "test.toml:15:10: `rule[2].signal` must be in [1, 10000], was 10001"));
}

TEST(RuleParser, RejectsBadFundingWindowAndSource) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"a\"\n"
                                  "when = \"funding_below\"\n"
                                  "threshold = 0\n"
                                  "window = 0\n"
                                  "action = \"hold\"\n"
                                  "[[rule]]\n"
                                  "name = \"b\"\n"
                                  "when = \"funding_below\"\n"
                                  "threshold = 0\n"
                                  "window = 3\n"
                                  "source = \"last\"\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:5:10: `rule[0].window` must be in [1, 1000], was 0",
                          "test.toml:12:10: `rule[1].source` must be \"mean\", \"max\" or \"min\" "
                          "when `window` is 3, was \"last\""));
}

// "Funding remains below 0.02 % for 24 h": the highest of the last three settlements.
TEST(RuleParser, ReadsMaxAndMinOverAFundingWindow) {
  const LoadResult result = load_config_text(std::string(testing::kMinimalHedge) + R"toml(
[[rule]]
name = "stays-low"
when = "funding_below"
threshold = 0.0002
window = 3
source = "max"
action = "hold"
[[rule]]
name = "stays-high"
when = "funding_above"
threshold = 0.0001
window = 6
source = "min"
action = "hold"
)toml",
                                             "funding.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  EXPECT_EQ(result.config->rules.at(0).conditions.at(0).source, rules::FundingSource::Max);
  EXPECT_EQ(result.config->rules.at(0).conditions.at(0).window, 3);
  EXPECT_EQ(result.config->rules.at(1).conditions.at(0).source, rules::FundingSource::Min);
  EXPECT_EQ(result.config->rules.at(1).conditions.at(0).window, 6);
}

TEST(RuleParser, RequiresTheParametersAConditionNeeds) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"a\"\n"
                                  "when = \"margin_ratio_above\"\n"
                                  "action = \"hold\"\n"
                                  "[[rule]]\n"
                                  "name = \"b\"\n"
                                  "when = \"ma_cross_up\"\n"
                                  "fast = 10\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:1:1: `rule[0].threshold` is required by `margin_ratio_above`",
                          "test.toml:5:1: `rule[1].slow` is required by `ma_cross_up`"));
}

TEST(RuleParser, RejectsThresholdOutsideWhatTheConditionMeasures) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"a\"\n"
                                  "when = \"rsi_above\"\n"
                                  "threshold = 150\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:4:13: `rule[0].threshold` must be in [0, 100], was 150"));
}

// `release` (the hysteresis of allocation_above/below) is read, must lie in [0, 1] on the side
// of `threshold` the allocation comes back to, and belongs to allocation conditions only.
TEST(RuleParser, ReadsAndChecksAllocationRelease) {
  const LoadResult result = load_config_text(R"toml([[hedge]]
asset = "BTC"
symbol = "BTCUSDT"

[[rule]]
name = "rebalance"
action = "set_exposure"
exposure = 0.75
[[rule.any]]
when = "allocation_above"
threshold = 0.85
release = 0.7
[[rule.any]]
when = "allocation_below"
threshold = 0.65
)toml",
                                             "release.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  const std::vector<rules::Condition>& conditions = result.config->rules.at(0).conditions;
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(conditions[0].release, 0.7);
  EXPECT_FALSE(conditions[1].release.has_value());  // the engine's default

  EXPECT_THAT(
      problems_with_hedge("[[rule]]\n"
                          "name = \"a\"\n"
                          "when = \"allocation_above\"\n"
                          "threshold = 0.85\n"
                          "release = 0.9\n"
                          "action = \"close\"\n"
                          "[[rule]]\n"
                          "name = \"b\"\n"
                          "when = \"allocation_below\"\n"
                          "threshold = 0.65\n"
                          "release = 0.65\n"
                          "action = \"close\"\n"
                          "[[rule]]\n"
                          "name = \"c\"\n"
                          "when = \"allocation_below\"\n"
                          "threshold = 0.65\n"
                          "release = 1.5\n"
                          "action = \"close\"\n"
                          "[[rule]]\n"
                          "name = \"d\"\n"
                          "when = \"margin_ratio_above\"\n"
                          "threshold = 0.5\n"
                          "release = 0.4\n"
                          "action = \"close\"\n"),
      ElementsAre("test.toml:5:11: `rule[0].release` must be below `threshold` (0.85) for "
                  "`allocation_above`, was 0.9",
                  "test.toml:11:11: `rule[1].release` must be above `threshold` (0.65) for "
                  "`allocation_below`, was 0.65",
                  "test.toml:17:11: `rule[2].release` must be in [0, 1], was 1.5",
                  "test.toml:23:11: `rule[3].release` is not used by `margin_ratio_above`"));
}

TEST(RuleParser, RejectsWhenTogetherWithAllOrAny) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"x\"\n"
                                  "when = \"always\"\n"
                                  "action = \"hold\"\n"
                                  "[[rule.all]]\n"
                                  "when = \"always\"\n"),
              ElementsAre("test.toml:5:1: `rule[0].all` cannot be combined with `when`; move "
                          "`when` into a [[rule.all]] condition"));
}

TEST(RuleParser, RejectsAllTogetherWithAny) {
  EXPECT_THAT(
      problems_with_hedge("[[rule]]\n"
                          "name = \"x\"\n"
                          "action = \"hold\"\n"
                          "[[rule.all]]\n"
                          "when = \"always\"\n"
                          "[[rule.any]]\n"
                          "when = \"always\"\n"),
      ElementsAre("test.toml:6:1: `rule[0].any` cannot be combined with `all` in one rule"));
}

TEST(RuleParser, RequiresACondition) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"x\"\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:1:1: `rule[0]` needs a condition: `when`, or [[rule.all]] / "
                          "[[rule.any]] tables"));
}

TEST(RuleParser, ChecksEachComposedCondition) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"x\"\n"
                                  "timeframe = \"1d\"\n"
                                  "action = \"hold\"\n"
                                  "[[rule.any]]\n"
                                  "when = \"funding_above\"\n"
                                  "thresold = 0.001\n"
                                  "[[rule.any]]\n"
                                  "when = \"funding_above\"\n"
                                  "threshold = 0.001\n"
                                  "period = 14\n"
                                  "[[rule.any]]\n"
                                  "threshold = 0.001\n"),
              ElementsAre("test.toml:3:13: `rule[0].timeframe` belongs in each [[rule.any]] "
                          "condition, not on the rule",
                          "test.toml:5:1: `rule[0].any[0].threshold` is required by "
                          "`funding_above`",
                          "test.toml:7:1: unknown key `rule[0].any[0].thresold`; did you mean "
                          "`threshold`?",
                          "test.toml:11:10: `rule[0].any[1].period` is not used by "
                          "`funding_above`",
                          "test.toml:12:1: `rule[0].any[2].when` is required"));
}

TEST(RuleParser, RequiresTheActionsParameterAndRejectsOthers) {
  EXPECT_THAT(
      problems_with_hedge("[[rule]]\n"
                          "name = \"a\"\n"
                          "when = \"always\"\n"
                          "action = \"set_ratio\"\n"
                          "[[rule]]\n"
                          "name = \"b\"\n"
                          "when = \"always\"\n"
                          "action = \"adjust_ratio\"\n"
                          "delta = 0.1\n"
                          "ratio = 1\n"
                          "[[rule]]\n"
                          "name = \"c\"\n"
                          "when = \"always\"\n"
                          "action = \"set_exposure\"\n"
                          "exposure = 1.5\n"),
      ElementsAre("test.toml:1:1: `rule[0].ratio` is required by `set_ratio`",
                  "test.toml:10:9: `rule[1].ratio` is not used by `adjust_ratio`",
                  "test.toml:15:12: `rule[2].exposure` 1.5 is above `risk.max_exposure` (1); "
                  "raise [risk] max_exposure (at most 5) to allow it"));
}

TEST(RuleParser, SuggestsNearestConditionAndAction) {
  EXPECT_THAT(
      problems_with_hedge("[[rule]]\n"
                          "name = \"a\"\n"
                          "when = \"ma_abov\"\n"
                          "fast = 1\n"
                          "slow = 2\n"
                          "action = \"set_ration\"\n"),
      ElementsAre(
          "test.toml:3:8: `rule[0].when` is not a condition: \"ma_abov\"; did "
          "you mean \"ma_above\"?",
          "test.toml:6:10: `rule[0].action` must be one of set_ratio, "
          "adjust_ratio, set_exposure, close, hold, alert, transfer; was \"set_ration\" (did "
          "you mean \"set_ratio\"?)"));
}

TEST(RuleParser, RejectsRuleForAnUnknownHedge) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"a\"\n"
                                  "hedge = \"BTCC\"\n"
                                  "when = \"always\"\n"
                                  "action = \"hold\"\n"
                                  "[[rule]]\n"
                                  "name = \"b\"\n"
                                  "hedge = \"ETH\"\n"
                                  "when = \"always\"\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:3:9: `rule[0].hedge` names no [[hedge]] asset: \"BTCC\"; "
                          "did you mean \"BTC\"?",
                          "test.toml:8:9: `rule[1].hedge` names no [[hedge]] asset: \"ETH\" (use "
                          "an asset of a [[hedge]] or \"*\" for all)"));
}

TEST(RuleParser, RejectsMissingAndDuplicateNames) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"guard\"\n"
                                  "when = \"always\"\n"
                                  "action = \"hold\"\n"
                                  "[[rule]]\n"
                                  "name = \"guard\"\n"
                                  "when = \"always\"\n"
                                  "action = \"hold\"\n"
                                  "[[rule]]\n"
                                  "when = \"always\"\n"
                                  "action = \"hold\"\n"),
              ElementsAre("test.toml:6:8: `rule[1].name` \"guard\" is already used by rule[0]",
                          "test.toml:9:1: `rule[2].name` is required"));
}

}  // namespace
}  // namespace hedgebot::config
