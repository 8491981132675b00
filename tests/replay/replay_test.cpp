// `hedgebot replay` end to end: determinism, funding signs, liquidation, several hedges and
// configs, and the report's files.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/replay/replay_fixtures.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

std::string bundled(const std::string& name) {
  return source_path("data/" + name);
}

std::string replay_command(const std::string& arguments) {
  return hedgebot_binary() + " replay " + arguments;
}

// A two-hedge config (BTC and ETH) on the bundled perpetual data.
std::string write_two_hedge_config(const TempDir& dir, const std::string& name,
                                   const std::string& rule) {
  std::string text =
      "[bot]\ninterval = \"1h\"\n\n[paper]\nbalance = 60000.0\n"
      "spot = { BTC = 1.0, ETH = 10.0, USDT = 5000.0 }\n\n"
      "[risk]\nmax_order_notional = 200000.0\n\n";
  for (const auto& [asset, lower] : {std::pair<std::string, std::string>{"BTC", "btc"},
                                     std::pair<std::string, std::string>{"ETH", "eth"}}) {
    text += "[[hedge]]\nasset = \"" + asset + "\"\nsymbol = \"" + asset +
            "USDT\"\nbaseline_ratio = 0.5\nmax_ratio = 1.0\ncooldown = \"4h\"\n"
            "candles = \"" +
            bundled("binance-" + lower + "usdt-perp-1h.csv") + "\"\nfunding = \"" +
            bundled("binance-" + lower + "usdt-funding.csv") + "\"\nmark = \"" +
            bundled("binance-" + lower + "usdt-perp-mark-1h.csv") + "\"\n\n";
  }
  text += rule;
  return dir.write(name, text);
}

const char* const kTrendRule = R"([[rule]]
name = "bear-trend"
hedge = "*"
when = "price_below_ma"
timeframe = "1d"
ma = "sma"
period = 50
action = "set_ratio"
ratio = 1.0
)";

std::vector<std::string> csv_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  return fields;
}

TEST(Replay, SameInputsGiveByteIdenticalSummaries) {
  TempDir dir;
  const std::string config = write_two_hedge_config(dir, "two.toml", kTrendRule);
  const std::string arguments = "-c " + config + " --from 2025-01-01 --to 2025-06-01";
  const CommandResult text_first = run_command(replay_command(arguments));
  const CommandResult text_second = run_command(replay_command(arguments));
  ASSERT_EQ(text_first.exit_code, 0) << text_first.err;
  ASSERT_EQ(text_second.exit_code, 0) << text_second.err;
  EXPECT_EQ(text_first.out, text_second.out);
  EXPECT_NE(text_first.out.find("hedged"), std::string::npos);

  const CommandResult json_first =
      run_command(replay_command(arguments + " --json --report " + dir.file("a")));
  const CommandResult json_second =
      run_command(replay_command(arguments + " --json --report " + dir.file("b")));
  ASSERT_EQ(json_first.exit_code, 0) << json_first.err;
  EXPECT_EQ(json_first.out, json_second.out);
  EXPECT_EQ(read_file(dir.file("a/ticks.csv")), read_file(dir.file("b/ticks.csv")));
  EXPECT_EQ(read_file(dir.file("a/orders.csv")), read_file(dir.file("b/orders.csv")));
  EXPECT_EQ(read_file(dir.file("a/report.html")), read_file(dir.file("b/report.html")));
}

TEST(Replay, JsonHasTheDesignFieldsForEveryHedge) {
  TempDir dir;
  const std::string config = write_two_hedge_config(dir, "two.toml", kTrendRule);
  const CommandResult run =
      run_command(replay_command("-c " + config + " --from 2025-01-01 --to 2025-03-01 --json"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json summary = nlohmann::json::parse(run.out);
  for (const char* key : {"candles", "ticks", "orders", "fees", "funding", "funding_received",
                          "funding_paid", "liquidations", "hedged", "unhedged", "hedges"}) {
    EXPECT_TRUE(summary.contains(key)) << key;
  }
  for (const char* side : {"hedged", "unhedged"}) {
    for (const char* key : {"final_value", "return", "max_drawdown", "volatility"}) {
      EXPECT_TRUE(summary[side].contains(key)) << side << "." << key;
    }
  }
  EXPECT_EQ(summary["from"], "2025-01-01T00:00:00Z");
  EXPECT_EQ(summary["to"], "2025-03-01T00:00:00Z");
  EXPECT_EQ(summary["ticks"], 59 * 24 + 1);
  // Two symbols, one candle each per hourly tick after the first.
  EXPECT_EQ(summary["candles"], 2 * 59 * 24);
  ASSERT_EQ(summary["hedges"].size(), 2u);
  EXPECT_EQ(summary["hedges"][1]["asset"], "ETH");
  double share = 0.0;
  for (const auto& [ratio, fraction] : summary["hedges"][0]["time_at_ratio"].items()) {
    share += fraction.get<double>();
  }
  EXPECT_NEAR(share, 1.0, 1e-4);
  EXPECT_GT(summary["orders"].get<int>(), 0);
}

// A one-rule rebalancer (over 85 % crypto: a hedge back to 75 %) measures the allocation its
// own hedge changes. Without hysteresis on allocation_above it undid and redid its trade at
// every small move: 546 orders over 2025-04..06 of the bundled data. Now a handful.
TEST(Replay, OneRuleAllocationRebalancerDoesNotChurn) {
  TempDir dir;
  const std::string config = dir.write("rebalancer.toml", R"([bot]
interval = "1h"
state_dir = "state"

[paper]
balance = 10000.0
candles = ")" + bundled("binance-btcusdt-perp-1h.csv") + R"("
funding = ")" + bundled("binance-btcusdt-funding.csv") + R"("
mark = ")" + bundled("binance-btcusdt-perp-mark-1h.csv") + R"("
spot = { BTC = 1.0, USDT = 3000.0 }

[risk]
max_order_notional = 50000.0
max_leverage = 3.0
stale_after = "2h"

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
baseline_ratio = 0.0
min_ratio = 0.0
max_ratio = 1.0
band = 0.02
cooldown = "4h"
leverage = 3

[[rule]]
name = "rebalance"
hedge = "BTC"
when = "allocation_above"
threshold = 0.85
action = "set_exposure"
exposure = 0.75
)");
  const CommandResult run =
      run_command(replay_command("-c " + config + " --from 2025-04-01 --to 2025-07-01 --json"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json summary = nlohmann::json::parse(run.out);
  EXPECT_EQ(summary["errors"].get<int>(), 0);
  EXPECT_GE(summary["orders"].get<int>(), 1);
  EXPECT_LE(summary["orders"].get<int>(), 10);
}

TEST(Replay, FundingFlipIsReceivedThenPaid) {
  // A full short hedge on a flat price: +0.05 % per settlement for 5 days, then -0.05 %.
  TempDir dir;
  constexpr int kDays = 10;
  write_hourly_candles(dir, "candles.csv", kDays * 24, [](int) { return 50000.0; });
  write_funding(
      dir, "funding.csv", kDays * 3, [](int i) { return i < 15 ? 0.0005 : -0.0005; }, 50000.0);
  const std::string config = write_btc_config(dir, "flip.toml", 1.0, 30000.0, true);
  const CommandResult run =
      run_command(replay_command("-c " + config + " --json --report " + dir.file("out")));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json summary = nlohmann::json::parse(run.out);
  // 1 BTC short x 50000 x 0.0005 = 25 per settlement. The hedge opens on the first tick (01:00),
  // so settlements 1..14 are received and 15..29 paid.
  EXPECT_NEAR(summary["funding_received"].get<double>(), 14 * 25.0, 0.01);
  EXPECT_NEAR(summary["funding_paid"].get<double>(), 15 * 25.0, 0.01);
  EXPECT_NEAR(summary["funding"].get<double>(), -25.0, 0.01);

  // ticks.csv: the cumulative funding column rises to its peak on day 5, then falls.
  const std::vector<std::string> lines = csv_lines(read_file(dir.file("out/ticks.csv")));
  ASSERT_GT(lines.size(), 200u);
  const std::vector<std::string> header = split(lines[0]);
  ASSERT_EQ(header.back(), "funding");
  double previous = 0.0;
  double peak = 0.0;
  std::string peak_time;
  bool fell = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> fields = split(lines[i]);
    const double funding = std::stod(fields.back());
    if (funding > peak) {
      EXPECT_FALSE(fell) << "funding rose again after the flip at " << fields[0];
      peak = funding;
      peak_time = fields[0];
    }
    if (funding < previous) fell = true;
    previous = funding;
  }
  EXPECT_NEAR(peak, 14 * 25.0, 0.01);
  EXPECT_EQ(peak_time, "2024-01-05T16:00:00Z");
  EXPECT_TRUE(fell);
  EXPECT_NEAR(previous, -25.0, 0.01);

  const CommandResult text = run_command(replay_command("-c " + config));
  EXPECT_NE(text.out.find("funding -25.00 (received 350.00, paid 375.00)"), std::string::npos)
      << text.out;
}

TEST(Replay, LiquidationAt20xShowsInSummaryAndReport) {
  // A full short hedge at 20x with little collateral while the price climbs 1 % an hour.
  TempDir dir;
  write_hourly_candles(dir, "candles.csv", 72,
                       [](int i) { return 50000.0 * std::pow(1.01, std::max(0, i - 2)); });
  const std::string config =
      write_btc_config(dir, "twenty.toml", 1.0, 3000.0, false,
                       "max_leverage = 25.0\nmax_margin_ratio = 1.0\n", "leverage = 20\n");
  const CommandResult run =
      run_command(replay_command("-c " + config + " --json --report " + dir.file("out")));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json summary = nlohmann::json::parse(run.out);
  EXPECT_EQ(summary["liquidations"], 1);
  ASSERT_EQ(summary["liquidation_events"].size(), 1u);
  EXPECT_EQ(summary["liquidation_events"][0]["symbol"], "BTCUSDT");
  EXPECT_LT(summary["hedged"]["final_value"].get<double>(),
            summary["unhedged"]["final_value"].get<double>());

  const std::string report = read_file(dir.file("out/report.html"));
  EXPECT_NE(report.find("Liquidated 1 time"), std::string::npos);
  EXPECT_NE(report.find("class=\"markers liquidation\""), std::string::npos);
  // The replay's journal holds the liquidation as a cron run's would, wallet never negative.
  std::istringstream journal(read_file(dir.file("out/journal.jsonl")));
  int liquidation_lines = 0;
  for (std::string line; std::getline(journal, line);) {
    const nlohmann::json entry = nlohmann::json::parse(line);
    if (entry["event"] != "liquidation") continue;
    ++liquidation_lines;
    EXPECT_EQ(entry["symbol"], "BTCUSDT");
    EXPECT_GE(entry["wallet_after"].get<double>(), 0.0);
  }
  EXPECT_EQ(liquidation_lines, 1);
  EXPECT_GE(summary["wallet_balance"].get<double>(), 0.0);
  const CommandResult text = run_command(replay_command("-c " + config));
  EXPECT_NE(text.out.find("liquidations 1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("LIQUIDATED BTCUSDT"), std::string::npos) << text.out;
  // Pins: liquidations are counted before the table, and they are an outcome (exit 0).
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_LT(text.out.find("LIQUIDATED 1 time"), text.out.find("start value")) << text.out;
}

// Pins: a replay in which ticks failed (daily candles under a 1h hedge: no tick can read its
// candles) exits 1, and the summary shows the error count and the first error before the table.
TEST(Replay, TickErrorsFailTheReplayAndComeFirstInTheSummary) {
  TempDir dir;
  std::string daily = "open_time_ms,open,high,low,close,volume\n";
  for (int day = 0; day < 30; ++day) {
    daily += std::to_string(kStartMs + day * 24 * kHour) + ",50000,50100,49900,50000,10\n";
  }
  dir.write("candles.csv", daily);
  const std::string config = write_btc_config(dir, "daily.toml", 0.5, 30000.0, false);
  const CommandResult text = run_command(replay_command("-c " + config));
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  const size_t failed = text.out.find("FAILED: ");
  ASSERT_NE(failed, std::string::npos) << text.out;
  EXPECT_LT(failed, text.out.find("start value")) << text.out;
  EXPECT_NE(text.out.find("tick errors; the first at "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1h"), std::string::npos) << text.out;

  const CommandResult json = run_command(replay_command("-c " + config + " --json"));
  EXPECT_EQ(json.exit_code, 1) << json.err;
  const nlohmann::json summary = nlohmann::json::parse(json.out);
  EXPECT_GT(summary["errors"].get<int>(), 0);
  ASSERT_TRUE(summary.contains("first_error")) << json.out;
  EXPECT_EQ(summary["first_error"]["kind"], "tick");
  EXPECT_FALSE(summary["first_error"]["message"].get<std::string>().empty());
}

TEST(Replay, SeveralConfigsGiveAComparisonTable) {
  TempDir dir;
  const std::string trend = write_two_hedge_config(dir, "trend.toml", kTrendRule);
  const std::string flat = write_two_hedge_config(dir, "flat.toml", "");
  const std::string arguments =
      "-c " + trend + " -c " + flat + " --from 2025-02-01 --to 2025-03-01";
  const CommandResult text = run_command(replay_command(arguments + " --report " + dir.file("r")));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("comparison:"), std::string::npos);
  EXPECT_NE(text.out.find("trend.toml"), std::string::npos);
  EXPECT_NE(text.out.find("flat.toml"), std::string::npos);
  EXPECT_FALSE(read_file(dir.file("r/ticks-1-trend.csv")).empty());
  EXPECT_FALSE(read_file(dir.file("r/orders-2-flat.csv")).empty());
  const std::string report = read_file(dir.file("r/report.html"));
  EXPECT_NE(report.find("<h2>Comparison</h2>"), std::string::npos);
  EXPECT_NE(report.find("id=\"chart-value-2\""), std::string::npos);

  const CommandResult json = run_command(replay_command(arguments + " --json"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json summary = nlohmann::json::parse(json.out);
  ASSERT_EQ(summary["replays"].size(), 2u);
  EXPECT_EQ(summary["replays"][0]["ticks"], summary["replays"][1]["ticks"]);
}

TEST(Replay, TicksAndOrdersCsvHaveTheirColumns) {
  TempDir dir;
  const std::string config = write_two_hedge_config(dir, "two.toml", kTrendRule);
  const CommandResult run = run_command(replay_command(
      "-c " + config + " --from 2025-01-01 --to 2025-01-03 --report " + dir.file("out")));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> ticks = csv_lines(read_file(dir.file("out/ticks.csv")));
  ASSERT_EQ(ticks.size(), 1 + 2 * (2 * 24 + 1));  // a row per hedge per tick
  EXPECT_EQ(ticks[0],
            "time,hedge,price,spot_qty,spot_value,position,target_ratio,actual_ratio,wallet,"
            "equity,portfolio_value,unhedged_value,funding");
  const std::vector<std::string> orders = csv_lines(read_file(dir.file("out/orders.csv")));
  ASSERT_GE(orders.size(), 3u);  // both hedges open on the first tick
  EXPECT_EQ(orders[0], "time,hedge,symbol,side,qty,price,reduce_only,status,client_order_id");
  EXPECT_EQ(split(orders[1])[7], "FILLED");
  EXPECT_FALSE(read_file(dir.file("out/journal.jsonl")).empty());
}

TEST(Replay, UsageErrors) {
  TempDir dir;
  const std::string config = write_two_hedge_config(dir, "two.toml", "");
  const CommandResult overrides = run_command(
      replay_command("-c " + config + " --candles " + bundled("binance-btcusdt-perp-1h.csv")));
  EXPECT_EQ(overrides.exit_code, 2);
  EXPECT_NE(overrides.err.find("has 2 hedges"), std::string::npos) << overrides.err;
  const CommandResult backwards =
      run_command(replay_command("-c " + config + " --from 2025-02-01 --to 2025-01-01"));
  EXPECT_EQ(backwards.exit_code, 2);
  const CommandResult outside = run_command(replay_command("-c " + config + " --from 2030-01-01"));
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(outside.err.find("no tick to replay"), std::string::npos) << outside.err;
}

}  // namespace
}  // namespace hedgebot::testing
