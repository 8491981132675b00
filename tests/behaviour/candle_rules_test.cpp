// Candle rules through the real tick: MACD, moving averages, price vs MA, ATR and RSI; closed
// candles only; a skipped cron run acts once on the cross it missed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Half hedged; a MACD cross down on the 4h chart raises the short by 30 % of the spot.
const std::string kMacdRule = R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "momentum-down"
hedge = "BTC"
when = "macd_cross_down"
timeframe = "4h"
fast = 12
slow = 26
signal = 9
action = "adjust_ratio"
delta = 0.3
)";
const std::string kMacdConfig = std::string(kBtcHedge) + kMacdRule;

// 4h closes rising 0.2 % a candle: MACD stays above its signal (no cross).
std::vector<double> steady_rise(int count) {
  return rising_closes(count, 45000.0, 0.002);
}

TEST(CandleRules, MacdCrossDownOnTheLastClosed4hCandleRaisesTheShortOnce) {
  Scenario s(kMacdConfig);
  s.set_position("BTCUSDT", "-0.500");
  // 116 rising candles, then a 1 % drop on the last one: MACD crosses under its signal there.
  s.set_candles("BTCUSDT", candles_from(then_move(steady_rise(116), -0.01), k4h, s.now_ms));

  EXPECT_CALL(s.client, place_order(s.sell("0.300"))).Times(1);
  const bot::TickReport report = s.tick();

  const rules::Decision& decision = decision_of(report);
  EXPECT_EQ(decision.decided_by, "momentum-down");
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.8);
  ASSERT_EQ(report.orders.size(), 1u);
  EXPECT_EQ(report.orders[0].status, "FILLED");
  EXPECT_EQ(s.market("BTCUSDT").position_steps, -800);
}

TEST(CandleRules, NoMacdCrossPlacesNothing) {
  Scenario s(kMacdConfig);
  s.set_position("BTCUSDT", "-0.500");
  s.set_candles("BTCUSDT", candles_from(steady_rise(117), k4h, s.now_ms));

  const bot::TickReport report = s.tick();  // place_order: Times(0) (the scenario's default)

  EXPECT_EQ(decision_of(report).decided_by, "baseline");
  EXPECT_THAT(decision_of(report).fired, IsEmpty());
}

TEST(CandleRules, CandleStillOpenIsIgnoredUntilItCloses) {
  Scenario s(kMacdConfig);
  s.set_position("BTCUSDT", "-0.500");
  // It is 01:00: the 4h candle that opened at 00:00 closes at 04:00. The venue (wrongly)
  // serves it already, with the 1 % drop that would make MACD cross down.
  const int64_t candle_open = s.now_ms;
  s.now_ms = candle_open + k1h;
  s.set_candles("BTCUSDT",
                candles_from(then_move(steady_rise(116), -0.01), k4h, candle_open + k4h));
  {
    const bot::TickReport report = s.tick();  // the open candle must not count: no order
    EXPECT_THAT(decision_of(report).fired, IsEmpty());
  }
  s.verify_orders();

  // At 04:00 the same candle has closed: now it counts, once.
  s.now_ms = candle_open + k4h;
  EXPECT_CALL(s.client, place_order(s.sell("0.300"))).Times(1);
  const bot::TickReport closed = s.tick();
  EXPECT_THAT(decision_of(closed).fired, ElementsAre("momentum-down"));
}

// A cron run every hour; the runs of the last 20 hours did not happen. The 4h candles went on
// rising, then stalled: MACD crossed under its signal on the first flat candle, three candles
// before the run that finally happens. 118 rising candles, then 5 flat ones.
CandleSeries market_with_a_missed_cross() {
  return candles_from(then_flat(steady_rise(118), 5), k4h, kStartNowMs);
}

// The last run before the gap: the market still rising, no order.
void run_before_the_gap(Scenario& s, const CandleSeries& full) {
  const CandleSeries before = first_candles(full, 118);
  s.now_ms = close_of_last(before);
  s.set_candles("BTCUSDT", before);
  const bot::TickReport report = s.tick();
  EXPECT_THAT(decision_of(report).fired, IsEmpty());
  s.verify_orders();
}

// The next run, five 4h candles later: the missed cross is acted on, once.
void run_after_the_gap(Scenario& s, const CandleSeries& full) {
  s.now_ms = close_of_last(full);
  s.set_candles("BTCUSDT", full);
  EXPECT_CALL(s.client, place_order(s.sell("0.300"))).Times(1);
  const bot::TickReport report = s.tick();
  EXPECT_THAT(decision_of(report).fired, ElementsAre("momentum-down"));
  s.verify_orders();
}

TEST(SkippedRun, TheMissedCrossIsActedOnOnce) {
  // With a cooldown: the tick after the cross is held by it, and the latch keeps the target.
  Scenario s(std::string(kBtcHedge) + "cooldown = \"1d\"\n" + kMacdRule);
  s.set_position("BTCUSDT", "-0.500");
  const CandleSeries full = market_with_a_missed_cross();
  run_before_the_gap(s, full);
  run_after_the_gap(s, full);

  // One hour later: no new 4h candle. The cross is still latched (MACD stays under its
  // signal), so the rule still holds, but its delta is not added a second time.
  s.now_ms += k1h;
  const bot::TickReport report = s.tick();  // place_order: Times(0)
  EXPECT_THAT(decision_of(report).fired, ElementsAre("momentum-down"));
  EXPECT_EQ(s.market("BTCUSDT").position_steps, -800);
}

// An edge latches (rules/RESOLUTION.md): on the run after the cross the rule still holds while
// MACD stays under its signal, so the target stays 0.8 and the tick does not undo the SELL
// the cross placed an hour before. The next tick with no new candle places nothing.
TEST(SkippedRun, TheNextTickWithNoNewCandlePlacesNothing) {
  Scenario s(kMacdConfig);
  s.set_position("BTCUSDT", "-0.500");
  const CandleSeries full = market_with_a_missed_cross();
  run_before_the_gap(s, full);
  run_after_the_gap(s, full);

  s.now_ms += k1h;
  s.tick();  // place_order: Times(0)
  EXPECT_EQ(s.market("BTCUSDT").position_steps, -800);
}

// A cross that happens during the hedge's cooldown is latched while the cooldown holds the
// target, and is acted on when the cooldown ends: the cross raises the short once.
TEST(CooldownAndEdges, ACrossDuringTheCooldownIsActedOnWhenItEnds) {
  Scenario s(std::string(kBtcHedge) + "cooldown = \"8h\"\n" + kMacdRule);
  // 117 rising 4h candles up to t0, then flat ones: MACD crosses down on the one closing at
  // t0 + 4h.
  const CandleSeries full = candles_from(then_flat(steady_rise(117), 2), k4h, s.now_ms + 2 * k4h);
  s.set_candles("BTCUSDT", first_candles(full, 117));
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);  // the baseline opens the hedge
  s.tick();
  s.verify_orders();

  s.now_ms += k4h;  // the cross, inside the cooldown: held
  s.set_candles("BTCUSDT", first_candles(full, 118));
  {
    const rules::Decision decision = decision_of(s.tick());
    EXPECT_THAT(decision.fired, ElementsAre("momentum-down"));
    EXPECT_EQ(decision.decided_by, "cooldown");
  }
  s.verify_orders();

  s.now_ms += k4h;  // the cooldown is over
  s.set_candles("BTCUSDT", full);
  EXPECT_CALL(s.client, place_order(s.sell("0.300"))).Times(1);
  s.tick();
}

TEST(CandleRules, SmaCrossDownSetsTheRatio) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.3
band = 0.05

[[rule]]
name = "trend-turns"
hedge = "BTC"
when = "ma_cross_down"
timeframe = "1h"
ma = "sma"
fast = 5
slow = 20
action = "set_ratio"
ratio = 1.0
)");
  s.set_position("BTCUSDT", "-0.300");
  // 40 hours up 0.5 % each, then 6 hours down 1 % each: SMA5 crosses under SMA20 on the 6th.
  const CandleSeries hourly =
      candles_from(then_falling(rising_closes(40, 45000.0, 0.005), 6, 0.01), k1h, s.now_ms);
  s.set_mark("BTCUSDT", hourly.candles.back().close);
  s.set_candles("BTCUSDT", hourly);

  EXPECT_CALL(s.client, place_order(s.sell("0.700"))).Times(1);
  const bot::TickReport report = s.tick();
  EXPECT_EQ(decision_of(report).decided_by, "trend-turns");
}

TEST(CandleRules, SmaCrossOneCandleEarlierIsNotActedOnByAFirstRun) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 0.3
band = 0.05

[[rule]]
name = "trend-turns"
hedge = "BTC"
when = "ma_cross_down"
timeframe = "1h"
ma = "sma"
fast = 5
slow = 20
action = "set_ratio"
ratio = 1.0
)");
  s.set_position("BTCUSDT", "-0.300");
  // One more falling hour: the cross is on the candle before the newest one. A first run
  // (no memory) does not act on a cross inside its warm-up history.
  const CandleSeries hourly =
      candles_from(then_falling(rising_closes(40, 45000.0, 0.005), 7, 0.01), k1h, s.now_ms);
  s.set_mark("BTCUSDT", hourly.candles.back().close);
  s.set_candles("BTCUSDT", hourly);

  const bot::TickReport report = s.tick();  // no order
  EXPECT_EQ(decision_of(report).decided_by, "baseline");
}

// Price vs one MA (level): fully hedged while the daily close is under its 50-day SMA.
TEST(CandleRules, PriceBelowItsMovingAverageHedgesFully) {
  const std::string config = std::string(kBtcHedge) + R"(
baseline_ratio = 0.3
band = 0.05

[[rule]]
name = "bear-trend"
hedge = "BTC"
when = "price_below_ma"
timeframe = "1d"
ma = "sma"
period = 50
action = "set_ratio"
ratio = 1.0
priority = 10
)";
  {
    Scenario s(config);
    s.set_position("BTCUSDT", "-0.300");
    s.set_candles("BTCUSDT", candles_from(falling_closes(60, 80000.0, 0.005), k1d, s.now_ms));
    EXPECT_CALL(s.client, place_order(s.sell("0.700"))).Times(1);
    EXPECT_EQ(decision_of(s.tick()).decided_by, "bear-trend");
  }
  {
    Scenario s(config);  // the same market going up: the rule does not fire
    s.set_position("BTCUSDT", "-0.300");
    s.set_candles("BTCUSDT", candles_from(rising_closes(60, 45000.0, 0.005), k1d, s.now_ms));
    EXPECT_EQ(decision_of(s.tick()).decided_by, "baseline");
  }
}

// ATR as a share of the price: hedge fully in a violent market, less in a calm one.
const std::string kAtrConfig = std::string(kBtcHedge) + R"(
baseline_ratio = 0.5
band = 0.05

[[rule]]
name = "volatile"
hedge = "BTC"
when = "atr_above"
timeframe = "4h"
period = 14
threshold = 0.03
action = "set_ratio"
ratio = 1.0
priority = 10

[[rule]]
name = "calm"
hedge = "BTC"
when = "atr_below"
timeframe = "4h"
period = 14
threshold = 0.01
action = "adjust_ratio"
delta = -0.2
priority = 10
)";

TEST(CandleRules, AtrAboveThresholdHedgesFully) {
  Scenario s(kAtrConfig);
  s.set_position("BTCUSDT", "-0.500");
  // Flat closes, each candle 2 % above and below: true range 4 % of the price.
  s.set_candles("BTCUSDT", candles_from(std::vector<double>(100, 60000.0), k4h, s.now_ms, 0.02));
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  EXPECT_THAT(decision_of(s.tick()).fired, ElementsAre("volatile"));
}

TEST(CandleRules, AtrBelowThresholdAdjustsTheBaseline) {
  Scenario s(kAtrConfig);
  s.set_position("BTCUSDT", "-0.500");
  // 0.1 % above and below: true range 0.2 % of the price.
  s.set_candles("BTCUSDT", candles_from(std::vector<double>(100, 60000.0), k4h, s.now_ms, 0.001));
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.200"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_THAT(decision.fired, ElementsAre("calm"));
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.3);
}

TEST(CandleRules, RsiAboveThresholdOverHedges) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 1.0
band = 0.05

[[rule]]
name = "overbought"
hedge = "BTC"
when = "rsi_above"
timeframe = "1d"
period = 14
threshold = 75.0
action = "set_ratio"
ratio = 1.2
)");
  s.set_position("BTCUSDT", "-1.000");
  s.set_candles("BTCUSDT", candles_from(rising_closes(100, 40000.0, 0.004), k1d, s.now_ms));
  EXPECT_CALL(s.client, place_order(s.sell("0.200"))).Times(1);
  EXPECT_THAT(decision_of(s.tick()).fired, Contains("overbought"));
}

TEST(CandleRules, RsiBelowThresholdCutsTheHedge) {
  Scenario s(std::string(kBtcHedge) + R"(
baseline_ratio = 1.0
band = 0.05

[[rule]]
name = "oversold"
hedge = "BTC"
when = "rsi_below"
timeframe = "1d"
period = 14
threshold = 25.0
action = "set_ratio"
ratio = 0.4
)");
  s.set_position("BTCUSDT", "-1.000");
  s.set_candles("BTCUSDT", candles_from(falling_closes(100, 90000.0, 0.004), k1d, s.now_ms));
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.600"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "oversold");
}

}  // namespace
}  // namespace hedgebot::behaviour
