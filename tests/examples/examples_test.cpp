// Every config in config/examples/ is runnable as it stands: `hedgebot check -c FILE` passes
// and `hedgebot plan -c FILE` runs one tick on the bundled data (exit 0 both).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using testing::CommandResult;
using testing::hedgebot_binary;
using testing::run_command;
using testing::source_path;

std::vector<std::string> example_files() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("config/examples"))) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

constexpr const char* kDefault = "default.toml";

std::string path_of(const std::string& name) {
  return source_path("config/examples/" + name);
}

class ExampleConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleConfig, CheckPasses) {
  const CommandResult result = run_command(hedgebot_binary() + " check -c " + path_of(GetParam()));
  EXPECT_EQ(result.exit_code, 0) << result.err << result.out;
}

// default.toml is the embedded default: it runs as `hedgebot plan` with no -c, its data paths
// resolved against the repository (see DefaultConfigPlansWithDashC below).
std::string plan_command(const std::string& name) {
  if (name == kDefault) return hedgebot_binary() + " plan --json";
  return hedgebot_binary() + " plan --json -c " + path_of(name);
}

// Each example's promise is pinned by a shipped scenario (scenarios/*.toml naming it in
// `config = "../config/examples/NAME"`), so a change that breaks what its comments say fails CI.
TEST_P(ExampleConfig, HasAShippedScenario) {
  const std::string wanted = "config = \"../config/examples/" + GetParam() + "\"";
  std::vector<std::string> pinning;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("scenarios"))) {
    if (entry.path().extension() != ".toml") continue;
    if (testing::read_file(entry.path().string()).find(wanted) != std::string::npos) {
      pinning.push_back(entry.path().filename().string());
    }
  }
  EXPECT_FALSE(pinning.empty()) << "no scenario in scenarios/ has " << wanted;
}

TEST_P(ExampleConfig, PlanRuns) {
  const CommandResult result = run_command(plan_command(GetParam()));
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_FALSE(report["decisions"].empty()) << result.out;
  for (const nlohmann::json& decision : report["decisions"]) {
    EXPECT_FALSE(decision["decided_by"].get<std::string>().empty()) << result.out;
  }
  EXPECT_TRUE(report["refusals"].empty()) << result.out;
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleConfig, ::testing::ValuesIn(example_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& c : name) {
                             if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
                           }
                           return name;
                         });

TEST(Examples, AllSeedStrategiesAreThere) {
  const std::vector<std::string> names = example_files();
  for (const char* expected :
       {"regime-split-70-30.toml", "profile-conservative.toml", "profile-balanced.toml",
        "profile-aggressive.toml", "micro-full-hedge.toml", "micro-half-hedge.toml",
        "dynamic-hedge.toml", "stabiliser-75-25.toml", "funding-collection.toml",
        "collateral-alert.toml", "btc-eth.toml"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
}

// The micro-contract examples size the hedge in whole 0.01 BTC contracts (docs/design.md):
// 3.5 BTC -> 350 contracts short, 50 % -> 175, whatever the price of the day. The JSON says the
// quantity in base units with the contracts beside it.
TEST(Examples, MicroHedgesPlanWholeContracts) {
  for (const auto& [name, qty, contracts] :
       {std::tuple<std::string, std::string, std::string>{"micro-full-hedge.toml", "3.50", "350"},
        {"micro-half-hedge.toml", "1.75", "175"}}) {
    const CommandResult result =
        run_command(hedgebot_binary() + " plan --json -c " + path_of(name));
    ASSERT_EQ(result.exit_code, 0) << name << ": " << result.err;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    ASSERT_EQ(report["orders"].size(), 1u) << name << ": " << result.out;
    EXPECT_EQ(report["orders"][0]["side"], "SELL") << name;
    EXPECT_EQ(report["orders"][0]["qty"], qty) << name;
    EXPECT_EQ(report["orders"][0]["contracts"], contracts) << name;
    EXPECT_EQ(report["orders"][0]["reduce_only"], false) << name;
  }
}

// BUG (bot/session/config_source.cpp with config/examples/default.toml): default.toml names its
// data as "data/binance-btcusdt-perp-1h.csv". The embedded copy resolves that against the
// repository, but `-c config/examples/default.toml` resolves it against config/examples/, like
// every config file (config/REFERENCE.md), so `hedgebot plan -c config/examples/default.toml` exits
// 2 with "config/examples/data/binance-btcusdt-perp-1h.csv: cannot open the file". Writing
// "../../data/..." in default.toml would break the embedded copy instead (it would resolve to
// <repo>/../../data), so the fix belongs in how the embedded copy resolves its paths.
TEST(Examples, DefaultConfigPlansWithDashC) {
  const CommandResult result =
      run_command(hedgebot_binary() + " plan --json -c " + path_of(kDefault));
  EXPECT_EQ(result.exit_code, 0) << result.err << result.out;
}

}  // namespace
}  // namespace hedgebot
