// `order = "limit"` in paper mode rests in market time: a replay and the same ticks run one by one
// with `once --at` (as cron would) give the same fills, at the same candle times, with the same
// fees and the same position. Before, `once` could not let market time pass within a run: every
// limit order was cancelled in its own tick and the rest went to the market, so a limit config
// paid taker fees at the tick's price, and the replay waited inside the tick instead.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "exchange/model.hpp"
#include "tests/replay/replay_fixtures.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

using nlohmann::json;

constexpr int kHours = 60;

// A trend rule on hourly closes over a wave: the bot sells into falls and buys back into rises,
// so some of its post-only orders at the touch fill on the next candle and some never do.
const char* const kTrendRule = R"(
[[rule]]
name = "bear-trend"
hedge = "*"
when = "price_below_ma"
timeframe = "1h"
ma = "sma"
period = 3
action = "set_ratio"
ratio = 1.0
)";

double wave(int i) {
  return 40000.0 + 1500.0 * std::sin(i / 4.0) + 40.0 * std::sin(i * 1.7);
}

struct Setup {
  std::string interval;
  std::string timeout;
};

std::string write_config(const TempDir& dir, const Setup& setup) {
  write_hourly_candles(dir, "candles.csv", kHours, wave);
  const std::string path = write_btc_config(
      dir, "limit.toml", 0.0, 30000.0, false, "",
      "order = \"limit\"\nlimit_timeout = \"" + setup.timeout + "\"\n" + kTrendRule);
  std::string text = read_file(path);
  const std::string from = "interval = \"1h\"";
  text.replace(text.find(from), from.size(), "interval = \"" + setup.interval + "\"");
  return dir.write("limit.toml", text);
}

std::vector<json> journal_lines(const std::string& path, const std::string& event) {
  std::vector<json> out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    json entry = json::parse(line);
    if (entry.value("event", "") == event) out.push_back(std::move(entry));
  }
  return out;
}

// What a fill line says about the trade, without run ids.
json trade(const json& fill) {
  return {{"ts", fill["ts"]},       {"side", fill["side"]}, {"qty", fill["qty"]},
          {"price", fill["price"]}, {"fee", fill["fee"]},   {"id", fill["client_order_id"]}};
}

class LimitParity : public ::testing::TestWithParam<Setup> {};

TEST_P(LimitParity, ReplayAndOnceRunsFillTheSameOrdersAtTheSameCandles) {
  TempDir dir;
  const std::string config = write_config(dir, GetParam());
  const CommandResult replayed = run_command(hedgebot_binary() + " replay -c " + config +
                                             " --json --report " + dir.file("report"));
  ASSERT_EQ(replayed.exit_code, 0) << replayed.out << replayed.err;
  const json summary = json::parse(replayed.out);
  const std::vector<json> replay_fills = journal_lines(dir.file("report/journal.jsonl"), "fill");

  // The same ticks, one process each, as cron runs them.
  const int64_t step = GetParam().interval == "4h" ? 4 * kHour : kHour;
  int runs = 0;
  int pending = 0;
  for (int64_t tick = kStartMs + step; tick <= kStartMs + kHours * kHour; tick += step) {
    const CommandResult once = run_command(hedgebot_binary() + " once -c " + config + " --at " +
                                           format_iso8601(tick) + " --json");
    // A run that leaves its limit order resting is off target until it fills: exit 1, named.
    const json report = json::parse(once.out);
    if (report["outcome"] == "pending") {
      ++pending;
      EXPECT_EQ(once.exit_code, 1) << format_iso8601(tick) << ": " << once.out;
      EXPECT_TRUE(report["errors"].empty()) << once.out;
    } else {
      ASSERT_EQ(once.exit_code, 0) << format_iso8601(tick) << ": " << once.out << once.err;
    }
    ++runs;
  }
  EXPECT_GT(pending, 0) << "some post-only orders rest past their tick";
  ASSERT_EQ(static_cast<uint64_t>(runs), summary["ticks"].get<uint64_t>()) << replayed.out;
  const std::vector<json> once_fills = journal_lines(dir.file("state/journal.jsonl"), "fill");

  // Limit orders filled at later candles, as makers, and some expired or were replaced unfilled.
  ASSERT_GE(replay_fills.size(), 3u) << replayed.out;
  ASSERT_EQ(once_fills.size(), replay_fills.size());
  for (size_t i = 0; i < replay_fills.size(); ++i) {
    EXPECT_EQ(trade(once_fills[i]), trade(replay_fills[i])) << "fill " << i;
  }
  EXPECT_GT(summary["orders"].get<uint64_t>(), summary["fills"].get<uint64_t>()) << replayed.out;
  EXPECT_EQ(summary["fills"].get<uint64_t>(), replay_fills.size());
  for (const json& fill : replay_fills) {
    // Every fill paid the maker fee (0.02 % by default).
    const double notional = fill["qty"].get<double>() * fill["price"].get<double>();
    EXPECT_NEAR(fill["fee"].get<double>(), notional * 0.0002, 1e-6) << fill.dump();
  }

  // The accounts end the same: fees, wallet, realized PnL and position.
  const json paper = json::parse(read_file(dir.file("state/paper.json")));
  EXPECT_NEAR(paper["totals"]["fees_paid"].get<double>(), summary["fees"].get<double>(), 1e-6);
  EXPECT_NEAR(paper["wallet_balance"].get<double>(), summary["wallet_balance"].get<double>(), 1e-6);
  EXPECT_NEAR(paper["totals"]["realized_pnl"].get<double>(), summary["realized_pnl"].get<double>(),
              1e-6);
  double position = 0.0;
  for (const json& held : paper["positions"]) position = held["qty_steps"].get<double>() / 1000.0;
  const double replay_position = -summary["hedges"][0]["final_ratio"].get<double>() *
                                 summary["hedges"][0]["spot_qty"].get<double>();
  EXPECT_NEAR(position, replay_position, 1e-3);
}

// The hedged start value is taken before the first order, so the opening fee is in the return
// (before, the first value was taken after it and the fee vanished from the return); orders.csv
// lists every order placed, the text names orders and fills apart.
TEST(ReplayRecords, StartValueIsBeforeTheFirstFeeAndOrdersAreNotFills) {
  TempDir dir;
  write_hourly_candles(dir, "candles.csv", 12, [](int) { return 50000.0; });
  const std::string config = write_btc_config(dir, "flat.toml", 1.0, 30000.0, false);
  const CommandResult run = run_command(hedgebot_binary() + " replay -c " + config +
                                        " --json --report " + dir.file("out"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(run.out);
  const double fees = summary["fees"].get<double>();
  ASSERT_GT(fees, 0.0);
  EXPECT_DOUBLE_EQ(summary["hedged"]["initial_value"].get<double>(),
                   summary["unhedged"]["initial_value"].get<double>());
  EXPECT_LT(summary["hedged"]["return"].get<double>(), 0.0) << "the fee is a loss on a flat price";
  EXPECT_EQ(summary["orders"], 1);
  EXPECT_EQ(summary["fills"], 1);

  // The same on limit orders: each tick's unfilled order is in orders.csv, fills are fewer.
  const std::string limit = write_btc_config(dir, "limit.toml", 1.0, 30000.0, false, "",
                                             "order = \"limit\"\nlimit_timeout = \"30m\"\n");
  const CommandResult text =
      run_command(hedgebot_binary() + " replay -c " + limit + " --report " + dir.file("limit"));
  ASSERT_EQ(text.exit_code, 0) << text.out << text.err;
  // A flat price never trades through a post-only order at the touch: nothing fills.
  EXPECT_NE(text.out.find("orders 12, fills 0,"), std::string::npos) << text.out;
  std::istringstream rows(read_file(dir.file("limit/orders.csv")));
  int placed = 0;
  for (std::string row; std::getline(rows, row);) placed += row.find(",NEW,") != std::string::npos;
  EXPECT_EQ(placed, 12);  // one per tick
}

// A paper limit order still resting when the run ends leaves the hedge off its target: the run
// says so by name (PENDING, `outcome` "pending", `pending[]`) and exits 1, not 0. Before, it
// exited 0 with the order only in the order list, as if the account were where the config wants.
TEST(PaperLimitPending, ARunThatLeavesItsLimitOrderRestingExits1AndNamesIt) {
  TempDir dir;
  write_hourly_candles(dir, "candles.csv", 6, [](int) { return 50000.0; });
  const std::string config = write_btc_config(dir, "limit.toml", 1.0, 30000.0, false, "",
                                              "order = \"limit\"\nlimit_timeout = \"30m\"\n");
  const CommandResult once = run_command(hedgebot_binary() + " once -c " + config + " --at " +
                                         format_iso8601(kStartMs + 2 * kHour) + " --json");
  EXPECT_EQ(once.exit_code, 1) << once.out << once.err;
  const json report = json::parse(once.out);
  EXPECT_EQ(report["outcome"], "pending");
  EXPECT_EQ(report["exit_code"], 1);
  EXPECT_TRUE(report["errors"].empty()) << once.out;
  ASSERT_EQ(report["pending"].size(), 1u) << once.out;
  EXPECT_EQ(report["pending"][0]["hedge"], "BTC");
  EXPECT_NE(report["pending"][0]["reason"].get<std::string>().find("limit_timeout"),
            std::string::npos);
  ASSERT_EQ(report["orders"].size(), 1u);
  EXPECT_EQ(report["orders"][0]["status"], "NEW");

  // The text says it too. The next tick replaces the unfilled order (still pending on a flat
  // price: a post-only order at the touch never trades through it).
  const CommandResult text = run_command(hedgebot_binary() + " once -c " + config + " --at " +
                                         format_iso8601(kStartMs + 3 * kHour));
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_NE(text.out.find("PENDING BTC: limit order"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("ERROR"), std::string::npos) << text.out;
}

// A resting limit order that a later candle fills is a trade of its hedge: the run that finds
// the fill sees the hedge in its cooldown from the fill's time. Before, a fill between runs never
// started the cooldown.
TEST(PaperLimitPending, AFillBetweenRunsStartsTheCooldown) {
  TempDir dir;
  // Flat, then a candle whose high crosses the resting sell at the touch.
  write_hourly_candles(dir, "candles.csv", 8, [](int i) { return i >= 2 ? 50500.0 : 50000.0; });
  const std::string config =
      write_btc_config(dir, "limit.toml", 1.0, 30000.0, false, "",
                       "order = \"limit\"\nlimit_timeout = \"2h\"\ncooldown = \"3h\"\n");
  const CommandResult placed = run_command(hedgebot_binary() + " once -c " + config + " --at " +
                                           format_iso8601(kStartMs + 2 * kHour) + " --json");
  ASSERT_EQ(json::parse(placed.out)["outcome"], "pending") << placed.out << placed.err;

  const CommandResult filled = run_command(hedgebot_binary() + " once -c " + config + " --at " +
                                           format_iso8601(kStartMs + 3 * kHour) + " --json");
  const json report = json::parse(filled.out);
  ASSERT_EQ(
      read_file(dir.file("state/journal.jsonl")).find("\"event\":\"fill\"") == std::string::npos,
      false)
      << "the resting order did not fill: " << filled.out;
  EXPECT_EQ(filled.exit_code, 0) << filled.out << filled.err;
  ASSERT_EQ(report["decisions"].size(), 1u) << filled.out;
  EXPECT_EQ(report["decisions"][0]["decided_by"], "cooldown") << filled.out;
}

INSTANTIATE_TEST_SUITE_P(Paper, LimitParity,
                         ::testing::Values(Setup{"1h", "30m"}, Setup{"4h", "2h"}),
                         [](const ::testing::TestParamInfo<Setup>& info) {
                           return "every_" + info.param.interval + "_timeout_" + info.param.timeout;
                         });

}  // namespace
}  // namespace hedgebot::testing
