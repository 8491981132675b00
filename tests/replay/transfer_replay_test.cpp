// A transfer rule in `replay`: the paper account's spot USDT tops up its futures wallet at most
// once per tick, and no 24 h of the replay moves more than [risk] max_transfer_per_day.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/replay/replay.hpp"
#include "config/loader.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

TEST(ReplayTransfer, TopsUpOncePerTickWithinTheDailyCap) {
  TempDir dir;
  const std::string text =
      "[bot]\ninterval = \"1h\"\n\n[paper]\nbalance = 30000.0\nspot_balance = 3000.0\n"
      "spot = { BTC = 1.0 }\ncandles = \"" +
      source_path("data/binance-btcusdt-perp-1h.csv") +
      "\"\n\n[risk]\nmax_transfer_per_day = 1200\n\n"
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nbaseline_ratio = 0.5\n\n"
      "[[rule]]\nname = \"top-up\"\nwhen = \"always\"\naction = \"transfer\"\nasset = \"USDT\"\n"
      "amount = 500\ndirection = \"to_futures\"\n";
  const config::LoadResult loaded = config::load_config_text(text, "replay.toml");
  ASSERT_TRUE(loaded.diagnostics.empty()) << loaded.diagnostics.front().to_string();

  bot::replay::ReplaySettings settings;
  const int64_t from = 1704067200000 + 30 * kDayMs;
  settings.from_ms = from;
  settings.to_ms = from + 3 * kDayMs;
  settings.journal_path = dir.file("journal.jsonl");
  std::vector<int64_t> done;
  int refused = 0;
  settings.on_tick = [&](const bot::TickReport& report, ExchangeClient&) {
    EXPECT_LE(report.transfers.size(), 1u);
    for (const bot::TransferReport& transfer : report.transfers) {
      if (transfer.status == "CONFIRMED") done.push_back(report.now_ms);
      if (transfer.status == "REFUSED") ++refused;
    }
  };
  const Result<bot::replay::ReplayResult> result =
      bot::replay::run_replay(*loaded.config, settings);
  ASSERT_TRUE(result) << result.error().describe();

  // 3000 USDT: six top-ups at most, never more than two (1000) in any 24 h.
  ASSERT_GE(done.size(), 4u);
  EXPECT_LE(done.size(), 6u);
  EXPECT_EQ(done[0], from);
  EXPECT_EQ(done[1], from + kHourMs);
  for (size_t i = 0; i < done.size(); ++i) {
    int in_day = 0;
    for (size_t j = 0; j <= i; ++j)
      if (done[j] > done[i] - kDayMs) ++in_day;
    EXPECT_LE(in_day * 500, 1200) << "at " << format_iso8601(done[i]);
  }
  EXPECT_GT(refused, 0);
}

// A transfer moves money, it does not make any: with no hedge (no fee, no funding, no PnL) the
// portfolio is worth what the same holdings unhedged are, however much moved into the futures
// wallet. The replay used to value the spot wallet's USDT as it was at the start, so every
// top-up counted twice.
TEST(ReplayTransfer, MovingMoneyDoesNotChangeThePortfolioValue) {
  const std::string text =
      "[bot]\ninterval = \"1h\"\n\n[paper]\nbalance = 30000.0\nspot_balance = 3000.0\n"
      "spot = { BTC = 1.0 }\ncandles = \"" +
      source_path("data/binance-btcusdt-perp-1h.csv") +
      "\"\n\n[risk]\nmax_transfer_per_day = 5000\n\n"
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nbaseline_ratio = 0.0\n\n"
      "[[rule]]\nname = \"top-up\"\nwhen = \"always\"\naction = \"transfer\"\nasset = \"USDT\"\n"
      "amount = 500\ndirection = \"to_futures\"\n";
  const config::LoadResult loaded = config::load_config_text(text, "replay.toml");
  ASSERT_TRUE(loaded.diagnostics.empty()) << loaded.diagnostics.front().to_string();
  bot::replay::ReplaySettings settings;
  const int64_t from = 1704067200000 + 30 * kDayMs;
  settings.from_ms = from;
  settings.to_ms = from + 2 * kDayMs;
  double moved = 0.0;
  settings.on_tick = [&](const bot::TickReport& report, ExchangeClient&) {
    for (const bot::TransferReport& transfer : report.transfers) {
      if (transfer.status == "CONFIRMED") moved += transfer.amount;
    }
  };
  const Result<bot::replay::ReplayResult> result =
      bot::replay::run_replay(*loaded.config, settings);
  ASSERT_TRUE(result) << result.error().describe();
  ASSERT_EQ(moved, 3000.0);  // the whole spot USDT moved
  const auto& summary = result->summary;
  EXPECT_EQ(summary.transfers, 6U);
  EXPECT_EQ(summary.transferred_to_futures, 3000.0);
  EXPECT_EQ(summary.transferred_to_spot, 0.0);
  EXPECT_GT(summary.transfers_refused, 0U);  // the empty wallet refuses the next ones
  EXPECT_NEAR(summary.hedged.initial_value, summary.unhedged.initial_value, 1e-6);
  EXPECT_NEAR(summary.hedged.final_value, summary.unhedged.final_value, 1e-6);
}

}  // namespace
}  // namespace hedgebot::testing
