// A transfer rule (`action = "transfer"`): its asset, amount and direction, the daily cap in
// [risk] without which no transfer rule loads, and [paper] spot_balance.
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

constexpr const char* kCap = "[risk]\nmax_transfer_per_day = 1000\n";

TEST(TransferParser, ReadsATopUpRule) {
  const LoadResult result = load_config_text(std::string(kCap) +
                                                 "[paper]\nspot_balance = 2500\n"
                                                 "[[rule]]\n"
                                                 "name = \"top-up\"\n"
                                                 "when = \"margin_ratio_above\"\n"
                                                 "threshold = 0.5\n"
                                                 "action = \"transfer\"\n"
                                                 "asset = \"USDT\"\n"
                                                 "amount = 500\n"
                                                 "direction = \"to_futures\"\n" +
                                                 std::string(testing::kMinimalHedge),
                                             "test.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  const rules::RuleSpec& rule = result.config->rules.at(0);
  EXPECT_EQ(rule.action, rules::ActionKind::Transfer);
  EXPECT_EQ(rule.transfer_asset, "USDT");
  EXPECT_DOUBLE_EQ(rule.transfer_amount, 500.0);
  EXPECT_EQ(rule.transfer_direction, rules::TransferDirection::ToFutures);
  EXPECT_DOUBLE_EQ(result.config->risk.max_transfer_per_day, 1000.0);
  EXPECT_DOUBLE_EQ(result.config->paper.spot_balance, 2500.0);
}

TEST(TransferParser, DefaultsAllowNoTransfer) {
  const LoadResult result = load_config_text(std::string(testing::kMinimalHedge), "test.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty());
  EXPECT_EQ(result.config->risk.max_transfer_per_day, 0.0);
  EXPECT_EQ(result.config->paper.spot_balance, 0.0);
}

TEST(TransferParser, RefusesATransferRuleWithoutTheDailyCap) {
  EXPECT_THAT(problems_with_hedge("[[rule]]\n"
                                  "name = \"top-up\"\n"
                                  "when = \"always\"\n"
                                  "action = \"transfer\"\n"
                                  "asset = \"USDT\"\n"
                                  "amount = 500\n"
                                  "direction = \"to_futures\"\n"),
              ElementsAre("test.toml:4:10: `rule[0].action` \"transfer\" moves money between "
                          "wallets, and `risk.max_transfer_per_day` is 0 (no transfers): set "
                          "[risk] max_transfer_per_day, in the quote asset, to allow it"));
}

TEST(TransferParser, NamesEachBadKeyAtItsPlace) {
  EXPECT_THAT(problems_with_hedge(std::string(kCap) + "[[rule]]\n"
                                                      "name = \"a\"\n"
                                                      "when = \"always\"\n"
                                                      "action = \"transfer\"\n"
                                                      "asset = \"USDT\"\n"
                                                      "amount = 0\n"
                                                      "direction = \"to_futurs\"\n"
                                                      "[[rule]]\n"
                                                      "name = \"b\"\n"
                                                      "when = \"always\"\n"
                                                      "action = \"transfer\"\n"
                                                      "amount = -5\n"
                                                      "direction = \"to_spot\"\n"
                                                      "[[rule]]\n"
                                                      "name = \"c\"\n"
                                                      "when = \"always\"\n"
                                                      "action = \"alert\"\n"
                                                      "asset = \"usdt\"\n"),
              ElementsAre("test.toml:8:10: `rule[0].amount` must be in (0, 1e+12], was 0",
                          "test.toml:9:13: `rule[0].direction` must be one of \"to_futures\", "
                          "\"to_spot\"; was \"to_futurs\" (did you mean \"to_futures\"?)",
                          "test.toml:10:1: `rule[1].asset` is required by `transfer`",
                          "test.toml:14:10: `rule[1].amount` must be in (0, 1e+12], was -5",
                          "test.toml:20:9: `rule[2].asset` is not used by `alert`"));
}

TEST(TransferParser, RefusesTwoSettingsOfThePaperSpotWallet) {
  EXPECT_THAT(problems_with_hedge("[paper]\n"
                                  "spot_balance = 100\n"
                                  "spot = { USDT = 50 }\n"),
              ElementsAre("test.toml:2:16: `paper.spot_balance` and `paper.spot.USDT` both set "
                          "the paper spot wallet's USDT: keep one"));
}

}  // namespace
}  // namespace hedgebot::config
