// The what-if arithmetic on its own: the cross-margin liquidation move against the model's
// one-position formula, the scenarios' margin ratio in the move, the funding forecast's sums.
#include "bot/whatif/whatif.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "bot/pipeline/chart_ticks.hpp"
#include "bot/whatif/whatif_read.hpp"

namespace hedgebot::bot {
namespace {

// Binance's BTCUSDT table, first tiers (floor, cap, leverage, rate, amount).
MarginBrackets btc_table() {
  return {{0, 50'000, 125, 0.004, 0},
          {50'000, 600'000, 100, 0.005, 50},
          {600'000, 3'000'000, 75, 0.0065, 950},
          {3'000'000, 12'000'000, 50, 0.01, 11'450},
          {12'000'000, 70'000'000, 25, 0.02, 131'450},
          {70'000'000, 1e18, 20, 0.025, 481'450}};
}

WhatifHedgeInput short_hedge(double qty, double entry, double mark) {
  WhatifHedgeInput hedge;
  hedge.asset = "BTC";
  hedge.symbol = "BTCUSDT";
  hedge.spot_qty = -qty;
  hedge.spot_price = mark;
  hedge.position_qty = qty;
  hedge.entry_price = entry;
  hedge.mark_price = mark;
  hedge.brackets = btc_table();
  hedge.taker_fee = 0.0004;
  return hedge;
}

std::vector<double> fine_moves() {
  std::vector<double> moves;
  for (int percent = -95; percent <= 300; ++percent) moves.push_back(percent / 100.0);
  return moves;
}

TEST(CrossMargin, OnePositionMovesToTheModelsLiquidationPrice) {
  // Across the brackets: small, mid-size and large shorts, and a long.
  const MarginBrackets table = btc_table();
  for (const double qty : {-0.5, -8.0, -20.0, -150.0, 3.0}) {
    const double wallet = std::fabs(qty) * 60000.0 * 0.2;
    const std::vector<CrossPosition> positions = {{qty, 58000.0, 60000.0, &table}};
    const double expected = liquidation_price(qty, 58000.0, wallet, 0.0, 0.0, table);
    const std::optional<double> move = cross_liquidation_move(wallet, positions, qty < 0.0);
    ASSERT_TRUE(move) << qty;
    EXPECT_NEAR(60000.0 * (1.0 + *move), expected, expected * 1e-9) << qty;
    // At that price the margin balance equals the maintenance margin.
    const CrossMargin at = cross_margin_at_move(wallet, positions, *move);
    EXPECT_NEAR(at.margin_balance, at.maint_margin, 1e-6 * at.maint_margin) << qty;
    // Nothing liquidates it the other way.
    EXPECT_FALSE(cross_liquidation_move(wallet, positions, qty > 0.0)) << qty;
  }
}

TEST(CrossMargin, TwoShortsMovingTogetherLiquidateSoonerThanEitherAlone) {
  const MarginBrackets table = btc_table();
  const std::vector<CrossPosition> both = {{-1.0, 60000.0, 60000.0, &table},
                                           {-10.0, 3000.0, 3000.0, &table}};
  const double wallet = 20000.0;
  const std::optional<double> move = cross_liquidation_move(wallet, both, true);
  ASSERT_TRUE(move);
  const CrossMargin at = cross_margin_at_move(wallet, both, *move);
  EXPECT_NEAR(at.margin_balance, at.maint_margin, 1e-6);
  // The one-position formula with the other held at its mark gives a farther price.
  const double alone =
      liquidation_price(-1.0, 60000.0, wallet, maint_margin(table, 30000.0), 0.0, table);
  EXPECT_LT(60000.0 * (1.0 + *move), alone);
}

TEST(Whatif, ShortMarginRatioRisesWithTheMove) {
  for (const double wallet : {2000.0, 8000.0, 50000.0}) {
    WhatifInput input;
    input.wallet_balance = wallet;
    input.hedges = {short_hedge(-1.0, 61000.0, 60000.0), short_hedge(-10.0, 2900.0, 3000.0)};
    input.hedges[1].asset = "ETH";
    input.hedges[1].symbol = "ETHUSDT";
    input.moves = fine_moves();
    const WhatifResult result = compute_whatif(input);
    ASSERT_EQ(result.scenarios.size(), input.moves.size());
    EXPECT_TRUE(result.moves_together);
    bool bankrupt = false;
    bool liquidated = false;
    double previous = -1.0;
    for (const WhatifScenario& scenario : result.scenarios) {
      if (scenario.move > 0.0) {
        EXPECT_TRUE(!liquidated || scenario.liquidated) << scenario.move;
        liquidated = scenario.liquidated;
      }
      if (!scenario.margin_ratio) {
        bankrupt = true;  // once the margin balance is gone it stays gone
        EXPECT_TRUE(scenario.liquidated) << scenario.move;
        continue;
      }
      EXPECT_FALSE(bankrupt) << "ratio back after bankruptcy at move " << scenario.move;
      EXPECT_GE(*scenario.margin_ratio, previous)
          << "wallet " << wallet << " move " << scenario.move;
      previous = *scenario.margin_ratio;
      // Liquidated exactly when the ratio reaches 1.
      if (scenario.move > 0.0) {
        EXPECT_EQ(scenario.liquidated, *scenario.margin_ratio >= 1.0 - 1e-9) << scenario.move;
      }
    }
    EXPECT_TRUE(liquidated || wallet > 10000.0);
  }
}

TEST(Whatif, HedgedValueHoldsWhereTheUnhedgedOneFalls) {
  WhatifInput input;
  input.wallet_balance = 20000.0;
  input.hedges = {short_hedge(-1.0, 60000.0, 60000.0)};
  input.moves = {-0.3, 0.0, 0.2};
  const WhatifResult result = compute_whatif(input);
  ASSERT_EQ(result.scenarios.size(), 3u);
  const WhatifScenario& down = result.scenarios[0];
  EXPECT_NEAR(down.spot_value, 42000.0, 1e-6);
  EXPECT_NEAR(down.futures_pnl, 18000.0, 1e-6);
  EXPECT_NEAR(down.unhedged_value, 62000.0, 1e-6);
  EXPECT_NEAR(down.hedged_value, 80000.0, 1e-6);  // 42 000 spot + 38 000 margin balance
  EXPECT_NEAR(result.scenarios[2].hedged_value, 80000.0, 1e-6);
  ASSERT_TRUE(result.hedges[0].liquidation_price);
  EXPECT_NEAR(*result.hedges[0].liquidation_distance,
              *result.hedges[0].liquidation_price / 60000.0 - 1.0, 1e-12);
}

TEST(Whatif, LiquidatedScenarioKeepsOnlyWhatTheClearanceLeaves) {
  WhatifInput input;
  input.wallet_balance = 3000.0;
  input.hedges = {short_hedge(-1.0, 60000.0, 60000.0)};
  input.moves = {0.5};
  const WhatifResult result = compute_whatif(input);
  ASSERT_TRUE(result.liquidation_move_up);
  const WhatifScenario& up = result.scenarios[0];
  EXPECT_TRUE(up.liquidated);
  // At the liquidation price the margin balance is the maintenance margin (0.4 % of the
  // notional there); the 1.25 % clearance fee takes all of it.
  EXPECT_NEAR(up.hedged_value, up.spot_value, 1e-6);
  EXPECT_LT(up.hedged_value, up.unhedged_value);
}

TEST(Whatif, FundingForecastSumsPerDayAndPaysBackFees) {
  WhatifHedgeInput hedge = short_hedge(-2.0, 60000.0, 60000.0);
  hedge.funding = {{1, 0.0001, 0}, {2, 0.0003, 0}};
  hedge.predicted_rate = -0.0001;
  hedge.funding_interval_ms = 8 * kHourMs;
  WhatifInput input;
  input.wallet_balance = 50000.0;
  input.hedges = {hedge};
  const WhatifResult result = compute_whatif(input);
  ASSERT_EQ(result.funding.size(), 1u);
  const WhatifFunding& funding = result.funding[0];
  EXPECT_DOUBLE_EQ(funding.settlements_per_day, 3.0);
  EXPECT_NEAR(funding.open_close_fees, 2 * 120000.0 * 0.0004, 1e-9);  // 96
  ASSERT_EQ(funding.rates.size(), 3u);
  EXPECT_EQ(funding.rates[0].basis, "last");
  EXPECT_NEAR(funding.rates[0].per_day, 120000.0 * 0.0003 * 3, 1e-9);  // 108 received
  EXPECT_NEAR(*funding.rates[0].fee_payback_days, 96.0 / 108.0, 1e-12);
  EXPECT_EQ(funding.rates[1].basis, "mean");
  EXPECT_NEAR(*funding.rates[1].rate, 0.0002, 1e-15);
  EXPECT_NEAR(funding.rates[1].per_30_days, 120000.0 * 0.0002 * 3 * 30, 1e-6);
  EXPECT_EQ(funding.rates[2].basis, "predicted");
  EXPECT_NEAR(funding.rates[2].per_day, -36.0, 1e-9);  // a short pays a negative rate
  EXPECT_FALSE(funding.rates[2].fee_payback_days);
}

TEST(Whatif, FillMovesEntryAndRealizesTheClosedPart) {
  const FilledPosition grown = apply_fill(-1.0, 60000.0, -1.0, 62000.0);
  EXPECT_DOUBLE_EQ(grown.qty, -2.0);
  EXPECT_DOUBLE_EQ(grown.entry_price, 61000.0);
  EXPECT_DOUBLE_EQ(grown.realized_pnl, 0.0);
  const FilledPosition reduced = apply_fill(-2.0, 60000.0, 0.5, 58000.0);
  EXPECT_DOUBLE_EQ(reduced.qty, -1.5);
  EXPECT_DOUBLE_EQ(reduced.entry_price, 60000.0);
  EXPECT_DOUBLE_EQ(reduced.realized_pnl, 1000.0);
  const FilledPosition flipped = apply_fill(-1.0, 60000.0, 3.0, 59000.0);
  EXPECT_DOUBLE_EQ(flipped.qty, 2.0);
  EXPECT_DOUBLE_EQ(flipped.entry_price, 59000.0);
  EXPECT_DOUBLE_EQ(flipped.realized_pnl, 1000.0);
}

TEST(ChartTicks, RoundStepsAndLabelsWithTheDecimalsTheStepNeeds) {
  // 35 123 .. 58 321 in about 4: 10k apart from 30k (never 35.1k, 41.9k...).
  EXPECT_EQ(round_ticks(35123.0, 58321.0, 4), (std::vector<double>{30000, 40000, 50000, 60000}));
  EXPECT_EQ(round_ticks(60000.0, 69000.0, 4),
            (std::vector<double>{60000, 62500, 65000, 67500, 70000}));
  EXPECT_EQ(tick_label(62500.0, 2500.0, false), "62.5k");
  EXPECT_EQ(tick_label(65000.0, 2500.0, false), "65k");
  EXPECT_EQ(tick_label(1.2e6, 2e5, false), "1.2M");
  EXPECT_EQ(tick_label(0.25, 0.25, false), "0.25");
  EXPECT_EQ(tick_label(-0.2, 0.05, true), "-20 %");
  EXPECT_EQ(tick_label(0.025, 0.025, true), "2.5 %");
}

}  // namespace
}  // namespace hedgebot::bot
