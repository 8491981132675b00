// The journal is enough for an auditor: the paper account (wallet, fees, funding, position) is
// rebuilt from journal.jsonl alone and compared with paper.json, after market orders, limit
// orders and a liquidation.
#include "tests/support/journal_ledger.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

using ::testing::IsEmpty;

constexpr double kStart = 100000.0;
constexpr double kBtcStep = 0.001;  // the paper BTCUSDT instrument's step

struct PaperAccount {
  double wallet = 0.0;
  double fees = 0.0;
  double funding = 0.0;
  double realized_pnl = 0.0;
  double position = 0.0;  // BTCUSDT, base units
};

PaperAccount read_paper(const std::string& path) {
  const nlohmann::json paper = nlohmann::json::parse(read_file(path));
  PaperAccount account;
  account.wallet = paper["wallet_balance"].get<double>();
  const nlohmann::json& totals = paper["totals"];
  account.fees = totals["fees_paid"].get<double>();
  account.funding = totals["funding_received"].get<double>() - totals["funding_paid"].get<double>();
  account.realized_pnl = totals["realized_pnl"].get<double>();
  for (const nlohmann::json& position : paper["positions"]) {
    if (position["symbol"] == "BTCUSDT")
      account.position = position["qty_steps"].get<double>() * kBtcStep;
  }
  return account;
}

void expect_ledger_matches(const TempDir& dir, double start, int min_fills) {
  const JournalLedger ledger = rebuild_from_journal(dir.file("state/journal.jsonl"));
  EXPECT_THAT(ledger.problems, IsEmpty());
  EXPECT_GE(ledger.fills, min_fills);
  const PaperAccount paper = read_paper(dir.file("state/paper.json"));
  EXPECT_NEAR(ledger.wallet(start), paper.wallet, 1e-6);
  EXPECT_NEAR(ledger.fees, paper.fees, 1e-6);
  EXPECT_NEAR(ledger.funding, paper.funding, 1e-6);
  EXPECT_NEAR(ledger.realized_pnl, paper.realized_pnl, 1e-6);
  EXPECT_NEAR(ledger.position.count("BTCUSDT") ? ledger.position.at("BTCUSDT") : 0.0,
              paper.position, 1e-9);
}

std::string config_text(const TempDir& dir, const std::string& candles, const std::string& data,
                        double balance, double ratio, const std::string& risk,
                        const std::string& hedge_extra) {
  return "[bot]\nmode = \"paper\"\ninterval = \"1h\"\nstate_dir = \"" + dir.file("state") +
         "\"\n\n[paper]\nbalance = " + std::to_string(balance) + "\ncandles = \"" + candles +
         "\"\n" + data + "\n[risk]\nmax_order_notional = 1000000.0\n" + risk +
         "\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { fixed = 1.0 }\n"
         "baseline_ratio = " +
         std::to_string(ratio) + "\nmin_ratio = -1.0\nmax_ratio = 1.0\nband = 0.0\n" + hedge_extra;
}

// `once --at` on the bundled BTC data, the ratio changed between runs: open, increase, reduce,
// flip (a close and an open), reduce again; funding settles between the runs.
void run_bundled_sequence(const TempDir& dir, const std::string& hedge_extra) {
  const std::string data = "funding = \"" + source_path("data/binance-btcusdt-funding.csv") +
                           "\"\nmark = \"" + source_path("data/binance-btcusdt-perp-mark-1h.csv") +
                           "\"\n";
  const std::vector<std::pair<std::string, double>> runs = {{"2025-01-01T00:00:00Z", 0.5},
                                                            {"2025-01-03T00:00:00Z", 0.9},
                                                            {"2025-01-06T00:00:00Z", 0.3},
                                                            {"2025-01-10T00:00:00Z", -0.4},
                                                            {"2025-01-15T00:00:00Z", 0.1}};
  for (const auto& [at, ratio] : runs) {
    const std::string config =
        dir.write("hedgebot.toml",
                  config_text(dir, source_path("data/binance-btcusdt-perp-1h.csv"), data, kStart,
                              ratio, "max_leverage = 10.0\n", "leverage = 3\n" + hedge_extra));
    const CommandResult run =
        run_command(hedgebot_binary() + " once --json --at " + at + " -c " + config);
    // A run that leaves a limit order resting is off target and says so (exit 1, pending).
    const bool pending = nlohmann::json::parse(run.out).value("outcome", "") == "pending";
    ASSERT_EQ(run.exit_code, pending ? 1 : 0) << at << ": " << run.err << run.out;
  }
}

TEST(JournalLedger, MarketOrdersRebuildThePaperAccount) {
  TempDir dir;
  run_bundled_sequence(dir, "");
  expect_ledger_matches(dir, kStart, 6);
}

TEST(JournalLedger, LimitOrdersRebuildThePaperAccount) {
  TempDir dir;
  run_bundled_sequence(dir, "order = \"limit\"\nlimit_timeout = \"1s\"\n");
  // Fewer fills than with market orders: a limit order rests in market time, so the open of the
  // flip waits for the next run and an order still resting at the end has not filled.
  expect_ledger_matches(dir, kStart, 4);
}

// A generated path: a full short hedge at 20x on little collateral while the price climbs 1 % an
// hour is liquidated between two runs; the second run opens the hedge again.
TEST(JournalLedger, LiquidationRebuildsThePaperAccount) {
  TempDir dir;
  constexpr int64_t kFirstOpenMs = 1704067200000;  // 2024-01-01T00:00:00Z
  constexpr int64_t kOneHourMs = 3600000;
  std::ostringstream csv;
  csv << "open_time_ms,open,high,low,close,volume\n";
  double previous = 50000.0;
  for (int i = 0; i < 72; ++i) {
    const double close = 50000.0 * std::pow(1.01, std::max(0, i - 12));
    csv << kFirstOpenMs + i * kOneHourMs << "," << previous << "," << std::max(previous, close)
        << "," << std::min(previous, close) << "," << close << ",1\n";
    previous = close;
  }
  const std::string candles = dir.write("candles.csv", csv.str());
  const double balance = 3500.0;
  const std::string config =
      dir.write("hedgebot.toml",
                config_text(dir, candles, "", balance, 1.0,
                            "max_leverage = 25.0\nmax_margin_ratio = 1.0\n", "leverage = 20\n"));
  CommandResult run =
      run_command(hedgebot_binary() + " once --json --at 2024-01-01T12:00:00Z -c " + config);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  run = run_command(hedgebot_binary() + " once --json -c " + config);
  EXPECT_EQ(run.exit_code, 1) << "a liquidation since the last run is exit 1: " << run.err;
  const JournalLedger ledger = rebuild_from_journal(dir.file("state/journal.jsonl"));
  EXPECT_EQ(ledger.liquidations, 1);
  expect_ledger_matches(dir, balance, 1);
}

}  // namespace
}  // namespace hedgebot::testing
