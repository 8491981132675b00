#pragma once
// Feeding one indicator stream from a candle series across runs (docs/design.md, "Memory
// across runs"). A stream is stored in Memory.streams under its key as
//   last_open_ms = open time of the last candle fed,
//   values       = [sign of the last non-zero relation (-1, 0, +1), tracker state...].
//
// Per run:
//   - only closed candles are used: a candle with open_time + interval > now_ms is dropped
//     (the bot never passes one; this is a defence), and so is any candle not strictly newer
//     than the one fed before it (duplicates, disorder);
//   - no stored stream (first run, changed parameters, unreadable state): the tracker warms up
//     from every candle given; an edge counts only when it happens on the newest candle, so a
//     first run never acts on a cross from deep in the warm-up history;
//   - stored stream: only candles newer than last_open_ms are fed. When the series does not
//     join the stored stream (no candle at last_open_ms and the first newer candle is not
//     last_open_ms + interval: candles are missing) the tracker is rebuilt from the series and
//     edges count on the candles newer than last_open_ms only;
//   - a series whose newest candle is not newer than last_open_ms (nothing new, or data went
//     backwards) leaves the stored stream untouched: no edge, levels read the stored values.
// An edge is a change of sign of the tracker's relation() (fast - slow, close - MA, MACD
// histogram); zero does not change the sign. `last_cross` is the direction of the last such
// change on a counted candle of this run, so a cross that happened while runs were skipped
// is reported on the next run; a cross that was undone before the run (up then down) reports
// only the later direction. `last_cross` is an event of this run only: the condition turns it
// into a latch that lasts while the level holds (latch_edge in conditions.cpp, RESOLUTION.md).

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "rules/engine.hpp"
#include "rules/indicators/indicator_state.hpp"

namespace hedgebot::rules {

struct StreamFeed {
  bool new_data = false;  // at least one candle was fed on this run
  bool fresh = true;      // no usable stored stream: warmed up from nothing (a first run)
  int last_cross = 0;     // +1 crossed up, -1 crossed down, 0 no counted cross this run
};

// The closed candles of `series` at `now_ms` (a prefix: series are oldest first).
inline std::span<const Candle> closed_candles(const CandleSeries& series, int64_t now_ms) {
  std::size_t end = series.candles.size();
  while (end > 0 && series.candles[end - 1].open_time_ms + series.interval_ms > now_ms) --end;
  return {series.candles.data(), end};
}

// Tracker: update(const Candle&), ready(), relation(), reset(), append_state(), read_state().
template <typename Tracker>
StreamFeed feed_stream(Tracker& tracker, const CandleSeries& series, int64_t now_ms, Memory& memory,
                       const std::string& key) {
  constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
  const std::span<const Candle> candles = closed_candles(series, now_ms);
  StreamFeed feed;
  double sign = 0.0;
  bool restored = false;
  int64_t stored_open = kNone;
  if (const auto found = memory.streams.find(key); found != memory.streams.end()) {
    StateReader reader(found->second.values);
    restored = reader.read(sign) && (sign == -1.0 || sign == 0.0 || sign == 1.0) &&
               tracker.read_state(reader) && reader.at_end();
    if (restored) {
      stored_open = found->second.last_open_ms;
      feed.fresh = false;
    } else {
      tracker.reset();
      sign = 0.0;
    }
  }
  if (candles.empty()) return feed;
  if (restored && candles.back().open_time_ms <= stored_open) return feed;

  auto start = candles.begin();
  int64_t fed_open = kNone;
  int64_t count_edges_after = candles.back().open_time_ms - 1;  // first run: newest only
  if (restored) {
    count_edges_after = stored_open;
    const auto first_new =
        std::upper_bound(candles.begin(), candles.end(), stored_open,
                         [](int64_t open, const Candle& c) { return open < c.open_time_ms; });
    const bool joins =
        (first_new != candles.begin() && (first_new - 1)->open_time_ms == stored_open) ||
        first_new->open_time_ms == stored_open + series.interval_ms;
    if (joins) {
      start = first_new;
      fed_open = stored_open;
    } else {
      tracker.reset();
      sign = 0.0;
    }
  }
  for (auto candle = start; candle != candles.end(); ++candle) {
    if (candle->open_time_ms <= fed_open) continue;
    tracker.update(*candle);
    fed_open = candle->open_time_ms;
    feed.new_data = true;
    if (!tracker.ready()) continue;
    const double relation = tracker.relation();
    const double now_sign = relation > 0.0 ? 1.0 : (relation < 0.0 ? -1.0 : 0.0);
    if (now_sign == 0.0) continue;
    if (sign != 0.0 && now_sign != sign && candle->open_time_ms > count_edges_after)
      feed.last_cross = now_sign > 0.0 ? 1 : -1;
    sign = now_sign;
  }
  StreamMemory& stored = memory.streams[key];
  stored.last_open_ms = fed_open;
  stored.values.clear();
  stored.values.push_back(sign);
  tracker.append_state(stored.values);
  return feed;
}

}  // namespace hedgebot::rules
