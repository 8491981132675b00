// The simulator's small models, each on its own: fees, fills/slippage, funding, position
// accounting, margin and liquidation.

#include <gtest/gtest.h>

#include "paper/fee_model.hpp"
#include "paper/fill_model.hpp"
#include "paper/funding_model.hpp"
#include "paper/margin_model.hpp"
#include "paper/paper_exchange.hpp"
#include "paper/position_model.hpp"
#include "tests/paper/paper_fixtures.hpp"

namespace hedgebot::paper {
namespace {

using testing::hour;

Instrument btc() {
  return default_instrument("BTCUSDT", 1.0);
}

const MarginBrackets kFlat = flat_brackets(0.004);

TEST(PaperFeeModel, ChargesTakerOrMakerRateOnAbsoluteNotional) {
  const FeeModel fees{0.0004, 0.0002};
  EXPECT_DOUBLE_EQ(fees.fee(60000.0, Liquidity::Taker), 24.0);
  EXPECT_DOUBLE_EQ(fees.fee(-60000.0, Liquidity::Maker), 12.0);
}

TEST(PaperFillModel, MarketSlippageWorsensThePriceAndRoundsAgainstTheTrader) {
  const Instrument instrument = btc();  // tick 0.1
  // 60000.33 × 1.001 = 60060.33033 -> up to 60060.4; × 0.999 = 59940.32967 -> down to 59940.3
  EXPECT_EQ(market_fill_ticks(instrument, Side::Buy, 60000.33, 10.0), 600604);
  EXPECT_EQ(market_fill_ticks(instrument, Side::Sell, 60000.33, 10.0), 599403);
  // Without slippage a price off the tick still rounds against the trader.
  EXPECT_EQ(market_fill_ticks(instrument, Side::Buy, 60000.33, 0.0), 600004);
  EXPECT_EQ(market_fill_ticks(instrument, Side::Sell, 60000.33, 0.0), 600003);
  // On the tick: unchanged.
  EXPECT_EQ(market_fill_ticks(instrument, Side::Buy, 60000.0, 0.0), 600000);
}

TEST(PaperFillModel, LimitCrossingRules) {
  const Candle candle{0, 100.0, 105.0, 95.0, 101.0, 1.0};
  EXPECT_TRUE(candle_crosses(Side::Buy, 95.0, candle));
  EXPECT_FALSE(candle_crosses(Side::Buy, 94.9, candle));
  EXPECT_TRUE(candle_crosses(Side::Sell, 105.0, candle));
  EXPECT_FALSE(candle_crosses(Side::Sell, 105.1, candle));
  EXPECT_TRUE(crosses_now(Side::Buy, 100.0, 100.0));
  EXPECT_FALSE(crosses_now(Side::Buy, 99.9, 100.0));
  EXPECT_TRUE(crosses_now(Side::Sell, 99.0, 100.0));
  EXPECT_FALSE(crosses_now(Side::Sell, 100.1, 100.0));
}

TEST(PaperFundingModel, PositiveRateShortReceivesLongPays) {
  EXPECT_DOUBLE_EQ(funding_cash_flow(-1.0, 60000.0, 0.0001), 6.0);
  EXPECT_DOUBLE_EQ(funding_cash_flow(1.0, 60000.0, 0.0001), -6.0);
  EXPECT_DOUBLE_EQ(funding_cash_flow(-2.0, 50000.0, -0.0002), -20.0);
  EXPECT_DOUBLE_EQ(funding_cash_flow(0.0, 50000.0, 0.0002), 0.0);
}

TEST(PaperFundingModel, FindsNextSettlementAndInterval) {
  const std::vector<FundingRate> rows = testing::funding_every_8h({0.1, 0.2, 0.3});
  EXPECT_EQ(first_funding_after(rows, hour(0)), 0u);
  EXPECT_EQ(first_funding_after(rows, hour(8)), 1u);  // hour 8 is settled, not next
  EXPECT_EQ(first_funding_after(rows, hour(30)), 3u);
  EXPECT_EQ(funding_interval_at(rows, hour(9)), 8 * kHourMs);
  std::vector<FundingRate> four_hourly = {{hour(0), 0, 0}, {hour(4), 0, 0}, {hour(8), 0, 0}};
  EXPECT_EQ(funding_interval_at(four_hourly, hour(100)), 4 * kHourMs);
  EXPECT_EQ(funding_interval_at({}, hour(1)), 8 * kHourMs);
}

TEST(PaperPositionModel, AveragesEntryWhenAdding) {
  const Instrument instrument = btc();
  FillOutcome first = apply_fill({}, -1000, 60000.0, instrument);
  EXPECT_EQ(first.position.qty_steps, -1000);
  EXPECT_DOUBLE_EQ(first.position.entry_price, 60000.0);
  EXPECT_DOUBLE_EQ(first.realized_pnl, 0.0);
  FillOutcome second = apply_fill(first.position, -3000, 64000.0, instrument);
  EXPECT_EQ(second.position.qty_steps, -4000);
  EXPECT_DOUBLE_EQ(second.position.entry_price, 63000.0);
}

TEST(PaperPositionModel, RealizesOnReductionAndKeepsEntry) {
  const Instrument instrument = btc();
  const FillOutcome outcome = apply_fill({-2000, 60000.0}, 500, 54000.0, instrument);
  EXPECT_EQ(outcome.position.qty_steps, -1500);
  EXPECT_DOUBLE_EQ(outcome.position.entry_price, 60000.0);
  EXPECT_NEAR(outcome.realized_pnl, 3000.0, 1e-9);  // 0.5 BTC short gained 6000 each
}

TEST(PaperPositionModel, FlipRealizesTheOldSideAndOpensAtTheFillPrice) {
  const Instrument instrument = btc();
  const FillOutcome outcome = apply_fill({1000, 50000.0}, -3000, 52000.0, instrument);
  EXPECT_EQ(outcome.position.qty_steps, -2000);
  EXPECT_DOUBLE_EQ(outcome.position.entry_price, 52000.0);
  EXPECT_NEAR(outcome.realized_pnl, 2000.0, 1e-9);
  const FillOutcome closed = apply_fill({1000, 50000.0}, -1000, 49000.0, instrument);
  EXPECT_EQ(closed.position.qty_steps, 0);
  EXPECT_DOUBLE_EQ(closed.position.entry_price, 0.0);
  EXPECT_NEAR(closed.realized_pnl, -1000.0, 1e-9);
}

TEST(PaperPositionModel, UnrealizedUsesContractSize) {
  const Instrument micro = default_instrument("BTCUSDT", 0.01);
  // 350 contracts short = 3.5 BTC; a micro contract's step is one whole contract.
  EXPECT_EQ(micro.qty_step, (Decimal{1, 0}));
  EXPECT_NEAR(unrealized_pnl({-350, 60000.0}, 54000.0, micro), 21000.0, 1e-6);
}

TEST(PaperMarginModel, ReportsBinanceStyleAccount) {
  const Instrument instrument = btc();
  const std::vector<MarginLine> lines = {
      MarginLine{{-1000, 60000.0}, &instrument, 54000.0, 20, &kFlat}};
  const Account account = margin_account(10000.0, lines, 100.0);
  EXPECT_DOUBLE_EQ(account.unrealized_pnl, 6000.0);
  EXPECT_DOUBLE_EQ(account.margin_balance, 16000.0);
  EXPECT_DOUBLE_EQ(account.maint_margin, 54000.0 * 0.004);
  EXPECT_DOUBLE_EQ(account.initial_margin, 2700.0 + 100.0);
  EXPECT_DOUBLE_EQ(account.available_balance, 16000.0 - 2800.0);
  EXPECT_FALSE(is_liquidatable(account));
}

TEST(PaperMarginModel, DesignInitialMarginExample) {
  // docs/design.md: a 227 500 USDT notional at 50x needs 4 550 USDT.
  const Instrument instrument = btc();
  const std::vector<MarginLine> lines = {
      MarginLine{{3500, 65000.0}, &instrument, 65000.0, 50, &kFlat}};
  EXPECT_NEAR(margin_account(10000.0, lines, 0.0).initial_margin, 4550.0, 1e-9);
}

TEST(PaperMarginModel, LiquidatableAtMarginRatioOne) {
  const Instrument instrument = btc();
  // 1 BTC short from 60000, wallet 300: at 60298.80 the margin balance is 1.20 and the
  // maintenance margin 0.004 × 60298.80 = 241.1952 -> ratio > 1.
  auto at = [&](double price) {
    return margin_account(300.0, {MarginLine{{-1000, 60000.0}, &instrument, price, 20, &kFlat}},
                          0.0);
  };
  EXPECT_FALSE(is_liquidatable(at(60000.0)));
  EXPECT_TRUE(is_liquidatable(at(60298.8)));
  EXPECT_FALSE(is_liquidatable(margin_account(-5.0, {}, 0.0)));  // nothing to liquidate
  const Candle candle{0, 100.0, 110.0, 90.0, 101.0, 1.0};
  EXPECT_DOUBLE_EQ(adverse_price(-1, candle), 110.0);
  EXPECT_DOUBLE_EQ(adverse_price(1, candle), 90.0);
}

TEST(PaperMarginModel, LiquidationPriceIsWhereTheRatioReachesOne) {
  const Instrument instrument = btc();
  // 1 BTC short from 60 000 on a 300 wallet: (300 + 60 000) / 1.004.
  const double short_price = liquidation_price(-1.0, 60000.0, 300.0, 0.0, 0.0, kFlat);
  EXPECT_NEAR(short_price, 60300.0 / 1.004, 1e-9);
  const Account at_short = margin_account(
      300.0, {MarginLine{{-1000, 60000.0}, &instrument, short_price, 20, &kFlat}}, 0.0);
  EXPECT_NEAR(at_short.margin_ratio(), 1.0, 1e-12);
  // 2 BTC long from 50 000 on a 10 000 wallet, another position's 40 maintenance margin and
  // 100 of loss: (2 × 50 000 - 10 000 + 40 + 100) / (2 × 0.996).
  EXPECT_NEAR(liquidation_price(2.0, 50000.0, 10000.0, 40.0, -100.0, kFlat),
              (100000.0 - 10000.0 + 140.0) / 1.992, 1e-9);
  // A long backed by more than its notional has none; flat has none.
  EXPECT_EQ(liquidation_price(1.0, 50000.0, 60000.0, 0.0, 0.0, kFlat), 0.0);
  EXPECT_EQ(liquidation_price(0.0, 50000.0, 60000.0, 0.0, 0.0, kFlat), 0.0);
}

TEST(PaperMarginModel, OrderCostIsInitialMarginOpenLossAndFee) {
  // A sell of 2 BTC at 59 990 against a 60 000 mark at 4x: 29 995 of initial margin, 20 lost
  // against the mark on arrival, and the fee.
  const OrderCost sell = order_cost(Side::Sell, 2.0, 59990.0, 60000.0, 4, 48.0);
  EXPECT_DOUBLE_EQ(sell.initial_margin, 29995.0);
  EXPECT_DOUBLE_EQ(sell.open_loss, 20.0);
  EXPECT_DOUBLE_EQ(sell.total(), 29995.0 + 20.0 + 48.0);
  // A sell above the mark loses nothing on arrival; a buy above it does.
  EXPECT_DOUBLE_EQ(order_cost(Side::Sell, 2.0, 60010.0, 60000.0, 4, 0.0).open_loss, 0.0);
  EXPECT_DOUBLE_EQ(order_cost(Side::Buy, 2.0, 60010.0, 60000.0, 4, 0.0).open_loss, 20.0);
}

TEST(PaperInstrument, DefaultFilters) {
  const Instrument btc_instrument = default_instrument("BTCUSDT", 1.0);
  EXPECT_EQ(btc_instrument.qty_step, (Decimal{1, 3}));
  EXPECT_EQ(btc_instrument.price_tick, (Decimal{1, 1}));
  EXPECT_DOUBLE_EQ(btc_instrument.min_notional, 100.0);
  EXPECT_EQ(btc_instrument.base_asset, "BTC");
  EXPECT_EQ(btc_instrument.quote_asset, "USDT");
  const Instrument eth = default_instrument("ETHUSDT", 1.0);
  EXPECT_EQ(eth.price_tick, (Decimal{1, 2}));
  EXPECT_DOUBLE_EQ(eth.min_notional, 20.0);
  const Instrument other = default_instrument("SOLUSDC", 0.5);
  EXPECT_EQ(other.price_tick, (Decimal{1, 2}));
  EXPECT_DOUBLE_EQ(other.min_notional, 5.0);
  EXPECT_EQ(other.base_asset, "SOL");
  EXPECT_EQ(other.quote_asset, "USDC");
  EXPECT_DOUBLE_EQ(other.contract_size, 0.5);
}

}  // namespace
}  // namespace hedgebot::paper
