#include "paper/market_data.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <memory>
#include <system_error>

#include "paper/stream_csv.hpp"

namespace hedgebot::paper {

// Both readers are loops over the streaming readers of stream_csv.hpp, which own the formats,
// the checks and the file:line errors; only the interval differs: here it is the smallest
// spacing in the whole file, not only in its first rows.

Result<CandleSeries> read_candles_csv(const std::string& path) {
  auto stream = CandleStream::open(path);
  if (!stream) return stream.error();
  CandleSeries series;
  std::error_code size_error;
  const auto size = std::filesystem::file_size(path, size_error);
  if (!size_error) series.candles.reserve(static_cast<size_t>(size / 48 + 1));
  Candle candle;
  while (true) {
    auto more = (*stream)->next(candle);
    if (!more) return more.error();
    if (!*more) break;
    series.candles.push_back(candle);
  }
  series.interval_ms = (*stream)->interval_ms();  // a one-row file: from its close time
  if (series.candles.size() > 1) {
    int64_t smallest = std::numeric_limits<int64_t>::max();
    for (size_t i = 1; i < series.candles.size(); ++i) {
      smallest =
          std::min(smallest, series.candles[i].open_time_ms - series.candles[i - 1].open_time_ms);
    }
    series.interval_ms = smallest;
  }
  return series;
}

Result<std::vector<FundingRate>> read_funding_csv(const std::string& path) {
  auto stream = FundingStream::open(path);
  if (!stream) return stream.error();
  std::vector<FundingRate> rows;
  FundingRate row;
  while (true) {
    auto more = (*stream)->next(row);
    if (!more) return more.error();
    if (!*more) break;
    rows.push_back(row);
  }
  if (rows.empty()) {
    return make_error(ErrorKind::InvalidInput,
                      path + ":" + std::to_string(std::max<size_t>((*stream)->line_number(), 1)) +
                          ": no funding rows in the file");
  }
  return rows;
}

CandleSeries aggregate_candles(const CandleSeries& base, int64_t interval_ms, int64_t now_ms) {
  CandleSeries out;
  out.interval_ms = interval_ms;
  if (interval_ms <= 0 || base.interval_ms <= 0) return out;
  bool open_bucket = false;
  Candle current;
  for (const Candle& candle : base.candles) {
    if (candle.open_time_ms + base.interval_ms > now_ms) break;  // not closed yet
    const int64_t bucket = candle_open_time(candle.open_time_ms, interval_ms);
    if (open_bucket && bucket == current.open_time_ms) {
      current.high = std::max(current.high, candle.high);
      current.low = std::min(current.low, candle.low);
      current.close = candle.close;
      current.volume += candle.volume;
      continue;
    }
    if (open_bucket && current.open_time_ms + interval_ms <= now_ms) out.candles.push_back(current);
    current = candle;
    current.open_time_ms = bucket;
    open_bucket = true;
  }
  if (open_bucket && current.open_time_ms + interval_ms <= now_ms) out.candles.push_back(current);
  return out;
}

}  // namespace hedgebot::paper
