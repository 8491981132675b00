// The streaming path behind replay: the decimal parser, the streaming readers against the whole-
// file readers, and the streaming market's candles against the paper exchange's own.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "paper/market_data.hpp"
#include "paper/paper_exchange.hpp"
#include "paper/stream_csv.hpp"
#include "paper/stream_market.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

std::string bundled(const std::string& name) {
  return source_path("data/" + name);
}

TEST(ParseDecimal, GivesTheSameDoubleAsFromChars) {
  for (const char* text :
       {"0", "1", "42503.5", "42647.9", "0.00037409", "-0.0001", "+12.5", "8459.477",
        "42525.11019858", "1e-05", "2.5E3", "123456789012345678901234", "0.1000000000000000055511",
        "9007199254740993", "000.000", "-0", "3.14159265358979323846", "1e22", "1e23"}) {
    double fast = 0.0;
    ASSERT_TRUE(paper::parse_decimal(text, fast)) << text;
    std::string_view view(text);
    if (view.front() == '+') view.remove_prefix(1);
    double expected = 0.0;
    std::from_chars(view.data(), view.data() + view.size(), expected);
    EXPECT_EQ(std::memcmp(&fast, &expected, sizeof fast), 0) << text;
  }
  double ignored = 0.0;
  for (const char* bad : {"", "-", ".", "1.2.3", "abc", "1e", "1e+", "12x", "nan", " 1"}) {
    EXPECT_FALSE(paper::parse_decimal(bad, ignored)) << bad;
  }
}

TEST(CandleStream, ReadsWhatTheWholeFileReaderReads) {
  const std::string path = bundled("binance-btcusdt-perp-1h.csv");
  Result<CandleSeries> whole = paper::read_candles_csv(path);
  ASSERT_TRUE(whole);
  auto stream = paper::CandleStream::open(path);
  ASSERT_TRUE(stream) << stream.error().message;
  EXPECT_EQ((*stream)->interval_ms(), whole->interval_ms);
  Candle candle;
  size_t index = 0;
  while (true) {
    auto more = (*stream)->next(candle);
    ASSERT_TRUE(more);
    if (!*more) break;
    ASSERT_LT(index, whole->candles.size());
    const Candle& expected = whole->candles[index++];
    ASSERT_EQ(candle.open_time_ms, expected.open_time_ms);
    ASSERT_EQ(candle.open, expected.open);
    ASSERT_EQ(candle.high, expected.high);
    ASSERT_EQ(candle.low, expected.low);
    ASSERT_EQ(candle.close, expected.close);
    ASSERT_EQ(candle.volume, expected.volume);
  }
  EXPECT_EQ(index, whole->candles.size());
}

// The one-pass reader of plain rows must give the very doubles of the whole-file reader for
// every way a decimal can be written: leading and trailing zeros, up to and past 19 significant
// digits, past 2^53, exponents (which take the general path).
TEST(CandleStream, PlainRowFastPathReadsWhatTheWholeFileReaderReads) {
  std::mt19937_64 random(5);
  const auto digits = [&](int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += static_cast<char>('0' + random() % 10);
    return text;
  };
  const auto decimal = [&] {
    std::string text = digits(static_cast<int>(random() % 21));
    if (random() % 4 != 0) text += "." + digits(static_cast<int>(random() % 26));
    if (text.find_first_of("123456789") == std::string::npos) text = "7" + text;
    if (random() % 10 == 0) text += "e" + std::to_string(static_cast<int>(random() % 7) - 3);
    return text;
  };
  const auto value = [](const std::string& text) {
    double parsed = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), parsed);
    return parsed;
  };
  std::string csv = "open_time_ms,open,high,low,close,volume\n";
  for (int row = 0; row < 5000; ++row) {
    std::vector<std::string> prices = {decimal(), decimal(), decimal(), decimal()};
    std::sort(prices.begin(), prices.end(),
              [&](const std::string& a, const std::string& b) { return value(a) < value(b); });
    // open and close inside [low, high]
    csv += std::to_string(1'599'999'960'000 + row * 60'000) + "," + prices[1] + "," + prices[3] +
           "," + prices[0] + "," + prices[2] + "," + decimal() + "\n";
  }
  TempDir dir;
  const std::string path = dir.write("formats.csv", csv);
  Result<CandleSeries> whole = paper::read_candles_csv(path);
  ASSERT_TRUE(whole) << whole.error().message;
  auto stream = paper::CandleStream::open(path);
  ASSERT_TRUE(stream) << stream.error().message;
  Candle candle;
  size_t index = 0;
  const auto same = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  while (true) {
    auto more = (*stream)->next(candle);
    ASSERT_TRUE(more) << more.error().message;
    if (!*more) break;
    ASSERT_LT(index, whole->candles.size());
    const Candle& expected = whole->candles[index++];
    ASSERT_EQ(candle.open_time_ms, expected.open_time_ms);
    ASSERT_TRUE(same(candle.open, expected.open)) << "row " << index;
    ASSERT_TRUE(same(candle.high, expected.high)) << "row " << index;
    ASSERT_TRUE(same(candle.low, expected.low)) << "row " << index;
    ASSERT_TRUE(same(candle.close, expected.close)) << "row " << index;
    ASSERT_TRUE(same(candle.volume, expected.volume)) << "row " << index;
  }
  EXPECT_EQ(index, whole->candles.size());
}

TEST(CandleStream, ErrorsNameFileAndLine) {
  TempDir dir;
  const std::string path =
      dir.write("bad.csv",
                "open_time_ms,open,high,low,close,volume\n1000,1,2,1,1,0\n2000,1,2,1,1,0\n"
                "2000,1,2,1,1,0\n");
  auto stream = paper::CandleStream::open(path);
  ASSERT_FALSE(stream);
  EXPECT_NE(stream.error().message.find("bad.csv:4: duplicate open time 2000"), std::string::npos)
      << stream.error().message;
  const std::string malformed = dir.write("m.csv", "1000,1,2,1,1,0\n2000,1,x,1,1,0\n");
  auto second = paper::CandleStream::open(malformed);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("m.csv:2: malformed high 'x'"), std::string::npos);
}

TEST(FundingStream, ReadsWhatTheWholeFileReaderReads) {
  const std::string path = bundled("binance-btcusdt-funding.csv");
  auto whole = paper::read_funding_csv(path);
  ASSERT_TRUE(whole);
  auto stream = paper::FundingStream::open(path);
  ASSERT_TRUE(stream);
  FundingRate row;
  size_t index = 0;
  while (true) {
    auto more = (*stream)->next(row);
    ASSERT_TRUE(more);
    if (!*more) break;
    ASSERT_LT(index, whole->size());
    ASSERT_EQ(row.funding_time_ms, (*whole)[index].funding_time_ms);
    ASSERT_EQ(row.rate, (*whole)[index].rate);
    ASSERT_EQ(row.mark_price, (*whole)[index].mark_price);
    ++index;
  }
  EXPECT_EQ(index, whole->size());
}

// The streaming market serves the same closed candles, marks, funding and account as a paper
// exchange that loaded the whole files, tick after tick, while it holds only a few rows.
TEST(StreamingMarket, MatchesThePaperExchangeLoadedFromWholeFiles) {
  // 20 days of 5-minute candles (a random walk with a two-hour gap) from 2024-01-01.
  TempDir dir;
  std::string text = "open_time_ms,open,high,low,close,volume\n";
  uint64_t seed = 42;
  double price = 42000.0;
  for (int i = 0; i < 20 * 288; ++i) {
    if (i >= 1000 && i < 1024) continue;
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    const double close =
        price * (1.0 + (static_cast<double>(seed >> 40) / 16777216.0 - 0.5) * 0.004);
    text += std::to_string(1704067200000 + i * 5 * kMinuteMs) + "," + std::to_string(price) + "," +
            std::to_string(std::max(price, close) + 3.0) + "," +
            std::to_string(std::min(price, close) - 3.0) + "," + std::to_string(close) + "," +
            std::to_string(i % 7 + 0.5) + "\n";
    price = close;
  }
  const std::string candles = dir.write("btc-5m.csv", text);
  const std::string funding = bundled("binance-btcusdt-funding.csv");
  paper::PaperSettings settings;
  settings.initial_spot = {{"BTC", 1.0}};

  paper::SymbolData whole_data;
  whole_data.instrument = paper::default_instrument("BTCUSDT", 1.0);
  whole_data.candles = *paper::read_candles_csv(candles);
  whole_data.funding = *paper::read_funding_csv(funding);
  paper::PaperExchange whole(settings, {whole_data});

  paper::SymbolData empty;
  empty.instrument = whole_data.instrument;
  empty.candles.interval_ms = whole_data.candles.interval_ms;
  paper::PaperExchange streamed_exchange(settings, {empty});
  std::vector<paper::StreamedSymbol> files(1);
  files[0].symbol = "BTCUSDT";
  files[0].candles = std::move(*paper::CandleStream::open(candles));
  files[0].funding = std::move(*paper::FundingStream::open(funding));
  paper::StreamingMarket streamed(streamed_exchange, std::move(files));
  const std::vector<std::pair<int64_t, int>> needs = {
      {5 * kMinuteMs, 30}, {kHourMs, 50}, {4 * kHourMs, 20}, {kDayMs, 5}, {7 * kDayMs, 3}};
  for (const auto& [timeframe, count] : needs) streamed.keep_candles("BTCUSDT", timeframe, count);
  streamed.keep_funding("BTCUSDT", 3);

  const int64_t first = whole_data.candles.candles.front().open_time_ms;
  const int64_t start = (first / kHourMs + 2) * kHourMs;
  ASSERT_TRUE(streamed.warm_up_to(start));
  int ticks = 0;
  for (int64_t now = start; now <= whole.last_close_ms(); now += kHourMs, ++ticks) {
    ASSERT_TRUE(whole.advance_to(now));
    ASSERT_TRUE(streamed.advance_to(now, nullptr));
    for (const auto& [timeframe, count] : needs) {
      auto expected = whole.closed_candles("BTCUSDT", timeframe, count);
      auto actual = streamed.closed_candles("BTCUSDT", timeframe, count);
      ASSERT_TRUE(expected && actual);
      ASSERT_EQ(actual->candles.size(), expected->candles.size())
          << format_iso8601(now) << " " << format_duration(timeframe);
      for (size_t i = 0; i < expected->candles.size(); ++i) {
        ASSERT_EQ(actual->candles[i].open_time_ms, expected->candles[i].open_time_ms);
        ASSERT_EQ(actual->candles[i].high, expected->candles[i].high);
        ASSERT_EQ(actual->candles[i].low, expected->candles[i].low);
        ASSERT_EQ(actual->candles[i].close, expected->candles[i].close);
        ASSERT_DOUBLE_EQ(actual->candles[i].volume, expected->candles[i].volume);
      }
    }
    auto expected_mark = whole.mark_and_funding("BTCUSDT");
    auto actual_mark = streamed.mark_and_funding("BTCUSDT");
    ASSERT_TRUE(expected_mark && actual_mark);
    ASSERT_EQ(actual_mark->mark_price, expected_mark->mark_price);
    ASSERT_EQ(actual_mark->predicted_rate, expected_mark->predicted_rate);
    ASSERT_EQ(actual_mark->next_funding_ms, expected_mark->next_funding_ms);
    auto expected_history = whole.funding_history("BTCUSDT", 3);
    auto actual_history = streamed.funding_history("BTCUSDT", 3);
    ASSERT_EQ(actual_history->size(), expected_history->size());
    for (size_t i = 0; i < expected_history->size(); ++i) {
      ASSERT_EQ((*actual_history)[i].funding_time_ms, (*expected_history)[i].funding_time_ms);
    }
    // Only the window behind the clock is held.
    ASSERT_LE(streamed_exchange.streamed_market("BTCUSDT")->candles.candles.size(), 2u);
    ASSERT_LE(streamed_exchange.streamed_market("BTCUSDT")->funding.size(), 16u);
  }
  EXPECT_GT(ticks, 300);
}

TEST(CandleWindow, CountsAnIncompleteBucketOnceItsEndHasPassed) {
  paper::CandleWindow window(kHourMs, kDayMs, 3);
  for (int hour = 0; hour < 30; ++hour) {
    if (hour == 10) continue;  // a gap inside the first day
    window.add(Candle{hour * kHourMs, 1.0, 2.0 + hour, 0.5, 1.5, 1.0});
  }
  const CandleSeries at_day_end = window.closed(kDayMs, 3);
  ASSERT_EQ(at_day_end.candles.size(), 1u);
  EXPECT_EQ(at_day_end.candles[0].high, 25.0);
  EXPECT_EQ(at_day_end.candles[0].volume, 23.0);
  EXPECT_TRUE(window.closed(kDayMs - 1, 3).candles.empty());
}

}  // namespace
}  // namespace hedgebot::testing
