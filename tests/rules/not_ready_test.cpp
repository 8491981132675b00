// Pins: a rule that cannot be evaluated (an indicator still warming up, no candles of its
// timeframe, no settled funding) is named in the decision with what it lacks, instead of
// silently not firing.
#include <gtest/gtest.h>

#include "rules/engine.hpp"
#include "tests/rules/engine_fixtures.hpp"

namespace hedgebot::rules {
namespace {

using testing::btc_hedge;
using testing::condition;
using testing::decide;
using testing::set_ratio_rule;
using testing::snapshot_with;

Condition daily_sma(int period) {
  Condition when = condition(ConditionKind::PriceAboveMa);
  when.ma = MaType::Sma;
  when.period = period;
  when.timeframe_ms = kDayMs;
  return when;
}

TEST(NotReady, AWarmingUpAverageSaysWhatItNeedsAndHas) {
  std::vector<double> closes(61, 100.0);
  HedgeInput hedge = btc_hedge();
  hedge.candles.push_back(testing::series_from_closes(closes, kDayMs));
  const Snapshot snapshot = snapshot_with(hedge, testing::kStartMs + 61 * kDayMs);
  const RuleEngine engine({set_ratio_rule("above-200d", daily_sma(200), 1.0),
                           set_ratio_rule("above-20d", daily_sma(20), 0.8)});
  Memory memory;
  const Decision decision = decide(engine, snapshot, memory);
  ASSERT_EQ(decision.not_ready.size(), 1u);
  EXPECT_EQ(decision.not_ready[0].rule, "above-200d");
  EXPECT_EQ(decision.not_ready[0].lacks, "SMA200 on 1d needs 200 closed candles, has 61");
}

TEST(NotReady, MissingTimeframeAndMissingFundingAreNamed) {
  Condition funding = condition(ConditionKind::FundingBelow, 0.0);
  funding.source = FundingSource::Last;
  const RuleEngine engine(
      {set_ratio_rule("weekly", daily_sma(20), 1.0), set_ratio_rule("funding-cost", funding, 0.0)});
  Memory memory;
  const Decision decision =
      decide(engine, snapshot_with(btc_hedge(), testing::kStartMs + kDayMs), memory);
  ASSERT_EQ(decision.not_ready.size(), 2u);
  EXPECT_EQ(decision.not_ready[0].rule, "weekly");
  EXPECT_EQ(decision.not_ready[0].lacks, "no 1d candles");
  EXPECT_EQ(decision.not_ready[1].rule, "funding-cost");
  EXPECT_NE(decision.not_ready[1].lacks.find("no settled funding"), std::string::npos);
}

TEST(NotReady, AReadyRuleIsNotListed) {
  std::vector<double> closes(30, 100.0);
  HedgeInput hedge = btc_hedge();
  hedge.candles.push_back(testing::series_from_closes(closes, kDayMs));
  const RuleEngine engine({set_ratio_rule("above-20d", daily_sma(20), 1.0)});
  Memory memory;
  const Decision decision =
      decide(engine, snapshot_with(hedge, testing::kStartMs + 30 * kDayMs), memory);
  EXPECT_TRUE(decision.not_ready.empty());
}

}  // namespace
}  // namespace hedgebot::rules
