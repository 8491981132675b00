#include "paper/market_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string_view>

namespace hedgebot::paper {
namespace {

// Times above this are microseconds (newer Binance downloads): 1e14 ms is the year 5138.
constexpr int64_t kMicrosecondThreshold = 100'000'000'000'000;
constexpr size_t kMaxColumns = 16;

Result<std::string> read_whole_file(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return make_error(ErrorKind::InvalidInput, path + ": cannot open the file");
  // One read into a buffer of the file's size (files reach hundreds of MB).
  std::string content;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file.get());
    if (size > 0) content.reserve(static_cast<size_t>(size));
    std::rewind(file.get());
  }
  char buffer[1 << 16];
  size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    content.append(buffer, count);
  }
  if (std::ferror(file.get())) return make_error(ErrorKind::InvalidInput, path + ": read failed");
  return content;
}

// Walks a CSV text line by line (LF or CRLF), splitting each line on commas. No quoting:
// market-data files never quote.
class CsvScanner {
 public:
  explicit CsvScanner(std::string_view text) : text_(text) {}

  // The next non-blank line, split into fields; false at the end of the text.
  bool next(size_t& line_number, std::string_view* fields, size_t& field_count) {
    while (position_ < text_.size()) {
      const size_t end = std::min(text_.find('\n', position_), text_.size());
      std::string_view line = text_.substr(position_, end - position_);
      position_ = end + 1;
      ++line_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      field_count = 0;
      size_t start = 0;
      while (true) {
        const size_t comma = line.find(',', start);
        const std::string_view field = line.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (field_count < kMaxColumns) fields[field_count] = field;
        ++field_count;
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      line_number = line_;
      return true;
    }
    return false;
  }

 private:
  std::string_view text_;
  size_t position_ = 0;
  size_t line_ = 0;
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string shown(std::string_view text) {
  return text.size() > 40 ? std::string(text.substr(0, 40)) + "..." : std::string(text);
}

// Errors name the file and line: "data/x.csv:12: duplicate open time 1704067200000".
class LineErrors {
 public:
  explicit LineErrors(const std::string& path) : path_(path) {}
  Error at(size_t line, const std::string& message) const {
    return make_error(ErrorKind::InvalidInput, path_ + ":" + std::to_string(line) + ": " + message);
  }

 private:
  const std::string& path_;
};

bool looks_numeric(std::string_view field) {
  field = trim(field);
  return !field.empty() && (std::isdigit(static_cast<unsigned char>(field.front())) != 0 ||
                            field.front() == '-' || field.front() == '+' || field.front() == '.');
}

// A time in ms (or µs, divided by 1000). Error text is empty on success.
bool parse_time(std::string_view field, int64_t& out, std::string& error, const char* column) {
  field = trim(field);
  const char* end = field.data() + field.size();
  auto [ptr, ec] = std::from_chars(field.data(), end, out);
  if (ec != std::errc() || ptr != end) {
    error = std::string("malformed ") + column + " '" + shown(field) + "' (milliseconds expected)";
    return false;
  }
  if (out < 0) {
    error = std::string("negative ") + column + " " + std::to_string(out);
    return false;
  }
  if (out > kMicrosecondThreshold) out /= 1000;
  return true;
}

bool parse_number(std::string_view field, double& out, std::string& error, const char* column) {
  field = trim(field);
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  const char* end = field.data() + field.size();
  auto [ptr, ec] = std::from_chars(field.data(), end, out);
  if (field.empty() || ec != std::errc() || ptr != end) {
    error = std::string("malformed ") + column + " '" + shown(field) + "'";
    return false;
  }
  if (!std::isfinite(out)) {
    error = std::string(column) + " is not a finite number ('" + shown(field) + "')";
    return false;
  }
  return true;
}

bool parse_price(std::string_view field, double& out, std::string& error, const char* column) {
  if (!parse_number(field, out, error, column)) return false;
  if (out <= 0) {
    error = std::string(column) + " must be positive, was " + shown(trim(field));
    return false;
  }
  return true;
}

// Strictly increasing times; `previous` is the last accepted time (or -1).
bool check_order(int64_t time, int64_t previous, size_t previous_line, std::string& error,
                 const char* column) {
  if (previous < 0 || time > previous) return true;
  if (time == previous) {
    error = std::string("duplicate ") + column + " " + std::to_string(time) + " (also on line " +
            std::to_string(previous_line) + ")";
  } else {
    error = std::string(column) + " " + std::to_string(time) + " is before the previous row's " +
            std::to_string(previous) + " (line " + std::to_string(previous_line) +
            "); rows must be oldest first";
  }
  return false;
}

}  // namespace

Result<CandleSeries> read_candles_csv(const std::string& path) {
  auto content = read_whole_file(path);
  if (!content) return content.error();
  const LineErrors errors(path);
  CsvScanner scanner(*content);
  std::string_view fields[kMaxColumns];
  size_t field_count = 0;
  size_t line = 0;
  size_t columns = 0;  // 6 (ours) or 12 (Binance klines), fixed by the header or first row
  CandleSeries series;
  series.candles.reserve(content->size() / 48 + 1);
  int64_t previous_time = -1;
  size_t previous_line = 0;
  int64_t single_row_interval = 0;  // Binance close_time - open_time + 1, for one-row files
  std::string error;
  bool first = true;
  while (scanner.next(line, fields, field_count)) {
    if (first) {
      first = false;
      if (field_count != 6 && field_count != 12) {
        return errors.at(line,
                         "expected 6 columns (open_time_ms,open,high,low,close,volume) or "
                         "Binance's 12 kline columns, found " +
                             std::to_string(field_count));
      }
      columns = field_count;
      if (!looks_numeric(fields[0])) continue;  // header row
    }
    if (field_count != columns) {
      return errors.at(line, "expected " + std::to_string(columns) + " columns, found " +
                                 std::to_string(field_count));
    }
    Candle candle;
    if (!parse_time(fields[0], candle.open_time_ms, error, "open time") ||
        !parse_price(fields[1], candle.open, error, "open") ||
        !parse_price(fields[2], candle.high, error, "high") ||
        !parse_price(fields[3], candle.low, error, "low") ||
        !parse_price(fields[4], candle.close, error, "close") ||
        !parse_number(fields[5], candle.volume, error, "volume") ||
        !check_order(candle.open_time_ms, previous_time, previous_line, error, "open time")) {
      return errors.at(line, error);
    }
    if (candle.volume < 0) return errors.at(line, "negative volume");
    if (candle.high < candle.low) {
      return errors.at(
          line, "high " + shown(trim(fields[2])) + " is below low " + shown(trim(fields[3])));
    }
    if (candle.open > candle.high || candle.open < candle.low || candle.close > candle.high ||
        candle.close < candle.low) {
      return errors.at(line, "open and close must lie within [low, high]");
    }
    if (columns == 12 && series.candles.empty()) {
      int64_t close_time = 0;
      if (parse_time(fields[6], close_time, error, "close time") &&
          close_time > candle.open_time_ms) {
        single_row_interval = close_time - candle.open_time_ms + 1;
      }
    }
    previous_time = candle.open_time_ms;
    previous_line = line;
    series.candles.push_back(candle);
  }
  if (series.candles.empty()) {
    return errors.at(std::max<size_t>(line, 1), "no candles in the file");
  }
  int64_t smallest = std::numeric_limits<int64_t>::max();
  for (size_t i = 1; i < series.candles.size(); ++i) {
    smallest =
        std::min(smallest, series.candles[i].open_time_ms - series.candles[i - 1].open_time_ms);
  }
  if (series.candles.size() == 1) {
    if (single_row_interval <= 0) {
      return errors.at(line, "one candle is not enough to infer the interval (need two rows)");
    }
    smallest = single_row_interval;
  }
  series.interval_ms = smallest;
  return series;
}

Result<std::vector<FundingRate>> read_funding_csv(const std::string& path) {
  auto content = read_whole_file(path);
  if (!content) return content.error();
  const LineErrors errors(path);
  CsvScanner scanner(*content);
  std::string_view fields[kMaxColumns];
  size_t field_count = 0;
  size_t line = 0;
  size_t columns = 0;  // 3, or 2 when the file has no mark price column
  std::vector<FundingRate> rows;
  rows.reserve(content->size() / 32 + 1);
  int64_t previous_time = -1;
  size_t previous_line = 0;
  std::string error;
  bool first = true;
  while (scanner.next(line, fields, field_count)) {
    if (first) {
      first = false;
      if (field_count != 3 && field_count != 2) {
        return errors.at(line,
                         "expected 3 columns (funding_time_ms,funding_rate,mark_price), found " +
                             std::to_string(field_count));
      }
      columns = field_count;
      if (!looks_numeric(fields[0])) continue;  // header row
    }
    if (field_count != columns) {
      return errors.at(line, "expected " + std::to_string(columns) + " columns, found " +
                                 std::to_string(field_count));
    }
    FundingRate row;
    if (!parse_time(fields[0], row.funding_time_ms, error, "funding time") ||
        !parse_number(fields[1], row.rate, error, "funding rate") ||
        !check_order(row.funding_time_ms, previous_time, previous_line, error, "funding time")) {
      return errors.at(line, error);
    }
    if (columns == 3 && !trim(fields[2]).empty()) {
      if (!parse_number(fields[2], row.mark_price, error, "mark price")) {
        return errors.at(line, error);
      }
      if (row.mark_price < 0) return errors.at(line, "negative mark price");
    }
    previous_time = row.funding_time_ms;
    previous_line = line;
    rows.push_back(row);
  }
  if (rows.empty()) return errors.at(std::max<size_t>(line, 1), "no funding rows in the file");
  return rows;
}

CandleSeries aggregate_candles(const CandleSeries& base, int64_t interval_ms, int64_t now_ms) {
  CandleSeries out;
  out.interval_ms = interval_ms;
  if (interval_ms <= 0 || base.interval_ms <= 0) return out;
  auto bucket_of = [interval_ms](int64_t time) {
    const int64_t remainder = time % interval_ms;
    return time - (remainder < 0 ? remainder + interval_ms : remainder);
  };
  bool open_bucket = false;
  Candle current;
  for (const Candle& candle : base.candles) {
    if (candle.open_time_ms + base.interval_ms > now_ms) break;  // not closed yet
    const int64_t bucket = bucket_of(candle.open_time_ms);
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
