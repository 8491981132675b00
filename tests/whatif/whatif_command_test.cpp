// `hedgebot whatif` as a user runs it: the stable JSON fields, the default moves, the account
// before and after the next tick, and the exit codes of bad usage.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

nlohmann::json whatif_json(const TempDir& dir, const std::string& extra, int expected_exit) {
  const CommandResult run = run_command(hedgebot_binary() + " whatif --json --state-dir " +
                                        dir.file("state") + " " + extra);
  EXPECT_EQ(run.exit_code, expected_exit) << run.out << run.err;
  return nlohmann::json::parse(run.out);
}

TEST(WhatifCommand, JsonHasTheStableFieldsAndTheDefaultMoves) {
  TempDir dir;
  const nlohmann::json root = whatif_json(dir, "", 0);
  EXPECT_EQ(root["account"], "after_next_tick");
  ASSERT_EQ(root["hedges"].size(), 1u);
  const nlohmann::json& hedge = root["hedges"][0];
  for (const char* key : {"asset", "symbol", "mark_price", "position_qty", "liquidation_price",
                          "liquidation_distance"})
    EXPECT_TRUE(hedge.contains(key)) << key;
  // The embedded default config's baseline opens a short: it has a liquidation price above.
  EXPECT_LT(hedge["position_qty"].get<double>(), 0.0);
  EXPECT_GT(hedge["liquidation_price"].get<double>(), hedge["mark_price"].get<double>());
  const std::vector<double> moves = {-0.5, -0.3, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0};
  ASSERT_EQ(root["scenarios"].size(), moves.size());
  for (size_t i = 0; i < moves.size(); ++i) {
    const nlohmann::json& scenario = root["scenarios"][i];
    EXPECT_DOUBLE_EQ(scenario["move"].get<double>(), moves[i]);
    for (const char* key :
         {"prices", "hedged_value", "unhedged_value", "margin_ratio", "liquidated"})
      EXPECT_TRUE(scenario.contains(key)) << key;
  }
  EXPECT_EQ(root["funding_forecast"]["hedges"].size(), 1u);
  EXPECT_TRUE(root["funding_forecast"]["hedges"][0]["predicted"].contains("per_30_days"));
  EXPECT_EQ(root["exit_code"], 0);
}

TEST(WhatifCommand, BeforeIsTheAccountAsItIsAndPlacesNothing) {
  TempDir dir;
  const nlohmann::json before = whatif_json(dir, "--before --moves -10,10", 0);
  EXPECT_EQ(before["account"], "now");
  EXPECT_EQ(before["hedges"][0]["position_qty"].get<double>(), 0.0);  // a fresh account
  EXPECT_TRUE(before["hedges"][0]["liquidation_price"].is_null());
  ASSERT_EQ(before["scenarios"].size(), 2u);
  // Nothing was written: the next run still starts from a fresh account.
  EXPECT_EQ(whatif_json(dir, "--before", 0)["hedges"][0]["position_qty"].get<double>(), 0.0);
}

TEST(WhatifCommand, BadUsageIsExitTwoNamingTheProblem) {
  TempDir dir;
  const nlohmann::json bad_moves = whatif_json(dir, "--moves 10,abc", 2);
  EXPECT_NE(bad_moves["errors"][0]["message"].get<std::string>().find("\"abc\""),
            std::string::npos);
  EXPECT_EQ(whatif_json(dir, "--moves -100", 2)["exit_code"], 2);
  EXPECT_EQ(whatif_json(dir, "--at 2001-01-01T00:00:00Z", 2)["exit_code"], 2);
}

}  // namespace
}  // namespace hedgebot::testing
