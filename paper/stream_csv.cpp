#include "paper/stream_csv.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace hedgebot::paper {
namespace {

constexpr size_t kBufferSize = 1 << 18;  // also the longest line accepted
constexpr size_t kMaxColumns = 16;
// Times above this are microseconds (newer Binance downloads), as in market_data.cpp.
constexpr int64_t kMicrosecondThreshold = 100'000'000'000'000;

constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string shown(std::string_view text) {
  return text.size() > 40 ? std::string(text.substr(0, 40)) + "..." : std::string(text);
}

size_t split(std::string_view line, std::string_view* fields) {
  size_t count = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    const std::string_view field = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (count < kMaxColumns) fields[count] = field;
    ++count;
    if (comma == std::string_view::npos) return count;
    start = comma + 1;
  }
}

bool looks_numeric(std::string_view field) {
  field = trim(field);
  return !field.empty() && ((field.front() >= '0' && field.front() <= '9') ||
                            field.front() == '-' || field.front() == '+' || field.front() == '.');
}

Error at(const LineReader& reader, const std::string& message) {
  return make_error(ErrorKind::InvalidInput,
                    reader.path() + ":" + std::to_string(reader.line_number()) + ": " + message);
}

// Open times are milliseconds since the epoch on the interval's grid (as the venue's klines).
// Before 2000 a file is taken for one in seconds rather than a record from 1970.
constexpr int64_t kEarliestOpenMs = 946684800000;  // 2000-01-01T00:00:00Z

std::string open_time_problem(int64_t open_time_ms, int64_t interval_ms) {
  if (open_time_ms < kEarliestOpenMs) {
    return "open time " + std::to_string(open_time_ms) + " is " + format_iso8601(open_time_ms) +
           ": open times must be milliseconds since 1970-01-01 (this looks like seconds)";
  }
  if (interval_ms > 0 && candle_open_time(open_time_ms, interval_ms) != open_time_ms) {
    return "open time " + std::to_string(open_time_ms) + " (" + format_iso8601(open_time_ms) +
           ") is not on the " + format_duration(interval_ms) +
           " candle grid of this file (candles open on whole multiples of their interval)";
  }
  return {};
}

bool parse_time(std::string_view field, int64_t& out, std::string& error, const char* column) {
  field = trim(field);
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, out);
  if (field.empty() || ec != std::errc() || ptr != end) {
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
  if (!parse_decimal(field, out)) {
    // "inf", "nan": numbers, but not finite ones (from_chars reads them, parse_decimal not).
    std::string_view unsigned_field = field;
    if (!unsigned_field.empty() && unsigned_field.front() == '+') unsigned_field.remove_prefix(1);
    const char* const end = unsigned_field.data() + unsigned_field.size();
    const auto [ptr, ec] = std::from_chars(unsigned_field.data(), end, out);
    if (unsigned_field.empty() || ec != std::errc() || ptr != end || std::isfinite(out)) {
      error = std::string("malformed ") + column + " '" + shown(field) + "'";
      return false;
    }
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

// An unsigned `digits[.digits]` at `p`, read in the same pass that finds the field's end (`p`
// is left on the comma or at `end`). Gives exactly parse_decimal's value (the same Clinger
// fast path); false when the field is anything else (sign, exponent, spaces, too many digits)
// so the caller falls back to parse_decimal.
bool parse_plain_decimal(const char*& p, const char* end, double& out) {
  const char* const start = p;
  uint64_t mantissa = 0;
  int digits = 0;
  int exponent = 0;
  bool fraction = false;
  for (; p != end; ++p) {
    const char c = *p;
    if (c >= '0' && c <= '9') {
      if (mantissa == 0 && c == '0') {
        if (fraction) --exponent;
        continue;
      }
      if (++digits > 19) break;
      mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
      if (fraction) --exponent;
    } else if (c == '.' && !fraction) {
      fraction = true;
    } else {
      break;
    }
  }
  const bool any_digit = p - start > (fraction ? 1 : 0);
  if ((p != end && *p != ',') || !any_digit || mantissa > (uint64_t{1} << 53) || exponent < -22) {
    p = start;
    return false;
  }
  out = static_cast<double>(mantissa) / kPowersOfTen[-exponent];
  return true;
}

// The common row `open_time_ms,open,high,low,close,volume` read in place, without splitting
// it first. True only when the row is well formed and passes every check of the general path
// with the same values; anything else (spaces, signs, a wrong count, a failed check) returns
// false and the general path parses the row again and reports it.
bool parse_plain_row(std::string_view line, int64_t previous_time, Candle& candle) {
  const char* p = line.data();
  const char* const end = p + line.size();
  int64_t time = 0;
  int digits = 0;
  for (; p != end && *p >= '0' && *p <= '9'; ++p) {
    if (++digits > 18) return false;
    time = time * 10 + (*p - '0');
  }
  if (digits == 0 || p == end || *p != ',') return false;
  if (time > kMicrosecondThreshold) time /= 1000;
  if (previous_time >= 0 && time <= previous_time) return false;
  double values[5];
  for (int i = 0; i < 5; ++i) {
    const char* const start = ++p;  // past the comma
    double& value = values[i];
    if (!parse_plain_decimal(p, end, value)) {
      // Not plain digits: find the field's end and take the general decimal parser's word.
      while (p != end && *p != ',') ++p;
      if (!parse_decimal(std::string_view(start, static_cast<size_t>(p - start)), value) ||
          !std::isfinite(value)) {
        return false;
      }
    }
    if ((i < 4) != (p != end)) return false;  // exactly five commas
  }
  const double open = values[0], high = values[1], low = values[2], close = values[3];
  if (open <= 0 || high <= 0 || low <= 0 || close <= 0 || values[4] < 0 || high < low ||
      open > high || open < low || close > high || close < low) {
    return false;
  }
  candle.open_time_ms = time;
  candle.open = open;
  candle.high = high;
  candle.low = low;
  candle.close = close;
  candle.volume = values[4];
  return true;
}

}  // namespace

bool parse_decimal(std::string_view text, double& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = *p == '-';
  if (negative) ++p;
  uint64_t mantissa = 0;
  int digits = 0;  // significant digits in mantissa
  int exponent = 0;
  bool any_digit = false;
  bool fast = true;
  for (; p != end && *p >= '0' && *p <= '9'; ++p) {
    any_digit = true;
    if (mantissa == 0 && *p == '0') continue;
    if (digits < 19) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
      ++digits;
    } else {
      fast = false;
    }
  }
  if (p != end && *p == '.') {
    ++p;
    for (; p != end && *p >= '0' && *p <= '9'; ++p) {
      any_digit = true;
      if (mantissa == 0 && *p == '0') {
        --exponent;
        continue;
      }
      if (digits < 19) {
        mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
        ++digits;
        --exponent;
      } else {
        fast = false;
      }
    }
  }
  if (!any_digit) return false;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool exponent_negative = false;
    if (p != end && (*p == '+' || *p == '-')) exponent_negative = *p++ == '-';
    if (p == end) return false;
    int value = 0;
    for (; p != end && *p >= '0' && *p <= '9'; ++p) {
      if (value < 10000) value = value * 10 + (*p - '0');
    }
    exponent += exponent_negative ? -value : value;
  }
  if (p != end) return false;
  if (fast && mantissa <= (uint64_t{1} << 53) && exponent >= -22 && exponent <= 22) {
    // Clinger's fast path: both operands exact, so one rounding, as from_chars does.
    double value = static_cast<double>(mantissa);
    value = exponent < 0 ? value / kPowersOfTen[-exponent] : value * kPowersOfTen[exponent];
    out = negative ? -value : value;
    return true;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// ---- LineReader -----------------------------------------------------------------------------

Result<std::unique_ptr<LineReader>> LineReader::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(ErrorKind::InvalidInput,
                      path + ": cannot open the file (" + std::strerror(errno) + ")");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<LineReader>(new LineReader(fd, path));
}

LineReader::LineReader(int fd, std::string path)
    : fd_(fd), path_(std::move(path)), buffer_(new char[kBufferSize]) {}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ < kBufferSize) {
    const ssize_t n = ::read(fd_, buffer_.get() + end_, kBufferSize - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = errno;
      eof_ = true;
      return false;
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    end_ += static_cast<size_t>(n);
    bytes_read_ += static_cast<uint64_t>(n);
    break;
  }
  return true;
}

Result<bool> LineReader::next(std::string_view& line) {
  while (true) {
    const char* data = buffer_.get();
    const void* found = std::memchr(data + begin_, '\n', end_ - begin_);
    size_t stop = 0;
    size_t resume = 0;
    if (found != nullptr) {
      stop = static_cast<size_t>(static_cast<const char*>(found) - data);
      resume = stop + 1;
    } else if (eof_) {
      if (error_ != 0) {
        return make_error(ErrorKind::InvalidInput,
                          path_ + ": read failed (" + std::strerror(error_) + ")");
      }
      if (begin_ == end_) return false;
      stop = end_;
      resume = end_;
    } else {
      if (begin_ == 0 && end_ == kBufferSize) {
        return make_error(ErrorKind::InvalidInput, path_ + ":" + std::to_string(line_number_ + 1) +
                                                       ": line longer than " +
                                                       std::to_string(kBufferSize) + " bytes");
      }
      fill();
      continue;
    }
    std::string_view text(data + begin_, stop - begin_);
    begin_ = resume;
    ++line_number_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    line = text;
    return true;
  }
}

// ---- CandleStream ---------------------------------------------------------------------------

CandleStream::CandleStream(std::unique_ptr<LineReader> reader) : reader_(std::move(reader)) {}

Result<std::unique_ptr<CandleStream>> CandleStream::open(const std::string& path) {
  auto reader = LineReader::open(path);
  if (!reader) return reader.error();
  std::unique_ptr<CandleStream> stream(new CandleStream(std::move(*reader)));
  int64_t smallest = std::numeric_limits<int64_t>::max();
  Candle candle;
  std::array<size_t, kIntervalLookahead> lines{};
  while (stream->lookahead_.size() < kIntervalLookahead) {
    auto more = stream->parse_next(candle);
    if (!more) return more.error();
    if (!*more) break;
    lines[stream->lookahead_.size()] = stream->reader_->line_number();
    if (!stream->lookahead_.empty()) {
      smallest = std::min(smallest, candle.open_time_ms - stream->lookahead_.back().open_time_ms);
    }
    stream->lookahead_.push_back(candle);
  }
  if (stream->lookahead_.empty()) {
    return make_error(ErrorKind::InvalidInput,
                      path + ":" +
                          std::to_string(std::max<size_t>(stream->reader_->line_number(), 1)) +
                          ": no candles in the file");
  }
  if (stream->lookahead_.size() == 1) {
    if (stream->single_row_interval_ <= 0) {
      return make_error(ErrorKind::InvalidInput,
                        path + ":" + std::to_string(stream->reader_->line_number()) +
                            ": one candle is not enough to infer the interval (need two rows)");
    }
    smallest = stream->single_row_interval_;
  }
  for (size_t i = 0; i < stream->lookahead_.size(); ++i) {
    const std::string problem = open_time_problem(stream->lookahead_[i].open_time_ms, smallest);
    if (!problem.empty()) {
      return make_error(ErrorKind::InvalidInput,
                        path + ":" + std::to_string(lines[i]) + ": " + problem);
    }
  }
  stream->interval_ms_ = smallest;
  return stream;
}

std::unique_ptr<CandleStream> CandleStream::from_memory(
    std::string name, std::shared_ptr<const CandleSeries> series) {
  std::unique_ptr<CandleStream> stream(new CandleStream(nullptr));
  stream->memory_name_ = std::move(name);
  stream->interval_ms_ = series->interval_ms;
  stream->memory_ = std::move(series);
  return stream;
}

Result<bool> CandleStream::next(Candle& out) {
  if (memory_) {
    if (rows_ >= memory_->candles.size()) return false;
    out = memory_->candles[rows_++];
    return true;
  }
  if (!lookahead_.empty()) {
    out = lookahead_.front();
    lookahead_.pop_front();
    ++rows_;
    return true;
  }
  auto more = parse_next(out);
  if (more && *more) ++rows_;
  return more;
}

Result<bool> CandleStream::parse_next(Candle& candle) {
  std::string_view line;
  std::string_view fields[kMaxColumns];
  std::string error;
  while (true) {
    auto more = reader_->next(line);
    if (!more) return more.error();
    if (!*more) return false;
    if (columns_ == 6 && parse_plain_row(line, previous_time_, candle)) {
      if (interval_ms_ > 0 &&
          candle_open_time(candle.open_time_ms, interval_ms_) != candle.open_time_ms) {
        return at(*reader_, open_time_problem(candle.open_time_ms, interval_ms_));
      }
      previous_time_ = candle.open_time_ms;
      previous_line_ = reader_->line_number();
      return true;
    }
    const size_t count = split(line, fields);
    if (columns_ == 0) {
      if (count != 6 && count != 12) {
        return at(*reader_,
                  "expected 6 columns (open_time_ms,open,high,low,close,volume) or Binance's 12 "
                  "kline columns, found " +
                      std::to_string(count));
      }
      columns_ = count;
      if (!looks_numeric(fields[0])) continue;  // header row
    }
    if (count != columns_) {
      return at(*reader_, "expected " + std::to_string(columns_) + " columns, found " +
                              std::to_string(count));
    }
    if (!parse_time(fields[0], candle.open_time_ms, error, "open time") ||
        !parse_price(fields[1], candle.open, error, "open") ||
        !parse_price(fields[2], candle.high, error, "high") ||
        !parse_price(fields[3], candle.low, error, "low") ||
        !parse_price(fields[4], candle.close, error, "close") ||
        !parse_number(fields[5], candle.volume, error, "volume") ||
        !check_order(candle.open_time_ms, previous_time_, previous_line_, error, "open time")) {
      return at(*reader_, error);
    }
    if (candle.volume < 0) return at(*reader_, "negative volume");
    if (candle.high < candle.low) {
      return at(*reader_,
                "high " + shown(trim(fields[2])) + " is below low " + shown(trim(fields[3])));
    }
    if (candle.open > candle.high || candle.open < candle.low || candle.close > candle.high ||
        candle.close < candle.low) {
      return at(*reader_, "open and close must lie within [low, high]");
    }
    if (columns_ == 12 && previous_time_ < 0) {
      int64_t close_time = 0;
      if (parse_time(fields[6], close_time, error, "close time") &&
          close_time > candle.open_time_ms) {
        single_row_interval_ = close_time - candle.open_time_ms + 1;
      }
    }
    if (interval_ms_ > 0 &&
        candle_open_time(candle.open_time_ms, interval_ms_) != candle.open_time_ms) {
      return at(*reader_, open_time_problem(candle.open_time_ms, interval_ms_));
    }
    previous_time_ = candle.open_time_ms;
    previous_line_ = reader_->line_number();
    return true;
  }
}

// ---- FundingStream --------------------------------------------------------------------------

FundingStream::FundingStream(std::unique_ptr<LineReader> reader) : reader_(std::move(reader)) {}

Result<std::unique_ptr<FundingStream>> FundingStream::open(const std::string& path) {
  auto reader = LineReader::open(path);
  if (!reader) return reader.error();
  return std::unique_ptr<FundingStream>(new FundingStream(std::move(*reader)));
}

Result<bool> FundingStream::next(FundingRate& row) {
  std::string_view line;
  std::string_view fields[kMaxColumns];
  std::string error;
  while (true) {
    auto more = reader_->next(line);
    if (!more) return more.error();
    if (!*more) return false;
    const size_t count = split(line, fields);
    if (columns_ == 0) {
      if (count != 3 && count != 2) {
        return at(*reader_, "expected 3 columns (funding_time_ms,funding_rate,mark_price), found " +
                                std::to_string(count));
      }
      columns_ = count;
      if (!looks_numeric(fields[0])) continue;  // header row
    }
    if (count != columns_) {
      return at(*reader_, "expected " + std::to_string(columns_) + " columns, found " +
                              std::to_string(count));
    }
    row = FundingRate{};
    if (!parse_time(fields[0], row.funding_time_ms, error, "funding time") ||
        !parse_number(fields[1], row.rate, error, "funding rate") ||
        !check_order(row.funding_time_ms, previous_time_, previous_line_, error, "funding time")) {
      return at(*reader_, error);
    }
    if (columns_ == 3 && !trim(fields[2]).empty()) {
      if (!parse_number(fields[2], row.mark_price, error, "mark price")) return at(*reader_, error);
      if (row.mark_price < 0) return at(*reader_, "negative mark price");
    }
    previous_time_ = row.funding_time_ms;
    previous_line_ = reader_->line_number();
    return true;
  }
}

}  // namespace hedgebot::paper
