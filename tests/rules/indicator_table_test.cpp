#include "rules/indicator_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/rules/test_data.hpp"

namespace hedgebot::rules {
namespace {

TEST(IndicatorTable, ColumnsInTheDocumentedOrderMatchingTheGolden) {
  const CandleSeries series = testing::load_candles("data/binance-btcusdt-perp-1h.csv", 300);
  const testing::NumberTable golden =
      testing::load_number_table("tests/rules/golden/btcusdt-1h-300.csv");
  IndicatorRequest request;
  request.sma = {20, 5};
  request.ema = {9};
  request.macd = MacdParameters{12, 26, 9};
  request.rsi = {14};
  request.atr = {14};
  const std::vector<IndicatorColumn> columns = compute_indicator_table(series, request);
  std::vector<std::string> names;
  for (const IndicatorColumn& column : columns) names.push_back(column.name);
  EXPECT_EQ(names, (std::vector<std::string>{"sma_20", "sma_5", "ema_9", "macd", "macd_signal",
                                             "macd_hist", "rsi_14", "atr_14"}));
  const std::vector<std::string> golden_names{
      "sma_20", "sma_5", "ema_9", "macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9",
      "rsi_14", "atr_14"};
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto& expected = golden.columns.at(golden_names[c]);
    ASSERT_EQ(columns[c].values.size(), series.candles.size());
    for (std::size_t bar = 0; bar < expected.size(); ++bar) {
      ASSERT_EQ(columns[c].values[bar].has_value(), expected[bar].has_value())
          << names[c] << " bar " << bar;
      if (!expected[bar]) continue;
      EXPECT_NEAR(*columns[c].values[bar], *expected[bar],
                  1e-9 * std::max(1.0, std::fabs(*expected[bar])));
    }
  }
}

TEST(IndicatorTable, EmptyRequestGivesNoColumns) {
  EXPECT_TRUE(compute_indicator_table(CandleSeries{}, IndicatorRequest{}).empty());
}

}  // namespace
}  // namespace hedgebot::rules
