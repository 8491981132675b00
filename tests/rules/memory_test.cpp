// Memory across runs: edges latch from their cross (a skipped run still acts, never twice),
// first runs warm up from history, closed candles only, data going backwards or missing, cooldown.

#include <gtest/gtest.h>

#include <algorithm>

#include "rules/engine.hpp"
#include "rules/indicators/macd.hpp"
#include "tests/rules/engine_fixtures.hpp"
#include "tests/rules/test_data.hpp"

namespace hedgebot::rules {
namespace {

using testing::btc_hedge;
using testing::close_of_last;
using testing::condition;
using testing::decide;
using testing::first_candles;
using testing::set_ratio_rule;
using testing::snapshot_with;

const CandleSeries& real_candles() {
  static const CandleSeries series = testing::load_candles("data/binance-btcusdt-perp-1h.csv", 600);
  return series;
}

// Bars (indices) where MACD(12,26,9) line crosses its signal in the given direction.
std::vector<std::size_t> macd_crosses(const CandleSeries& series, int direction) {
  std::vector<std::size_t> bars;
  Macd macd(12, 26, 9);
  double sign = 0.0;
  for (std::size_t i = 0; i < series.candles.size(); ++i) {
    macd.update(series.candles[i]);
    if (!macd.ready() || macd.histogram() == 0.0) continue;
    const double now = macd.histogram() > 0.0 ? 1.0 : -1.0;
    if (sign != 0.0 && now != sign && now == direction) bars.push_back(i);
    sign = now;
  }
  return bars;
}

// A run at the close of candle `last` (inclusive) with a warm-up window of `window` candles.
Snapshot run_at(const CandleSeries& series, std::size_t last, std::size_t window = 200) {
  HedgeInput hedge = btc_hedge();
  const std::size_t first = last + 1 > window ? last + 1 - window : 0;
  CandleSeries slice;
  slice.interval_ms = series.interval_ms;
  slice.candles.assign(series.candles.begin() + static_cast<std::ptrdiff_t>(first),
                       series.candles.begin() + static_cast<std::ptrdiff_t>(last + 1));
  hedge.candles.push_back(slice);
  return snapshot_with(hedge, close_of_last(slice));
}

RuleEngine macd_engine(ConditionKind kind) {
  return RuleEngine({set_ratio_rule("macd-rule", condition(kind), 1.0, 10)});
}

TEST(MacdTrigger, CrossDownIsActedOnAfterSkippedRunAndStaysLatched) {
  const CandleSeries& series = real_candles();
  const std::vector<std::size_t> crosses = macd_crosses(series, -1);
  ASSERT_GE(crosses.size(), 2u);
  const std::size_t cross = crosses[1];
  const std::vector<std::size_t> ups = macd_crosses(series, 1);
  // The run after the skipped ones must see no later opposite cross.
  for (std::size_t up : ups) ASSERT_FALSE(up > cross && up <= cross + 3);
  const RuleEngine engine = macd_engine(ConditionKind::MacdCrossDown);
  Memory memory;
  EXPECT_TRUE(decide(engine, run_at(series, cross - 3), memory).fired.empty());
  // Runs at cross-2 .. cross+1 were skipped (cron down); the next run sees the cross.
  const Decision acted = decide(engine, run_at(series, cross + 2), memory);
  EXPECT_EQ(acted.fired, std::vector<std::string>{"macd-rule"});
  EXPECT_EQ(acted.decided_by, "macd-rule");
  EXPECT_DOUBLE_EQ(acted.target_ratio, 1.0);
  // The next run sees no new cross, but MACD is still under its signal: the edge is latched
  // and keeps the same target (it is not undone, and nothing is added to it).
  const Decision after = decide(engine, run_at(series, cross + 3), memory);
  EXPECT_EQ(after.fired, std::vector<std::string>{"macd-rule"});
  EXPECT_DOUBLE_EQ(after.target_ratio, 1.0);
  // Running the same tick twice (a retry) keeps it too.
  EXPECT_DOUBLE_EQ(decide(engine, run_at(series, cross + 3), memory).target_ratio, 1.0);
}

TEST(MacdTrigger, CrossUpLatchesOnEachCrossAndHoldsWhileAboveOverHourlyRuns) {
  const CandleSeries& series = real_candles();
  const std::vector<std::size_t> expected = macd_crosses(series, 1);
  const RuleEngine engine = macd_engine(ConditionKind::MacdCrossUp);
  Memory memory;
  std::vector<std::size_t> onsets, fired_at;
  bool was_firing = false;
  for (std::size_t last = 150; last < series.candles.size(); ++last) {
    const bool firing = !decide(engine, run_at(series, last), memory).fired.empty();
    if (firing) fired_at.push_back(last);
    if (firing && !was_firing) onsets.push_back(last);
    was_firing = firing;
  }
  std::vector<std::size_t> expected_after;
  for (std::size_t bar : expected) {
    if (bar > 150) expected_after.push_back(bar);
  }
  ASSERT_FALSE(expected_after.empty());
  // It starts firing exactly on each cross up after the first run...
  EXPECT_EQ(onsets, expected_after);
  // ... and fires on every bar from a cross up while MACD stays above its signal.
  std::vector<std::size_t> latched;
  Macd macd(12, 26, 9);
  bool latch = false;
  for (std::size_t i = 0; i < series.candles.size(); ++i) {
    macd.update(series.candles[i]);
    if (i > 150 && std::find(expected.begin(), expected.end(), i) != expected.end()) latch = true;
    if (!(macd.histogram() > 0.0)) latch = false;
    if (latch) latched.push_back(i);
  }
  EXPECT_EQ(fired_at, latched);
}

TEST(MacdTrigger, LevelsAndHistogramReadTheLatestValueAcrossRuns) {
  const CandleSeries& series = real_candles();
  Macd reference(12, 26, 9);
  for (const Candle& candle : series.candles) reference.update(candle);
  for (ConditionKind kind : {ConditionKind::MacdAboveSignal, ConditionKind::MacdBelowSignal,
                             ConditionKind::MacdHistPositive, ConditionKind::MacdHistNegative}) {
    const RuleEngine engine = macd_engine(kind);
    Memory memory;
    // Memory from the start of the file, then runs every 7 candles to the end.
    std::size_t last = 60;
    decide(engine, run_at(series, last, 61), memory);
    Decision decision;
    while (last + 1 < series.candles.size()) {
      last = std::min(last + 7, series.candles.size() - 1);
      decision = decide(engine, run_at(series, last, 20), memory);
    }
    const bool above = reference.histogram() > 0.0;
    const bool expected =
        (kind == ConditionKind::MacdAboveSignal || kind == ConditionKind::MacdHistPositive)
            ? above
            : !above;
    EXPECT_EQ(!decision.fired.empty(), expected) << condition_name(kind);
    // The stored state is the one of a single pass over the whole file.
    const StreamMemory& stream = memory.streams.begin()->second;
    const std::vector<double> state = reference.export_state();
    ASSERT_EQ(stream.values.size(), state.size() + 1);
    EXPECT_EQ(std::vector<double>(stream.values.begin() + 1, stream.values.end()), state);
    EXPECT_EQ(stream.last_open_ms, series.candles.back().open_time_ms);
  }
}

// close vs SMA(3): below from bar 2, crosses up on bar 5, back below on bar 8.
const std::vector<double> kPriceCloses{12, 11, 10, 9, 8, 20, 21, 22, 5, 4, 3};

RuleEngine price_cross_engine() {
  Condition when = condition(ConditionKind::PriceCrossUpMa);
  when.period = 3;
  return RuleEngine({set_ratio_rule("price-up", when, 0.8)});
}

Snapshot price_run(std::size_t candles) {
  HedgeInput hedge = btc_hedge();
  hedge.candles.push_back(first_candles(testing::series_from_closes(kPriceCloses), candles));
  return snapshot_with(hedge, close_of_last(hedge.candles[0]));
}

TEST(CandleStream, FirstRunDoesNotActOnACrossInsideTheWarmupHistory) {
  const RuleEngine engine = price_cross_engine();
  Memory memory;
  // The cross is on bar 5; a first run at bar 7 warms up through it and does not fire.
  EXPECT_TRUE(decide(engine, price_run(8), memory).fired.empty());
  Memory fresh;
  // A first run whose newest candle is the cross does fire.
  EXPECT_FALSE(decide(engine, price_run(6), fresh).fired.empty());
}

TEST(CandleStream, DataGoingBackwardsLeavesTheStreamUntouched) {
  const RuleEngine engine = price_cross_engine();
  Memory memory;
  decide(engine, price_run(5), memory);
  const Memory before = memory;
  // A venue answer that ends earlier than what was already fed: no new data.
  Snapshot stale = price_run(3);
  stale.now_ms = close_of_last(first_candles(testing::series_from_closes(kPriceCloses), 5));
  EXPECT_TRUE(decide(engine, stale, memory).fired.empty());
  EXPECT_EQ(memory.streams, before.streams);
  // The next good run still sees the cross on bar 5; it stays latched while the close is
  // above its SMA3 (bars 6, 7) and unlatches when it falls below (bar 8).
  EXPECT_FALSE(decide(engine, price_run(6), memory).fired.empty());
  EXPECT_FALSE(decide(engine, price_run(7), memory).fired.empty());
  EXPECT_TRUE(decide(engine, price_run(9), memory).fired.empty());
}

TEST(CandleStream, CandleNotClosedAtNowIsIgnored) {
  const RuleEngine engine = price_cross_engine();
  Memory memory;
  decide(engine, price_run(5), memory);
  // The series holds the crossing candle, but it is still open at now_ms.
  Snapshot early = price_run(6);
  early.now_ms -= 1;
  EXPECT_TRUE(decide(engine, early, memory).fired.empty());
  EXPECT_EQ(memory.streams.begin()->second.last_open_ms, price_run(5).now_ms - kHourMs);
  // Once it has closed, the cross fires.
  EXPECT_FALSE(decide(engine, price_run(6), memory).fired.empty());
}

TEST(CandleStream, MissingCandlesRebuildTheStreamAndStillFireTheCross) {
  // Falling closes (below their SMA3) for 12 bars, then a jump above it on bar 12.
  std::vector<double> closes;
  for (int i = 0; i < 12; ++i) closes.push_back(30.0 - i);
  closes.push_back(40.0);
  closes.push_back(41.0);
  const CandleSeries all = testing::series_from_closes(closes);
  const RuleEngine engine = price_cross_engine();
  Memory memory;
  HedgeInput first = btc_hedge();
  first.candles.push_back(first_candles(all, 4));  // bars 0..3
  decide(engine, snapshot_with(first, close_of_last(first.candles[0])), memory);
  // The next answer starts at bar 5: bar 4 is missing between the stream and the series.
  HedgeInput hedge = btc_hedge();
  CandleSeries series = all;
  series.candles.erase(series.candles.begin(), series.candles.begin() + 5);
  hedge.candles.push_back(series);
  const Decision decision = decide(engine, snapshot_with(hedge, close_of_last(series)), memory);
  EXPECT_EQ(decision.fired, std::vector<std::string>{"price-up"});
  EXPECT_EQ(memory.streams.begin()->second.last_open_ms, series.candles.back().open_time_ms);
}

TEST(CandleStream, ChangedParametersStartAFreshStreamAndDropTheOldOne) {
  Memory memory;
  decide(price_cross_engine(), price_run(5), memory);
  ASSERT_EQ(memory.streams.size(), 1u);
  EXPECT_EQ(memory.streams.begin()->first, "BTC/price-up/0/1h/close-sma3");
  Condition when = condition(ConditionKind::PriceCrossUpMa);
  when.period = 4;
  const RuleEngine changed({set_ratio_rule("price-up", when, 0.8)});
  decide(changed, price_run(6), memory);
  ASSERT_EQ(memory.streams.size(), 1u);
  EXPECT_EQ(memory.streams.begin()->first, "BTC/price-up/0/1h/close-sma4");
}

TEST(CandleStream, CorruptStoredStateIsRebuiltFromTheCandles) {
  const RuleEngine engine = price_cross_engine();
  Memory memory;
  decide(engine, price_run(5), memory);
  memory.streams.begin()->second.values = {7.0, 1.0};
  EXPECT_NO_THROW(decide(engine, price_run(6), memory));
  EXPECT_EQ(memory.streams.begin()->second.values.size(), 1u + 5u + 3u + 1u);
}

TEST(Cooldown, KeepsThePreviousTargetUntilItEnds) {
  const RuleEngine engine({set_ratio_rule("always-one", condition(ConditionKind::Always), 1.0)});
  HedgeInput hedge = btc_hedge();
  hedge.cooldown_ms = kHourMs;
  Memory memory;
  memory.numbers["target/BTC"] = 0.5;
  RuleEngine::note_trade(memory, "BTC", testing::kStartMs);
  const Decision held =
      decide(engine, snapshot_with(hedge, testing::kStartMs + 30 * kMinuteMs), memory);
  EXPECT_TRUE(held.hold);
  EXPECT_DOUBLE_EQ(held.target_ratio, 0.5);
  EXPECT_EQ(held.decided_by, "cooldown");
  EXPECT_EQ(held.why.rfind("cooldown until 2024-01-01T01:00:00Z", 0), 0u) << held.why;
  EXPECT_EQ(held.fired, std::vector<std::string>{"always-one"});
  EXPECT_DOUBLE_EQ(memory.numbers["target/BTC"], 0.5);
  const Decision after = decide(engine, snapshot_with(hedge, testing::kStartMs + kHourMs), memory);
  EXPECT_FALSE(after.hold);
  EXPECT_DOUBLE_EQ(after.target_ratio, 1.0);
  EXPECT_DOUBLE_EQ(memory.numbers["target/BTC"], 1.0);
}

TEST(Cooldown, MarginSafetyReductionGoesThrough) {
  const RuleEngine engine({
      set_ratio_rule("trend", condition(ConditionKind::Always), 1.0, 10),
      set_ratio_rule("margin-guard", condition(ConditionKind::MarginRatioAbove, 0.6), 0.5, 100),
  });
  HedgeInput hedge = btc_hedge();
  hedge.cooldown_ms = kHourMs;
  hedge.position_base = -1.0;  // ratio 1.0 now
  Memory memory;
  memory.numbers["target/BTC"] = 1.0;
  RuleEngine::note_trade(memory, "BTC", testing::kStartMs);
  Snapshot snapshot = snapshot_with(hedge, testing::kStartMs + kMinuteMs);
  snapshot.account.maint_margin = 7000.0;  // margin ratio 0.7
  const Decision decision = decide(engine, snapshot, memory);
  EXPECT_FALSE(decision.hold);
  EXPECT_DOUBLE_EQ(decision.target_ratio, 0.5);
  EXPECT_EQ(decision.decided_by, "margin-guard");
  // A trend rule's reduction waits for the cooldown.
  const RuleEngine trend_only(
      {set_ratio_rule("trend-down", condition(ConditionKind::Always), 0.2)});
  EXPECT_TRUE(decide(trend_only, snapshot, memory).hold);
}

}  // namespace
}  // namespace hedgebot::rules
