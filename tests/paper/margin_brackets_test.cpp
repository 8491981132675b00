// Tiered maintenance margin: the bracket arithmetic (exchange/margin_brackets.hpp), the bundled
// tables, and the paper exchange liquidating at the bracket liquidation price. Golden values
// are worked by hand from the bundled BTCUSDT table:
//   bracket 1: [0, 50 000)          rate 0.004   amount 0
//   bracket 2: [50 000, 600 000)    rate 0.005   amount 50
//   bracket 3: [600 000, 3 000 000) rate 0.0065  amount 950
//   bracket 4: [3 000 000, 12 M)    rate 0.01    amount 11 450

#include "exchange/margin_brackets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "paper/bundled_brackets.hpp"
#include "paper/margin_model.hpp"
#include "paper/paper_exchange.hpp"
#include "tests/paper/paper_fixtures.hpp"

namespace hedgebot::paper {
namespace {

using testing::btc_market;
using testing::flat_hours;
using testing::hour;
using testing::market;
using testing::no_slippage_settings;

MarginBrackets btc_table() {
  auto table = bundled_brackets("BTCUSDT");
  if (!table) throw std::logic_error("no bundled BTCUSDT table");
  return *table;
}

TEST(MarginBrackets, BundledTablesAreWellFormedAndTheirAmountsContinuous) {
  for (const char* symbol : {"BTCUSDT", "ETHUSDT"}) {
    const auto table = bundled_brackets(symbol);
    ASSERT_TRUE(table) << symbol;
    EXPECT_TRUE(check_brackets(*table)) << symbol;
    // amount_b = amount_(b-1) + floor_b x (rate_b - rate_(b-1)): no jump at a bracket's floor.
    for (size_t i = 1; i < table->size(); ++i) {
      const MarginBracket& b = (*table)[i];
      const MarginBracket& previous = (*table)[i - 1];
      EXPECT_NEAR(b.maint_amount,
                  previous.maint_amount +
                      b.notional_floor * (b.maint_margin_rate - previous.maint_margin_rate),
                  1e-6)
          << symbol << " bracket " << i + 1;
    }
  }
  EXPECT_FALSE(bundled_brackets("DOGEUSDT"));
}

TEST(MarginBrackets, LookupTakesTheBracketTheNotionalFallsIn) {
  const MarginBrackets table = btc_table();
  EXPECT_DOUBLE_EQ(bracket_for(table, 0.0).maint_margin_rate, 0.004);
  EXPECT_DOUBLE_EQ(bracket_for(table, 49'999.99).maint_margin_rate, 0.004);
  EXPECT_DOUBLE_EQ(bracket_for(table, 50'000.0).maint_margin_rate, 0.005);  // floor included
  EXPECT_DOUBLE_EQ(bracket_for(table, 227'500.0).maint_margin_rate, 0.005);
  EXPECT_DOUBLE_EQ(bracket_for(table, 600'000.0).maint_margin_rate, 0.0065);
  EXPECT_EQ(bracket_for(table, 5'000'000.0).max_leverage, 50);
  EXPECT_DOUBLE_EQ(bracket_for(table, 1e12).maint_margin_rate, 0.5);  // past the last cap
}

TEST(MarginBrackets, MaintenanceMarginIsNotionalTimesRateLessTheAmount) {
  const MarginBrackets table = btc_table();
  EXPECT_DOUBLE_EQ(maint_margin(table, 30'000.0), 120.0);        // 30 000 x 0.004
  EXPECT_DOUBLE_EQ(maint_margin(table, 227'500.0), 1'087.5);     // 1 137.5 - 50
  EXPECT_DOUBLE_EQ(maint_margin(table, 1'000'000.0), 5'550.0);   // 6 500 - 950
  EXPECT_DOUBLE_EQ(maint_margin(table, 5'000'000.0), 38'550.0);  // 50 000 - 11 450
  // Continuous at a bracket's floor: 50 000 x 0.004 = 50 000 x 0.005 - 50 = 200.
  EXPECT_DOUBLE_EQ(maint_margin(table, 50'000.0), 200.0);
  EXPECT_DOUBLE_EQ(maint_margin(table, 600'000.0), 2'950.0);  // 3 000 - 50 = 3 900 - 950
  // A flat table is one rate for every size.
  EXPECT_DOUBLE_EQ(maint_margin(flat_brackets(0.004), 5'000'000.0), 20'000.0);
}

TEST(MarginBrackets, MaxNotionalAtLeverageIsTheLastCapThatAllowsIt) {
  const MarginBrackets table = btc_table();
  EXPECT_DOUBLE_EQ(max_notional_at_leverage(table, 125), 50'000.0);
  EXPECT_DOUBLE_EQ(max_notional_at_leverage(table, 100), 600'000.0);
  EXPECT_DOUBLE_EQ(max_notional_at_leverage(table, 50), 12'000'000.0);
  EXPECT_DOUBLE_EQ(max_notional_at_leverage(table, 20), 100'000'000.0);
  EXPECT_TRUE(std::isinf(max_notional_at_leverage(flat_brackets(0.004), 125)));
}

TEST(MarginBrackets, CheckNamesTheBadBracket) {
  MarginBrackets table = btc_table();
  table[2].notional_floor = 500'000.0;  // not the previous cap
  const Status gap = check_brackets(table);
  ASSERT_FALSE(gap);
  EXPECT_NE(gap.error().message.find("margin bracket 3"), std::string::npos);
  table = btc_table();
  table[1].maint_margin_rate = 0.003;  // below bracket 1
  EXPECT_FALSE(check_brackets(table));
  EXPECT_FALSE(check_brackets({}));
}

TEST(MarginBrackets, LargeShortLiquidatesEarlierThanTheFlatRateSays) {
  // 20 BTC short from 60 000 (1.2 M notional) on a 100 000 wallet. Near 64 600 the notional
  // (~1.29 M) is in bracket 3: LP = (100 000 + 950 + 1 200 000) / (20 x 0.0065 + 20).
  const double bracketed = liquidation_price(-20.0, 60000.0, 100000.0, 0.0, 0.0, btc_table());
  EXPECT_NEAR(bracketed, 1'300'950.0 / 20.13, 1e-6);
  // The flat 0.004 puts it further away: (100 000 + 1 200 000) / 20.08.
  const double flat = liquidation_price(-20.0, 60000.0, 100000.0, 0.0, 0.0, flat_brackets(0.004));
  EXPECT_NEAR(flat, 1'300'000.0 / 20.08, 1e-6);
  EXPECT_LT(bracketed, flat - 100.0);
  // At that price the margin ratio is exactly 1 with the bracket maintenance margin.
  const Instrument instrument = default_instrument("BTCUSDT", 1.0);
  const MarginBrackets table = btc_table();
  const Account at = margin_account(
      100000.0, {MarginLine{{-20000, 60000.0}, &instrument, bracketed, 20, &table}}, 0.0);
  EXPECT_NEAR(at.margin_ratio(), 1.0, 1e-12);
}

TEST(MarginBrackets, LargeLongUsesTheBracketAtItsLiquidationPrice) {
  // 100 BTC long from 50 000 (5 M notional) on a 1 M wallet: near 40 288 the notional (~4.03 M)
  // is in bracket 4: LP = (1 000 000 + 11 450 - 5 000 000) / (100 x 0.01 - 100).
  EXPECT_NEAR(liquidation_price(100.0, 50000.0, 1'000'000.0, 0.0, 0.0, btc_table()),
              3'988'550.0 / 99.0, 1e-6);
}

TEST(MarginBrackets, BracketIsTheOneAtTheLiquidationPriceNotAtEntry) {
  // 10 BTC short from 58 000: 580 000 of notional, bracket 2 at entry. Solved in bracket 2 the
  // price would be (60 000 + 50 + 580 000) / 10.05 = 63 686.57, a notional of 636 866 that is
  // in bracket 3, so bracket 2 is not consistent; bracket 3 gives
  // (60 000 + 950 + 580 000) / 10.065 = 63 681.07 (636 811: in bracket 3).
  const double price = liquidation_price(-10.0, 58000.0, 60000.0, 0.0, 0.0, btc_table());
  EXPECT_NEAR(price, 640'950.0 / 10.065, 1e-6);
  EXPECT_GE(10.0 * price, 600'000.0);
}

TEST(MarginBrackets, EdgeCasesKeepTheirMeaning) {
  const MarginBrackets table = btc_table();
  EXPECT_EQ(liquidation_price(0.0, 50000.0, 1000.0, 0.0, 0.0, table), 0.0);  // flat
  // A long backed by more than its notional has no liquidation price.
  EXPECT_EQ(liquidation_price(1.0, 50000.0, 60000.0, 0.0, 0.0, table), 0.0);
  // A short on a bankrupt account: a price <= 0, "liquidated at any price".
  EXPECT_LE(liquidation_price(-1.0, 50000.0, -60000.0, 0.0, 0.0, table), 0.0);
}

// 20 BTC short at 60 000 and 20x on 100 000: 480 of fee leaves 99 520.
constexpr double kWalletAfterFee = 100000.0 - 1'200'000.0 * 0.0004;
constexpr double kBracketLiquidation = (kWalletAfterFee + 950.0 + 1'200'000.0) / 20.13;
constexpr double kFlatLiquidation = (kWalletAfterFee + 1'200'000.0) / 20.08;

CandleSeries path_between_the_two_prices() {
  // A generated path: flat at 60 000, then one hour whose high reaches between the bracket
  // liquidation price (~64 604) and the flat-rate one (~64 717).
  CandleSeries candles = flat_hours(12, 60000.0);
  candles.candles[8].high = 64'650.0;
  return candles;
}

TEST(PaperBrackets, LargeShortIsLiquidatedAtTheBracketLiquidationPrice) {
  PaperExchange exchange(no_slippage_settings(100000.0),
                         {btc_market(path_between_the_two_prices())});
  EXPECT_EQ(*exchange.bracket_source("BTCUSDT"), BracketSource::Bundled);
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 20000, "big-short")));
  const auto position = exchange.position("BTCUSDT");
  ASSERT_TRUE(position);
  EXPECT_NEAR(position->liquidation_price, kBracketLiquidation, 1e-6);
  EXPECT_NEAR(position->maint_margin, 1'200'000.0 * 0.0065 - 950.0, 1e-6);  // 6 850
  EXPECT_NEAR(exchange.account()->maint_margin, 6'850.0, 1e-6);
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(12), &events));
  std::vector<PaperEvent> liquidations;
  for (const PaperEvent& event : events)
    if (event.kind == PaperEvent::Kind::Liquidation) liquidations.push_back(event);
  ASSERT_EQ(liquidations.size(), 1u);
  EXPECT_EQ(liquidations[0].time_ms, hour(9));
  EXPECT_NEAR(liquidations[0].price, kBracketLiquidation, 1e-6);
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 0);
}

TEST(PaperBrackets, FlatRateSettingOverridesTheBrackets) {
  PaperSettings settings = no_slippage_settings(100000.0);
  settings.maint_margin_rate = 0.004;
  PaperExchange exchange(settings, {btc_market(path_between_the_two_prices())});
  EXPECT_EQ(*exchange.bracket_source("BTCUSDT"), BracketSource::FlatOverride);
  EXPECT_EQ(exchange.margin_brackets("BTCUSDT")->size(), 1u);
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 20000, "big-short")));
  EXPECT_NEAR(exchange.position("BTCUSDT")->liquidation_price, kFlatLiquidation, 1e-6);
  EXPECT_NEAR(exchange.position("BTCUSDT")->maint_margin, 4'800.0, 1e-6);
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(12), &events));
  for (const PaperEvent& event : events) EXPECT_NE(event.kind, PaperEvent::Kind::Liquidation);
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, -20000);
}

TEST(PaperBrackets, VenueTableWinsOverTheBundledOneAndUnknownSymbolsFallBackFlat) {
  SymbolData btc = btc_market(flat_hours(4, 60000.0));
  btc.brackets = {{0, 10'000, 50, 0.01, 0}, {10'000, 1e9, 20, 0.02, 100}};
  SymbolData other = btc_market(flat_hours(4, 1.0));
  other.instrument = default_instrument("DOGEUSDT", 1.0);
  PaperExchange exchange(no_slippage_settings(), {btc, other});
  EXPECT_EQ(*exchange.bracket_source("BTCUSDT"), BracketSource::Venue);
  EXPECT_DOUBLE_EQ((*exchange.margin_brackets("BTCUSDT"))[1].maint_amount, 100.0);
  EXPECT_EQ(*exchange.bracket_source("DOGEUSDT"), BracketSource::FlatFallback);
  EXPECT_DOUBLE_EQ((*exchange.margin_brackets("DOGEUSDT"))[0].maint_margin_rate,
                   kFallbackMaintRate);
  EXPECT_EQ(exchange.margin_brackets("XRPUSDT").error().kind, ErrorKind::NotFound);
}

}  // namespace
}  // namespace hedgebot::paper
