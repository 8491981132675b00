// Edge conditions latch (rules/RESOLUTION.md, "Edges latch"): a *_cross_* condition holds from
// its cross for as long as its level still holds, unlatches on the other side, never latches
// from the warm-up history of a first run, survives a cooldown, and a latched adjust_ratio
// does not accumulate across runs.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "tests/rules/engine_fixtures.hpp"
#include "tests/rules/test_data.hpp"

namespace hedgebot::rules {
namespace {

using testing::adjust_rule;
using testing::btc_hedge;
using testing::close_of_last;
using testing::condition;
using testing::decide;
using testing::first_candles;
using testing::set_ratio_rule;
using testing::snapshot_with;

// close vs SMA(3): below from bar 2, crosses up on bar 5, stays above on bars 6 and 7, crosses
// back below on bar 8 and stays below.
const std::vector<double> kCloses{12, 11, 10, 9, 8, 20, 21, 22, 5, 4, 3};

// 12 falling closes, then a steady rise: close crosses above its SMA3 on bar 13, SMA2 crosses
// above SMA8 one candle later, on bar 14; both stay above to bar 19.
const std::vector<double> kSlowTurn{30, 29, 28,   27, 26,   25, 24,   23, 22,   21,
                                    20, 19, 19.5, 21, 22.5, 24, 25.5, 27, 28.5, 30};

Condition cross_up_sma(int period) {
  Condition when = condition(ConditionKind::PriceCrossUpMa);
  when.period = period;
  return when;
}

Condition cross_down_sma(int period) {
  Condition when = condition(ConditionKind::PriceCrossDownMa);
  when.period = period;
  return when;
}

// A run at the close of the first `candles` candles of `closes`.
Snapshot run(const std::vector<double>& closes, std::size_t candles,
             const HedgeInput& base = btc_hedge()) {
  HedgeInput hedge = base;
  hedge.candles.push_back(first_candles(testing::series_from_closes(closes), candles));
  return snapshot_with(hedge, close_of_last(hedge.candles[0]));
}

bool fired(const Decision& decision, const std::string& rule) {
  return std::find(decision.fired.begin(), decision.fired.end(), rule) != decision.fired.end();
}

TEST(EdgeLatch, PersistsWhileTheLevelHolds) {
  const RuleEngine engine({set_ratio_rule("price-up", cross_up_sma(3), 0.8)});
  Memory memory;
  EXPECT_TRUE(decide(engine, run(kCloses, 5), memory).fired.empty());  // bars 0..4, no cross
  const Decision cross = decide(engine, run(kCloses, 6), memory);      // the cross, bar 5
  EXPECT_EQ(cross.decided_by, "price-up");
  EXPECT_DOUBLE_EQ(cross.target_ratio, 0.8);
  EXPECT_DOUBLE_EQ(memory.numbers.at("latch/BTC/price-up/0/1h/close-sma3"), 1.0);
  // The next tick, no new candle: still latched, same target (the trade is not undone).
  Snapshot later = run(kCloses, 6);
  later.now_ms += 20 * kMinuteMs;
  const Decision same = decide(engine, later, memory);
  EXPECT_EQ(same.fired, std::vector<std::string>{"price-up"});
  EXPECT_DOUBLE_EQ(same.target_ratio, 0.8);
  EXPECT_NE(same.why.find("latched: still above"), std::string::npos) << same.why;
  // New candles, still above the SMA: still latched.
  for (std::size_t candles : {7u, 8u}) {
    const Decision decision = decide(engine, run(kCloses, candles), memory);
    EXPECT_EQ(decision.decided_by, "price-up") << candles;
    EXPECT_DOUBLE_EQ(decision.target_ratio, 0.8) << candles;
  }
}

TEST(EdgeLatch, UnlatchesOnTheOppositeSideWhereTheOtherEdgeLatches) {
  const RuleEngine engine({set_ratio_rule("price-up", cross_up_sma(3), 0.8),
                           set_ratio_rule("price-down", cross_down_sma(3), 0.1)});
  Memory memory;
  decide(engine, run(kCloses, 5), memory);
  EXPECT_EQ(decide(engine, run(kCloses, 6), memory).decided_by, "price-up");
  EXPECT_EQ(decide(engine, run(kCloses, 8), memory).decided_by, "price-up");  // latched
  // Bar 8 crosses back below: the up edge unlatches, the down edge latches.
  const Decision back = decide(engine, run(kCloses, 9), memory);
  EXPECT_FALSE(fired(back, "price-up"));
  EXPECT_EQ(back.decided_by, "price-down");
  EXPECT_DOUBLE_EQ(back.target_ratio, 0.1);
  EXPECT_EQ(memory.numbers.count("latch/BTC/price-up/0/1h/close-sma3"), 0u);
  EXPECT_DOUBLE_EQ(memory.numbers.at("latch/BTC/price-down/0/1h/close-sma3"), -1.0);
  for (std::size_t candles : {10u, 11u}) {
    const Decision decision = decide(engine, run(kCloses, candles), memory);
    EXPECT_EQ(decision.fired, std::vector<std::string>{"price-down"}) << candles;
  }
}

TEST(EdgeLatch, NoLatchFromTheWarmupHistoryOfAFirstRun) {
  const RuleEngine engine({set_ratio_rule("price-up", cross_up_sma(3), 0.8)});
  // A first run at bar 15 warms up through the cross on bar 13: no latch, now or later,
  // although the close stays above its SMA3 (price_above_ma would hold).
  Memory late;
  for (std::size_t candles = 16; candles <= kSlowTurn.size(); ++candles) {
    EXPECT_TRUE(decide(engine, run(kSlowTurn, candles), late).fired.empty()) << candles;
  }
  EXPECT_EQ(late.numbers.count("latch/BTC/price-up/0/1h/close-sma3"), 0u);
  // A first run whose newest candle is the cross latches, and stays latched.
  Memory on_time;
  for (std::size_t candles = 14; candles <= kSlowTurn.size(); ++candles) {
    EXPECT_EQ(decide(engine, run(kSlowTurn, candles), on_time).decided_by, "price-up") << candles;
  }
  // A stored latch is not carried into a fresh stream (changed parameters here).
  Memory changed = on_time;
  changed.numbers["latch/BTC/price-up/0/1h/close-sma4"] = 1.0;  // left by an older config
  const RuleEngine sma4({set_ratio_rule("price-up", cross_up_sma(4), 0.8)});
  EXPECT_TRUE(decide(sma4, run(kSlowTurn, kSlowTurn.size()), changed).fired.empty());
  EXPECT_EQ(changed.numbers.count("latch/BTC/price-up/0/1h/close-sma3"), 0u);  // pruned
  EXPECT_EQ(changed.numbers.count("latch/BTC/price-up/0/1h/close-sma4"), 0u);
}

TEST(EdgeLatch, ACrossDuringTheCooldownIsActedOnWhenItEnds) {
  const RuleEngine engine({set_ratio_rule("price-up", cross_up_sma(3), 0.8)});
  HedgeInput hedge = btc_hedge();
  hedge.cooldown_ms = 2 * kHourMs;
  Memory memory;
  const Snapshot before = run(kCloses, 5, hedge);
  EXPECT_DOUBLE_EQ(decide(engine, before, memory).target_ratio, 0.3);  // baseline
  RuleEngine::note_trade(memory, "BTC", before.now_ms);
  // The cross, one hour into the cooldown: fires, held.
  const Decision held = decide(engine, run(kCloses, 6, hedge), memory);
  EXPECT_EQ(held.fired, std::vector<std::string>{"price-up"});
  EXPECT_EQ(held.decided_by, "cooldown");
  EXPECT_DOUBLE_EQ(held.target_ratio, 0.3);
  // The cooldown is over: the latched cross is acted on.
  const Decision acted = decide(engine, run(kCloses, 7, hedge), memory);
  EXPECT_FALSE(acted.hold);
  EXPECT_EQ(acted.decided_by, "price-up");
  EXPECT_DOUBLE_EQ(acted.target_ratio, 0.8);
  // Once: the bot trades to 0.8; the next run keeps 0.8 (nothing more to do).
  RuleEngine::note_trade(memory, "BTC", run(kCloses, 7).now_ms);
  hedge.position_base = -0.8;
  Snapshot next = run(kCloses, 7, hedge);
  next.now_ms += 3 * kHourMs;
  const Decision after = decide(engine, next, memory);
  EXPECT_FALSE(after.hold);
  EXPECT_DOUBLE_EQ(after.target_ratio, 0.8);
}

TEST(EdgeLatch, ALatchedAdjustRatioDoesNotAccumulateAcrossRuns) {
  const RuleEngine engine({adjust_rule("tilt-up", cross_up_sma(3), 0.2)});
  HedgeInput hedge = btc_hedge();  // baseline 0.3
  Memory memory;
  decide(engine, run(kCloses, 5, hedge), memory);
  EXPECT_DOUBLE_EQ(decide(engine, run(kCloses, 6, hedge), memory).target_ratio, 0.5);
  hedge.position_base = -0.5;  // the bot traded to 0.5
  for (int repeat = 0; repeat < 3; ++repeat) {
    const Decision again = decide(engine, run(kCloses, 6, hedge), memory);
    EXPECT_EQ(again.decided_by, "tilt-up");
    EXPECT_DOUBLE_EQ(again.target_ratio, 0.5) << repeat;
  }
  for (std::size_t candles : {7u, 8u}) {
    const Decision decision = decide(engine, run(kCloses, candles, hedge), memory);
    EXPECT_EQ(decision.decided_by, "tilt-up");
    EXPECT_DOUBLE_EQ(decision.target_ratio, 0.5) << candles;
  }
  // Back below: the tilt ends, the baseline returns.
  EXPECT_DOUBLE_EQ(decide(engine, run(kCloses, 9, hedge), memory).target_ratio, 0.3);
}

TEST(EdgeLatch, EachEdgeInsideAnAllRuleLatchesOnItsOwn) {
  // Close over SMA3 crosses on bar 13, SMA2 over SMA8 on bar 14: never on the same run, but
  // from bar 14 both are latched, so the rule holds.
  Condition ma_up = condition(ConditionKind::MaCrossUp);
  ma_up.fast = 2;
  ma_up.slow = 8;
  RuleSpec rule = set_ratio_rule("turn", cross_up_sma(3), 0.9);
  rule.combine = Combine::All;
  rule.conditions = {cross_up_sma(3), ma_up};
  const RuleEngine engine({rule});
  Memory memory;
  std::vector<std::size_t> fired_at;
  for (std::size_t candles = 10; candles <= kSlowTurn.size(); ++candles) {
    if (!decide(engine, run(kSlowTurn, candles), memory).fired.empty())
      fired_at.push_back(candles - 1);
  }
  EXPECT_EQ(fired_at, (std::vector<std::size_t>{14, 15, 16, 17, 18, 19}));
  EXPECT_DOUBLE_EQ(memory.numbers.at("latch/BTC/turn/0/1h/close-sma3"), 1.0);
  EXPECT_DOUBLE_EQ(memory.numbers.at("latch/BTC/turn/1/1h/sma2-sma8"), 1.0);
}

}  // namespace
}  // namespace hedgebot::rules
