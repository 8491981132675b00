// One contract over every streaming indicator: not ready before TA-Lib's start
// bar, ready exactly at it, reset() restores the start, exported state continues
// identically after import, and the golden series (tests/rules/golden/, computed by an
// independent from-scratch Python implementation of TA-Lib's algorithms) matches to 1e-9.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rules/indicators/atr.hpp"
#include "rules/indicators/ema.hpp"
#include "rules/indicators/macd.hpp"
#include "rules/indicators/rsi.hpp"
#include "rules/indicators/sma.hpp"
#include "tests/rules/test_data.hpp"

namespace hedgebot::rules {
namespace {

constexpr int kGoldenRows = 300;
constexpr double kRelativeTolerance = 1e-9;

// The indicator behind a uniform interface, so one contract runs over all of them.
class AnyIndicator {
 public:
  virtual ~AnyIndicator() = default;
  virtual void update(const Candle& candle) = 0;
  virtual bool ready() const = 0;
  virtual void reset() = 0;
  virtual std::vector<double> outputs() const = 0;
  virtual std::vector<double> export_state() const = 0;
  virtual bool import_state(const std::vector<double>& state) = 0;
};

template <typename Indicator>
class Wrapped : public AnyIndicator {
 public:
  using Outputs = std::function<std::vector<double>(const Indicator&)>;
  Wrapped(Indicator indicator, Outputs outputs)
      : indicator_(std::move(indicator)), outputs_(std::move(outputs)) {}
  void update(const Candle& candle) override { indicator_.update(candle); }
  bool ready() const override { return indicator_.ready(); }
  void reset() override { indicator_.reset(); }
  std::vector<double> outputs() const override { return outputs_(indicator_); }
  std::vector<double> export_state() const override { return indicator_.export_state(); }
  bool import_state(const std::vector<double>& state) override {
    return indicator_.import_state(state);
  }

 private:
  Indicator indicator_;
  Outputs outputs_;
};

struct IndicatorCase {
  std::string name;
  int start_bar;                     // TA-Lib's first output bar
  std::vector<std::string> columns;  // golden columns, in outputs() order
  std::function<std::unique_ptr<AnyIndicator>()> make;
  std::function<std::unique_ptr<AnyIndicator>()> make_other;  // different parameters
};

template <typename Indicator, typename... Args>
std::function<std::unique_ptr<AnyIndicator>()> single(Args... args) {
  return [=] {
    return std::make_unique<Wrapped<Indicator>>(
        Indicator(args...), [](const Indicator& i) { return std::vector<double>{i.value()}; });
  };
}

std::function<std::unique_ptr<AnyIndicator>()> macd(int fast, int slow, int signal) {
  return [=] {
    return std::make_unique<Wrapped<Macd>>(Macd(fast, slow, signal), [](const Macd& m) {
      return std::vector<double>{m.line(), m.signal(), m.histogram()};
    });
  };
}

std::vector<std::string> macd_columns(const std::string& suffix) {
  return {"macd_" + suffix, "macd_signal_" + suffix, "macd_hist_" + suffix};
}

std::vector<IndicatorCase> all_cases() {
  return {
      {"Sma5", 4, {"sma_5"}, single<Sma>(5), single<Sma>(6)},
      {"Sma20", 19, {"sma_20"}, single<Sma>(20), single<Sma>(21)},
      {"Sma50", 49, {"sma_50"}, single<Sma>(50), single<Sma>(20)},
      {"Ema9", 8, {"ema_9"}, single<Ema>(9), single<Ema>(10)},
      {"Ema20", 19, {"ema_20"}, single<Ema>(20), single<Ema>(9)},
      {"Macd12_26_9", 33, macd_columns("12_26_9"), macd(12, 26, 9), macd(12, 26, 10)},
      {"Macd5_35_5", 38, macd_columns("5_35_5"), macd(5, 35, 5), macd(6, 35, 5)},
      {"Rsi6", 6, {"rsi_6"}, single<Rsi>(6), single<Rsi>(7)},
      {"Rsi14", 14, {"rsi_14"}, single<Rsi>(14), single<Rsi>(6)},
      {"Atr5", 5, {"atr_5"}, single<Atr>(5), single<Atr>(14)},
      {"Atr14", 14, {"atr_14"}, single<Atr>(14), single<Atr>(15)},
  };
}

const CandleSeries& golden_candles() {
  static const CandleSeries series =
      testing::load_candles("data/binance-btcusdt-perp-1h.csv", kGoldenRows);
  return series;
}

const testing::NumberTable& golden_table() {
  static const testing::NumberTable table =
      testing::load_number_table("tests/rules/golden/btcusdt-1h-300.csv");
  return table;
}

// Every output after each candle, or an empty row while not ready.
std::vector<std::vector<double>> run(AnyIndicator& indicator, std::size_t from = 0) {
  std::vector<std::vector<double>> rows;
  const auto& candles = golden_candles().candles;
  for (std::size_t i = from; i < candles.size(); ++i) {
    indicator.update(candles[i]);
    rows.push_back(indicator.ready() ? indicator.outputs() : std::vector<double>{});
  }
  return rows;
}

class IndicatorContract : public ::testing::TestWithParam<IndicatorCase> {};

TEST_P(IndicatorContract, NotReadyBeforeStartBarAndReadyExactlyAtIt) {
  const IndicatorCase& param = GetParam();
  auto indicator = param.make();
  EXPECT_FALSE(indicator->ready());
  const auto& candles = golden_candles().candles;
  for (int bar = 0; bar < static_cast<int>(candles.size()); ++bar) {
    indicator->update(candles[bar]);
    ASSERT_EQ(indicator->ready(), bar >= param.start_bar) << "bar " << bar;
  }
}

TEST_P(IndicatorContract, GoldenSeriesMatchesTaLibTo1e9) {
  const IndicatorCase& param = GetParam();
  const testing::NumberTable& table = golden_table();
  ASSERT_EQ(table.rows, static_cast<std::size_t>(kGoldenRows));
  auto indicator = param.make();
  const std::vector<std::vector<double>> rows = run(*indicator);
  ASSERT_EQ(rows.size(), table.rows);
  for (std::size_t column = 0; column < param.columns.size(); ++column) {
    const auto found = table.columns.find(param.columns[column]);
    ASSERT_NE(found, table.columns.end()) << param.columns[column];
    const auto& expected = found->second;
    for (std::size_t bar = 0; bar < rows.size(); ++bar) {
      ASSERT_EQ(expected[bar].has_value(), !rows[bar].empty())
          << param.columns[column] << " bar " << bar;
      if (!expected[bar]) continue;
      const double want = *expected[bar];
      const double got = rows[bar][column];
      // Relative to the value, or to 1 for values near zero (MACD histogram crossings).
      EXPECT_LE(std::fabs(got - want), kRelativeTolerance * std::max(1.0, std::fabs(want)))
          << param.columns[column] << " bar " << bar << ": " << got << " vs " << want;
    }
  }
}

TEST_P(IndicatorContract, ResetRestoresTheStart) {
  auto fresh = GetParam().make();
  const auto expected = run(*fresh);
  auto reused = GetParam().make();
  run(*reused);
  reused->reset();
  EXPECT_FALSE(reused->ready());
  EXPECT_EQ(run(*reused), expected);  // bit for bit
}

TEST_P(IndicatorContract, ExportedStateContinuesIdenticallyAfterImport) {
  const IndicatorCase& param = GetParam();
  auto reference = param.make();
  const auto expected = run(*reference);
  const auto& candles = golden_candles().candles;
  const int start = param.start_bar;
  for (int split : {0, 1, start - 1, start, start + 1, 150, kGoldenRows - 1}) {
    if (split < 0) continue;
    auto first = param.make();
    for (int i = 0; i < split; ++i) first->update(candles[i]);
    const std::vector<double> state = first->export_state();
    auto second = param.make();
    ASSERT_TRUE(second->import_state(state)) << "split " << split;
    EXPECT_EQ(second->ready(), first->ready());
    EXPECT_EQ(second->export_state(), state);
    const auto continued = run(*second, static_cast<std::size_t>(split));
    const std::vector<std::vector<double>> tail(expected.begin() + split, expected.end());
    EXPECT_EQ(continued, tail) << "split " << split;
  }
}

TEST_P(IndicatorContract, ImportRejectsStateOfOtherParametersOrTruncated) {
  const IndicatorCase& param = GetParam();
  auto source = param.make();
  run(*source);
  std::vector<double> state = source->export_state();
  auto other = param.make_other();
  EXPECT_FALSE(other->import_state(state));
  EXPECT_FALSE(other->ready());
  auto same = param.make();
  std::vector<double> truncated(state.begin(), state.end() - 1);
  EXPECT_FALSE(same->import_state(truncated));
  EXPECT_FALSE(same->ready());
  state.push_back(0.0);
  EXPECT_FALSE(same->import_state(state));
  EXPECT_FALSE(same->import_state({}));
}

INSTANTIATE_TEST_SUITE_P(AllIndicators, IndicatorContract, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<IndicatorCase>& info) {
                           return info.param.name;
                         });

TEST(MacdIndicator, SwapsSlowShorterThanFastLikeTaLib) {
  Macd swapped(26, 12, 9);
  Macd normal(12, 26, 9);
  for (const Candle& candle : golden_candles().candles) {
    swapped.update(candle);
    normal.update(candle);
  }
  EXPECT_EQ(swapped.line(), normal.line());
  EXPECT_EQ(swapped.fast_period(), 12);
}

TEST(RsiIndicator, FlatPricesGiveZeroLikeTaLib) {
  Rsi rsi(3);
  for (int i = 0; i < 6; ++i) rsi.update(100.0);
  ASSERT_TRUE(rsi.ready());
  EXPECT_EQ(rsi.value(), 0.0);
}

TEST(SmaIndicator, PeriodOneIsTheValue) {
  Sma sma(1);
  sma.update(3.0);
  EXPECT_TRUE(sma.ready());
  EXPECT_EQ(sma.value(), 3.0);
  sma.update(5.0);
  EXPECT_EQ(sma.value(), 5.0);
}

}  // namespace
}  // namespace hedgebot::rules
