// `plan` and `status` show each hedge's margin (notional, leverage, initial and maintenance
// margin) and the totals, in text and in --json. The worked example: 3.5 BTC hedged in full at
// 65 000 is a 227 500 USDT notional; at 50x it needs 4 550 of initial margin, and its
// maintenance margin by the bundled BTCUSDT brackets is 227 500 x 0.005 - 50 = 1 087.50.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using hedgebot::testing::CommandResult;
using hedgebot::testing::hedgebot_binary;
using hedgebot::testing::run_command;
using hedgebot::testing::TempDir;

constexpr int64_t kStart = 1704067200000;  // 2024-01-01T00:00:00Z

std::string flat_candles(int hours, double price) {
  std::string text = "open_time_ms,open,high,low,close,volume\n";
  const std::string p = std::to_string(price);
  for (int i = 0; i < hours; ++i) {
    text += std::to_string(kStart + int64_t{i} * 3'600'000) + "," + p + "," + p + "," + p + "," +
            p + ",1\n";
  }
  return text;
}

std::string config_text(const TempDir& dir, const std::string& paper_extra = "") {
  return "[bot]\nmode = \"paper\"\ninterval = \"1h\"\nstate_dir = \"" + dir.file("state") +
         "\"\n\n[paper]\nbalance = 10000.0\nslippage_bps = 0\ncandles = \"" +
         dir.write("candles.csv", flat_candles(48, 65000.0)) + "\"\nspot = { BTC = 3.5 }\n" +
         paper_extra +
         "\n[risk]\nmax_leverage = 50\nmax_order_notional = 1000000\n"
         "\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { source = \"account\" }\n"
         "baseline_ratio = 1.0\nmax_ratio = 1.0\nleverage = 50\n";
}

CommandResult hedgebot(const std::string& arguments) {
  return run_command(hedgebot_binary() + " " + arguments);
}

nlohmann::json parse(const CommandResult& result) {
  return nlohmann::json::parse(result.out, nullptr, false);
}

TEST(MarginReport, PlanShowsTheInitialMarginOfTheTarget) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", config_text(dir));
  const CommandResult json_run = hedgebot("plan --json -c " + config);
  ASSERT_EQ(json_run.exit_code, 0) << json_run.out << json_run.err;
  const nlohmann::json plan = parse(json_run);
  ASSERT_FALSE(plan.is_discarded()) << json_run.out;
  const nlohmann::json& target = plan["decisions"][0]["target_margin"];
  EXPECT_DOUBLE_EQ(target["notional"].get<double>(), 227500.0);
  EXPECT_EQ(target["leverage"].get<int>(), 50);
  EXPECT_DOUBLE_EQ(target["initial_margin"].get<double>(), 4550.0);
  EXPECT_DOUBLE_EQ(target["maint_margin"].get<double>(), 1087.5);
  EXPECT_DOUBLE_EQ(plan["decisions"][0]["margin"]["initial_margin"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(plan["account"]["target_initial_margin"].get<double>(), 4550.0);
  EXPECT_DOUBLE_EQ(plan["account"]["hedges_initial_margin"].get<double>(), 0.0);

  const CommandResult text = hedgebot("plan -c " + config);
  ASSERT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_NE(text.out.find("margin at the target: 227500.00 USDT at 50x: initial margin 4550.00, "
                          "maintenance 1087.50"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("at their targets 4550.00"), std::string::npos) << text.out;
  // Flat before the plan: no margin, and no leverage that would read as a position.
  EXPECT_NE(text.out.find("margin now: none (no position)"), std::string::npos) << text.out;
}

TEST(MarginReport, StatusShowsEachHedgesMarginAndTheTotal) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", config_text(dir));
  const CommandResult once = hedgebot("once -c " + config);
  ASSERT_EQ(once.exit_code, 0) << once.out << once.err;

  const CommandResult json_run = hedgebot("status --json -c " + config);
  ASSERT_EQ(json_run.exit_code, 0) << json_run.out << json_run.err;
  const nlohmann::json status = parse(json_run);
  ASSERT_FALSE(status.is_discarded()) << json_run.out;
  const nlohmann::json& margin = status["hedges"][0]["margin"];
  EXPECT_DOUBLE_EQ(margin["notional"].get<double>(), 227500.0);
  EXPECT_EQ(margin["leverage"].get<int>(), 50);
  EXPECT_DOUBLE_EQ(margin["initial_margin"].get<double>(), 4550.0);
  EXPECT_DOUBLE_EQ(margin["maint_margin"].get<double>(), 1087.5);
  EXPECT_EQ(margin["maint_margin_from"], "bundled brackets");
  EXPECT_DOUBLE_EQ(status["account"]["hedges_initial_margin"].get<double>(), 4550.0);
  EXPECT_DOUBLE_EQ(status["account"]["initial_margin"].get<double>(), 4550.0);
  EXPECT_DOUBLE_EQ(status["account"]["maint_margin"].get<double>(), 1087.5);

  const CommandResult text = hedgebot("status -c " + config);
  ASSERT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_NE(text.out.find("margin: 227500.00 USDT at 50x: initial margin 4550.00, "
                          "maintenance 1087.50"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("initial margin 4550.00 (hedges 4550.00)"), std::string::npos)
      << text.out;
}

TEST(MarginReport, FlatRateInTheConfigOverridesTheBrackets) {
  TempDir dir;
  const std::string config =
      dir.write("hedgebot.toml", config_text(dir, "maint_margin_rate = 0.004\n"));
  ASSERT_EQ(hedgebot("once -c " + config).exit_code, 0);
  const nlohmann::json status = parse(hedgebot("status --json -c " + config));
  ASSERT_FALSE(status.is_discarded());
  // 227 500 x 0.004 = 910, not the bracket's 1 087.50.
  EXPECT_DOUBLE_EQ(status["hedges"][0]["margin"]["maint_margin"].get<double>(), 910.0);
  EXPECT_EQ(status["hedges"][0]["margin"]["maint_margin_from"], "flat [paper] maint_margin_rate");
}

}  // namespace
}  // namespace hedgebot::bot
