// Inputs that look valid but are not, through the hedgebot binary: each ends in exit 2 and a
// message naming the file, line or key, never in a run that quietly does something else.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "exchange/model.hpp"
#include "tests/limits/cli_config.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using hedgebot::testing::CommandResult;
using hedgebot::testing::hedgebot_binary;
using hedgebot::testing::run_command;
using hedgebot::testing::TempDir;

constexpr int64_t kStartMs = 1704067200000;  // 2024-01-01T00:00:00Z

// `count` candles at 42000 every `step_ms` from `start_ms`.
std::string candles(int count, int64_t start_ms = kStartMs, int64_t step_ms = kHourMs) {
  std::ostringstream csv;
  csv << "open_time_ms,open,high,low,close,volume\n";
  for (int i = 0; i < count; ++i) csv << start_ms + i * step_ms << ",42000,42000,42000,42000,10\n";
  return csv.str();
}

using limits_test::config;
using limits_test::hedgebot;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Pins: candle open times in seconds (a run "in 1970") are refused naming file and line.
TEST(CliInputs, CandleTimesInSecondsExit2NamingFileAndLine) {
  TempDir dir;
  dir.write("candles.csv", candles(48, kStartMs / 1000, kHourMs / 1000));
  const std::string path = dir.write("hedgebot.toml", config(dir));
  for (const char* command : {"once", "plan", "check"}) {
    const CommandResult result = hedgebot(std::string(command) + " -c " + path);
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.out << result.err;
    EXPECT_TRUE(has(result.err, dir.file("candles.csv") + ":2:")) << command << ": " << result.err;
    EXPECT_TRUE(has(result.err, "seconds")) << command << ": " << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
}

// Pins: open times off the interval's grid (a file shifted by 30 minutes, or one row off) are
// refused naming file and line.
TEST(CliInputs, CandleTimesOffTheIntervalGridExit2NamingFileAndLine) {
  TempDir dir;
  const std::string path = dir.write("hedgebot.toml", config(dir));
  dir.write("candles.csv", candles(48, kStartMs + 30 * kMinuteMs));
  CommandResult result = hedgebot("once -c " + path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(has(result.err, dir.file("candles.csv") + ":2:")) << result.err;
  EXPECT_TRUE(has(result.err, "grid")) << result.err;

  // Row 100 (line 101) is 7 minutes late, far past the rows read ahead to find the interval.
  std::string text = candles(200);
  const std::string late = std::to_string(kStartMs + 99 * kHourMs);
  text.replace(text.find(late), late.size(),
               std::to_string(kStartMs + 99 * kHourMs + 7 * kMinuteMs));
  dir.write("candles.csv", text);
  result = hedgebot("once -c " + path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(has(result.err, dir.file("candles.csv") + ":101:")) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
}

// Pins: a lower-case asset name (never matched against the venue's BTC) is refused with the
// upper-case spelling.
// A hedge the margin can carry only in part is trimmed and placed, and the run says so with the
// risk guard's exit code. Before: the trim was a note and the run exited 0 off target.
TEST(CliInputs, ATrimmedHedgeIsNamedAndExits4NotZero) {
  TempDir dir;
  dir.write("candles.csv", candles(48));
  const std::string path = dir.write("hedgebot.toml", config(dir, "spot = { BTC = 3.0 }\n"));
  const CommandResult result = hedgebot("once --json -c " + path);
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_TRUE(has(result.out, "trimmed from")) << result.out;
  EXPECT_TRUE(has(result.out, "FILLED")) << result.out;  // the smaller hedge was placed
}

TEST(CliInputs, LowerCaseAssetNamesAreRefusedWithTheSpellingToUse) {
  TempDir dir;
  dir.write("candles.csv", candles(48));
  const std::string spot = dir.write("spot.toml", config(dir, "spot = { btc = 1.0 }\n"));
  CommandResult result = hedgebot("check -c " + spot);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(has(result.err, "paper.spot.btc")) << result.err;
  EXPECT_TRUE(has(result.err, "write BTC")) << result.err;
  std::string lower = config(dir);
  lower.replace(lower.find("asset = \"BTC\""), 13, "asset = \"btc\"");
  result = hedgebot("check -c " + dir.write("asset.toml", lower));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(has(result.err, "write \"BTC\"")) << result.err;
}

// Pins: `check` verifies that every file the config names can be read.
TEST(CliInputs, CheckRefusesAMissingDataFileNamingIt) {
  TempDir dir;
  dir.write("candles.csv", candles(48));
  const std::string path = dir.write(
      "hedgebot.toml", config(dir, "funding = \"" + dir.file("no-such-funding.csv") + "\"\n"));
  const CommandResult result = hedgebot("check -c " + path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(has(result.err, "paper.funding")) << result.err;
  EXPECT_TRUE(has(result.err, dir.file("no-such-funding.csv"))) << result.err;
}

// Pins: `stale_after` shorter than the age a hedge's candle reaches between ticks (1d candles,
// hourly ticks, the default 2h) is reported by `check`.
TEST(CliInputs, CheckReportsAStaleAfterShorterThanTheHedgesCandle) {
  TempDir dir;
  dir.write("candles.csv", candles(24 * 30));
  const std::string path = dir.write("hedgebot.toml", config(dir, "", "", "timeframe = \"1d\"\n"));
  const CommandResult result = hedgebot("check -c " + path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(has(result.err, "risk.stale_after 2h")) << result.err;
  EXPECT_TRUE(has(result.err, "hedge BTC")) << result.err;
}

// Pins: daily candle files under an hourly hedge are reported by `check` (every tick would fail).
TEST(CliInputs, CheckReportsCandlesCoarserThanTheHedgeReads) {
  TempDir dir;
  dir.write("candles.csv", candles(60, kStartMs, kDayMs));
  const std::string path = dir.write("hedgebot.toml", config(dir, "", "stale_after = \"2d\"\n"));
  const CommandResult result = hedgebot("check -c " + path);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(has(result.err, "has 1d candles but hedge BTC")) << result.err;
}

// Pins: a kill switch set explicitly in the config stays where it was configured when
// --state-dir moves the state (it was moved silently, and the STOP file no longer stopped it).
TEST(CliInputs, AnExplicitKillSwitchIsNotMovedByStateDir) {
  TempDir dir;
  dir.write("candles.csv", candles(48));
  const std::string kill = dir.file("state/STOP");
  const std::string path =
      dir.write("hedgebot.toml", config(dir, "", "kill_switch = \"" + kill + "\"\n"));
  std::filesystem::create_directories(dir.file("state"));
  dir.write("state/STOP", "");
  const CommandResult result = hedgebot("once -c " + path + " --state-dir " + dir.file("other"));
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_TRUE(has(result.out, "kill switch " + kill)) << result.out;
  const CommandResult check = hedgebot("check -c " + path + " --state-dir " + dir.file("other"));
  EXPECT_TRUE(has(check.out, "kill switch: " + kill)) << check.out;
}

// Pins: notional limits have an upper bound (1e21 overflowed the step arithmetic and refused
// every order).
TEST(CliInputs, AHugeNotionalLimitIsRefusedByCheck) {
  TempDir dir;
  dir.write("candles.csv", candles(48));
  for (const char* key : {"max_order_notional", "max_position_notional"}) {
    const std::string path =
        dir.write("huge.toml", config(dir, "", std::string(key) + " = 1e21\n"));
    const CommandResult result = hedgebot("check -c " + path);
    EXPECT_EQ(result.exit_code, 2) << key << ": " << result.out << result.err;
    EXPECT_TRUE(has(result.err, key)) << result.err;
    EXPECT_TRUE(has(result.err, "huge.toml:")) << result.err;
  }
}

// Pins: global options are accepted after the command, and an unknown command is named with
// the list of commands.
TEST(CliInputs, GlobalOptionsAfterTheCommandAndUnknownCommandsNamed) {
  TempDir dir;
  dir.write("candles.csv", candles(48));
  const std::string path = dir.write("hedgebot.toml", config(dir));
  const CommandResult after = hedgebot("plan -c " + path + " --log-level debug --log-format json");
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  const CommandResult bogus = hedgebot("bogus");
  EXPECT_EQ(bogus.exit_code, 2) << bogus.err;
  EXPECT_TRUE(has(bogus.err, "unknown command \"bogus\"")) << bogus.err;
  for (const char* command : {"check", "plan", "once", "status", "run", "replay", "indicators"})
    EXPECT_TRUE(has(bogus.err, command)) << command << ": " << bogus.err;
}

}  // namespace
}  // namespace hedgebot
