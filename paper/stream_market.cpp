#include "paper/stream_market.hpp"

#include <algorithm>
#include <stdexcept>

#include "paper/dated_market.hpp"
#include "paper/funding_model.hpp"

namespace hedgebot::paper {
namespace {

// Rows kept behind the clock: the last closed candle is what orders and marks read.
constexpr size_t kCandlesKept = 2;
// While warming up (no clock yet), rows are dropped in batches of this size.
constexpr size_t kWarmUpBatch = 4096;

void keep_last(std::vector<Candle>& candles, size_t count) {
  if (candles.size() > count) {
    candles.erase(candles.begin(), candles.end() - static_cast<std::ptrdiff_t>(count));
  }
}

}  // namespace

// ---- CandleWindow ---------------------------------------------------------------------------

CandleWindow::CandleWindow(int64_t base_interval_ms, int64_t interval_ms, size_t capacity)
    : base_interval_ms_(base_interval_ms), interval_ms_(interval_ms), capacity_(capacity) {}

void CandleWindow::reserve(size_t capacity) {
  capacity_ = std::max(capacity_, capacity);
}

void CandleWindow::add(const Candle& base) {
  if (interval_ms_ == base_interval_ms_) {
    done_.push_back(base);
  } else {
    const int64_t bucket = candle_open_time(base.open_time_ms, interval_ms_);
    if (current_ && current_->open_time_ms == bucket) {
      current_->high = std::max(current_->high, base.high);
      current_->low = std::min(current_->low, base.low);
      current_->close = base.close;
      current_->volume += base.volume;
      return;
    }
    if (current_) done_.push_back(*current_);
    current_ = base;
    current_->open_time_ms = bucket;
  }
  while (done_.size() > capacity_) done_.pop_front();
}

CandleSeries CandleWindow::closed(int64_t now_ms, size_t limit) const {
  CandleSeries out;
  out.interval_ms = interval_ms_;
  const bool current_closed = current_ && current_->open_time_ms + interval_ms_ <= now_ms;
  size_t end = done_.size();
  while (end > 0 && done_[end - 1].open_time_ms + interval_ms_ > now_ms) --end;
  const size_t wanted_done = current_closed && limit > 0 ? limit - 1 : limit;
  const size_t begin = end > wanted_done ? end - wanted_done : 0;
  out.candles.reserve(end - begin + (current_closed ? 1 : 0));
  out.candles.insert(out.candles.end(), done_.begin() + static_cast<std::ptrdiff_t>(begin),
                     done_.begin() + static_cast<std::ptrdiff_t>(end));
  if (current_closed && limit > 0) out.candles.push_back(*current_);
  return out;
}

// ---- StreamingMarket ------------------------------------------------------------------------

StreamingMarket::StreamingMarket(PaperExchange& exchange, std::vector<StreamedSymbol> symbols)
    : exchange_(exchange) {
  for (StreamedSymbol& files : symbols) {
    Feed feed;
    feed.data = exchange_.streamed_market(files.symbol);
    if (feed.data == nullptr) {
      throw std::invalid_argument("stream: the paper exchange has no market " + files.symbol);
    }
    feed.data->candles.candles.clear();
    feed.data->funding.clear();
    if (feed.data->mark) feed.data->mark->candles.clear();
    feed.files = std::move(files);
    feeds_.push_back(std::move(feed));
  }
}

StreamingMarket::Feed* StreamingMarket::find(const std::string& symbol) {
  for (Feed& feed : feeds_) {
    if (feed.files.symbol == symbol) return &feed;
  }
  return nullptr;
}

const StreamingMarket::Feed* StreamingMarket::find(const std::string& symbol) const {
  for (const Feed& feed : feeds_) {
    if (feed.files.symbol == symbol) return &feed;
  }
  return nullptr;
}

void StreamingMarket::keep_candles(const std::string& symbol, int64_t timeframe_ms, int count) {
  Feed* feed = find(symbol);
  if (feed == nullptr || timeframe_ms <= 0) return;
  const size_t capacity = static_cast<size_t>(std::max(count, 1));
  const auto it = feed->windows.find(timeframe_ms);
  if (it != feed->windows.end()) {
    it->second.reserve(capacity);
  } else {
    feed->windows.emplace(timeframe_ms,
                          CandleWindow(feed->files.candles->interval_ms(), timeframe_ms, capacity));
  }
}

void StreamingMarket::keep_funding(const std::string& symbol, int count) {
  if (Feed* feed = find(symbol)) {
    feed->funding_keep = std::max(feed->funding_keep, static_cast<size_t>(std::max(count, 1)));
  }
}

Status StreamingMarket::feed(Feed& feed, int64_t time_ms, bool trim_as_it_goes) {
  CandleStream& candles = *feed.files.candles;
  const int64_t interval = candles.interval_ms();
  std::vector<Candle>& held = feed.data->candles.candles;
  Candle row;
  if (!feed.next_candle && candles.rows() == 0) {
    auto more = candles.next(row);
    if (!more) return more.error();
    if (*more) feed.next_candle = row;
  }
  while (feed.next_candle && feed.next_candle->open_time_ms + interval <= time_ms) {
    const Candle& candle = *feed.next_candle;
    held.push_back(candle);
    for (auto& [timeframe, window] : feed.windows) window.add(candle);
    feed.newest_close_ms = candle.open_time_ms + interval;
    ++candles_fed_;
    auto more = candles.next(row);
    if (!more) return more.error();
    if (*more) {
      feed.next_candle = row;
    } else {
      feed.next_candle.reset();
    }
    if (trim_as_it_goes && held.size() > kWarmUpBatch) keep_last(held, kCandlesKept);
  }

  if (feed.files.mark && feed.data->mark) {
    CandleStream& marks = *feed.files.mark;
    std::vector<Candle>& held_marks = feed.data->mark->candles;
    if (!feed.next_mark && marks.rows() == 0) {
      auto more = marks.next(row);
      if (!more) return more.error();
      if (*more) feed.next_mark = row;
    }
    while (feed.next_mark && feed.next_mark->open_time_ms + marks.interval_ms() <= time_ms) {
      held_marks.push_back(*feed.next_mark);
      auto more = marks.next(row);
      if (!more) return more.error();
      if (*more) {
        feed.next_mark = row;
      } else {
        feed.next_mark.reset();
      }
      if (trim_as_it_goes && held_marks.size() > kWarmUpBatch) keep_last(held_marks, kCandlesKept);
    }
  }

  if (feed.files.funding) {
    std::vector<FundingRate>& rows = feed.data->funding;
    FundingRate rate;
    const auto read_next = [&]() -> Status {
      auto more = feed.files.funding->next(rate);
      if (!more) return more.error();
      if (*more) {
        feed.next_funding = rate;
      } else {
        feed.next_funding.reset();
      }
      return ok_status();
    };
    if (!feed.next_funding && rows.empty()) {
      if (Status first = read_next(); !first) return first;
    }
    // Settled rows, and the next one (the rate running now).
    while (feed.next_funding && (feed.next_funding->funding_time_ms <= time_ms || rows.empty() ||
                                 rows.back().funding_time_ms <= time_ms)) {
      rows.push_back(*feed.next_funding);
      if (Status next = read_next(); !next) return next;
      if (trim_as_it_goes && rows.size() > kWarmUpBatch) {
        rows.erase(rows.begin(), rows.end() - static_cast<std::ptrdiff_t>(feed.funding_keep + 1));
      }
    }
  }
  return ok_status();
}

void StreamingMarket::trim(Feed& feed) {
  keep_last(feed.data->candles.candles, kCandlesKept);
  if (feed.data->mark) keep_last(feed.data->mark->candles, kCandlesKept);
  std::vector<FundingRate>& rows = feed.data->funding;
  if (rows.size() > feed.funding_keep + 8) {
    const size_t settled = first_funding_after(rows, exchange_.current_time_ms());
    if (settled > feed.funding_keep) {
      rows.erase(rows.begin(),
                 rows.begin() + static_cast<std::ptrdiff_t>(settled - feed.funding_keep));
    }
  }
}

Status StreamingMarket::warm_up_to(int64_t time_ms) {
  for (Feed& feed : feeds_) {
    if (Status fed = this->feed(feed, time_ms, true); !fed) return fed;
  }
  return ok_status();
}

Status StreamingMarket::advance_to(int64_t time_ms, std::vector<PaperEvent>* events) {
  for (Feed& feed : feeds_) {
    if (Status fed = this->feed(feed, time_ms, false); !fed) return fed;
  }
  if (Status advanced = exchange_.advance_to(time_ms, events); !advanced) return advanced;
  for (Feed& feed : feeds_) trim(feed);
  return ok_status();
}

int64_t StreamingMarket::newest_close_ms(const std::string& symbol) const {
  const Feed* feed = find(symbol);
  return feed == nullptr ? 0 : feed->newest_close_ms;
}

std::optional<int64_t> StreamingMarket::next_close_ms(const std::string& symbol) const {
  const Feed* feed = find(symbol);
  if (feed == nullptr || !feed->next_candle) return std::nullopt;
  return feed->next_candle->open_time_ms + feed->files.candles->interval_ms();
}

Result<CandleSeries> StreamingMarket::closed_candles(const std::string& symbol, int64_t interval_ms,
                                                     int limit) {
  auto now = exchange_.now_ms();
  if (!now) return now.error();
  Feed* feed = find(symbol);
  if (const auto dated = parse_dated_symbol(symbol); feed == nullptr && dated) {
    // A dated contract priced from its perpetual: the perpetual's window, through the basis
    // model, so the rules see the same history on either.
    if (find(dated->perpetual) != nullptr) {
      auto perpetual = closed_candles(dated->perpetual, interval_ms, limit);
      if (!perpetual) return perpetual.error();
      return dated_candles(*perpetual, exchange_.settings().dated_basis, dated->delivery_ms);
    }
  }
  if (feed == nullptr) return exchange_.closed_candles(symbol, interval_ms, limit);
  const int64_t base = feed->files.candles->interval_ms();
  if (limit <= 0) {
    return make_error(ErrorKind::InvalidInput,
                      "paper: candle limit must be > 0, was " + std::to_string(limit));
  }
  if (interval_ms <= 0 || interval_ms < base || interval_ms % base != 0) {
    return make_error(ErrorKind::InvalidInput,
                      "paper: " + symbol + " has " + format_duration(base) +
                          " candles; cannot serve " + format_duration(interval_ms) +
                          " candles (the interval must be a whole multiple of the data's)");
  }
  auto it = feed->windows.find(interval_ms);
  if (it == feed->windows.end()) {
    // Not announced with keep_candles(): starts empty and fills from here on.
    it = feed->windows
             .emplace(interval_ms, CandleWindow(base, interval_ms, static_cast<size_t>(limit)))
             .first;
  }
  it->second.reserve(static_cast<size_t>(limit));
  return it->second.closed(*now, static_cast<size_t>(limit));
}

}  // namespace hedgebot::paper
