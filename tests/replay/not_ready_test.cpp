// Pins: a rule that cannot be evaluated yet is named with what it lacks by `plan`, `once` and
// `status` (text and JSON), and `replay` counts the ticks on which each rule was not ready.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/replay/replay_fixtures.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

const char* const kLongTrendRule = R"(
[[rule]]
name = "above-200d"
hedge = "*"
when = "price_above_ma"
timeframe = "1d"
ma = "sma"
period = 200
action = "set_ratio"
ratio = 1.0
)";

const char* const kLacks = "SMA200 on 1d needs 200 closed candles, has 3";

std::string write_setup(const TempDir& dir) {
  write_hourly_candles(dir, "candles.csv", 72, [](int) { return 50000.0; });
  const std::string path = write_btc_config(dir, "rules.toml", 0.5, 30000.0, false);
  dir.write("rules.toml", read_file(path) + kLongTrendRule);
  return path;
}

CommandResult hedgebot(const std::string& arguments) {
  return run_command(hedgebot_binary() + " " + arguments);
}

TEST(NotReadyCli, PlanOnceAndStatusNameTheRuleAndWhatItLacks) {
  TempDir dir;
  const std::string config = write_setup(dir);
  for (const char* command : {"plan", "once"}) {
    const CommandResult text = hedgebot(std::string(command) + " -c " + config);
    EXPECT_EQ(text.exit_code, 0) << command << ": " << text.err;
    EXPECT_NE(text.out.find(std::string("not ready: above-200d: ") + kLacks), std::string::npos)
        << command << ": " << text.out;
  }
  const CommandResult json = hedgebot("plan --json -c " + config);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json report = nlohmann::json::parse(json.out);
  const nlohmann::json& not_ready = report["decisions"][0]["not_ready"];
  ASSERT_EQ(not_ready.size(), 1u) << json.out;
  EXPECT_EQ(not_ready[0]["rule"], "above-200d");
  EXPECT_EQ(not_ready[0]["lacks"], kLacks);

  const CommandResult status = hedgebot("status -c " + config);
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find(std::string("not ready: above-200d: ") + kLacks), std::string::npos)
      << status.out;
  const CommandResult status_json = hedgebot("status --json -c " + config);
  ASSERT_EQ(status_json.exit_code, 0) << status_json.err;
  const nlohmann::json state = nlohmann::json::parse(status_json.out);
  ASSERT_EQ(state["hedges"][0]["not_ready"].size(), 1u) << status_json.out;
  EXPECT_EQ(state["hedges"][0]["not_ready"][0]["rule"], "above-200d");
}

TEST(NotReadyCli, ReplayCountsTheTicksEachRuleWasNotReady) {
  TempDir dir;
  const std::string config = write_setup(dir);
  const CommandResult json = hedgebot("replay --json -c " + config);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json summary = nlohmann::json::parse(json.out);
  ASSERT_EQ(summary["not_ready"].size(), 1u) << json.out;
  EXPECT_EQ(summary["not_ready"][0]["rule"], "above-200d");
  EXPECT_EQ(summary["not_ready"][0]["hedge"], "BTC");
  EXPECT_EQ(summary["not_ready"][0]["ticks"], summary["ticks"]);
  const CommandResult text = hedgebot("replay -c " + config);
  EXPECT_NE(text.out.find("NOT READY above-200d (BTC) on "), std::string::npos) << text.out;
}

}  // namespace
}  // namespace hedgebot::testing
