// Limits on input through the hedgebot binary: a broken candle file, a tick inside a gap, absurd
// prices and a config with huge numbers each end in a clear message and an exit code, never a
// crash, an order, or state written from bad data.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "paper/paper_state.hpp"
#include "tests/limits/cli_config.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using hedgebot::testing::CommandResult;
using hedgebot::testing::hedgebot_binary;
using hedgebot::testing::read_file;
using hedgebot::testing::run_command;
using hedgebot::testing::TempDir;

constexpr int64_t kStartMs = 1704067200000;  // 2024-01-01T00:00:00Z

// `count` hourly candles at `price`, optionally replacing line `bad_line` (1-based, the header
// is line 1) with `bad_row`, and skipping the hours in [gap_from, gap_to).
std::string candles(int count, const std::string& price, int bad_line = 0,
                    const std::string& bad_row = "", int gap_from = -1, int gap_to = -1) {
  std::ostringstream csv;
  csv << "open_time_ms,open,high,low,close,volume\n";
  int line = 1;
  for (int i = 0; i < count; ++i) {
    if (i >= gap_from && i < gap_to) continue;
    ++line;
    if (line == bad_line) {
      csv << bad_row << "\n";
      continue;
    }
    csv << kStartMs + i * kHourMs << ',' << price << ',' << price << ',' << price << ',' << price
        << ",10\n";
  }
  return csv.str();
}

using limits_test::config;
using limits_test::hedgebot;

bool journal_has_orders(const TempDir& dir) {
  const std::string path = dir.file("state/journal.jsonl");
  if (!std::filesystem::exists(path)) return false;
  std::istringstream lines(read_file(path));
  std::string line;
  while (std::getline(lines, line)) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("event", "") == "order") return true;
  }
  return false;
}

// The paper account's position in steps; 0 when there is no paper.json.
int64_t position_steps(const TempDir& dir) {
  const std::string path = dir.file("state/paper.json");
  if (!std::filesystem::exists(path)) return 0;
  auto state = paper::paper_state_from_json(read_file(path), path);
  EXPECT_TRUE(state.ok()) << state.error().message;
  if (!state) return 0;
  auto found = state->positions.find("BTCUSDT");
  return found == state->positions.end() ? 0 : found->second.qty_steps;
}

// Not a signal, not an uncaught exception turned into "internal error".
void expect_clean_exit(const CommandResult& result) {
  EXPECT_LT(result.exit_code, 128) << result.err;
  EXPECT_EQ(result.err.find("internal error"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("runtime error"), std::string::npos) << result.err;  // UBSan
}

TEST(CliLimits, OnceOnACandleFileWithNaNExits2NamingFileAndLineAndWritesNothing) {
  TempDir dir;
  dir.write("candles.csv",
            candles(48, "42000", 31, std::to_string(kStartMs + 29 * kHourMs) + ",42000,NaN,1,1,1"));
  const std::string path = dir.write("hedgebot.toml", config(dir));
  for (const char* command : {"once", "plan"}) {
    const CommandResult result = hedgebot(std::string(command) + " -c " + path);
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.err << result.out;
    EXPECT_NE(result.err.find(dir.file("candles.csv") + ":31:"), std::string::npos)
        << command << ": " << result.err;
    expect_clean_exit(result);
  }
  // Nothing of the account or the rules is written; the journal may record the failed run.
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/engine.json")));
  EXPECT_FALSE(journal_has_orders(dir));
}

TEST(CliLimits, OnceOnUnorderedOrDuplicateCandlesExits2NamingTheLine) {
  TempDir dir;
  const std::string path = dir.write("hedgebot.toml", config(dir));
  const std::string duplicate =
      std::to_string(kStartMs + 5 * kHourMs) + ",42000,42000,42000,42000,1";
  const std::string earlier = std::to_string(kStartMs) + ",42000,42000,42000,42000,1";
  for (const std::string& row : {duplicate, earlier}) {
    dir.write("candles.csv", candles(48, "42000", 8, row));
    const CommandResult result = hedgebot("once -c " + path);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("candles.csv:8:"), std::string::npos) << result.err;
    expect_clean_exit(result);
    EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
    EXPECT_FALSE(journal_has_orders(dir));
  }
}

TEST(CliLimits, OnceInsideAGapIsRefusedAsStaleAndPlacesNothing) {
  TempDir dir;
  // Hours 40..47 are missing; the tick at hour 47's close sees a newest candle 8 h old.
  dir.write("candles.csv", candles(60, "42000", 0, "", 40, 48));
  const std::string path = dir.write("hedgebot.toml", config(dir));
  const CommandResult result =
      hedgebot("once -c " + path + " --at " + std::to_string(kStartMs + 47 * kHourMs));
  EXPECT_EQ(result.exit_code, 4) << result.err << result.out;
  EXPECT_NE((result.out + result.err).find("stale"), std::string::npos) << result.err << result.out;
  expect_clean_exit(result);
  EXPECT_FALSE(journal_has_orders(dir));
  EXPECT_EQ(position_steps(dir), 0);
}

TEST(CliLimits, AbsurdPricesNeverCrashOrPlaceAnOrder) {
  for (const char* price : {"1e308", "1e-300"}) {
    TempDir dir;
    dir.write("candles.csv", candles(48, price));
    const std::string path = dir.write("hedgebot.toml", config(dir));
    const CommandResult result = hedgebot("once --json -c " + path);
    expect_clean_exit(result);
    // Refused (1e308: no order fits the notional limits) or skipped (1e-300: under the minimum
    // notional), each with its reason in the report.
    const nlohmann::json report = nlohmann::json::parse(result.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << price << ": " << result.out << result.err;
    EXPECT_TRUE(report["orders"].empty()) << price << ": " << result.out;
    EXPECT_FALSE(report["refusals"].empty() && report.value("skipped", nlohmann::json()).empty() &&
                 result.out.find("minimum") == std::string::npos)
        << price << ": no reason given: " << result.out;
    EXPECT_FALSE(journal_has_orders(dir)) << price;
    EXPECT_EQ(position_steps(dir), 0) << price;
  }
}

bool journal_has_refusal(const TempDir& dir) {
  const std::string path = dir.file("state/journal.jsonl");
  if (!std::filesystem::exists(path)) return false;
  std::istringstream lines(read_file(path));
  std::string line;
  while (std::getline(lines, line)) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("event", "") == "refusal") return true;
  }
  return false;
}

// Pins: a last close that is an outlier against the closes before it (a 10x print, a 1e308
// print) is refused as bad data (exit 4, journal `refusal`) whether the mark is missing for the
// tick (no mark file, or a mark file that ends before the candles: the last close stands in for
// the mark) or the mark file repeats the bad print.
TEST(CliLimits, AnOutlierCloseIsRefusedWhicheverMarkFilesExist) {
  const std::string outlier_time = std::to_string(kStartMs + 47 * kHourMs);
  for (const char* bad : {"420000", "1e308", "4.2"}) {
    const std::string bad_row =
        outlier_time + "," + bad + "," + bad + "," + bad + "," + bad + ",10";
    for (const char* mark : {"none", "ends early", "same print"}) {
      TempDir dir;
      dir.write("candles.csv", candles(48, "42000", 49, bad_row));
      std::string paper_extra;
      if (std::string(mark) == "ends early") {
        dir.write("mark.csv", candles(47, "42000"));
        paper_extra = "mark = \"" + dir.file("mark.csv") + "\"\n";
      } else if (std::string(mark) == "same print") {
        dir.write("mark.csv", candles(48, "42000", 49, bad_row));
        paper_extra = "mark = \"" + dir.file("mark.csv") + "\"\n";
      }
      const std::string path = dir.write("hedgebot.toml", config(dir, paper_extra));
      const CommandResult result = hedgebot("once -c " + path);
      EXPECT_EQ(result.exit_code, 4)
          << bad << ", mark " << mark << ": " << result.out << result.err;
      EXPECT_NE(result.out.find("price sanity"), std::string::npos)
          << bad << ", mark " << mark << ": " << result.out;
      expect_clean_exit(result);
      EXPECT_TRUE(journal_has_refusal(dir)) << bad << ", mark " << mark;
      EXPECT_FALSE(journal_has_orders(dir)) << bad << ", mark " << mark;
      EXPECT_EQ(position_steps(dir), 0) << bad << ", mark " << mark;
    }
  }
}

TEST(CliLimits, HugeSpotHoldingsNeverCrashOrPlaceAnOrder) {
  TempDir dir;
  dir.write("candles.csv", candles(48, "42000"));
  const std::string path =
      dir.write("hedgebot.toml", config(dir, "spot = { BTC = 1e300 }\nbalance = 1e308\n",
                                        "max_order_notional = 1e300\nmax_leverage = 125.0\n"));
  const CommandResult result = hedgebot("once --json -c " + path);
  expect_clean_exit(result);
  EXPECT_FALSE(journal_has_orders(dir)) << result.out;
  EXPECT_EQ(position_steps(dir), 0);
}

TEST(CliLimits, ConfigWithHugeNumbersIsRefusedByCheckWithPlaces) {
  TempDir dir;
  dir.write("candles.csv", candles(48, "42000"));
  const std::string path =
      dir.write("huge.toml", config(dir, "taker_fee = 1e308\n",
                                    "max_leverage = 1e308\nstale_after = \"99999999999999999d\"\n",
                                    "limit_timeout = \"99999999999w\"\ncooldown = \"-1h\"\n"));
  const CommandResult result = hedgebot("check -c " + path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  expect_clean_exit(result);
  for (const char* key :
       {"taker_fee", "max_leverage", "stale_after", "limit_timeout", "cooldown"}) {
    EXPECT_NE(result.err.find(key), std::string::npos) << key << ": " << result.err;
  }
  EXPECT_NE(result.err.find("huge.toml:"), std::string::npos) << result.err;
  // once refuses the same file before touching the state.
  const CommandResult once = hedgebot("once -c " + path);
  EXPECT_EQ(once.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
  EXPECT_FALSE(journal_has_orders(dir));
}

TEST(CliLimits, IndicatorsOnABrokenFileExits2NamingTheLine) {
  TempDir dir;
  const std::string path = dir.write(
      "candles.csv",
      candles(48, "42000", 12, std::to_string(kStartMs + 10 * kHourMs) + ",inf,inf,1,1,1"));
  const CommandResult result = hedgebot("indicators --candles " + path + " --sma 5");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("candles.csv:12:"), std::string::npos) << result.err;
  expect_clean_exit(result);
}

}  // namespace
}  // namespace hedgebot
