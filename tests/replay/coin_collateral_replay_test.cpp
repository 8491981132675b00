// Coins held in the futures wallet as margin ([paper] futures_assets) are holdings like the
// spot coins: the replay values them at their price in both portfolios, never twice and never
// at the haircut collateral value.
#include <gtest/gtest.h>

#include <string>

#include "bot/replay/replay.hpp"
#include "config/loader.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

TEST(ReplayCoinCollateral, FuturesWalletCoinsCountOnceAtTheirPrice) {
  // No hedge position (ratio 0): nothing trades, so hedged and unhedged hold the same things.
  const std::string text =
      "[bot]\ninterval = \"1h\"\n\n[exchange]\nmulti_assets = true\n\n"
      "[paper]\nbalance = 20000.0\nfutures_assets = { BTC = 0.5 }\nspot = { BTC = 1.5 }\n"
      "candles = \"" +
      source_path("data/binance-btcusdt-perp-1h.csv") +
      "\"\n\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nbaseline_ratio = 0.0\n";
  const config::LoadResult loaded = config::load_config_text(text, "replay.toml");
  ASSERT_TRUE(loaded.diagnostics.empty()) << loaded.diagnostics.front().to_string();
  bot::replay::ReplaySettings settings;
  const int64_t from = 1704067200000 + 30 * kDayMs;
  settings.from_ms = from;
  settings.to_ms = from + 10 * kDayMs;
  const Result<bot::replay::ReplayResult> result =
      bot::replay::run_replay(*loaded.config, settings);
  ASSERT_TRUE(result) << result.error().describe();
  const auto& summary = result->summary;
  EXPECT_EQ(summary.orders, 0U);
  // 2 BTC at the first price plus 20 000 USDT, in both.
  EXPECT_NEAR(summary.hedged.initial_value, summary.unhedged.initial_value, 1e-6);
  EXPECT_NEAR(summary.hedged.final_value, summary.unhedged.final_value, 1e-6);
  const double first_price = (summary.unhedged.initial_value - 20000.0) / 2.0;
  EXPECT_GT(first_price, 30000.0);
  EXPECT_LT(first_price, 60000.0);
}

}  // namespace
}  // namespace hedgebot::testing
