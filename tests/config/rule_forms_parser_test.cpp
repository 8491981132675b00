// [[rule]] forms: a nested group ([[rule.all.any]], [[rule.any.all]]) and `cooldown` on a rule.
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

TEST(RuleForms, ParsesAnAnyGroupInsideAll) {
  const LoadResult result = load_config_text(std::string(testing::kMinimalHedge) + R"toml(
[[rule]]
name = "trend-and-cheap"
action = "set_ratio"
ratio = 0.2
cooldown = "12h"
[[rule.all]]
when = "price_above_ma"
period = 50
[[rule.all]]
[[rule.all.any]]
when = "funding_below"
threshold = 0.0002
[[rule.all.any]]
when = "rsi_below"
threshold = 60
[[rule.all]]
when = "macd_above_signal"
)toml",
                                             "nested.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  const rules::RuleSpec& rule = result.config->rules.at(0);
  EXPECT_EQ(rule.combine, rules::Combine::All);
  EXPECT_EQ(rule.cooldown_ms, 12 * kHourMs);
  ASSERT_EQ(rule.conditions.size(), 4U);
  EXPECT_EQ(rule.conditions[0].kind, rules::ConditionKind::PriceAboveMa);
  EXPECT_EQ(rule.conditions[0].group, 0);
  EXPECT_EQ(rule.conditions[1].kind, rules::ConditionKind::FundingBelow);
  EXPECT_EQ(rule.conditions[1].group, 1);
  EXPECT_EQ(rule.conditions[2].kind, rules::ConditionKind::RsiBelow);
  EXPECT_EQ(rule.conditions[2].group, 1);
  EXPECT_EQ(rule.conditions[3].kind, rules::ConditionKind::MacdAboveSignal);
  EXPECT_EQ(rule.conditions[3].group, 0);
}

TEST(RuleForms, ParsesAnAllGroupInsideAnyAndNumbersEachGroup) {
  const LoadResult result = load_config_text(std::string(testing::kMinimalHedge) + R"toml(
[[rule]]
name = "either"
action = "alert"
[[rule.any]]
[[rule.any.all]]
when = "rsi_above"
threshold = 70
[[rule.any.all]]
when = "funding_above"
threshold = 0.0005
[[rule.any]]
[[rule.any.all]]
when = "margin_ratio_above"
threshold = 0.5
)toml",
                                             "nested.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  const rules::RuleSpec& rule = result.config->rules.at(0);
  EXPECT_EQ(rule.combine, rules::Combine::Any);
  ASSERT_EQ(rule.conditions.size(), 3U);
  EXPECT_EQ(rule.conditions[0].group, 1);
  EXPECT_EQ(rule.conditions[1].group, 1);
  EXPECT_EQ(rule.conditions[2].group, 2);
}

TEST(RuleForms, RejectsGroupsThatDoNotSayWhatTheyMean) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"                   // 1
                                  "name = \"same-kind\"\n"       // 2
                                  "action = \"hold\"\n"          // 3
                                  "[[rule.all]]\n"               // 4
                                  "[[rule.all.all]]\n"           // 5
                                  "when = \"always\"\n"          // 6
                                  "[[rule]]\n"                   // 7
                                  "name = \"too-deep\"\n"        // 8
                                  "action = \"hold\"\n"          // 9
                                  "[[rule.all]]\n"               // 10
                                  "[[rule.all.any]]\n"           // 11
                                  "[[rule.all.any.all]]\n"       // 12
                                  "when = \"always\"\n"          // 13
                                  "[[rule]]\n"                   // 14
                                  "name = \"when-and-group\"\n"  // 15
                                  "action = \"hold\"\n"          // 16
                                  "[[rule.any]]\n"               // 17
                                  "when = \"always\"\n"          // 18
                                  "[[rule.any.all]]\n"           // 19
                                  "when = \"always\"\n"),        // 20
              ElementsAre("test.toml:5:1: `rule[0].all[0].all` inside `all` adds nothing: list "
                          "its conditions in the outer group (a nested group is an `any`)",
                          "test.toml:12:1: `rule[1].all[0].any[0].all`: groups nest one level "
                          "deep (an `any` inside `all` or an `all` inside `any`)",
                          "test.toml:18:8: `rule[2].any[0].when` cannot be combined with `all` in "
                          "one table: give the condition a table of its own"));
}

TEST(RuleForms, CooldownIsADurationAndNotOnAMarginSafetyRule) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"guard\"\n"
                                  "when = \"margin_ratio_above\"\n"
                                  "threshold = 0.6\n"
                                  "action = \"close\"\n"
                                  "cooldown = \"1d\"\n"
                                  "[[rule]]\n"
                                  "name = \"guard-alert\"\n"
                                  "when = \"margin_ratio_above\"\n"
                                  "threshold = 0.6\n"
                                  "action = \"alert\"\n"
                                  "cooldown = \"1d\"\n"
                                  "[[rule]]\n"
                                  "name = \"bad\"\n"
                                  "when = \"always\"\n"
                                  "action = \"hold\"\n"
                                  "cooldown = 5\n"),
              ElementsAre("test.toml:6:12: `rule[0].cooldown` cannot be set on a rule with "
                          "`margin_ratio_above`: a margin safety rule must act on every run",
                          "test.toml:17:12: `rule[2].cooldown` must be a duration such as "
                          "\"30s\", \"5m\", \"1h\" or \"1d\", was an integer"));
}

}  // namespace
}  // namespace hedgebot::config
