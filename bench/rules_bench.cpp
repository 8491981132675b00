// Rule-engine benchmarks.
//   BM_IndicatorSet: SMA20 + EMA20 + MACD(12,26,9) + RSI14 + ATR14 updated on every candle of
//     the bundled BTCUSDT 1h file (a deterministic random walk when the file is missing);
//     reported per candle (items_per_second; "time" / candles).
//   BM_RuleEvaluation: one RuleEngine::evaluate() per tick with five realistic rules on a
//     warm memory, each tick bringing one new 1h candle (and a 4h candle every fourth tick).

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "rules/indicators/atr.hpp"
#include "rules/indicators/ema.hpp"
#include "rules/indicators/macd.hpp"
#include "rules/indicators/rsi.hpp"
#include "rules/indicators/sma.hpp"
#include "tests/support/market_fixtures.hpp"

namespace {

using namespace hedgebot;
using namespace hedgebot::rules;

// `open_time_ms,open,high,low,close,volume` with a header; empty when the file is missing.
std::vector<Candle> read_candles(const std::string& path) {
  std::vector<Candle> candles;
  std::ifstream file(path);
  std::string line;
  if (!std::getline(file, line)) return candles;
  while (std::getline(file, line)) {
    Candle candle;
    char* cursor = line.data();
    candle.open_time_ms = std::strtoll(cursor, &cursor, 10);
    candle.open = std::strtod(cursor + 1, &cursor);
    candle.high = std::strtod(cursor + 1, &cursor);
    candle.low = std::strtod(cursor + 1, &cursor);
    candle.close = std::strtod(cursor + 1, &cursor);
    candle.volume = std::strtod(cursor + 1, &cursor);
    candles.push_back(candle);
  }
  return candles;
}

const std::vector<Candle>& hourly_candles() {
  static const std::vector<Candle> candles = [] {
    std::vector<Candle> loaded =
        read_candles(std::string(HEDGEBOT_SOURCE_DIR) + "/data/binance-btcusdt-perp-1h.csv");
    return loaded.size() > 2000
               ? loaded
               : testing::random_walk_candles(42, 20000, 1704067200000, kHourMs, 40000.0, 0.005);
  }();
  return candles;
}

void BM_IndicatorSet(benchmark::State& state) {
  const std::vector<Candle>& candles = hourly_candles();
  Sma sma(20);
  Ema ema(20);
  Macd macd(12, 26, 9);
  Rsi rsi(14);
  Atr atr(14);
  for (auto _ : state) {
    sma.reset();
    ema.reset();
    macd.reset();
    rsi.reset();
    atr.reset();
    double checksum = 0.0;
    for (const Candle& candle : candles) {
      sma.update(candle.close);
      ema.update(candle.close);
      macd.update(candle.close);
      rsi.update(candle.close);
      atr.update(candle.high, candle.low, candle.close);
      checksum += sma.value() + ema.value() + macd.histogram() + rsi.value() + atr.value();
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(candles.size()));
  state.counters["ns_per_candle"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(candles.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_IndicatorSet)->Unit(benchmark::kMicrosecond);

Condition make_condition(ConditionKind kind, int64_t timeframe_ms = kHourMs) {
  Condition condition;
  condition.kind = kind;
  condition.timeframe_ms = timeframe_ms;
  return condition;
}

std::vector<RuleSpec> realistic_rules() {
  std::vector<RuleSpec> rules(5);
  rules[0].name = "bear-trend";
  rules[0].conditions = {make_condition(ConditionKind::MaBelow, 4 * kHourMs)};
  rules[0].conditions[0].fast = 50;
  rules[0].conditions[0].slow = 200;
  rules[0].action = ActionKind::SetRatio;
  rules[0].ratio = 1.0;
  rules[0].priority = 10;

  rules[1].name = "momentum-back";
  rules[1].conditions = {make_condition(ConditionKind::MacdCrossUp)};
  rules[1].action = ActionKind::AdjustRatio;
  rules[1].delta = -0.25;

  rules[2].name = "systematic";
  rules[2].combine = Combine::All;
  Condition above_ma = make_condition(ConditionKind::PriceAboveMa);
  above_ma.ma = MaType::Ema;
  above_ma.period = 50;
  Condition funding_low = make_condition(ConditionKind::FundingBelow);
  funding_low.threshold = 0.0002;
  rules[2].conditions = {above_ma, make_condition(ConditionKind::MacdAboveSignal), funding_low};
  rules[2].action = ActionKind::SetExposure;
  rules[2].exposure = 0.7;
  rules[2].priority = 5;

  rules[3].name = "funding-against-us";
  rules[3].conditions = {make_condition(ConditionKind::FundingBelow)};
  rules[3].conditions[0].threshold = -0.0003;
  rules[3].conditions[0].window = 3;
  rules[3].action = ActionKind::AdjustRatio;
  rules[3].delta = -0.2;

  rules[4].name = "margin-guard";
  rules[4].conditions = {make_condition(ConditionKind::MarginRatioAbove)};
  rules[4].conditions[0].threshold = 0.6;
  rules[4].action = ActionKind::SetRatio;
  rules[4].ratio = 0.5;
  rules[4].priority = 100;
  return rules;
}

// 4h candles from 1h ones (complete buckets aligned to 4h).
std::vector<Candle> four_hourly(const std::vector<Candle>& hourly) {
  std::vector<Candle> result;
  for (const Candle& candle : hourly) {
    const int64_t bucket = candle.open_time_ms - candle.open_time_ms % (4 * kHourMs);
    if (result.empty() || result.back().open_time_ms != bucket) {
      result.push_back(candle);
      result.back().open_time_ms = bucket;
      continue;
    }
    Candle& current = result.back();
    current.high = std::max(current.high, candle.high);
    current.low = std::min(current.low, candle.low);
    current.close = candle.close;
    current.volume += candle.volume;
  }
  return result;
}

// The snapshot the bot would build at the close of hourly candle `last`.
Snapshot tick_snapshot(const RuleEngine& engine, const std::vector<Candle>& hourly,
                       const std::vector<Candle>& four_hour, std::size_t last) {
  Snapshot snapshot;
  snapshot.now_ms = hourly[last].open_time_ms + kHourMs;
  snapshot.account.margin_balance = 20000.0;
  snapshot.account.maint_margin = 2000.0;
  snapshot.stable_balance = 10000.0;
  HedgeInput hedge;
  hedge.asset = "BTC";
  hedge.symbol = "BTCUSDT";
  hedge.spot_qty = 1.0;
  hedge.position_base = -0.3;
  hedge.mark_price = hedge.spot_price = hourly[last].close;
  hedge.baseline_ratio = 0.3;
  hedge.max_ratio = 1.2;
  for (const CandleRequirement& need : engine.requirements("BTC")) {
    const std::vector<Candle>& source = need.timeframe_ms == kHourMs ? hourly : four_hour;
    CandleSeries series;
    series.interval_ms = need.timeframe_ms;
    std::vector<Candle> closed;
    for (const Candle& candle : source) {
      if (candle.open_time_ms + need.timeframe_ms <= snapshot.now_ms) closed.push_back(candle);
    }
    const std::size_t from = closed.size() > static_cast<std::size_t>(need.warmup_candles)
                                 ? closed.size() - static_cast<std::size_t>(need.warmup_candles)
                                 : 0;
    series.candles.assign(closed.begin() + static_cast<std::ptrdiff_t>(from), closed.end());
    hedge.candles.push_back(std::move(series));
  }
  for (int64_t i = 3; i > 0; --i) {
    hedge.funding.push_back(
        {snapshot.now_ms - i * 8 * kHourMs, 0.0001 * static_cast<double>(i - 2), 0.0});
  }
  hedge.predicted_funding = 0.0001;
  snapshot.hedges.push_back(std::move(hedge));
  return snapshot;
}

void BM_RuleEvaluation(benchmark::State& state) {
  const RuleEngine engine(realistic_rules());
  const std::vector<Candle>& all = hourly_candles();
  const std::size_t start = 4000;  // enough history for the 4h SMA200 warm-up
  const std::size_t ticks = 256;
  const std::vector<Candle> hourly(all.begin(),
                                   all.begin() + static_cast<std::ptrdiff_t>(start + ticks + 1));
  const std::vector<Candle> four_hour = four_hourly(hourly);
  std::vector<Snapshot> snapshots;
  for (std::size_t i = 0; i <= ticks; ++i)
    snapshots.push_back(tick_snapshot(engine, hourly, four_hour, start + i));
  Memory warm;
  engine.evaluate(snapshots[0], warm);  // first run: warm-up from history
  Memory memory = warm;
  std::size_t tick = 1;
  for (auto _ : state) {
    if (tick > ticks) {
      state.PauseTiming();
      memory = warm;
      tick = 1;
      state.ResumeTiming();
    }
    std::vector<Decision> decisions = engine.evaluate(snapshots[tick++], memory);
    benchmark::DoNotOptimize(decisions);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RuleEvaluation)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
