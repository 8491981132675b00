// `hedgebot test FILE...`: scenario files through the binary. The scenarios' own behaviour
// (the example configs' promises) is pinned by the shipped scenarios in scenarios/, run by the
// `shipped_scenarios` test; these tests pin the format: a failed expectation is named by its
// file:line with expected vs actual (exit 1), a malformed file is file:line:column (exit 2),
// and the JUnit and JSON reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using hedgebot::testing::CommandResult;
using hedgebot::testing::hedgebot_binary;
using hedgebot::testing::read_file;
using hedgebot::testing::run_command;
using hedgebot::testing::source_path;
using hedgebot::testing::TempDir;

CommandResult hedgebot_test(const std::string& arguments) {
  return run_command(hedgebot_binary() + " test " + arguments);
}

// A shipped scenario copied into `dir` with its relative paths made absolute (they are relative
// to scenarios/), so it runs from anywhere.
std::string copy_shipped(const TempDir& dir, const std::string& name) {
  std::string text = read_file(source_path("scenarios/" + name));
  const std::string base = source_path("scenarios") + "/";
  for (size_t at = text.find("= \""); at != std::string::npos; at = text.find("= \"", at + 1)) {
    const size_t start = at + 3;
    if (text.compare(start, 3, "../") == 0 || text.compare(start, 5, "data/") == 0) {
      text.insert(start, base);
    }
  }
  return dir.write(name, text);
}

// The 1-based line of the first line of `text` that starts with `prefix`, at or after `from`.
int line_of(const std::string& text, const std::string& prefix, int from = 1) {
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (number >= from && line.rfind(prefix, 0) == 0) return number;
  }
  return 0;
}

// A flat market at 60 000 written in the scenario, for the embedded default config's rules.
std::string flat_scenario(const std::string& expectations, const std::string& extra = "") {
  return "config = \"" + source_path("config/examples/default.toml") +
         "\"\n"
         "[market]\n"
         "start = \"2025-01-01T00:00:00Z\"\n"
         "interval = \"1h\"\n"
         "closes = [60000, 60000, 60000, 60000, 60000, 60000]\n" +
         extra + "\n" + expectations;
}

TEST(Scenario, ShippedScenarioHolds) {
  TempDir dir;
  const std::string path = copy_shipped(dir, "default-margin-guard.toml");
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("PASS " + path), std::string::npos) << result.out;
}

TEST(Scenario, ShippedScenarioWithOneExpectationChangedFailsNamingIt) {
  TempDir dir;
  const std::string path = copy_shipped(dir, "default-margin-guard.toml");
  std::string text = read_file(path);
  // The expectation that the margin guard cuts the hedge to 0.3: claim 0.5 instead.
  const std::string wanted = "target_ratio = 0.3";
  const size_t at = text.find(wanted);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, wanted.size(), "target_ratio = 0.5");
  dir.write("default-margin-guard.toml", text);
  const int changed_line =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  int header = 0;
  for (int line = line_of(text, "[[expect]]"); line != 0 && line < changed_line;
       line = line_of(text, "[[expect]]", line + 1)) {
    header = line;
  }
  ASSERT_GT(header, 0);

  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("FAILED " + path + ":" + std::to_string(header) + ": expectation at "),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("target_ratio: expected 0.5, actual 0.3"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("rules fired: margin-guard"), std::string::npos) << result.out;
  // Only that one: the scenario's other expectations still hold.
  EXPECT_EQ(result.out.find("FAILED", result.out.find("FAILED") + 1), std::string::npos)
      << result.out;
}

// Transfers are expectations too: the shipped top-up scenario holds, and one with the refused
// fourth top-up claimed as confirmed fails naming `transfers`, expected against actual.
TEST(Scenario, TransferExpectationsAreChecked) {
  TempDir dir;
  const std::string path = copy_shipped(dir, "collateral-topup.toml");
  const CommandResult held = hedgebot_test(path);
  ASSERT_EQ(held.exit_code, 0) << held.out << held.err;

  std::string text = read_file(path);
  const std::string wanted = "status = \"REFUSED\"";
  const size_t at = text.find(wanted);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, wanted.size(), "status = \"CONFIRMED\"");
  dir.write("collateral-topup.toml", text);
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("transfers: expected to_futures 5000 USDT CONFIRMED, actual "
                            "to_futures 5000 USDT REFUSED (the last 24 h would then total"),
            std::string::npos)
      << result.out;
}

TEST(Scenario, MalformedTransferExpectationExits2) {
  TempDir dir;
  const std::string path = dir.write(
      "bad.toml", flat_scenario("[[expect]]\nat = \"2025-01-01T03:00:00Z\"\n"
                                "transfers = [{ asset = \"USDT\", amount = -5, direction = "
                                "\"to_moon\" }]\n"));
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.out.find(path + ":9:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("must be > 0"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("to_moon"), std::string::npos) << result.out;
}

TEST(Scenario, MalformedScenarioExits2WithFileLineColumn) {
  TempDir dir;
  const std::string path =
      dir.write("bad.toml", flat_scenario("[[expect]]\nat = \"2025-01-01T03:00:00Z\"\n"
                                          "target_ratoi = 0.5\n"
                                          "decided_by = 7\n"));
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.out.find(path + ":9:1: unknown key `expect[0].target_ratoi`"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("target_ratio"), std::string::npos) << result.out;  // suggested
  EXPECT_NE(result.out.find(path + ":10:14:"), std::string::npos) << result.out;
}

TEST(Scenario, TomlSyntaxErrorExits2WithPosition) {
  TempDir dir;
  const std::string path = dir.write("syntax.toml", "config = \"x.toml\"\n[[expect]\n");
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find(path + ":2:"), std::string::npos) << result.out;
}

TEST(Scenario, AtBetweenTicksExits2AtTheAtValue) {
  TempDir dir;
  const std::string path =
      dir.write("between.toml",
                flat_scenario("[[expect]]\nat = \"2025-01-01T03:30:00Z\"\ntarget_ratio = 0.5\n"));
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find(path + ":8:6: no tick at 2025-01-01T03:30:00Z"), std::string::npos)
      << result.out;
}

TEST(Scenario, InlineMarketChecksEveryKey) {
  TempDir dir;
  // Baseline 0.5 on 1 BTC: SELL 0.5 at the first tick, nothing after; the funding rule sees a
  // constant rate that pays the short, so it does not fire.
  const std::string path = dir.write(
      "inline.toml",
      flat_scenario("[[expect]]\n"
                    "at = \"2025-01-01T01:00:00Z\"\n"
                    "target_ratio = 0.5\n"
                    "decided_by = \"baseline\"\n"
                    "position = -0.5\n"
                    "orders = [{ side = \"SELL\", qty = \"0.500\", reduce_only = false }]\n"
                    "alerts = []\n"
                    "refused = false\n"
                    "\n[[expect]]\n"
                    "at = \"2025-01-01T04:00:00Z\"\n"
                    "position = -0.5\n"
                    "orders = []\n",
                    "funding_rate = 0.0001\n"));
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("2 of 2 expectations hold"), std::string::npos) << result.out;
}

TEST(Scenario, NegativeFundingRateFiresTheFundingRule) {
  TempDir dir;
  const std::string path = dir.write("funding.toml", flat_scenario("[[expect]]\n"
                                                                   "at = \"2025-01-01T05:00:00Z\"\n"
                                                                   "decided_by = \"baseline\"\n",
                                                                   "funding_rate = -0.0005\n"));
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("rules fired: funding-against-us"), std::string::npos) << result.out;
}

TEST(Scenario, JunitReportEscapesAndCountsFailures) {
  TempDir dir;
  const std::string good =
      dir.write("good.toml",
                flat_scenario("[[expect]]\nat = \"2025-01-01T02:00:00Z\"\ntarget_ratio = 0.5\n"));
  const std::string bad = dir.write(
      "bad.toml",
      flat_scenario(
          "[[expect]]\nat = \"2025-01-01T02:00:00Z\"\ndecided_by = \"<a & \\\"b\\\">\"\n"));
  const std::string report = dir.file("junit.xml");
  const CommandResult result = hedgebot_test(good + " " + bad + " --junit " + report);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const std::string xml = read_file(report);
  EXPECT_NE(xml.find("<testsuites name=\"hedgebot test\" tests=\"2\" failures=\"1\" errors=\"0\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("decided_by: expected &lt;a &amp; &quot;b&quot;&gt;, actual "),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("<a &"), std::string::npos) << xml;
  EXPECT_NE(xml.find("line=\"7\""), std::string::npos) << xml;
}

TEST(Scenario, JsonReportNamesTheMismatch) {
  TempDir dir;
  const std::string path = dir.write(
      "json.toml", flat_scenario("[[expect]]\nat = \"2025-01-01T02:00:00Z\"\nposition = -1.0\n"));
  const CommandResult result = hedgebot_test(path + " --json");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const nlohmann::json document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["exit_code"], 1);
  const nlohmann::json& expectation = document["scenarios"][0]["expectations"][0];
  EXPECT_EQ(expectation["line"], 7);
  EXPECT_EQ(expectation["passed"], false);
  EXPECT_EQ(expectation["mismatches"][0]["key"], "position");
  EXPECT_EQ(expectation["mismatches"][0]["actual"], "-0.5");
}

TEST(Scenario, SeveralHedgesNeedAMarketPerHedgeAndAHedgePerExpectation) {
  TempDir dir;
  const std::string path =
      dir.write("two.toml", "config = \"" + source_path("config/examples/btc-eth.toml") +
                                "\"\n[market]\ncandles = \"nowhere.csv\"\n\n[[expect]]\n"
                                "at = \"2025-01-01T02:00:00Z\"\ntarget_ratio = 0.5\n");
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find(path + ":3:11: `market.candles`: the config has several hedges"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("[market.ETH] is missing"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(path + ":5:1: expect[0] needs `hedge`"), std::string::npos)
      << result.out;
}

TEST(Scenario, MissingFilesAndNoExpectationsAreFileProblems) {
  TempDir dir;
  const std::string path =
      dir.write("empty.toml", "config = \"missing.toml\"\nfrom = \"yesterday\"\n");
  const CommandResult result = hedgebot_test(path);
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find(path + ":1:10: `config`: cannot read"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find(path + ":2:8:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("at least one [[expect]] is required"), std::string::npos)
      << result.out;
}

}  // namespace
}  // namespace hedgebot::bot
