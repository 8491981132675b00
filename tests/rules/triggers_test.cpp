// Every trigger family, level and edge forms, and all/any combination.

#include <gtest/gtest.h>

#include <algorithm>

#include "rules/engine.hpp"
#include "rules/indicators/atr.hpp"
#include "rules/indicators/ema.hpp"
#include "rules/indicators/rsi.hpp"
#include "rules/indicators/sma.hpp"
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

// Whether a single rule on `when` fires for `snapshot`, with fresh memory.
bool fires(const Condition& when, const Snapshot& snapshot) {
  const RuleEngine engine({set_ratio_rule("rule", when, 1.0)});
  Memory memory;
  return !decide(engine, snapshot, memory).fired.empty();
}

Snapshot with_candles(const CandleSeries& series) {
  HedgeInput hedge = btc_hedge();
  hedge.candles.push_back(series);
  return snapshot_with(hedge, close_of_last(series));
}

// 30 falling closes then 30 rising ones.
CandleSeries valley() {
  std::vector<double> closes;
  closes.reserve(60);
  for (int i = 0; i < 30; ++i) closes.push_back(200.0 - i);
  for (int i = 0; i < 30; ++i) closes.push_back(171.0 + 2 * i);
  return testing::series_from_closes(closes);
}

Condition ma_pair(ConditionKind kind, MaType type, int fast, int slow) {
  Condition when = condition(kind);
  when.ma = type;
  when.fast = fast;
  when.slow = slow;
  return when;
}

TEST(MaTrigger, FastAboveAndBelowSlowForSmaAndEma) {
  for (MaType type : {MaType::Sma, MaType::Ema}) {
    const Snapshot falling = with_candles(first_candles(valley(), 28));
    const Snapshot rising = with_candles(valley());
    EXPECT_TRUE(fires(ma_pair(ConditionKind::MaBelow, type, 3, 8), falling));
    EXPECT_FALSE(fires(ma_pair(ConditionKind::MaAbove, type, 3, 8), falling));
    EXPECT_TRUE(fires(ma_pair(ConditionKind::MaAbove, type, 3, 8), rising));
    EXPECT_FALSE(fires(ma_pair(ConditionKind::MaBelow, type, 3, 8), rising));
  }
}

TEST(MaTrigger, NotReadyDoesNotFire) {
  // SMA50 needs 50 candles; 40 are given.
  EXPECT_FALSE(fires(ma_pair(ConditionKind::MaBelow, MaType::Sma, 3, 50),
                     with_candles(first_candles(valley(), 40))));
  EXPECT_FALSE(fires(ma_pair(ConditionKind::MaAbove, MaType::Sma, 3, 50),
                     with_candles(first_candles(valley(), 40))));
}

// Runs the engine once per candle from `from` and returns the bars on which the rule fired.
std::vector<std::size_t> fired_bars(const Condition& when, const CandleSeries& series,
                                    std::size_t from) {
  const RuleEngine engine({set_ratio_rule("rule", when, 1.0)});
  Memory memory;
  std::vector<std::size_t> bars;
  for (std::size_t count = from; count <= series.candles.size(); ++count) {
    if (!decide(engine, with_candles(first_candles(series, count)), memory).fired.empty())
      bars.push_back(count - 1);
  }
  return bars;
}

// The bars on which the rule starts firing (fired there, not on the run before): an edge
// latches on its cross and holds while its level does, so its onsets are its crosses.
std::vector<std::size_t> onsets(const std::vector<std::size_t>& bars) {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (i == 0 || bars[i - 1] + 1 != bars[i]) result.push_back(bars[i]);
  }
  return result;
}

// The bars where fast - slow changes sign upward (+1) or downward (-1).
template <typename Average>
std::vector<std::size_t> reference_crosses(const CandleSeries& series, int fast, int slow,
                                           int direction) {
  Average f(fast), s(slow);
  std::vector<std::size_t> bars;
  double sign = 0.0;
  for (std::size_t i = 0; i < series.candles.size(); ++i) {
    f.update(series.candles[i].close);
    s.update(series.candles[i].close);
    if (!f.ready() || !s.ready() || f.value() == s.value()) continue;
    const double now = f.value() > s.value() ? 1.0 : -1.0;
    if (sign != 0.0 && now != sign && now == direction) bars.push_back(i);
    sign = now;
  }
  return bars;
}

TEST(MaTrigger, CrossUpAndDownLatchOnTheCrossingCandle) {
  const CandleSeries series = testing::load_candles("data/binance-btcusdt-perp-1h.csv", 400);
  for (MaType type : {MaType::Sma, MaType::Ema}) {
    const auto up_bars = fired_bars(ma_pair(ConditionKind::MaCrossUp, type, 10, 30), series, 100);
    const auto down_bars =
        fired_bars(ma_pair(ConditionKind::MaCrossDown, type, 10, 30), series, 100);
    // Latched from each cross to the next opposite one: the two never hold together.
    for (std::size_t bar : up_bars)
      EXPECT_EQ(std::count(down_bars.begin(), down_bars.end(), bar), 0) << bar;
    const auto up = onsets(up_bars);
    const auto down = onsets(down_bars);
    auto expected_up = type == MaType::Sma ? reference_crosses<Sma>(series, 10, 30, 1)
                                           : reference_crosses<Ema>(series, 10, 30, 1);
    auto expected_down = type == MaType::Sma ? reference_crosses<Sma>(series, 10, 30, -1)
                                             : reference_crosses<Ema>(series, 10, 30, -1);
    std::erase_if(expected_up, [](std::size_t bar) { return bar < 99; });
    std::erase_if(expected_down, [](std::size_t bar) { return bar < 99; });
    ASSERT_FALSE(expected_up.empty());
    ASSERT_FALSE(expected_down.empty());
    EXPECT_EQ(up, expected_up);
    EXPECT_EQ(down, expected_down);
  }
}

Condition price_ma(ConditionKind kind, int period) {
  Condition when = condition(kind);
  when.period = period;
  return when;
}

TEST(PriceMaTrigger, LevelsAndCrosses) {
  const CandleSeries series = valley();
  EXPECT_TRUE(
      fires(price_ma(ConditionKind::PriceBelowMa, 5), with_candles(first_candles(series, 25))));
  EXPECT_FALSE(
      fires(price_ma(ConditionKind::PriceAboveMa, 5), with_candles(first_candles(series, 25))));
  EXPECT_TRUE(fires(price_ma(ConditionKind::PriceAboveMa, 5), with_candles(series)));
  // Close 173 on bar 31 is the first above the SMA5 of 171..177 region: one cross up, no down;
  // the cross up stays latched to the end of the rise.
  const auto up_bars = fired_bars(price_ma(ConditionKind::PriceCrossUpMa, 5), series, 10);
  const auto up = onsets(up_bars);
  const auto down = fired_bars(price_ma(ConditionKind::PriceCrossDownMa, 5), series, 10);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_TRUE(down.empty());
  EXPECT_GE(up[0], 30u);
  EXPECT_LE(up[0], 32u);
  EXPECT_EQ(up_bars.back(), series.candles.size() - 1);
}

TEST(RsiTrigger, AboveAndBelowTheLatestValue) {
  const CandleSeries series = testing::load_candles("data/binance-btcusdt-perp-1h.csv", 200);
  Rsi reference(14);
  for (const Candle& candle : series.candles) reference.update(candle);
  const Snapshot snapshot = with_candles(series);
  Condition above = price_ma(ConditionKind::RsiAbove, 14);
  above.threshold = reference.value() - 0.01;
  EXPECT_TRUE(fires(above, snapshot));
  above.threshold = reference.value() + 0.01;
  EXPECT_FALSE(fires(above, snapshot));
  Condition below = price_ma(ConditionKind::RsiBelow, 14);
  below.threshold = reference.value() + 0.01;
  EXPECT_TRUE(fires(below, snapshot));
}

TEST(AtrTrigger, AtrAsAFractionOfTheClose) {
  const CandleSeries series = testing::load_candles("data/binance-btcusdt-perp-1h.csv", 200);
  Atr reference(14);
  for (const Candle& candle : series.candles) reference.update(candle);
  const double share = reference.value() / series.candles.back().close;
  const Snapshot snapshot = with_candles(series);
  Condition above = price_ma(ConditionKind::AtrAbove, 14);
  above.threshold = share * 0.99;
  EXPECT_TRUE(fires(above, snapshot));
  above.threshold = share * 1.01;
  EXPECT_FALSE(fires(above, snapshot));
  Condition below = price_ma(ConditionKind::AtrBelow, 14);
  below.threshold = share * 1.01;
  EXPECT_TRUE(fires(below, snapshot));
}

HedgeInput with_funding(std::vector<double> rates) {
  HedgeInput hedge = btc_hedge();
  for (std::size_t i = 0; i < rates.size(); ++i) {
    hedge.funding.push_back(
        {testing::kStartMs + static_cast<int64_t>(i) * 8 * kHourMs, rates[i], 0.0});
  }
  return hedge;
}

Condition funding(ConditionKind kind, double threshold, FundingSource source, int window = 1) {
  Condition when = condition(kind, threshold);
  when.source = source;
  when.window = window;
  return when;
}

TEST(FundingTrigger, LastSettledRate) {
  const Snapshot snapshot =
      snapshot_with(with_funding({0.0005, 0.0001}), testing::kStartMs + kDayMs);
  EXPECT_TRUE(fires(funding(ConditionKind::FundingBelow, 0.0002, FundingSource::Last), snapshot));
  EXPECT_FALSE(fires(funding(ConditionKind::FundingAbove, 0.0002, FundingSource::Last), snapshot));
}

TEST(FundingTrigger, IgnoresRatesNotSettledYet) {
  // The second rate is stamped after now: only 0.0005 is settled.
  const Snapshot snapshot =
      snapshot_with(with_funding({0.0005, 0.0001}), testing::kStartMs + kHourMs);
  EXPECT_TRUE(fires(funding(ConditionKind::FundingAbove, 0.0002, FundingSource::Last), snapshot));
  EXPECT_FALSE(fires(funding(ConditionKind::FundingAbove, 0.0, FundingSource::Last),
                     snapshot_with(btc_hedge(), testing::kStartMs)));  // no history: no fire
}

TEST(FundingTrigger, PredictedRate) {
  HedgeInput hedge = with_funding({0.0001});
  hedge.predicted_funding = -0.0004;
  const Snapshot snapshot = snapshot_with(hedge, testing::kStartMs + kDayMs);
  EXPECT_TRUE(
      fires(funding(ConditionKind::FundingBelow, -0.0003, FundingSource::Predicted), snapshot));
  EXPECT_FALSE(fires(funding(ConditionKind::FundingBelow, -0.0003, FundingSource::Last), snapshot));
}

TEST(FundingTrigger, MeanOfTheLastWindowSettlements) {
  // Last three: -0.0002, -0.0004, -0.0006 -> mean -0.0004.
  const Snapshot snapshot = snapshot_with(with_funding({0.001, -0.0002, -0.0004, -0.0006}),
                                          testing::kStartMs + 2 * kDayMs);
  EXPECT_TRUE(
      fires(funding(ConditionKind::FundingBelow, -0.0003, FundingSource::Mean, 3), snapshot));
  EXPECT_FALSE(
      fires(funding(ConditionKind::FundingBelow, -0.0005, FundingSource::Mean, 3), snapshot));
  // window > 1 means a mean even when the source says last (rule_spec.hpp).
  EXPECT_TRUE(
      fires(funding(ConditionKind::FundingBelow, -0.0003, FundingSource::Last, 3), snapshot));
  EXPECT_FALSE(
      fires(funding(ConditionKind::FundingBelow, -0.0003, FundingSource::Mean, 4), snapshot));
}

// "Funding remains below 0.02 % for 24 h": the highest of the last three 8-hour settlements
// below 0.0002. The last one is low, but one inside the window is not: it does not hold.
TEST(FundingTrigger, MaxOverTheWindowNeedsEverySettlementBelow) {
  const int64_t now = testing::kStartMs + 2 * kDayMs;
  const Condition stays_low = funding(ConditionKind::FundingBelow, 0.0002, FundingSource::Max, 3);
  // Window: 0.0001, 0.0003, 0.0001 (the older 0.0005 is outside it). Max 0.0003 >= 0.0002.
  const Snapshot one_high = snapshot_with(with_funding({0.0005, 0.0001, 0.0003, 0.0001}), now);
  EXPECT_FALSE(fires(stays_low, one_high));
  // The last rate alone, and the mean (0.000167), would both have fired.
  EXPECT_TRUE(fires(funding(ConditionKind::FundingBelow, 0.0002, FundingSource::Last), one_high));
  EXPECT_TRUE(
      fires(funding(ConditionKind::FundingBelow, 0.0002, FundingSource::Mean, 3), one_high));
  // Every settlement of the window below: it holds; the older 0.0005 does not count.
  EXPECT_TRUE(
      fires(stays_low, snapshot_with(with_funding({0.0005, 0.0001, 0.00015, 0.0001}), now)));
}

TEST(FundingTrigger, MinOverTheWindowNeedsEverySettlementAbove) {
  const int64_t now = testing::kStartMs + 2 * kDayMs;
  const Condition stays_high = funding(ConditionKind::FundingAbove, 0.0001, FundingSource::Min, 3);
  EXPECT_FALSE(fires(stays_high, snapshot_with(with_funding({0.0003, 0.00005, 0.0003}), now)));
  EXPECT_TRUE(fires(stays_high, snapshot_with(with_funding({0.0003, 0.0002, 0.0003}), now)));
}

// Fewer settled rates than the window cannot say "every settlement of the window": not ready.
TEST(FundingTrigger, MaxWithFewerSettlementsThanTheWindowIsNotReady) {
  const RuleEngine engine({set_ratio_rule(
      "stays-low", funding(ConditionKind::FundingBelow, 0.0002, FundingSource::Max, 3), 1.0)});
  Memory memory;
  const Decision decision = decide(
      engine, snapshot_with(with_funding({0.0001, 0.0001}), testing::kStartMs + kDayMs), memory);
  EXPECT_TRUE(decision.fired.empty());
  ASSERT_EQ(decision.not_ready.size(), 1U);
  EXPECT_EQ(decision.not_ready[0].lacks, "funding max(3) needs 3 settled rates, has 2");
}

// Basis: (mark - index) / index; annualised over the time left to delivery.
TEST(BasisTrigger, FractionAndAnnualisedToDelivery) {
  HedgeInput hedge = btc_hedge();
  hedge.mark_price = 61000.0;
  hedge.index_price = 60000.0;  // basis 1 000 / 60 000 = 0.016667
  const int64_t now = testing::kStartMs;
  EXPECT_TRUE(fires(condition(ConditionKind::BasisAbove, 0.016), snapshot_with(hedge, now)));
  EXPECT_FALSE(fires(condition(ConditionKind::BasisAbove, 0.017), snapshot_with(hedge, now)));
  EXPECT_TRUE(fires(condition(ConditionKind::BasisBelow, 0.017), snapshot_with(hedge, now)));
  // 73 days to delivery: 0.016667 x 365 / 73 = 0.08333 a year.
  hedge.delivery_ms = now + 73 * kDayMs;
  Condition annualised = condition(ConditionKind::BasisAbove, 0.083);
  annualised.annualised = true;
  EXPECT_TRUE(fires(annualised, snapshot_with(hedge, now)));
  annualised.threshold = 0.084;
  EXPECT_FALSE(fires(annualised, snapshot_with(hedge, now)));
  // Backwardation: a mark under the index is a negative basis.
  hedge.mark_price = 59400.0;
  EXPECT_TRUE(fires(condition(ConditionKind::BasisBelow, -0.005), snapshot_with(hedge, now)));
}

TEST(BasisTrigger, NoIndexPriceIsNotReady) {
  HedgeInput hedge = btc_hedge();  // index_price 0: the venue gave none
  const RuleEngine engine({set_ratio_rule("rich", condition(ConditionKind::BasisAbove, 0.0), 1.0)});
  Memory memory;
  const Decision decision = decide(engine, snapshot_with(hedge, testing::kStartMs), memory);
  EXPECT_TRUE(decision.fired.empty());
  ASSERT_EQ(decision.not_ready.size(), 1U);
  EXPECT_EQ(decision.not_ready[0].lacks, "no index price for BTCUSDT (the venue gave none)");
}

TEST(FundingTrigger, AnnualisedUsesTheFundingInterval) {
  // 0.0001 per 8 h = 0.0001 * 1095 = 10.95 % a year; per 4 h it is 21.9 %.
  HedgeInput hedge = with_funding({0.0001});
  Condition when = funding(ConditionKind::FundingAbove, 0.10, FundingSource::Last);
  when.annualised = true;
  EXPECT_TRUE(fires(when, snapshot_with(hedge, testing::kStartMs + kDayMs)));
  when.threshold = 0.11;
  EXPECT_FALSE(fires(when, snapshot_with(hedge, testing::kStartMs + kDayMs)));
  hedge.funding_interval_ms = 4 * kHourMs;
  EXPECT_TRUE(fires(when, snapshot_with(hedge, testing::kStartMs + kDayMs)));
}

TEST(MarginRatioTrigger, AboveAndBelow) {
  Snapshot snapshot = snapshot_with(btc_hedge(), testing::kStartMs);
  snapshot.account.margin_balance = 1000.0;
  snapshot.account.maint_margin = 650.0;
  EXPECT_TRUE(fires(condition(ConditionKind::MarginRatioAbove, 0.6), snapshot));
  EXPECT_FALSE(fires(condition(ConditionKind::MarginRatioBelow, 0.6), snapshot));
  snapshot.account.maint_margin = 100.0;
  EXPECT_FALSE(fires(condition(ConditionKind::MarginRatioAbove, 0.6), snapshot));
  EXPECT_TRUE(fires(condition(ConditionKind::MarginRatioBelow, 0.6), snapshot));
  // A lost margin balance with open maintenance is infinitely risky.
  snapshot.account.margin_balance = -5.0;
  EXPECT_TRUE(fires(condition(ConditionKind::MarginRatioAbove, 0.6), snapshot));
  // No maintenance margin (no position): no risk, even with an empty futures wallet.
  snapshot.account.margin_balance = 0.0;
  snapshot.account.maint_margin = 0.0;
  EXPECT_FALSE(fires(condition(ConditionKind::MarginRatioAbove, 0.6), snapshot));
}

TEST(CollateralDropTrigger, FiresWhenMarginBalanceFellFromItsPeakWithinLookback) {
  Condition when = condition(ConditionKind::CollateralDrop, 0.15);
  when.lookback_ms = kDayMs;
  const RuleEngine engine({set_ratio_rule("collateral", when, 0.0)});
  Memory memory;
  Snapshot snapshot = snapshot_with(btc_hedge(), testing::kStartMs);
  const auto run = [&](int64_t at, double balance) {
    snapshot.now_ms = at;
    snapshot.account.margin_balance = balance;
    return !decide(engine, snapshot, memory).fired.empty();
  };
  EXPECT_FALSE(run(testing::kStartMs, 10000.0));
  EXPECT_FALSE(run(testing::kStartMs + 6 * kHourMs, 9000.0));  // -10 %
  EXPECT_TRUE(run(testing::kStartMs + 12 * kHourMs, 8400.0));  // -16 % from 10 000
  // 30 h later the 10 000 peak is out of the window; 9 000 (at +6 h) too by +31 h.
  EXPECT_FALSE(run(testing::kStartMs + 31 * kHourMs, 8300.0));
}

TEST(DriftTrigger, ComparesTheActualRatioWithTheCurrentTarget) {
  Condition when = condition(ConditionKind::DriftAbove, 0.1);
  const RuleEngine engine({testing::action_rule("drift", when, ActionKind::Alert)});
  HedgeInput hedge = btc_hedge();  // baseline 0.3
  hedge.position_base = -0.5;      // actual 0.5
  Memory memory;
  // First run: the target is the baseline 0.3; drift 0.2.
  EXPECT_FALSE(decide(engine, snapshot_with(hedge, testing::kStartMs), memory).fired.empty());
  // Once a target of 0.45 is remembered, drift 0.05 does not fire.
  memory.numbers["target/BTC"] = 0.45;
  EXPECT_TRUE(decide(engine, snapshot_with(hedge, testing::kStartMs), memory).fired.empty());
}

TEST(AllocationTrigger, CryptoShareOfThePortfolio) {
  // 1 BTC at 50 000 spot, short 0.2 BTC: exposure 40 000; portfolio 50 000 + 10 000 + 40 000.
  HedgeInput hedge = btc_hedge();
  hedge.position_base = -0.2;
  Snapshot snapshot = snapshot_with(hedge, testing::kStartMs);
  snapshot.stable_balance = 40000.0;
  EXPECT_TRUE(fires(condition(ConditionKind::AllocationAbove, 0.35), snapshot));
  EXPECT_FALSE(fires(condition(ConditionKind::AllocationAbove, 0.45), snapshot));
  EXPECT_TRUE(fires(condition(ConditionKind::AllocationBelow, 0.45), snapshot));
}

TEST(Combine, AllNeedsEveryConditionAnyNeedsOne) {
  RuleSpec rule = set_ratio_rule("combo", condition(ConditionKind::Always), 1.0);
  Snapshot snapshot = snapshot_with(btc_hedge(), testing::kStartMs);
  snapshot.account.margin_balance = 1000.0;
  snapshot.account.maint_margin = 100.0;  // 0.1
  rule.conditions = {condition(ConditionKind::Always),
                     condition(ConditionKind::MarginRatioAbove, 0.5)};
  for (Combine combine : {Combine::All, Combine::Any}) {
    rule.combine = combine;
    Memory memory;
    const Decision decision = decide(RuleEngine({rule}), snapshot, memory);
    EXPECT_EQ(decision.fired.empty(), combine == Combine::All);
  }
  rule.conditions.clear();
  Memory memory;
  EXPECT_TRUE(decide(RuleEngine({rule}), snapshot, memory).fired.empty());
}

TEST(Combine, EveryConditionIsFedEvenWhenAnEarlierOneFails) {
  // The systematic rule: price above its MA, MACD above signal, funding low. The first
  // condition fails; the MACD stream must still advance (no short-circuit).
  const CandleSeries series = testing::load_candles("data/binance-btcusdt-perp-1h.csv", 120);
  RuleSpec rule = set_ratio_rule("systematic", condition(ConditionKind::Always), 0.5);
  rule.combine = Combine::All;
  rule.conditions = {condition(ConditionKind::MarginRatioAbove, 0.9),
                     condition(ConditionKind::MacdAboveSignal),
                     funding(ConditionKind::FundingBelow, 0.0002, FundingSource::Last)};
  Memory memory;
  HedgeInput hedge = btc_hedge();
  hedge.candles.push_back(series);
  decide(RuleEngine({rule}), snapshot_with(hedge, close_of_last(series)), memory);
  ASSERT_EQ(memory.streams.count("BTC/systematic/1/1h/macd12-26-9"), 1u);
  EXPECT_EQ(memory.streams["BTC/systematic/1/1h/macd12-26-9"].last_open_ms,
            series.candles.back().open_time_ms);
}

TEST(Timeframes, EachConditionReadsItsOwnTimeframe) {
  // 1h candles fall, 4h candles rise: the same condition on each timeframe disagrees.
  std::vector<double> falling, rising;
  for (int i = 0; i < 40; ++i) {
    falling.push_back(100.0 - i);
    rising.push_back(100.0 + i);
  }
  HedgeInput hedge = btc_hedge();
  hedge.candles.push_back(testing::series_from_closes(falling, kHourMs));
  hedge.candles.push_back(testing::series_from_closes(rising, 4 * kHourMs));
  const Snapshot snapshot = snapshot_with(hedge, testing::kStartMs + 200 * kHourMs);
  Condition hourly = price_ma(ConditionKind::PriceAboveMa, 5);
  Condition four_hourly = hourly;
  four_hourly.timeframe_ms = 4 * kHourMs;
  EXPECT_FALSE(fires(hourly, snapshot));
  EXPECT_TRUE(fires(four_hourly, snapshot));
  Condition daily = hourly;
  daily.timeframe_ms = kDayMs;  // not supplied: not ready, does not fire
  EXPECT_FALSE(fires(daily, snapshot));
}

TEST(Requirements, WarmupPerTimeframeAndFundingHistory) {
  Condition sma = ma_pair(ConditionKind::MaBelow, MaType::Sma, 50, 200);
  sma.timeframe_ms = kDayMs;
  Condition macd = condition(ConditionKind::MacdCrossUp);
  macd.timeframe_ms = 4 * kHourMs;
  Condition ema = price_ma(ConditionKind::PriceAboveMa, 20);
  ema.ma = MaType::Ema;
  ema.timeframe_ms = 4 * kHourMs;
  RuleSpec eth = set_ratio_rule("eth-only", price_ma(ConditionKind::RsiAbove, 14), 1.0);
  eth.hedge = "ETH";
  RuleSpec funding_rule = set_ratio_rule(
      "funding", funding(ConditionKind::FundingBelow, 0.0, FundingSource::Mean, 3), 1.0);
  const RuleEngine engine({set_ratio_rule("trend", sma, 1.0), set_ratio_rule("macd", macd, 1.0),
                           set_ratio_rule("ema", ema, 1.0), eth, funding_rule});
  const std::vector<CandleRequirement> btc = engine.requirements("BTC");
  ASSERT_EQ(btc.size(), 2u);
  EXPECT_EQ(btc[0].timeframe_ms, 4 * kHourMs);
  EXPECT_EQ(btc[0].warmup_candles, 26 + 9 + 3 * 27 + 1);  // MACD beats EMA20's 84
  EXPECT_EQ(btc[1].timeframe_ms, kDayMs);
  EXPECT_EQ(btc[1].warmup_candles, 201);
  const std::vector<CandleRequirement> eth_needs = engine.requirements("ETH");
  ASSERT_EQ(eth_needs.size(), 3u);
  EXPECT_EQ(eth_needs[0].timeframe_ms, kHourMs);
  EXPECT_EQ(eth_needs[0].warmup_candles, 7 * 14 + 1);
  EXPECT_EQ(engine.funding_history_needed("BTC"), 3);
}

}  // namespace
}  // namespace hedgebot::rules
