// End-to-end: the hedgebot binary in paper mode on the bundled real data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/session/run_lock.hpp"
#include "tests/support/paper_config.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using hedgebot::testing::CommandResult;
using hedgebot::testing::hedgebot_binary;
using hedgebot::testing::run_command;
using hedgebot::testing::source_path;
using hedgebot::testing::TempDir;

std::string paper_config(const TempDir& dir, const std::string& extra_hedge_lines = "",
                         const std::string& mode = "paper") {
  testing::PaperConfig config;
  config.mode = mode;
  config.spot = "{ BTC = 1.0, USDT = 1000.0 }";
  config.paper = "funding = \"" + source_path("data/binance-btcusdt-funding.csv") + "\"\n";
  config.sections =
      "[risk]\nmax_order_notional = 100000.0\nkill_switch = \"" + dir.file("state/STOP") + "\"\n";
  config.hedge += extra_hedge_lines;
  return testing::paper_config_text(dir, config);
}

std::string hedgebot(const std::string& arguments) {
  return hedgebot_binary() + " " + arguments;
}

TEST(Cli, VersionAndHelpExitZero) {
  EXPECT_EQ(run_command(hedgebot("--version")).exit_code, 0);
  const CommandResult help = run_command(hedgebot("once --help"));
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--live"), std::string::npos);
}

TEST(Cli, UnknownOptionIsUsageErrorExit2) {
  EXPECT_EQ(run_command(hedgebot("once --no-such-flag")).exit_code, 2);
}

TEST(Cli, CheckReportsEveryProblemWithPositionAndExits2) {
  TempDir dir;
  const std::string path = dir.write(
      "bad.toml", "[bot]\nmode = \"paper\"\n\n[risk]\nmax_levrage = 2.0\nmax_margin_ratio = 7.0\n");
  const CommandResult result = run_command(hedgebot("check -c " + path));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("bad.toml:5:1"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("max_leverage"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("bad.toml:6:"), std::string::npos) << result.err;
}

TEST(Cli, OnceOpensTheHedgeAndASecondRunPlacesNothing) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  const CommandResult first = run_command(hedgebot("once --json -c " + config));
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  const nlohmann::json report = nlohmann::json::parse(first.out);
  ASSERT_EQ(report["orders"].size(), 1u) << first.out;
  EXPECT_EQ(report["orders"][0]["side"], "SELL");
  EXPECT_EQ(report["orders"][0]["qty"], "0.500");
  EXPECT_EQ(report["orders"][0]["status"], "FILLED");
  EXPECT_DOUBLE_EQ(report["positions_after"][0]["position_qty"].get<double>(), -0.5);

  const CommandResult second = run_command(hedgebot("once --json -c " + config));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const nlohmann::json again = nlohmann::json::parse(second.out);
  EXPECT_TRUE(again["orders"].empty()) << second.out;
  EXPECT_DOUBLE_EQ(again["positions_after"][0]["position_qty"].get<double>(), -0.5);

  // Every journal line parses and the order was announced before its result.
  std::ifstream journal(dir.file("state/journal.jsonl"));
  std::string line;
  std::vector<std::string> statuses;
  while (std::getline(journal, line)) {
    const nlohmann::json entry = nlohmann::json::parse(line);
    if (entry["event"] == "order") statuses.push_back(entry["status"]);
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"SENDING", "FILLED"}));
}

TEST(Cli, ARunThatCannotStartSaysWhyInTheJournal) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  dir.write("state/paper.json", "{\"version\": 1, \"wallet\": ");
  const CommandResult result = run_command(hedgebot("once -c " + config));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  std::ifstream journal(dir.file("state/journal.jsonl"));
  std::string line;
  nlohmann::json heartbeat;
  while (std::getline(journal, line)) heartbeat = nlohmann::json::parse(line);
  EXPECT_EQ(heartbeat["event"], "heartbeat");
  EXPECT_EQ(heartbeat["outcome"], "setup_failed");
  EXPECT_NE(heartbeat["error"].get<std::string>().find("paper.json"), std::string::npos)
      << heartbeat.dump();
}

TEST(Cli, PlanPlacesNothingAndWritesNoState) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  const CommandResult plan = run_command(hedgebot("plan --json -c " + config));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const nlohmann::json report = nlohmann::json::parse(plan.out);
  ASSERT_EQ(report["orders"].size(), 1u);
  EXPECT_EQ(report["orders"][0]["status"], "PLANNED");
  EXPECT_EQ(report["decisions"][0]["decided_by"], "baseline");
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/journal.jsonl")));
}

TEST(Cli, SecondConcurrentRunExits3NamingTheHolder) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  Result<RunLock> held = RunLock::acquire(dir.file("state"), "once, pid 777, started earlier");
  ASSERT_TRUE(held.ok());
  const CommandResult result = run_command(hedgebot("once -c " + config));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("pid 777"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
}

TEST(Cli, KillSwitchRefusesWithExit4AndAJournalEntry) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  dir.write("state/STOP", "");
  const CommandResult result = run_command(hedgebot("once --json -c " + config));
  EXPECT_EQ(result.exit_code, 4) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_TRUE(report["orders"].empty());
  ASSERT_EQ(report["refusals"].size(), 1u);
  const std::string journal = hedgebot::testing::read_file(dir.file("state/journal.jsonl"));
  EXPECT_NE(journal.find("\"event\":\"refusal\""), std::string::npos);
}

TEST(Cli, LiveConfigWithoutLiveFlagIsRefusedExit2) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir, "", "live"));
  const CommandResult result =
      run_command("HEDGEBOT_API_KEY=k HEDGEBOT_API_SECRET=s " + hedgebot("once -c " + config));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--live"), std::string::npos) << result.err;
}

TEST(Cli, LiveFlagWithPaperConfigIsRefusedExit2) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  const CommandResult result = run_command(hedgebot("once --live -c " + config));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("mode = \"paper\""), std::string::npos) << result.err;
}

// A basis rule on paper candle files could never be evaluated (no index price): `check` says
// so naming the rule. Before, check passed and every tick only named the rule "not ready".
TEST(Cli, CheckRefusesABasisRuleOnPaperCandleFiles) {
  TempDir dir;
  const std::string config =
      dir.write("hedgebot.toml", paper_config(dir) +
                                     "\n[[rule]]\nname = \"rich-basis\"\n"
                                     "when = \"basis_above\"\nthreshold = 0.005\n"
                                     "action = \"set_ratio\"\nratio = 1.0\n");
  const CommandResult check = run_command(hedgebot("check -c " + config));
  EXPECT_EQ(check.exit_code, 2) << check.out << check.err;
  EXPECT_NE((check.out + check.err).find("rule rich-basis reads basis_above"), std::string::npos)
      << check.out << check.err;
  EXPECT_NE((check.out + check.err).find("no index price"), std::string::npos);
}

// `status --json` that cannot read the account still prints one JSON document saying why (a
// monitor parses stdout). Before, it printed nothing on stdout: the reason was on stderr only.
TEST(Cli, StatusJsonNamesWhyItCouldNotReadTheAccount) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  const CommandResult none = run_command(hedgebot("status --json -c " + config));
  EXPECT_EQ(none.exit_code, 1);
  const nlohmann::json report = nlohmann::json::parse(none.out);
  EXPECT_EQ(report["exit_code"], 1);
  ASSERT_EQ(report["errors"].size(), 1u) << none.out;
  EXPECT_EQ(report["errors"][0]["kind"], "state");
  EXPECT_NE(report["errors"][0]["message"].get<std::string>().find("no paper account yet"),
            std::string::npos)
      << none.out;

  const std::string bad = dir.write("bad.toml", "[bot]\nmode = \"paper\"\nno_such_key = 1\n");
  const CommandResult invalid = run_command(hedgebot("status --json -c " + bad));
  EXPECT_EQ(invalid.exit_code, 2);
  const nlohmann::json problems = nlohmann::json::parse(invalid.out);
  ASSERT_FALSE(problems["errors"].empty()) << invalid.out;
  EXPECT_EQ(problems["errors"][0]["kind"], "config");
  EXPECT_NE(problems["errors"][0]["message"].get<std::string>().find("bad.toml:3"),
            std::string::npos)
      << invalid.out;
}

TEST(Cli, AtMovesTheTickAndTheHedgeFollowsTheSpot) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  ASSERT_EQ(run_command(hedgebot("once -c " + config + " --at 2026-05-01T00:00:00Z")).exit_code, 0);
  const CommandResult back =
      run_command(hedgebot("once -c " + config + " --at 2026-04-01T00:00:00Z"));
  EXPECT_EQ(back.exit_code, 2);
  EXPECT_NE(back.err.find("cannot go back"), std::string::npos) << back.err;
  const CommandResult status = run_command(hedgebot("status --json -c " + config));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const nlohmann::json report = nlohmann::json::parse(status.out);
  EXPECT_EQ(report["mode"], "paper");
  EXPECT_DOUBLE_EQ(report["hedges"][0]["position_qty"].get<double>(), -0.5);
  EXPECT_DOUBLE_EQ(report["hedges"][0]["target_ratio"].get<double>(), 0.5);
  // The run back in time is the newest outcome and did not count as a success; the one before
  // it did, moments ago.
  EXPECT_EQ(report["last_outcome"], "setup_failed");
  EXPECT_EQ(report["last_success_tick_time"], "2026-05-01T00:00:00Z");
  EXPECT_GE(report["last_success_age_s"].get<int64_t>(), 0);
  EXPECT_LT(report["last_success_age_s"].get<int64_t>(), 600);
}

}  // namespace
}  // namespace hedgebot::bot

namespace hedgebot::bot {
namespace {

// Splits one CSV line into fields.
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  for (const char c : line) {
    if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  return fields;
}

TEST(CliIndicators, PrintsTheGoldenTaLibValuesForTheBundledData) {
  hedgebot::testing::TempDir dir;
  // The first 300 rows of the bundled data: the slice the golden file was computed on.
  std::ifstream data(hedgebot::testing::source_path("data/binance-btcusdt-perp-1h.csv"));
  std::string csv, line;
  for (int i = 0; i < 301 && std::getline(data, line); ++i) csv += line + "\n";
  const std::string candles = dir.write("candles.csv", csv);
  const hedgebot::testing::CommandResult result = hedgebot::testing::run_command(
      hedgebot::testing::hedgebot_binary() + " indicators --candles " + candles +
      " --sma 20 --macd 12,26,9 --rsi 14");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream out(result.out);
  std::istringstream golden(hedgebot::testing::read_file(
      hedgebot::testing::source_path("tests/rules/golden/btcusdt-1h-300.csv")));
  std::string out_line, golden_line;
  ASSERT_TRUE(std::getline(out, out_line));
  EXPECT_EQ(out_line, "open_time_ms,close,sma_20,macd,macd_signal,macd_hist,rsi_14");
  ASSERT_TRUE(std::getline(golden, golden_line));
  const std::vector<std::string> names = fields_of(golden_line);
  auto column = [&](const std::string& name) {
    return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  const std::vector<std::pair<size_t, size_t>> compare = {{2, column("sma_20")},
                                                          {3, column("macd_12_26_9")},
                                                          {4, column("macd_signal_12_26_9")},
                                                          {5, column("macd_hist_12_26_9")},
                                                          {6, column("rsi_14")}};
  int rows = 0, values = 0;
  while (std::getline(out, out_line) && std::getline(golden, golden_line)) {
    const std::vector<std::string> got = fields_of(out_line);
    const std::vector<std::string> want = fields_of(golden_line);
    ASSERT_EQ(got[0], want[0]);
    for (const auto& [got_index, want_index] : compare) {
      ASSERT_EQ(got[got_index].empty(), want[want_index].empty())
          << "row " << rows << " column " << got_index;
      if (got[got_index].empty()) continue;
      const double expected = std::stod(want[want_index]);
      EXPECT_NEAR(std::stod(got[got_index]), expected, 1e-9 * std::max(1.0, std::fabs(expected)));
      ++values;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 300);
  EXPECT_GT(values, 1000);
}

TEST(CliIndicators, BadMacdIsAUsageError) {
  const hedgebot::testing::CommandResult result = hedgebot::testing::run_command(
      hedgebot::testing::hedgebot_binary() + " indicators --candles " +
      hedgebot::testing::source_path("data/binance-btcusdt-perp-1h.csv") + " --macd 26,12,9");
  EXPECT_EQ(result.exit_code, 2);
}

}  // namespace
}  // namespace hedgebot::bot

namespace hedgebot::bot {
namespace {

// 48 hourly candles from 2024-01-01: flat at 60 000 for a day, then a rally to 70 000.
std::string rally_csv() {
  std::string csv = "open_time_ms,open,high,low,close,volume\n";
  const int64_t start = 1704067200000;
  double close = 60000.0;
  for (int i = 0; i < 48; ++i) {
    const double open = close;
    if (i >= 24) close = std::min(70000.0, close + 1000.0);
    csv += std::to_string(start + i * int64_t{3600000}) + "," + std::to_string(open) + "," +
           std::to_string(std::max(open, close)) + "," + std::to_string(std::min(open, close)) +
           "," + std::to_string(close) + ",1\n";
  }
  return csv;
}

TEST(CliLiquidation, OnceSaysFirstThatTheAccountWasLiquidatedAndExits1) {
  // 0.5 BTC short at 60 000 and 50x on a 2 000 USDT wallet: liquidated near 63 700 in the rally.
  TempDir dir;
  const std::string candles = dir.write("candles.csv", rally_csv());
  const std::string config =
      dir.write("hedgebot.toml",
                "[bot]\nmode = \"paper\"\ninterval = \"1h\"\nstate_dir = \"" + dir.file("state") +
                    "\"\n\n[paper]\nbalance = 2000.0\ncandles = \"" + candles +
                    "\"\n\n[risk]\nmax_order_notional = 100000.0\nmax_leverage = 50.0\n"
                    "kill_switch = \"" +
                    dir.file("state/STOP") +
                    "\"\n\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { "
                    "fixed = 0.5 }\nbaseline_ratio = 1.0\nleverage = 50\n");
  const CommandResult opened =
      run_command(hedgebot("once --json -c " + config + " --at 2024-01-01T12:00:00Z"));
  ASSERT_EQ(opened.exit_code, 0) << opened.err << opened.out;
  const nlohmann::json open_report = nlohmann::json::parse(opened.out);
  EXPECT_DOUBLE_EQ(open_report["positions_after"][0]["position_qty"].get<double>(), -0.5);
  const double liquidation_price =
      open_report["positions_after"][0]["liquidation_price"].get<double>();
  EXPECT_GT(liquidation_price, 63000.0);
  EXPECT_LT(liquidation_price, 64500.0);
  const CommandResult status_before = run_command(hedgebot("status --json -c " + config));
  ASSERT_EQ(status_before.exit_code, 0) << status_before.err;
  const nlohmann::json status_hedge = nlohmann::json::parse(status_before.out)["hedges"][0];
  EXPECT_DOUBLE_EQ(status_hedge["liquidation_price"].get<double>(), liquidation_price);
  // How far the mark is from it, a fraction of the mark.
  const double mark = status_hedge["mark_price"].get<double>();
  EXPECT_NEAR(status_hedge["liquidation_distance"].get<double>(), (liquidation_price - mark) / mark,
              1e-9);
  const CommandResult status_text = run_command(hedgebot("status -c " + config));
  EXPECT_NE(status_text.out.find("% from the mark)"), std::string::npos) << status_text.out;

  const CommandResult text =
      run_command(hedgebot("plan -c " + config + " --at 2024-01-02T12:00:00Z"));
  EXPECT_EQ(text.out.rfind("LIQUIDATED: BTCUSDT", 0), 0u) << text.out;

  const CommandResult liquidated =
      run_command(hedgebot("once --json -c " + config + " --at 2024-01-02T12:00:00Z"));
  EXPECT_EQ(liquidated.exit_code, 1) << liquidated.err << liquidated.out;
  const nlohmann::ordered_json report = nlohmann::ordered_json::parse(liquidated.out);
  ASSERT_TRUE(report.contains("liquidations")) << liquidated.out;
  EXPECT_EQ(report.begin().key(), "liquidations");
  ASSERT_EQ(report["liquidations"].size(), 1u);
  EXPECT_NE(report["liquidations"][0].get<std::string>().find("BTCUSDT position of -0.5000"),
            std::string::npos)
      << liquidated.out;
  EXPECT_EQ(report["exit_code"], 1);

  // The journal's liquidation line, with what an auditor needs.
  std::ifstream journal(dir.file("state/journal.jsonl"));
  std::string line;
  int liquidation_lines = 0;
  while (std::getline(journal, line)) {
    const nlohmann::json entry = nlohmann::json::parse(line);
    if (entry["event"] != "liquidation") continue;
    ++liquidation_lines;
    EXPECT_EQ(entry["symbol"], "BTCUSDT");
    EXPECT_EQ(entry["side"], "BUY");
    EXPECT_DOUBLE_EQ(entry["qty"].get<double>(), 0.5);
    EXPECT_NEAR(entry["price"].get<double>(), liquidation_price, 1e-6);
    EXPECT_GE(entry["fee"].get<double>(), 0.0);
    EXPECT_GE(entry["wallet_after"].get<double>(), 0.0);
  }
  EXPECT_EQ(liquidation_lines, 1);

  const CommandResult status = run_command(hedgebot("status --json -c " + config));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const nlohmann::json after = nlohmann::json::parse(status.out);
  EXPECT_GE(after["account"]["wallet_balance"].get<double>(), 0.0);
  EXPECT_GE(after["account"]["margin_ratio"].get<double>(), 0.0);
  EXPECT_EQ(after["paper_totals"]["liquidations"], 1);
}

}  // namespace
}  // namespace hedgebot::bot
