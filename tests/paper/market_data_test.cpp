#include "paper/market_data.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "paper/paper_exchange.hpp"
#include "tests/paper/paper_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::paper {
namespace {

using hedgebot::testing::TempDir;
using ::testing::HasSubstr;
using testing::hour;
using testing::kStart;

constexpr const char* kHeader = "open_time_ms,open,high,low,close,volume\n";

std::string error_of(const Result<CandleSeries>& result) {
  return result ? std::string("(no error)") : result.error().message;
}

TEST(CandleCsv, ReadsOurFormatAndInfersInterval) {
  TempDir dir;
  const std::string path = dir.write("c.csv", std::string(kHeader) +
                                                  "1704067200000,100,110,90,105,12.5\r\n"
                                                  "1704067500000,105,106,104,104.5,3\r\n"
                                                  "1704068100000,104.5,107,101,106,0\r\n\n");
  auto series = read_candles_csv(path);
  ASSERT_TRUE(series) << error_of(series);
  ASSERT_EQ(series->candles.size(), 3u);
  EXPECT_EQ(series->interval_ms, 5 * kMinuteMs);  // the smallest spacing, despite the gap
  EXPECT_EQ(series->candles[0].open_time_ms, 1704067200000);
  EXPECT_DOUBLE_EQ(series->candles[0].high, 110.0);
  EXPECT_DOUBLE_EQ(series->candles[0].volume, 12.5);
  EXPECT_DOUBLE_EQ(series->candles[2].close, 106.0);
}

TEST(CandleCsv, ReadsBinanceTwelveColumnKlinesWithAndWithoutHeader) {
  TempDir dir;
  const std::string rows =
      "1704067200000,42314.0,42603.2,42289.6,42503.5,8459.477,1704070799999,359000000.1,100,4000,"
      "170000000,0\n"
      "1704070800000,42503.5,42832.0,42462.0,42647.9,9043.411,1704074399999,385000000.2,120,4500,"
      "190000000,0\n";
  const std::string header =
      "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
      "taker_buy_quote_volume,ignore\n";
  for (const std::string& text : {rows, header + rows}) {
    auto series = read_candles_csv(dir.write("k.csv", text));
    ASSERT_TRUE(series) << error_of(series);
    ASSERT_EQ(series->candles.size(), 2u);
    EXPECT_EQ(series->interval_ms, kHourMs);
    EXPECT_DOUBLE_EQ(series->candles[1].close, 42647.9);
  }
}

TEST(CandleCsv, ConvertsMicrosecondOpenTimes) {
  TempDir dir;
  auto series =
      read_candles_csv(dir.write("k.csv",
                                 "1735689600000000,1,2,0.5,1.5,10,1735693199999999,0,0,0,0,0\n"
                                 "1735693200000000,1.5,2,1,1.8,10,1735696799999999,0,0,0,0,0\n"));
  ASSERT_TRUE(series) << error_of(series);
  EXPECT_EQ(series->candles[0].open_time_ms, 1735689600000);
  EXPECT_EQ(series->interval_ms, kHourMs);
}

TEST(CandleCsv, OneBinanceRowTakesItsIntervalFromCloseTime) {
  TempDir dir;
  auto series = read_candles_csv(
      dir.write("k.csv", "1704067200000,1,2,0.5,1.5,10,1704081599999,0,0,0,0,0\n"));
  ASSERT_TRUE(series) << error_of(series);
  EXPECT_EQ(series->interval_ms, 4 * kHourMs);
}

struct BadCandleCase {
  const char* name;
  const char* rows;    // after the header (line 1); the first row is line 2
  const char* expect;  // substring of the message, after "file:line: "
  int line;
};

class CandleCsvErrors : public ::testing::TestWithParam<BadCandleCase> {};

TEST_P(CandleCsvErrors, NameFileAndLine) {
  TempDir dir;
  const std::string path = dir.write("bad.csv", std::string(kHeader) + GetParam().rows);
  auto series = read_candles_csv(path);
  ASSERT_FALSE(series);
  EXPECT_EQ(series.error().kind, ErrorKind::InvalidInput);
  EXPECT_THAT(series.error().message,
              HasSubstr(path + ":" + std::to_string(GetParam().line) + ": "));
  EXPECT_THAT(series.error().message, HasSubstr(GetParam().expect));
}

INSTANTIATE_TEST_SUITE_P(
    Paper, CandleCsvErrors,
    ::testing::Values(BadCandleCase{"Duplicate", "1000,1,1,1,1,1\n2000,1,1,1,1,1\n2000,1,1,1,1,1\n",
                                    "duplicate open time 2000 (also on line 3)", 4},
                      BadCandleCase{"Unordered", "1000,1,1,1,1,1\n3000,1,1,1,1,1\n2000,1,1,1,1,1\n",
                                    "is before the previous row's 3000", 4},
                      BadCandleCase{"NaN", "1000,1,1,1,1,1\n2000,1,nan,1,1,1\n",
                                    "not a finite number", 3},
                      BadCandleCase{"Infinity", "1000,1,1,1,inf,1\n", "not a finite number", 2},
                      BadCandleCase{"NegativePrice", "1000,1,1,1,1,1\n2000,-1,1,-2,1,1\n",
                                    "open must be positive", 3},
                      BadCandleCase{"ZeroPrice", "1000,0,1,0,1,1\n", "must be positive", 2},
                      BadCandleCase{"HighBelowLow", "1000,1,1,2,1,1\n", "high 1 is below low 2", 2},
                      BadCandleCase{"Malformed", "1000,1,1,1,1,1\n2000,1,1.2.3,1,1,1\n",
                                    "malformed high '1.2.3'", 3},
                      BadCandleCase{"MalformedTime", "10x0,1,1,1,1,1\n", "malformed open time", 2},
                      BadCandleCase{"ColumnCount", "1000,1,1,1,1,1\n2000,1,1,1,1\n",
                                    "expected 6 columns, found 5", 3},
                      BadCandleCase{"NegativeVolume", "1000,1,1,1,1,-1\n", "negative volume", 2},
                      BadCandleCase{"Empty", "", "no candles", 1}),
    [](const ::testing::TestParamInfo<BadCandleCase>& info) { return info.param.name; });

TEST(CandleCsv, WrongColumnCountInFirstRowIsAnError) {
  TempDir dir;
  const std::string path = dir.write("bad.csv", "1000,1,1,1,1,1,7\n");
  auto series = read_candles_csv(path);
  ASSERT_FALSE(series);
  EXPECT_THAT(series.error().message, HasSubstr(path + ":1: expected 6 columns"));
}

TEST(CandleCsv, MissingFileIsAnErrorNamingIt) {
  auto series = read_candles_csv("/nonexistent/candles.csv");
  ASSERT_FALSE(series);
  EXPECT_THAT(series.error().message, HasSubstr("/nonexistent/candles.csv"));
}

TEST(CandleCsv, ReadsBundledBinanceBtcusdtPerp1h) {
  auto series =
      read_candles_csv(hedgebot::testing::source_path("data/binance-btcusdt-perp-1h.csv"));
  ASSERT_TRUE(series) << error_of(series);
  EXPECT_EQ(series->candles.size(), 20815u);
  EXPECT_EQ(series->interval_ms, kHourMs);
  EXPECT_EQ(series->candles.front().open_time_ms, 1704067200000);
  EXPECT_DOUBLE_EQ(series->candles.front().close, 42503.5);
  auto mark =
      read_candles_csv(hedgebot::testing::source_path("data/binance-btcusdt-perp-mark-1h.csv"));
  ASSERT_TRUE(mark) << error_of(mark);
  EXPECT_EQ(mark->candles.size(), 20815u);
}

// Pins: the bundled mark data covers every bundled candle (a candle without its mark would let
// the last close stand in for the mark, and the mark-vs-close check compare a price with itself).
TEST(CandleCsv, BundledMarkFilesCoverTheBundledCandles) {
  for (const char* asset : {"btcusdt", "ethusdt"}) {
    const std::string stem = std::string("data/binance-") + asset + "-perp-";
    auto series = read_candles_csv(hedgebot::testing::source_path(stem + "1h.csv"));
    auto mark = read_candles_csv(hedgebot::testing::source_path(stem + "mark-1h.csv"));
    ASSERT_TRUE(series && mark) << asset;
    EXPECT_EQ(mark->candles.front().open_time_ms, series->candles.front().open_time_ms) << asset;
    EXPECT_EQ(mark->candles.back().open_time_ms, series->candles.back().open_time_ms) << asset;
  }
}

TEST(FundingCsv, ReadsRowsAndEmptyMark) {
  TempDir dir;
  auto rows = read_funding_csv(dir.write("f.csv",
                                         "funding_time_ms,funding_rate,mark_price\n"
                                         "1704067200000,0.00037409,42313.9\n"
                                         "1704096000000,-0.0001,\n"));
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_DOUBLE_EQ((*rows)[0].rate, 0.00037409);
  EXPECT_DOUBLE_EQ((*rows)[0].mark_price, 42313.9);
  EXPECT_DOUBLE_EQ((*rows)[1].rate, -0.0001);
  EXPECT_DOUBLE_EQ((*rows)[1].mark_price, 0.0);
}

TEST(FundingCsv, ErrorsNameFileAndLine) {
  TempDir dir;
  const std::string header = "funding_time_ms,funding_rate,mark_price\n";
  const std::string duplicate = dir.write("d.csv", header + "1000,0.0001,1\n1000,0.0001,1\n");
  auto rows = read_funding_csv(duplicate);
  ASSERT_FALSE(rows);
  EXPECT_THAT(rows.error().message, HasSubstr(duplicate + ":3: duplicate funding time 1000"));

  const std::string nan = dir.write("n.csv", header + "1000,nan,1\n");
  rows = read_funding_csv(nan);
  ASSERT_FALSE(rows);
  EXPECT_THAT(rows.error().message, HasSubstr(nan + ":2: funding rate is not a finite"));

  const std::string negative_mark = dir.write("m.csv", header + "1000,0.0001,-5\n");
  rows = read_funding_csv(negative_mark);
  ASSERT_FALSE(rows);
  EXPECT_THAT(rows.error().message, HasSubstr(negative_mark + ":2: negative mark price"));

  const std::string columns = dir.write("c.csv", header + "1000,0.0001,1,9\n");
  rows = read_funding_csv(columns);
  ASSERT_FALSE(rows);
  EXPECT_THAT(rows.error().message, HasSubstr(columns + ":2: expected 3 columns, found 4"));

  const std::string empty = dir.write("e.csv", "");
  rows = read_funding_csv(empty);
  ASSERT_FALSE(rows);
  EXPECT_THAT(rows.error().message, HasSubstr(empty + ":1: no funding rows"));
}

TEST(FundingCsv, ReadsBundledBtcusdtFunding) {
  auto rows = read_funding_csv(hedgebot::testing::source_path("data/binance-btcusdt-funding.csv"));
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->size(), 2602u);
  EXPECT_DOUBLE_EQ(rows->front().rate, 0.00037409);
}

CandleSeries ten_hours() {
  // closes 1..10; hour i has high close+0.5, low close-0.5, volume 1.
  CandleSeries base;
  base.interval_ms = kHourMs;
  for (int i = 0; i < 10; ++i) {
    const double close = i + 1;
    base.candles.push_back(Candle{hour(i), close - 0.25, close + 0.5, close - 0.5, close, 1.0});
  }
  return base;
}

TEST(AggregateCandles, BuildsFourHourBucketsAndExcludesTheUnfinishedOne) {
  const CandleSeries four = aggregate_candles(ten_hours(), 4 * kHourMs, hour(10));
  EXPECT_EQ(four.interval_ms, 4 * kHourMs);
  ASSERT_EQ(four.candles.size(), 2u);  // [0,4) and [4,8); [8,12) has not closed at hour 10
  EXPECT_EQ(four.candles[0].open_time_ms, kStart);
  EXPECT_DOUBLE_EQ(four.candles[0].open, 0.75);
  EXPECT_DOUBLE_EQ(four.candles[0].high, 4.5);
  EXPECT_DOUBLE_EQ(four.candles[0].low, 0.5);
  EXPECT_DOUBLE_EQ(four.candles[0].close, 4.0);
  EXPECT_DOUBLE_EQ(four.candles[0].volume, 4.0);
  EXPECT_EQ(four.candles[1].open_time_ms, hour(4));
  EXPECT_DOUBLE_EQ(four.candles[1].close, 8.0);
}

TEST(AggregateCandles, IgnoresBaseCandlesNotClosedAtNow) {
  // At hour 7.5 the [4,8) bucket has not ended: only [0,4).
  EXPECT_EQ(aggregate_candles(ten_hours(), 4 * kHourMs, hour(7) + 30 * kMinuteMs).candles.size(),
            1u);
  // At hour 8 it has.
  EXPECT_EQ(aggregate_candles(ten_hours(), 4 * kHourMs, hour(8)).candles.size(), 2u);
}

TEST(AggregateCandles, EmitsABucketWithMissingCandlesOnceItsEndHasPassed) {
  CandleSeries base = ten_hours();
  base.candles.erase(base.candles.begin() + 5, base.candles.begin() + 7);  // hours 5 and 6
  const CandleSeries four = aggregate_candles(base, 4 * kHourMs, hour(12));
  ASSERT_EQ(four.candles.size(), 3u);
  EXPECT_DOUBLE_EQ(four.candles[1].volume, 2.0);  // hours 4 and 7
  EXPECT_DOUBLE_EQ(four.candles[1].close, 8.0);
  EXPECT_DOUBLE_EQ(four.candles[2].volume, 2.0);  // hours 8 and 9
}

TEST(AggregateCandles, AlignsDaysToUtcMidnight) {
  CandleSeries base;
  base.interval_ms = kHourMs;
  for (int i = 0; i < 30; ++i) base.candles.push_back(Candle{hour(i + 20), 1, 1, 1, 1, 1});
  const CandleSeries days = aggregate_candles(base, kDayMs, hour(50));
  ASSERT_EQ(days.candles.size(), 2u);  // the partial first day (4 h) and the full second
  EXPECT_EQ(days.candles[0].open_time_ms, kStart);
  EXPECT_DOUBLE_EQ(days.candles[0].volume, 4.0);
  EXPECT_EQ(days.candles[1].open_time_ms, kStart + kDayMs);
  EXPECT_DOUBLE_EQ(days.candles[1].volume, 24.0);
}

// Binance's 1w klines open on Monday 00:00 UTC; the epoch was a Thursday, so weeks counted from
// it would disagree with the venue (a weekly rule would see other candles in paper than live).
TEST(AggregateCandles, OpensWeeksOnMondayLikeBinance) {
  const int64_t monday = 1704067200000;  // 2024-01-01T00:00:00Z, a Monday
  CandleSeries base;
  base.interval_ms = kDayMs;
  for (int i = -3; i < 18; ++i) base.candles.push_back(Candle{monday + i * kDayMs, 1, 1, 1, 1, 1});
  const CandleSeries weeks = aggregate_candles(base, 7 * kDayMs, monday + 18 * kDayMs);
  ASSERT_EQ(weeks.candles.size(), 3u);  // Fri-Sun of the week before, then two whole weeks
  EXPECT_EQ(format_iso8601(weeks.candles[0].open_time_ms), "2023-12-25T00:00:00Z");
  EXPECT_DOUBLE_EQ(weeks.candles[0].volume, 3.0);
  EXPECT_EQ(format_iso8601(weeks.candles[1].open_time_ms), "2024-01-01T00:00:00Z");
  EXPECT_DOUBLE_EQ(weeks.candles[1].volume, 7.0);
  EXPECT_EQ(format_iso8601(weeks.candles[2].open_time_ms), "2024-01-08T00:00:00Z");
  // Other intervals stay multiples of themselves from the epoch.
  EXPECT_EQ(candle_open_time(monday + 5 * kHourMs, 4 * kHourMs), monday + 4 * kHourMs);
  EXPECT_EQ(candle_open_time(monday + 6 * kDayMs, 7 * kDayMs), monday);
  EXPECT_EQ(candle_open_time(monday - 1, 7 * kDayMs), monday - 7 * kDayMs);
}

}  // namespace
}  // namespace hedgebot::paper
