#pragma once
// Shared pieces of the daemon tests: a fake clock and waiter (no test sleeps), and a small
// paper setup (hourly candles, one hedge, no rules) written into a temp directory.

#include <cstdint>
#include <deque>
#include <fstream>
#include <string>
#include <vector>

#include "bot/daemon/clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {

class FakeClock : public bot::daemon::Clock {
 public:
  explicit FakeClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t now_ms() override { return now_ms_; }
  void advance(int64_t ms) { now_ms_ += ms; }
  void set(int64_t ms) { now_ms_ = ms; }

 private:
  int64_t now_ms_;
};

// Jumps the clock to each deadline. Scripted wakes (Stop, Reload) are returned at the given
// wait numbers instead; after `max_waits` waits it returns Stop.
class FakeWaiter : public bot::daemon::Waiter {
 public:
  FakeWaiter(FakeClock& clock, int max_waits) : clock_(clock), max_waits_(max_waits) {}
  bot::daemon::Wake wait_until(int64_t deadline_ms) override {
    ++waits_;
    deadlines.push_back(deadline_ms);
    for (const auto& [at, wake] : script) {
      if (at == waits_) return wake;
    }
    if (waits_ > max_waits_) return bot::daemon::Wake::Stop;
    if (deadline_ms > clock_.now_ms()) clock_.set(deadline_ms);
    return bot::daemon::Wake::Deadline;
  }
  std::vector<std::pair<int, bot::daemon::Wake>> script;  // (wait number from 1, wake)
  std::vector<int64_t> deadlines;

 private:
  FakeClock& clock_;
  int max_waits_;
  int waits_ = 0;
};

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kDataStart = 1704067200000;  // 2024-01-01T00:00:00Z

// Hourly candles from kDataStart: `count` of them, price 60000 rising by 10 per hour.
inline std::string write_candles(const TempDir& dir, int count,
                                 const std::string& name = "candles.csv") {
  std::string text = "open_time_ms,open,high,low,close,volume\n";
  for (int i = 0; i < count; ++i) {
    const int price = 60000 + i * 10;
    text += std::to_string(kDataStart + i * kHour) + "," + std::to_string(price) + "," +
            std::to_string(price + 50) + "," + std::to_string(price - 50) + "," +
            std::to_string(price + 5) + ",10\n";
  }
  return dir.write(name, text);
}

// A paper config in `dir` (candles.csv, state/), one BTC hedge at baseline 0.5, no rules.
inline std::string write_config(const TempDir& dir, const std::string& extra = "",
                                const std::string& interval = "1h") {
  return dir.write("hedgebot.toml", "[bot]\ninterval = \"" + interval +
                                        "\"\ntick_delay = \"5s\"\nstate_dir = \"state\"\n"
                                        "[paper]\nbalance = 100000.0\ncandles = \"candles.csv\"\n"
                                        "spot = { BTC = 1.0, USDT = 1000.0 }\n"
                                        "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
                                        "baseline_ratio = 0.5\nmax_ratio = 1.0\n" +
                                        extra);
}

// Lines of a file.
inline std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace hedgebot::testing
