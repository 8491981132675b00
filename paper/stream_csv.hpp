#pragma once
// Market-data files read as streams: the formats of market_data.hpp (candles
// `open_time_ms,open,high,low,close,volume` with a header, or Binance's 12-column klines;
// funding `funding_time_ms,funding_rate,mark_price`; strictly increasing times; errors name
// file:line), read in fixed-size chunks so memory does not depend on the file's length. `hedgebot
// replay` reads them directly; market_data.hpp's whole-file readers are loops over them, so the
// checks live here only.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "exchange/model.hpp"

namespace hedgebot::paper {

// Parses a plain decimal ("42503.5", "-0.0001", "1e-05"). Gives the same double as
// std::from_chars (a fast exact path for up to 19 significant digits and small exponents, else
// from_chars itself). False when the text is not a whole number.
bool parse_decimal(std::string_view text, double& out);

// Reads a file line by line through one fixed buffer. Lines longer than the buffer are errors.
class LineReader {
 public:
  static Result<std::unique_ptr<LineReader>> open(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next non-blank line without its LF or CRLF; false at the end of the file.
  Result<bool> next(std::string_view& line);
  size_t line_number() const { return line_number_; }
  const std::string& path() const { return path_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  LineReader(int fd, std::string path);
  bool fill();  // false at end of file or on a read error (error_ set)

  int fd_ = -1;
  std::string path_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;  // unread data is buffer_[begin_, end_)
  size_t end_ = 0;
  bool eof_ = false;
  int error_ = 0;
  size_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
};

// Candles of one file, oldest first. The interval is inferred from the smallest spacing among
// the first rows (kIntervalLookahead), which are read ahead when the stream opens.
class CandleStream {
 public:
  static constexpr size_t kIntervalLookahead = 64;

  static Result<std::unique_ptr<CandleStream>> open(const std::string& path);
  // Candles already in memory (benchmarks of the replay loop without parsing). `name` stands
  // for the path.
  static std::unique_ptr<CandleStream> from_memory(std::string name,
                                                   std::shared_ptr<const CandleSeries> series);

  // The next candle into `out`; false at the end of the file.
  Result<bool> next(Candle& out);
  int64_t interval_ms() const { return interval_ms_; }
  const std::string& path() const { return reader_ ? reader_->path() : memory_name_; }
  uint64_t rows() const { return rows_; }

 private:
  explicit CandleStream(std::unique_ptr<LineReader> reader);
  Result<bool> parse_next(Candle& out);

  std::unique_ptr<LineReader> reader_;
  std::shared_ptr<const CandleSeries> memory_;  // from_memory() only
  std::string memory_name_;
  std::deque<Candle> lookahead_;
  size_t columns_ = 0;
  int64_t previous_time_ = -1;
  size_t previous_line_ = 0;
  int64_t interval_ms_ = 0;
  int64_t single_row_interval_ = 0;
  uint64_t rows_ = 0;
};

// Funding rows of one file, oldest first.
class FundingStream {
 public:
  static Result<std::unique_ptr<FundingStream>> open(const std::string& path);

  Result<bool> next(FundingRate& out);
  const std::string& path() const { return reader_->path(); }
  size_t line_number() const { return reader_->line_number(); }

 private:
  explicit FundingStream(std::unique_ptr<LineReader> reader);

  std::unique_ptr<LineReader> reader_;
  size_t columns_ = 0;
  int64_t previous_time_ = -1;
  size_t previous_line_ = 0;
};

}  // namespace hedgebot::paper
