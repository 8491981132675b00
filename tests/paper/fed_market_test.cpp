// A paper market fed from a venue's public data instead of files: candles of other intervals
// served as fed (SymbolData::by_interval) and the venue's current mark and predicted funding
// (SymbolData::venue_mark).
#include <gtest/gtest.h>

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

MarkAndFunding venue_mark_at(int64_t time_ms, double price) {
  MarkAndFunding mark;
  mark.mark_price = price;
  mark.index_price = price + 1.0;
  mark.predicted_rate = 0.00042;
  mark.next_funding_ms = hour(16);
  mark.time_ms = time_ms;
  return mark;
}

TEST(FedMarket, TheVenueMarkPricesFillsAndMarginAfterTheLastCandle) {
  SymbolData data = btc_market(flat_hours(10, 60000.0), funding_every_8h({0.0001}));
  data.venue_mark = venue_mark_at(hour(10) + 30 * kMinuteMs, 61000.0);
  PaperExchange exchange(no_slippage_settings(100000.0), {data});
  ASSERT_TRUE(exchange.advance_to(hour(10) + 31 * kMinuteMs));

  auto mark = exchange.mark_and_funding("BTCUSDT");
  ASSERT_TRUE(mark) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 61000.0);
  EXPECT_EQ(mark->time_ms, hour(10) + 30 * kMinuteMs);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.00042);  // the venue's, not the last settled rate
  EXPECT_EQ(mark->next_funding_ms, hour(16));

  auto order = exchange.place_order(market(Side::Sell, 1000, "fed-1"));
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 61000.0);  // not the 10:00 close of 60 000
  auto position = exchange.position("BTCUSDT");
  ASSERT_TRUE(position);
  EXPECT_NEAR(position->unrealized_pnl, 0.0, 1e-9);
}

TEST(FedMarket, AVenueMarkReadAfterNowOrBeforeTheLastCloseIsNotUsed) {
  SymbolData data = btc_market(flat_hours(10, 60000.0));
  data.venue_mark = venue_mark_at(hour(12), 61000.0);  // after "now"
  PaperExchange later(no_slippage_settings(100000.0), {data});
  ASSERT_TRUE(later.advance_to(hour(10) + kMinuteMs));
  auto mark = later.mark_and_funding("BTCUSDT");
  ASSERT_TRUE(mark);
  EXPECT_DOUBLE_EQ(mark->mark_price, 60000.0);
  auto order = later.place_order(market(Side::Sell, 1000, "fed-2"));
  ASSERT_TRUE(order);
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 60000.0);

  data.venue_mark = venue_mark_at(hour(9), 61000.0);  // older than the 10:00 close
  PaperExchange older(no_slippage_settings(100000.0), {data});
  ASSERT_TRUE(older.advance_to(hour(10) + kMinuteMs));
  order = older.place_order(market(Side::Sell, 1000, "fed-3"));
  ASSERT_TRUE(order);
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 60000.0);
}

TEST(FedMarket, FedIntervalsAreServedAsFedNotAggregated) {
  SymbolData data = btc_market(flat_hours(30, 60000.0));
  CandleSeries daily;
  daily.interval_ms = kDayMs;
  for (int day = 0; day < 5; ++day) {
    const int64_t open = hour(0) - (4 - day) * kDayMs;
    daily.candles.push_back(Candle{open, 100.0 + day, 110.0 + day, 90.0 + day, 105.0 + day, 1.0});
  }
  data.by_interval[kDayMs] = daily;
  PaperExchange exchange(no_slippage_settings(), {data});
  ASSERT_TRUE(exchange.advance_to(hour(25)));

  // Five fed days closed at hour 25 (the last one opened at hour 0 and closed at hour 24).
  auto got = exchange.closed_candles("BTCUSDT", kDayMs, 3);
  ASSERT_TRUE(got) << got.error().describe();
  ASSERT_EQ(got->candles.size(), 3u);
  EXPECT_EQ(got->interval_ms, kDayMs);
  EXPECT_DOUBLE_EQ(got->candles.back().close, 109.0);
  EXPECT_EQ(got->candles.back().open_time_ms, hour(0));

  // An interval that was not fed still aggregates the base candles.
  auto four = exchange.closed_candles("BTCUSDT", 4 * kHourMs, 2);
  ASSERT_TRUE(four) << four.error().describe();
  ASSERT_EQ(four->candles.size(), 2u);
  EXPECT_DOUBLE_EQ(four->candles.back().close, 60000.0);
}

}  // namespace
}  // namespace hedgebot::paper
