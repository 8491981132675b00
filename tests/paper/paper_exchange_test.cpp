#include "paper/paper_exchange.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "paper/market_data.hpp"
#include "tests/paper/paper_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::paper {
namespace {

using testing::btc_market;
using testing::flat_hours;
using testing::funding_every_8h;
using ::testing::HasSubstr;
using testing::hour;
using testing::hourly_closes;
using testing::limit;
using testing::market;
using testing::no_slippage_settings;

std::vector<PaperEvent> of_kind(const std::vector<PaperEvent>& events, PaperEvent::Kind kind) {
  std::vector<PaperEvent> out;
  for (const PaperEvent& event : events) {
    if (event.kind == kind) out.push_back(event);
  }
  return out;
}

// 8 h at 60 000, a slide to 54 000 over 8 h, then 54 000 until hour 30.
std::vector<double> slide_60k_to_54k() {
  std::vector<double> closes(8, 60000.0);
  for (int i = 1; i <= 8; ++i) closes.push_back(60000.0 - 750.0 * i);
  while (closes.size() < 30) closes.push_back(54000.0);
  return closes;
}

TEST(PaperHedge, DesignWorkedExampleNetsToMinusFeesMinusFunding) {
  // docs/design.md: 1 BTC spot hedged 100 % at 60 000, price to 54 000 -> spot -6 000,
  // hedge +6 000, net = -fees - funding.
  PaperSettings settings = no_slippage_settings(10000.0);
  settings.initial_spot = {{"BTC", 1.0}};
  PaperExchange exchange(settings, {btc_market(hourly_closes(slide_60k_to_54k()),
                                               funding_every_8h({0.0001, -0.00005, 0.0002}))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto order = exchange.place_order(market(Side::Sell, 1000, "hedge-open"));
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 60000.0);
  ASSERT_TRUE(exchange.advance_to(hour(30)));

  auto spot = exchange.spot_balances();
  ASSERT_TRUE(spot);
  ASSERT_EQ(spot->size(), 1u);
  const double spot_change = (*spot)[0].total() * (54000.0 - 60000.0);
  auto position = exchange.position("BTCUSDT");
  ASSERT_TRUE(position);
  EXPECT_EQ(position->qty_steps, -1000);
  EXPECT_NEAR(position->unrealized_pnl, 6000.0, 1e-9);
  EXPECT_NEAR(spot_change, -6000.0, 1e-9);

  auto account = exchange.account();
  ASSERT_TRUE(account);
  const PaperTotals& totals = exchange.totals();
  const double funding_net = totals.funding_received - totals.funding_paid;
  // Fee 0.0004 × 60 000 = 24; funding at 8h: +1 × 60 000 × 0.0001 = +6; at 16h:
  // -1 × 54 000 × 0.00005 = -2.70; at 24h: +1 × 54 000 × 0.0002 = +10.80.
  EXPECT_NEAR(totals.fees_paid, 24.0, 1e-9);
  EXPECT_NEAR(funding_net, 6.0 - 2.70 + 10.80, 1e-9);
  const double net = (account->margin_balance - 10000.0) + spot_change;
  EXPECT_NEAR(net, -totals.fees_paid + funding_net, 0.005);
  EXPECT_NEAR(net, -24.0 + 14.10, 0.005);
}

TEST(PaperFunding, PositiveRateShortReceivesLongPays) {
  for (const auto& [side, expected] : {std::pair{Side::Sell, 6.0}, std::pair{Side::Buy, -6.0}}) {
    PaperExchange exchange(no_slippage_settings(),
                           {btc_market(flat_hours(20, 60000.0), funding_every_8h({0.0001}))});
    ASSERT_TRUE(exchange.advance_to(hour(1)));
    ASSERT_TRUE(exchange.place_order(market(side, 1000, "open")));
    std::vector<PaperEvent> events;
    ASSERT_TRUE(exchange.advance_to(hour(10), &events));
    const auto funding = of_kind(events, PaperEvent::Kind::Funding);
    ASSERT_EQ(funding.size(), 1u);
    EXPECT_EQ(funding[0].time_ms, hour(8));
    EXPECT_DOUBLE_EQ(funding[0].amount, expected);
    EXPECT_DOUBLE_EQ(funding[0].price, 60000.0);
    EXPECT_DOUBLE_EQ(exchange.totals().funding_received, expected > 0 ? 6.0 : 0.0);
    EXPECT_DOUBLE_EQ(exchange.totals().funding_paid, expected < 0 ? 6.0 : 0.0);
  }
}

TEST(PaperFunding, SettlesOnPositionHeldAtEachFundingTime) {
  PaperExchange exchange(no_slippage_settings(),
                         {btc_market(flat_hours(30, 60000.0), funding_every_8h({0.0001, 0.0001}))});
  ASSERT_TRUE(exchange.advance_to(hour(1)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "open")));
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(10), &events));
  // Resize between the two settlements: buy back half.
  ASSERT_TRUE(exchange.place_order(market(Side::Buy, 500, "reduce", true)));
  ASSERT_TRUE(exchange.advance_to(hour(20), &events));
  const auto funding = of_kind(events, PaperEvent::Kind::Funding);
  ASSERT_EQ(funding.size(), 2u);
  EXPECT_EQ(funding[0].qty_steps, -1000);
  EXPECT_DOUBLE_EQ(funding[0].amount, 6.0);
  EXPECT_EQ(funding[1].qty_steps, -500);
  EXPECT_DOUBLE_EQ(funding[1].amount, 3.0);
  EXPECT_DOUBLE_EQ(exchange.totals().funding_received, 9.0);
}

TEST(PaperFunding, FillBetweenSettlementsInsideOneAdvanceChangesOnlyTheLaterOne) {
  // A resting reduce-only bid fills in the candle [15h, 16h): the 8h settlement sees the full
  // short, the 16h settlement the reduced one, though both happen in one advance_to().
  CandleSeries candles = flat_hours(30, 60000.0);
  candles.candles[15].low = 58900.0;
  PaperExchange exchange(no_slippage_settings(),
                         {btc_market(candles, funding_every_8h({0.0001, 0.0001}))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "open")));
  OrderRequest bid = limit(Side::Buy, 500, 590000, "bid", true);
  bid.reduce_only = true;
  ASSERT_TRUE(exchange.place_order(bid));
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(20), &events));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, PaperEvent::Kind::Funding);
  EXPECT_EQ(events[0].qty_steps, -1000);
  EXPECT_DOUBLE_EQ(events[0].amount, 6.0);
  EXPECT_EQ(events[1].kind, PaperEvent::Kind::Fill);
  EXPECT_EQ(events[1].qty_steps, 500);
  EXPECT_EQ(events[2].kind, PaperEvent::Kind::Funding);
  EXPECT_EQ(events[2].time_ms, hour(16));
  EXPECT_EQ(events[2].qty_steps, -500);
  EXPECT_DOUBLE_EQ(events[2].amount, 3.0);
}

TEST(PaperFunding, UsesTheRowsMarkPriceWhenGiven) {
  std::vector<FundingRate> rows = funding_every_8h({0.0001});
  rows[0].mark_price = 61000.0;
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(20, 60000.0), rows)});
  ASSERT_TRUE(exchange.advance_to(hour(1)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "open")));
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(9), &events));
  ASSERT_EQ(of_kind(events, PaperEvent::Kind::Funding).size(), 1u);
  EXPECT_DOUBLE_EQ(of_kind(events, PaperEvent::Kind::Funding)[0].amount, 6.1);
}

TEST(PaperFunding, SkippedRunCatchesUpExactlyLikeSeparateRuns) {
  const auto make = [] {
    return PaperExchange(no_slippage_settings(),
                         {btc_market(hourly_closes(slide_60k_to_54k()),
                                     funding_every_8h({0.0001, -0.0003, 0.0002}))});
  };
  PaperExchange at_once = make();
  PaperExchange in_steps = make();
  for (PaperExchange* exchange : {&at_once, &in_steps}) {
    ASSERT_TRUE(exchange->advance_to(hour(2)));
    ASSERT_TRUE(exchange->place_order(market(Side::Sell, 1500, "open")));
  }
  std::vector<PaperEvent> once_events;
  ASSERT_TRUE(at_once.advance_to(hour(26), &once_events));
  std::vector<PaperEvent> step_events;
  for (int h : {9, 17, 26}) ASSERT_TRUE(in_steps.advance_to(hour(h), &step_events));

  const auto once_funding = of_kind(once_events, PaperEvent::Kind::Funding);
  const auto step_funding = of_kind(step_events, PaperEvent::Kind::Funding);
  ASSERT_EQ(once_funding.size(), 3u);
  ASSERT_EQ(step_funding.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(once_funding[i].time_ms, step_funding[i].time_ms);
    EXPECT_DOUBLE_EQ(once_funding[i].amount, step_funding[i].amount);
  }
  EXPECT_DOUBLE_EQ(at_once.totals().funding_received, in_steps.totals().funding_received);
  EXPECT_DOUBLE_EQ(at_once.totals().funding_paid, in_steps.totals().funding_paid);
  EXPECT_DOUBLE_EQ(at_once.account()->wallet_balance, in_steps.account()->wallet_balance);
  // Re-advancing to the same time settles nothing twice.
  std::vector<PaperEvent> again;
  ASSERT_TRUE(in_steps.advance_to(hour(26), &again));
  EXPECT_TRUE(again.empty());
}

TEST(PaperFunding, MarkAndFundingShowsNextRowAndInterval) {
  PaperExchange exchange(no_slippage_settings(),
                         {btc_market(flat_hours(30, 60000.0), funding_every_8h({0.0001, 0.0003}))});
  ASSERT_TRUE(exchange.advance_to(hour(10)));
  auto mark = exchange.mark_and_funding("BTCUSDT");
  ASSERT_TRUE(mark);
  EXPECT_DOUBLE_EQ(mark->mark_price, 60000.0);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.0003);
  EXPECT_EQ(mark->next_funding_ms, hour(16));
  EXPECT_EQ(mark->funding_interval_ms, 8 * kHourMs);
  EXPECT_EQ(mark->time_ms, hour(10));
  ASSERT_TRUE(exchange.advance_to(hour(20)));
  mark = exchange.mark_and_funding("BTCUSDT");
  ASSERT_TRUE(mark);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.0003);  // no later row: the last settled rate
  EXPECT_EQ(mark->next_funding_ms, hour(24));
  auto history = exchange.funding_history("BTCUSDT", 1);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].funding_time_ms, hour(16));
}

TEST(PaperClock, MovesOnlyForward) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  EXPECT_FALSE(exchange.now_ms());  // not started
  ASSERT_TRUE(exchange.advance_to(hour(5)));
  EXPECT_EQ(*exchange.now_ms(), hour(5));
  const Status backward = exchange.advance_to(hour(4));
  ASSERT_FALSE(backward);
  EXPECT_THAT(backward.error().message, HasSubstr("backward"));
  EXPECT_EQ(exchange.last_close_ms(), hour(10));
}

TEST(PaperCandles, ReturnsOnlyClosedCandlesAggregatedOnRequest) {
  std::vector<double> closes;
  for (int i = 0; i < 24; ++i) closes.push_back(100.0 + i);
  PaperExchange exchange(no_slippage_settings(), {btc_market(hourly_closes(closes))});
  ASSERT_TRUE(exchange.advance_to(hour(10) + 30 * kMinuteMs));
  auto hourly = exchange.closed_candles("BTCUSDT", kHourMs, 3);
  ASSERT_TRUE(hourly);
  ASSERT_EQ(hourly->candles.size(), 3u);
  EXPECT_EQ(hourly->candles.back().open_time_ms, hour(9));  // closed at hour 10
  auto four = exchange.closed_candles("BTCUSDT", 4 * kHourMs, 10);
  ASSERT_TRUE(four);
  EXPECT_EQ(four->interval_ms, 4 * kHourMs);
  ASSERT_EQ(four->candles.size(), 2u);  // [8,12) is not finished
  EXPECT_DOUBLE_EQ(four->candles[1].close, 107.0);
  auto one = exchange.closed_candles("BTCUSDT", 4 * kHourMs, 1);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->candles.size(), 1u);
  EXPECT_EQ(one->candles[0].open_time_ms, hour(4));
  auto finer = exchange.closed_candles("BTCUSDT", 15 * kMinuteMs, 10);
  ASSERT_FALSE(finer);
  EXPECT_THAT(finer.error().message, HasSubstr("15m"));
  EXPECT_FALSE(exchange.closed_candles("ETHUSDT", kHourMs, 3));
}

TEST(PaperOrders, MarketSlippageDirectionAndTickRounding) {
  PaperSettings settings = no_slippage_settings();
  settings.slippage_bps = 10.0;
  PaperExchange exchange(settings, {btc_market(flat_hours(10, 60000.33))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto buy = exchange.place_order(market(Side::Buy, 1000, "buy"));
  ASSERT_TRUE(buy) << buy.error().describe();
  EXPECT_DOUBLE_EQ(buy->avg_fill_price, 60060.4);  // 60060.33033 rounded up to the tick
  EXPECT_NEAR(buy->fee, 0.0004 * 60060.4, 1e-9);
  auto sell = exchange.place_order(market(Side::Sell, 1000, "sell"));
  ASSERT_TRUE(sell) << sell.error().describe();
  EXPECT_DOUBLE_EQ(sell->avg_fill_price, 59940.3);  // 59940.32967 rounded down
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 0);
  EXPECT_NEAR(exchange.totals().realized_pnl, 59940.3 - 60060.4, 1e-6);
}

TEST(PaperOrders, LimitOrderRestsAndFillsWhenCrossedWithMakerFee) {
  std::vector<double> closes(4, 60000.0);
  closes.push_back(59500.0);  // hour 4: low 59500
  closes.push_back(60000.0);
  closes.push_back(58800.0);  // hour 6: low 58800 crosses 59000
  closes.push_back(60000.0);
  PaperExchange exchange(no_slippage_settings(), {btc_market(hourly_closes(closes))});
  ASSERT_TRUE(exchange.advance_to(hour(3)));
  auto order = exchange.place_order(limit(Side::Buy, 500, 590000, "bid", true));
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::New);
  EXPECT_EQ(exchange.open_orders("BTCUSDT")->size(), 1u);
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(6), &events));
  EXPECT_TRUE(events.empty());
  ASSERT_TRUE(exchange.advance_to(hour(8), &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, PaperEvent::Kind::Fill);
  EXPECT_EQ(events[0].client_order_id, "bid");
  EXPECT_EQ(events[0].qty_steps, 500);
  EXPECT_DOUBLE_EQ(events[0].price, 59000.0);
  EXPECT_NEAR(events[0].amount, 0.0002 * 0.5 * 59000.0, 1e-9);
  auto filled = exchange.query_order("BTCUSDT", "bid");
  ASSERT_TRUE(filled && filled->has_value());
  EXPECT_EQ((*filled)->status, OrderStatus::Filled);
  EXPECT_EQ((*filled)->update_ms, hour(7));
  EXPECT_TRUE(exchange.open_orders("BTCUSDT")->empty());
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 500);
  EXPECT_DOUBLE_EQ(exchange.position("BTCUSDT")->entry_price, 59000.0);
}

// A limit order with a good-till time (market time) can be filled by every candle that opened
// before that time, and expires unfilled at the close of the last of them.
TEST(PaperOrders, GoodTillLimitOrderFillsOnlyInCandlesOpenedBeforeItsTime) {
  std::vector<double> closes(4, 60000.0);
  closes.push_back(60000.0);  // hour 4
  closes.push_back(58800.0);  // hour 5: low 58800 crosses 59000
  closes.push_back(60000.0);
  for (const auto& [good_till, fills] : {std::pair{hour(5) + 1, true}, std::pair{hour(5), false}}) {
    PaperExchange exchange(no_slippage_settings(), {btc_market(hourly_closes(closes))});
    ASSERT_TRUE(exchange.advance_to(hour(4)));
    OrderRequest bid = limit(Side::Buy, 500, 590000, "bid", true);
    bid.good_till_ms = good_till;
    ASSERT_TRUE(exchange.place_order(bid));
    std::vector<PaperEvent> events;
    ASSERT_TRUE(exchange.advance_to(hour(5), &events));
    // Rests across the candle [4h, 5h), which did not cross it; expires at its end unless the
    // next candle opens before the good-till time.
    EXPECT_EQ(exchange.open_orders("BTCUSDT")->size(), fills ? 1u : 0u);
    ASSERT_TRUE(exchange.advance_to(hour(7), &events));
    ASSERT_EQ(events.size(), 1u) << good_till;
    const auto state = exchange.query_order("BTCUSDT", "bid");
    ASSERT_TRUE(state && state->has_value());
    if (fills) {
      EXPECT_EQ(events[0].kind, PaperEvent::Kind::Fill);
      EXPECT_EQ(events[0].time_ms, hour(6));  // the close of the candle that crossed it
      EXPECT_EQ((*state)->status, OrderStatus::Filled);
      EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 500);
    } else {
      EXPECT_EQ(events[0].kind, PaperEvent::Kind::Expiry);
      EXPECT_EQ(events[0].time_ms, hour(5));
      EXPECT_EQ(events[0].qty_steps, 500);
      EXPECT_EQ(events[0].client_order_id, "bid");
      EXPECT_EQ((*state)->status, OrderStatus::Expired);
      EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 0);
    }
  }
}

// The clock can pass the good-till time without a candle (the data ends): the order expires at
// the close of the last candle that could have filled it, once that moment has passed.
TEST(PaperOrders, GoodTillOrderExpiresWhenTheClockPassesItsLastCandle) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(6, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(4)));
  OrderRequest bid = limit(Side::Buy, 500, 590000, "bid", true);
  bid.good_till_ms = hour(4) + 30 * 60 * 1000;
  ASSERT_TRUE(exchange.place_order(bid));
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(4) + 40 * 60 * 1000, &events));
  EXPECT_TRUE(events.empty()) << "the candle [4h, 5h) has not closed: it may still fill it";
  ASSERT_TRUE(exchange.advance_to(hour(9), &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, PaperEvent::Kind::Expiry);
  EXPECT_EQ(events[0].time_ms, hour(5));
  EXPECT_TRUE(exchange.open_orders("BTCUSDT")->empty());
}

TEST(PaperOrders, GoodTillTimeNotAfterNowIsRefused) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(6, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(4)));
  OrderRequest bid = limit(Side::Buy, 500, 590000, "bid", true);
  bid.good_till_ms = hour(4);
  const auto placed = exchange.place_order(bid);
  ASSERT_FALSE(placed);
  EXPECT_THAT(placed.error().message, HasSubstr("good-till"));
}

TEST(PaperOrders, PostOnlyThatWouldCrossIsRejectedAndRemembered) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto order = exchange.place_order(limit(Side::Buy, 100, 601000, "gtx", true));
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::Rejected);
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 0);
  auto found = exchange.query_order("BTCUSDT", "gtx");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->status, OrderStatus::Rejected);
}

TEST(PaperOrders, APostOnlyOrderAtTheBookTopRestsAndOneTickThroughIsRejected) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  EXPECT_FALSE(exchange.book_top("BTCUSDT"));  // no clock yet
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto top = exchange.book_top("BTCUSDT");
  ASSERT_TRUE(top) << top.error().describe();
  EXPECT_NEAR(top->bid_price, 59999.9, 1e-6);  // one tick (0.1) either side of the last price
  EXPECT_NEAR(top->ask_price, 60000.1, 1e-6);
  EXPECT_EQ(top->time_ms, hour(2));
  EXPECT_EQ(exchange.place_order(limit(Side::Buy, 100, 599999, "bid", true))->status,
            OrderStatus::New);
  EXPECT_EQ(exchange.place_order(limit(Side::Sell, 100, 600001, "ask", true))->status,
            OrderStatus::New);
  EXPECT_EQ(exchange.place_order(limit(Side::Buy, 100, 600001, "through", true))->status,
            OrderStatus::Rejected);
  EXPECT_EQ(exchange.book_top("ETHUSDT").error().kind, ErrorKind::NotFound);
}

TEST(PaperOrders, TheBookTopOfAnOffGridPriceIsTheTicksAroundIt) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.04))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto top = exchange.book_top("BTCUSDT");
  ASSERT_TRUE(top);
  EXPECT_NEAR(top->bid_price, 60000.0, 1e-6);
  EXPECT_NEAR(top->ask_price, 60000.1, 1e-6);
}

TEST(PaperOrders, MarketableLimitWithoutPostOnlyTakesAtTheMarket) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto order = exchange.place_order(limit(Side::Buy, 100, 601000, "taker"));
  ASSERT_TRUE(order);
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 60000.0);
  EXPECT_NEAR(order->fee, 0.0004 * 0.1 * 60000.0, 1e-9);
}

TEST(PaperOrders, ReduceOnlyThatWouldIncreaseOrExceedIsRejected) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto flat = exchange.place_order(market(Side::Buy, 100, "r0", true));
  ASSERT_FALSE(flat);
  EXPECT_EQ(flat.error().kind, ErrorKind::ReduceOnlyRejected);
  EXPECT_EQ(flat.error().venue_code, -2022);
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "open")));
  auto increase = exchange.place_order(market(Side::Sell, 100, "r1", true));
  ASSERT_FALSE(increase);
  EXPECT_EQ(increase.error().kind, ErrorKind::ReduceOnlyRejected);
  EXPECT_THAT(increase.error().message, HasSubstr("would increase the short"));
  auto exceed = exchange.place_order(market(Side::Buy, 1001, "r2", true));
  ASSERT_FALSE(exceed);
  EXPECT_EQ(exceed.error().kind, ErrorKind::ReduceOnlyRejected);
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, -1000);
  auto exact = exchange.place_order(market(Side::Buy, 1000, "r3", true));
  ASSERT_TRUE(exact);
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 0);
}

TEST(PaperOrders, DuplicateClientOrderIdIsRejectedButTheFirstStaysQueryable) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "run1-btc-0")));
  auto again = exchange.place_order(market(Side::Sell, 1000, "run1-btc-0"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::Rejected);
  EXPECT_EQ(again.error().venue_code, -4116);
  EXPECT_THAT(again.error().message, HasSubstr("duplicate client order id"));
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, -1000);  // not doubled
  auto found = exchange.query_order("BTCUSDT", "run1-btc-0");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->status, OrderStatus::Filled);
  EXPECT_FALSE(exchange.query_order("BTCUSDT", "never-sent")->has_value());
}

TEST(PaperOrders, RefusesBadRequests) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  EXPECT_EQ(exchange.place_order(market(Side::Buy, 0, "zero")).error().kind,
            ErrorKind::InvalidInput);
  OrderRequest unknown = market(Side::Buy, 100, "unknown");
  unknown.symbol = "DOGEUSDT";
  EXPECT_EQ(exchange.place_order(unknown).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(exchange.place_order(market(Side::Buy, 1, "tiny")).error().kind,
            ErrorKind::Filter);  // 0.001 BTC = 60 USDT < 100 min notional
  EXPECT_EQ(exchange.place_order(market(Side::Buy, 100, "bad id!")).error().kind,
            ErrorKind::InvalidInput);
}

TEST(PaperOrders, IncreaseBeyondMarginIsInsufficientMargin) {
  PaperExchange exchange(no_slippage_settings(1000.0), {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  auto too_big = exchange.place_order(market(Side::Sell, 1000, "big"));  // IM 3000 at 20x
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().kind, ErrorKind::InsufficientMargin);
  EXPECT_EQ(too_big.error().venue_code, -2019);
  ASSERT_TRUE(exchange.prepare_symbol("BTCUSDT", 100));
  EXPECT_TRUE(exchange.place_order(market(Side::Sell, 1000, "big-100x")));  // IM 600
  EXPECT_EQ(exchange.position("BTCUSDT")->leverage, 100);
  EXPECT_FALSE(exchange.prepare_symbol("BTCUSDT", 0));
}

TEST(PaperOrders, CancelRestingOrder) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(limit(Side::Sell, 100, 610000, "ask", true)));
  auto canceled = exchange.cancel_order("BTCUSDT", "ask");
  ASSERT_TRUE(canceled);
  EXPECT_EQ(canceled->status, OrderStatus::Canceled);
  EXPECT_TRUE(exchange.open_orders("")->empty());
  EXPECT_EQ(exchange.cancel_order("BTCUSDT", "ask")->status, OrderStatus::Canceled);
  EXPECT_EQ(exchange.cancel_order("BTCUSDT", "nope").error().kind, ErrorKind::NotFound);
}

TEST(PaperLiquidation, TwentyTimesShortIsLiquidatedAtItsLiquidationPrice) {
  // 1000 USDT, 0.3 BTC short at 60 000 (18 000 notional, 900 initial margin at 20x), 992.8
  // left after the opening fee. Liquidation price: (992.8 + 0.3 × 60 000) / (0.3 × 1.004).
  const double liquidation = (992.8 + 18000.0) / (0.3 * 1.004);
  CandleSeries candles = flat_hours(12, 60000.0);
  candles.candles[5].high = 62000.0;  // survivable: under the liquidation price
  candles.candles[8].high = 64000.0;
  PaperExchange exchange(no_slippage_settings(1000.0), {btc_market(candles)});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 300, "short")));
  ASSERT_TRUE(exchange.place_order(limit(Side::Buy, 100, 500000, "far-bid", true)));
  // The price is known before it happens.
  EXPECT_NEAR(exchange.position("BTCUSDT")->liquidation_price, liquidation, 1e-6);
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(7), &events));
  EXPECT_TRUE(of_kind(events, PaperEvent::Kind::Liquidation).empty());
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, -300);
  ASSERT_TRUE(exchange.advance_to(hour(12), &events));
  const auto liquidations = of_kind(events, PaperEvent::Kind::Liquidation);
  ASSERT_EQ(liquidations.size(), 1u);
  EXPECT_EQ(liquidations[0].time_ms, hour(9));
  // At the liquidation price, not at the candle's high.
  EXPECT_NEAR(liquidations[0].price, liquidation, 1e-6);
  EXPECT_EQ(liquidations[0].qty_steps, 300);
  EXPECT_EQ(exchange.totals().liquidations, 1);
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, 0);
  EXPECT_TRUE(exchange.open_orders("BTCUSDT")->empty());
  // What is left at the liquidation price is the maintenance margin (0.4 % of the notional),
  // less than the 1.25 % clearance fee: the fee takes it and the wallet ends at zero.
  const double maint = 0.3 * liquidation * 0.004;
  EXPECT_NEAR(liquidations[0].realized_pnl, -0.3 * (liquidation - 60000.0), 1e-6);
  EXPECT_NEAR(liquidations[0].amount, maint, 1e-6);
  EXPECT_NEAR(liquidations[0].wallet_after, 0.0, 1e-6);
  EXPECT_NEAR(exchange.account()->wallet_balance, 0.0, 1e-6);
  EXPECT_GE(exchange.account()->wallet_balance, 0.0);
}

TEST(PaperLiquidation, ClearanceFeeIsASettingAndComesOutOfWhatIsLeft) {
  // With a 0.1 % clearance fee the maintenance margin left at the liquidation price covers it.
  PaperSettings settings = no_slippage_settings(1000.0);
  settings.liquidation_fee_rate = 0.001;
  CandleSeries candles = flat_hours(12, 60000.0);
  candles.candles[8].high = 64000.0;
  PaperExchange exchange(settings, {btc_market(candles)});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 300, "short")));
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(12), &events));
  const auto liquidations = of_kind(events, PaperEvent::Kind::Liquidation);
  ASSERT_EQ(liquidations.size(), 1u);
  const double liquidation = (992.8 + 18000.0) / (0.3 * 1.004);
  EXPECT_NEAR(liquidations[0].amount, 0.3 * liquidation * 0.001, 1e-6);
  EXPECT_NEAR(exchange.account()->wallet_balance, 0.3 * liquidation * (0.004 - 0.001), 1e-6);
  EXPECT_NEAR(exchange.totals().fees_paid, 7.2 + 0.3 * liquidation * 0.001, 1e-6);
}

TEST(PaperLiquidation, FiftyTimesShortThroughAGapNeverLeavesANegativeWallet) {
  // 1000 USDT, 0.8 BTC short at 60 000 and 50x (960 of initial margin). The market then opens
  // at 64 000, far past the liquidation price (~60 981): the position closes at that open, the
  // loss (3 200) is beyond the wallet, and the insurance fund takes the rest.
  CandleSeries candles = hourly_closes(
      {60000.0, 60000.0, 60000.0, 60000.0, 60000.0, 60000.0, 64000.0, 66000.0, 65000.0});
  candles.candles[6].open = candles.candles[6].low = 64000.0;  // a gap up
  PaperExchange exchange(no_slippage_settings(1000.0), {btc_market(candles)});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.prepare_symbol("BTCUSDT", 50));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 800, "short")));
  std::vector<PaperEvent> events;
  ASSERT_TRUE(exchange.advance_to(hour(9), &events));
  const auto liquidations = of_kind(events, PaperEvent::Kind::Liquidation);
  ASSERT_EQ(liquidations.size(), 1u);
  EXPECT_DOUBLE_EQ(liquidations[0].price, 64000.0);
  EXPECT_DOUBLE_EQ(liquidations[0].wallet_after, 0.0);
  EXPECT_EQ(liquidations[0].time_ms, hour(7));
  EXPECT_NEAR(liquidations[0].insurance_covered, 3200.0 - (1000.0 - 19.2), 1e-6);
  const auto account = exchange.account();
  ASSERT_TRUE(account);
  EXPECT_GE(account->wallet_balance, 0.0);
  EXPECT_DOUBLE_EQ(account->margin_ratio(), 0.0);  // nothing held: finite, not negative
  EXPECT_NEAR(exchange.totals().insurance_covered, 3200.0 - 980.8, 1e-6);
}

TEST(PaperLiquidation, UsesMarkCandlesWhenGiven) {
  SymbolData data = btc_market(flat_hours(12, 60000.0));
  CandleSeries mark = flat_hours(12, 60000.0);
  mark.candles[8].high = 64000.0;  // the mark spikes, the last trade does not
  data.mark = mark;
  PaperExchange exchange(no_slippage_settings(1000.0), {data});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 300, "short")));
  ASSERT_TRUE(exchange.advance_to(hour(12)));
  EXPECT_EQ(exchange.totals().liquidations, 1);
}

TEST(PaperAccount, ReportsMarginFields) {
  PaperExchange exchange(no_slippage_settings(), {btc_market(hourly_closes(slide_60k_to_54k()))});
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.prepare_symbol("BTCUSDT", 10));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "short")));
  ASSERT_TRUE(exchange.advance_to(hour(20)));
  auto account = exchange.account();
  ASSERT_TRUE(account);
  EXPECT_NEAR(account->wallet_balance, 10000.0 - 24.0, 1e-9);
  EXPECT_NEAR(account->unrealized_pnl, 6000.0, 1e-9);
  EXPECT_NEAR(account->margin_balance, 15976.0, 1e-9);
  // 54 000 of notional is in the second BTCUSDT bracket: 54 000 x 0.005 - 50.
  EXPECT_NEAR(account->maint_margin, 220.0, 1e-9);
  EXPECT_NEAR(account->initial_margin, 5400.0, 1e-9);
  EXPECT_NEAR(account->available_balance, 15976.0 - 5400.0, 1e-9);
  EXPECT_NEAR(account->margin_ratio(), 220.0 / 15976.0, 1e-12);
}

TEST(PaperReplay, RunsTheBundledBtcData) {
  auto candles =
      read_candles_csv(hedgebot::testing::source_path("data/binance-btcusdt-perp-1h.csv"));
  auto mark =
      read_candles_csv(hedgebot::testing::source_path("data/binance-btcusdt-perp-mark-1h.csv"));
  auto funding =
      read_funding_csv(hedgebot::testing::source_path("data/binance-btcusdt-funding.csv"));
  ASSERT_TRUE(candles && mark && funding);
  SymbolData data = btc_market(*candles, *funding);
  data.mark = *mark;
  PaperSettings settings;
  settings.initial_spot = {{"BTC", 1.0}};
  settings.initial_balance = 50000.0;
  PaperExchange exchange(settings, {data});
  const int64_t start = candles->candles.front().open_time_ms + kDayMs;
  ASSERT_TRUE(exchange.advance_to(start));
  // A 0.2 BTC short survives the 2024-2025 rally on 50 000 USDT at 20x.
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 200, "hedge")));
  ASSERT_TRUE(exchange.advance_to(exchange.last_close_ms()));
  const auto& totals = exchange.totals();
  EXPECT_EQ(totals.liquidations, 0);
  EXPECT_GT(totals.funding_received, 0.0);
  EXPECT_NEAR(exchange.account()->wallet_balance,
              50000.0 + totals.realized_pnl - totals.fees_paid + totals.funding_received -
                  totals.funding_paid,
              1e-6);
  EXPECT_EQ(totals.realized_pnl, 0.0);  // nothing closed: PnL is all unrealized
  auto daily = exchange.closed_candles("BTCUSDT", kDayMs, 30);
  ASSERT_TRUE(daily);
  EXPECT_EQ(daily->candles.size(), 30u);
  // Weeks open on Monday 00:00 UTC, as Binance's 1w klines; each is its seven days.
  auto weekly = exchange.closed_candles("BTCUSDT", 7 * kDayMs, 20);
  ASSERT_TRUE(weekly);
  ASSERT_EQ(weekly->candles.size(), 20u);
  const int64_t monday = 1704067200000;  // 2024-01-01T00:00:00Z
  for (const Candle& week : weekly->candles) {
    EXPECT_EQ((week.open_time_ms - monday) % (7 * kDayMs), 0) << format_iso8601(week.open_time_ms);
    auto days = exchange.closed_candles("BTCUSDT", kDayMs, 400);
    ASSERT_TRUE(days);
    double high = 0.0;
    for (const Candle& day : days->candles) {
      if (day.open_time_ms >= week.open_time_ms &&
          day.open_time_ms < week.open_time_ms + 7 * kDayMs)
        high = std::max(high, day.high);
    }
    EXPECT_EQ(week.high, high) << format_iso8601(week.open_time_ms);
  }
}

}  // namespace
}  // namespace hedgebot::paper
