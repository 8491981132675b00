// Output a program can trust: no -0, JSON numbers without float noise, errors as
// {kind, message} objects, one JSON document with --json even when a run ends in exit 2 or 3,
// and --at outside the data refused on both sides.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "bot/pipeline/report_output.hpp"
#include "bot/session/run_lock.hpp"
#include "exchange/number_text.hpp"
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

std::string paper_config(const TempDir& dir, const std::string& risk = "") {
  testing::PaperConfig config;
  config.paper = "mark = \"" + source_path("data/binance-btcusdt-perp-mark-1h.csv") + "\"\n";
  config.sections = "[risk]\n" + risk;
  config.hedge = "baseline_ratio = 0.5\nmax_ratio = 1.0\nleverage = 2\n";
  return testing::paper_config_text(dir, config);
}

CommandResult hedgebot(const std::string& arguments) {
  return testing::run_hedgebot(arguments);
}

// "-0", "-0.0", "-0.00" as a whole number anywhere in the text.
bool has_negative_zero(const std::string& text) {
  return std::regex_search(text, std::regex(R"((^|[^0-9.])-0(\.0*)?([^0-9.]|$))"));
}

// Pins: a zero is never printed as -0 (an unhedged account's ratio is -0.0 in arithmetic).
TEST(JsonOutput, NoNegativeZeroInTextOrJson) {
  EXPECT_EQ(fixed(-0.0, 2), "0.00");
  EXPECT_EQ(fixed(-0.001, 2), "0.00");
  EXPECT_EQ(fixed_text(-0.0001, 2), "0.00");
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  for (const char* arguments : {"plan --json", "plan", "once --json"}) {
    const CommandResult result = hedgebot(std::string(arguments) + " -c " + config);
    EXPECT_EQ(result.exit_code, 0) << arguments << ": " << result.err;
    EXPECT_FALSE(has_negative_zero(result.out)) << arguments << ":\n" << result.out;
  }
}

// Pins: JSON numbers are shortest round-trip text of the value without float noise.
TEST(JsonOutput, NumbersCarryNoFloatNoise) {
  EXPECT_EQ(tidy_number(19762.879425574993), 19762.879425575);
  EXPECT_FALSE(std::signbit(tidy_number(-0.0)));
  EXPECT_EQ(tidy_number(78137.2), 78137.2);
  nlohmann::ordered_json value = {{"a", 0.1 + 0.2}, {"b", {-0.0, 19762.879425574993}}};
  tidy_numbers(value);
  EXPECT_EQ(value.dump(), R"({"a":0.3,"b":[0.0,19762.879425575]})");
}

// Pins: errors in a tick's JSON are {kind, message} objects, like refusals.
TEST(JsonOutput, ErrorsAreObjectsWithKindAndMessage) {
  TickReport report;
  report.add_error("network", "snapshot failed: connection refused");
  const nlohmann::ordered_json json = tick_report_json(report, {});
  ASSERT_EQ(json["errors"].size(), 1u);
  EXPECT_EQ(json["errors"][0]["kind"], "network");
  EXPECT_EQ(json["errors"][0]["message"], "snapshot failed: connection refused");
}

// Pins: with --json a run that stops before its tick (invalid config: exit 2; the lock held:
// exit 3) still prints one JSON document with its errors.
TEST(JsonOutput, JsonOnExit2And3IsOneDocumentWithTheErrors) {
  TempDir dir;
  const std::string bad = dir.write("bad.toml", paper_config(dir, "max_leverage = -1\n"));
  CommandResult result = hedgebot("once --json -c " + bad);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  nlohmann::json document = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_TRUE(document.is_object()) << result.out;
  EXPECT_EQ(document["exit_code"], 2);
  ASSERT_FALSE(document["errors"].empty());
  EXPECT_EQ(document["errors"][0]["kind"], "config");
  EXPECT_NE(document["errors"][0]["message"].get<std::string>().find("max_leverage"),
            std::string::npos);

  const std::string good = dir.write("good.toml", paper_config(dir));
  std::filesystem::create_directories(dir.file("state"));
  Result<RunLock> lock = RunLock::acquire(dir.file("state"), "test");
  ASSERT_TRUE(lock.ok());
  result = hedgebot("once --json -c " + good);
  EXPECT_EQ(result.exit_code, 3) << result.err;
  document = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_TRUE(document.is_object()) << result.out;
  EXPECT_EQ(document["exit_code"], 3);
  EXPECT_EQ(document["errors"][0]["kind"], "locked");
}

// Pins: --at before the data starts is refused with exit 2 and a message, like after the end.
TEST(JsonOutput, AtBeforeTheDataStartsIsRefused) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  for (const char* at : {"2020-01-01", "2030-01-01"}) {
    const CommandResult result = hedgebot("plan --json -c " + config + " --at " + at);
    EXPECT_EQ(result.exit_code, 2) << at << ": " << result.out << result.err;
    EXPECT_NE(result.err.find("--at"), std::string::npos) << at << ": " << result.err;
    const nlohmann::json document = nlohmann::json::parse(result.out, nullptr, false);
    ASSERT_TRUE(document.is_object()) << at << ": " << result.out;
    EXPECT_EQ(document["exit_code"], 2);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/paper.json")));
}

// Pins: `status` shows the recent orders in text, and `status --json` lists each order once
// (the journal has it before sending and again with its outcome).
TEST(JsonOutput, StatusListsEachRecentOrderOnce) {
  TempDir dir;
  const std::string config = dir.write("hedgebot.toml", paper_config(dir));
  ASSERT_EQ(hedgebot("once -c " + config).exit_code, 0);
  const CommandResult json = hedgebot("status --json -c " + config);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json status = nlohmann::json::parse(json.out);
  ASSERT_EQ(status["recent_orders"].size(), 1u) << json.out;
  EXPECT_EQ(status["recent_orders"][0]["status"], "FILLED");
  const std::string id = status["recent_orders"][0]["client_order_id"];
  const CommandResult text = hedgebot("status -c " + config);
  EXPECT_NE(text.out.find("recent orders:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(id), std::string::npos) << text.out;
}

// Coins in the futures wallet as margin: `status` lists each collateral asset (quantity, price,
// rate, value) in text and JSON, and the tick report carries them too.
TEST(JsonOutput, StatusAndTheTickReportListTheCollateralAssets) {
  TempDir dir;
  testing::PaperConfig paper;
  paper.paper = "futures_assets = { BTC = 0.5 }\n";
  const std::string config = dir.write("hedgebot.toml", testing::paper_config_text(dir, paper));
  const CommandResult once = hedgebot("once --json -c " + config);
  ASSERT_EQ(once.exit_code, 0) << once.err << once.out;
  const nlohmann::json tick = nlohmann::json::parse(once.out);
  ASSERT_EQ(tick["account"]["collateral"]["assets"].size(), 2u) << once.out;
  EXPECT_EQ(tick["account"]["collateral"]["assets"][0]["asset"], "BTC");

  const CommandResult json = hedgebot("status --json -c " + config);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json status = nlohmann::json::parse(json.out);
  const nlohmann::json& collateral = status["account"]["collateral"];
  ASSERT_EQ(collateral["assets"].size(), 2u) << json.out;
  const nlohmann::json& btc = collateral["assets"][0];
  EXPECT_EQ(btc["asset"], "BTC");
  EXPECT_DOUBLE_EQ(btc["quantity"].get<double>(), 0.5);
  EXPECT_NEAR(btc["rate"].get<double>(), 0.95, 1e-9);
  const double price = btc["price"].get<double>();
  EXPECT_GT(price, 0.0);
  EXPECT_NEAR(btc["value"].get<double>(), 0.5 * price * 0.95, 1e-6);
  EXPECT_EQ(collateral["assets"][1]["asset"], "USDT");
  EXPECT_NEAR(collateral["value"].get<double>(),
              btc["value"].get<double>() + collateral["assets"][1]["value"].get<double>(), 1e-6);
  // The margin balance counts the coin at its collateral value.
  EXPECT_GT(status["account"]["margin_balance"].get<double>(), btc["value"].get<double>());

  const CommandResult text = hedgebot("status -c " + config);
  EXPECT_NE(text.out.find("collateral "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("BTC 0.5000 x "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(" at 0.95 = "), std::string::npos) << text.out;
}

}  // namespace
}  // namespace hedgebot::bot
