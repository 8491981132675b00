// Dated contracts on paper: the basis model (an annualised premium over the perpetual decaying
// linearly to zero at delivery), the quarterly contracts the simulator lists, no funding on them,
// and a delivered contract that is never quietly forgotten.
#include "paper/dated_market.hpp"

#include <gtest/gtest.h>

#include "exchange/dated_contract.hpp"
#include "paper/paper_exchange.hpp"
#include "tests/paper/paper_fixtures.hpp"

namespace hedgebot::paper {
namespace {

using testing::btc_market;
using testing::flat_hours;
using testing::funding_every_8h;
using testing::hour;
using testing::market;
using testing::no_slippage_settings;

constexpr int64_t kYearMs = 365 * kDayMs;

OrderRequest sell_on(const std::string& symbol) {
  OrderRequest request = market(Side::Sell, 1000, "q-open");
  request.symbol = symbol;
  return request;
}

TEST(DatedBasis, DecaysLinearlyToZeroAtDelivery) {
  const int64_t delivery = parse_time_ms("2024-03-29T08:00:00Z").value();
  EXPECT_DOUBLE_EQ(dated_basis_factor(0.08, delivery - kYearMs / 4, delivery), 1.02);
  EXPECT_DOUBLE_EQ(dated_basis_factor(0.08, delivery - kYearMs / 8, delivery), 1.01);
  EXPECT_DOUBLE_EQ(dated_basis_factor(0.08, delivery, delivery), 1.0);
  EXPECT_DOUBLE_EQ(dated_basis_factor(0.08, delivery + kDayMs, delivery), 1.0);
  EXPECT_DOUBLE_EQ(dated_basis_factor(-0.04, delivery - kYearMs / 2, delivery), 0.98);
}

TEST(PaperDated, ListsTheTwoQuartersPricedWithTheBasisAndPaysThemNoFunding) {
  PaperSettings settings = no_slippage_settings(100000.0);
  settings.dated_basis = 0.08;
  PaperExchange exchange(settings,
                         {btc_market(flat_hours(48, 60000.0), funding_every_8h({0.001, 0.001}))});
  ASSERT_TRUE(exchange.advance_to(hour(24)));
  auto listed = exchange.dated_contracts("BTCUSDT");
  ASSERT_TRUE(listed) << listed.error().describe();
  ASSERT_EQ(listed->size(), 2U);
  const int64_t march = parse_time_ms("2024-03-29T08:00:00Z").value();
  const int64_t june = parse_time_ms("2024-06-28T08:00:00Z").value();
  for (const DatedContract& dated : *listed) {
    const bool current = dated.period == ContractPeriod::CurrentQuarter;
    EXPECT_EQ(dated.instrument.symbol, current ? "BTCUSDT_240329" : "BTCUSDT_240628");
    EXPECT_EQ(dated.instrument.delivery_ms, current ? march : june);
    EXPECT_TRUE(dated.instrument.trading);
  }

  // The last closed candle (closing at hour 24) and the mark: 60 000 x (1 + 8 % x time left).
  const double factor = 1.0 + 0.08 * static_cast<double>(march - hour(24)) / kYearMs;
  auto candles = exchange.closed_candles("BTCUSDT_240329", kHourMs, 3);
  ASSERT_TRUE(candles) << candles.error().describe();
  ASSERT_EQ(candles->candles.size(), 3U);
  EXPECT_DOUBLE_EQ(candles->candles.back().close, 60000.0 * factor);
  EXPECT_LT(candles->candles.front().close, 60000.0 * (factor + 1e-4));
  auto mark = exchange.mark_and_funding("BTCUSDT_240329");
  ASSERT_TRUE(mark) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 60000.0 * factor);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.0);
  auto later = exchange.mark_and_funding("BTCUSDT_240628");
  ASSERT_TRUE(later);
  EXPECT_GT(later->mark_price, mark->mark_price);  // further from delivery: more premium

  // A short on the quarter across a funding time of the perpetual pays and receives nothing.
  auto sold = exchange.place_order(sell_on("BTCUSDT_240329"));
  ASSERT_TRUE(sold) << sold.error().describe();
  EXPECT_EQ(sold->status, OrderStatus::Filled);
  ASSERT_TRUE(exchange.advance_to(hour(40)));
  EXPECT_DOUBLE_EQ(exchange.totals().funding_paid, 0.0);
  EXPECT_DOUBLE_EQ(exchange.totals().funding_received, 0.0);
}

TEST(PaperDated, TheMarketEndsAtDeliveryAndAHeldDeliveredContractIsListedAsNotTrading) {
  PaperSettings settings = no_slippage_settings(100000.0);
  settings.dated_basis = 0.08;
  const int64_t march = parse_time_ms("2024-03-29T08:00:00Z").value();
  const int hours = static_cast<int>((march - hour(0)) / kHourMs) + 24;
  PaperExchange exchange(settings, {btc_market(flat_hours(hours, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(march - 4 * kDayMs));
  ASSERT_TRUE(exchange.dated_contracts("BTCUSDT"));
  ASSERT_TRUE(exchange.place_order(sell_on("BTCUSDT_240329")));
  ASSERT_TRUE(exchange.advance_to(march));
  auto at_delivery = exchange.mark_and_funding("BTCUSDT_240329");
  ASSERT_TRUE(at_delivery);
  EXPECT_DOUBLE_EQ(at_delivery->mark_price, 60000.0);  // no premium left
  ASSERT_TRUE(exchange.advance_to(march + 5 * kHourMs));
  auto candles = exchange.closed_candles("BTCUSDT_240329", kHourMs, 10);
  ASSERT_TRUE(candles);
  EXPECT_EQ(candles->candles.back().open_time_ms + kHourMs, march);  // nothing after delivery
  auto listed = exchange.dated_contracts("BTCUSDT");
  ASSERT_TRUE(listed);
  bool delivered_listed = false;
  for (const DatedContract& dated : *listed) {
    if (dated.instrument.symbol != "BTCUSDT_240329") continue;
    delivered_listed = true;
    EXPECT_FALSE(dated.instrument.trading);
    EXPECT_EQ(dated.period, ContractPeriod::Other);
  }
  EXPECT_TRUE(delivered_listed) << "a delivered contract still held must stay visible";
}

}  // namespace
}  // namespace hedgebot::paper
