#pragma once
// The daemon's `run` loop over a long paper run, for memory: the real
// Daemon::run (run_loop, Daemon::tick, metrics, heartbeats into the journal) with a fake clock
// that jumps to each deadline (one interval per tick) and a waiter that never sleeps. The tick
// runner is injected: instead of run_tick_session (which re-reads the config's candle files and
// the state files at every tick), it advances one PaperExchange fed by a StreamingMarket over a
// generated 1-minute candle file and runs the real run_tick() with a real Journal and the
// rules' memory carried across ticks, as `replay` does. RSS is sampled every `sample_every`
// ticks. Used by bench/daemon_memory.cpp and tests/daemon/daemon_memory_test.cpp.

#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/daemon/daemon.hpp"
#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/session/config_source.hpp"
#include "bot/session/paper_setup.hpp"
#include "config/loader.hpp"
#include "paper/paper_exchange.hpp"
#include "paper/stream_market.hpp"
#include "rules/engine.hpp"
#include "tests/support/market_fixtures.hpp"

namespace hedgebot::bench {

struct MemorySample {
  int64_t ticks = 0;
  double rss_mb = 0.0;
  double ticks_per_s = 0.0;  // since the previous sample
};

struct DaemonMemoryRun {
  std::vector<MemorySample> samples;
  int64_t ticks = 0;
  int64_t orders = 0;
  int64_t errors = 0;
};

inline double rss_mb() {
  std::FILE* file = std::fopen("/proc/self/statm", "r");
  if (file == nullptr) return 0.0;
  long size = 0, resident = 0;
  const int read = std::fscanf(file, "%ld %ld", &size, &resident);
  std::fclose(file);
  if (read != 2) return 0.0;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

namespace daemon_memory_detail {

constexpr int64_t kMinute = 60000;
constexpr int64_t kStart = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int64_t kWarmup = 2000;          // candles before the first tick (MACD on 15m)

// `count` 1-minute candles from kStart (a seeded random walk) and 8-hourly funding over them.
inline void write_data(const std::string& dir, int64_t count) {
  std::FILE* candles = std::fopen((dir + "/btcusdt-1m.csv").c_str(), "w");
  std::FILE* funding = std::fopen((dir + "/btcusdt-funding.csv").c_str(), "w");
  if (candles == nullptr || funding == nullptr) throw std::runtime_error("cannot write data");
  std::fputs(testing::kCandleCsvHeader, candles);
  std::fputs(testing::kFundingCsvHeader, funding);
  testing::SplitMix64 random(7);
  double price = 40000.0;
  for (int64_t i = 0; i < count; ++i) {
    const double open = price;
    price = std::max(1000.0, price * (1.0 + 0.002 * random.uniform()));
    const double high = std::max(open, price) * (1.0 + 0.0005 * (random.uniform() + 1.0));
    const double low = std::min(open, price) * (1.0 - 0.0005 * (random.uniform() + 1.0));
    const int64_t time = kStart + i * kMinute;
    std::fprintf(candles, "%lld,%.1f,%.1f,%.1f,%.1f,%.3f\n", static_cast<long long>(time), open,
                 high, low, price, 10.0 + 5.0 * random.uniform());
    if (time % (kMinute * 8 * 60) == 0) {
      std::fprintf(funding, "%lld,%.6f,%.1f\n", static_cast<long long>(time),
                   0.0001 * random.uniform(), price);
    }
  }
  std::fclose(candles);
  std::fclose(funding);
}

inline std::string config_text(const std::string& dir) {
  return R"([bot]
mode = "paper"
interval = "1m"
tick_delay = "1s"
state_dir = ")" +
         dir + R"(/state"

[paper]
balance = 200000.0
candles = ")" +
         dir + R"(/btcusdt-1m.csv"
funding = ")" +
         dir + R"(/btcusdt-funding.csv"
spot = { BTC = 1.0, USDT = 5000.0 }

[risk]
max_order_notional = 1000000.0
max_leverage = 3.0

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
timeframe = "1m"
baseline_ratio = 0.5
max_ratio = 1.0
band = 0.05
cooldown = "30m"
leverage = 2

[[rule]]
name = "margin-guard"
when = "margin_ratio_above"
threshold = 0.6
action = "set_ratio"
ratio = 0.3
priority = 100

[[rule]]
name = "momentum"
hedge = "BTC"
when = "macd_cross_up"
timeframe = "15m"
action = "adjust_ratio"
delta = -0.25
priority = 5

[[rule]]
name = "funding-negative"
hedge = "BTC"
when = "funding_below"
threshold = 0.0
action = "adjust_ratio"
delta = -0.2
priority = 1
)";
}

class JumpClock : public bot::daemon::Clock {
 public:
  int64_t now_ms() override { return now_; }
  int64_t now_ = 0;
};

// Jumps the clock to each deadline; Stop after `ticks` ticks. Calls `on_wait` before each wait.
class JumpWaiter : public bot::daemon::Waiter {
 public:
  explicit JumpWaiter(JumpClock& clock) : clock_(clock) {}
  bot::daemon::Wake wait_until(int64_t deadline_ms) override {
    if (on_wait && on_wait()) return bot::daemon::Wake::Stop;
    clock_.now_ = std::max(clock_.now_, deadline_ms);
    return bot::daemon::Wake::Deadline;
  }
  std::function<bool()> on_wait;  // true: stop

 private:
  JumpClock& clock_;
};

}  // namespace daemon_memory_detail

// Runs `ticks` daemon ticks (one per minute of generated data) in `dir` (made and removed by the
// caller), sampling RSS every `sample_every` ticks. Throws on a setup failure.
inline DaemonMemoryRun run_daemon_memory(const std::string& dir, int64_t ticks,
                                         int64_t sample_every) {
  namespace d = daemon_memory_detail;
  d::write_data(dir, ticks + d::kWarmup + 10);
  config::LoadResult loaded = config::load_config_text(d::config_text(dir), dir + "/bench.toml");
  if (!loaded.ok()) {
    std::string message = "config: ";
    for (const auto& diagnostic : loaded.diagnostics) message += diagnostic.to_string() + "; ";
    throw std::runtime_error(message);
  }
  const config::Config config = *loaded.config;
  const config::HedgeConfig& hedge = config.hedges.at(0);

  // The paper exchange and its streamed market, set up as `replay` sets them up.
  const paper::PaperSettings settings = bot::paper_settings(config);
  paper::StreamedSymbol stream;
  stream.symbol = hedge.symbol;
  auto candles = paper::CandleStream::open(config.paper.candles);
  if (!candles) throw std::runtime_error(candles.error().message);
  stream.candles = std::move(*candles);
  auto funding = paper::FundingStream::open(config.paper.funding);
  if (!funding) throw std::runtime_error(funding.error().message);
  stream.funding = std::move(*funding);
  paper::SymbolData data;
  data.instrument = bot::hedge_instrument(hedge);
  data.candles.interval_ms = stream.candles->interval_ms();
  std::vector<paper::SymbolData> markets;
  markets.push_back(std::move(data));
  std::vector<paper::StreamedSymbol> streams;
  streams.push_back(std::move(stream));
  paper::PaperExchange exchange(settings, std::move(markets));
  paper::StreamingMarket market(exchange, std::move(streams));
  const rules::RuleEngine engine(config.rules);
  for (const rules::CandleRequirement& need : engine.requirements(hedge.asset)) {
    market.keep_candles(hedge.symbol, need.timeframe_ms, std::max(need.warmup_candles, 2));
  }
  market.keep_candles(hedge.symbol, hedge.timeframe_ms, 2);
  market.keep_funding(hedge.symbol, std::max(engine.funding_history_needed(hedge.asset), 1));
  const int64_t first_tick = d::kStart + d::kWarmup * d::kMinute;
  if (Status warmed = market.warm_up_to(first_tick); !warmed) {
    throw std::runtime_error(warmed.error().message);
  }

  std::filesystem::create_directories(config.bot.state_dir);
  const std::string trade_journal_path = dir + "/trades.jsonl";
  Result<bot::Journal> journal = bot::Journal::open(trade_journal_path, "bench");
  if (!journal) throw std::runtime_error(journal.error().message);
  journal->set_sync(false);

  rules::Memory memory;
  std::vector<paper::PaperEvent> events;
  DaemonMemoryRun run;
  const auto runner = [&](const config::Config& current, const bot::TickSessionOptions& options) {
    bot::TickSessionResult result;
    const int64_t interval = current.bot.interval_ms;
    const int64_t now = (options.wall_now_ms - current.bot.tick_delay_ms) / interval * interval;
    result.now_ms = now;
    if (now <= options.only_after_ms) {
      result.no_new_data = true;
      return result;
    }
    events.clear();
    if (Status advanced = market.advance_to(now, &events); !advanced) {
      result.exit_code = bot::kExitRuntime;
      result.error = advanced.error().message;
      return result;
    }
    int64_t waited = 0;
    bot::TickOptions tick_options;
    tick_options.place_orders = true;
    tick_options.sleep = [&](int64_t ms) {
      waited += ms;
      (void)market.advance_to(now + waited, &events);
    };
    result.report = bot::run_tick(current, market, engine, memory, &*journal, now, tick_options);
    result.ran = true;
    result.exit_code = result.report.exit_code;
    result.paper_events = events;
    result.paper_totals = exchange.totals();
    exchange.forget_final_orders();
    run.orders += static_cast<int64_t>(result.report.orders.size());
    run.errors += static_cast<int64_t>(result.report.errors.size());
    return result;
  };

  const spdlog::level::level_enum old_level = spdlog::get_level();
  spdlog::set_level(spdlog::level::err);  // an info line per tick otherwise
  d::JumpClock clock;
  clock.now_ = first_tick + config.bot.tick_delay_ms;
  bot::daemon::DaemonOptions options;
  options.run_tick = runner;
  options.serve_metrics = false;
  bot::daemon::Daemon daemon(config, options, clock);
  const std::string heartbeat_journal = bot::state_paths(config).journal;

  d::JumpWaiter waiter(clock);
  int64_t waits = 0;
  auto last_time = std::chrono::steady_clock::now();
  int64_t last_ticks = 0;
  waiter.on_wait = [&]() {
    const int64_t done = waits++;  // the first wait comes before the first tick
    if (done > 0 && done % 10000 == 0) {
      // The journals are on disk, not in RSS; keep the files small.
      std::error_code ignored;
      std::filesystem::resize_file(trade_journal_path, 0, ignored);
      std::filesystem::resize_file(heartbeat_journal, 0, ignored);
    }
    if (done > 0 && (done % sample_every == 0 || done == ticks)) {
      const auto now = std::chrono::steady_clock::now();
      const double seconds = std::chrono::duration<double>(now - last_time).count();
      run.samples.push_back(MemorySample{
          done, rss_mb(), seconds > 0.0 ? static_cast<double>(done - last_ticks) / seconds : 0.0});
      last_time = now;
      last_ticks = done;
    }
    return done >= ticks;
  };
  daemon.run(waiter);
  spdlog::set_level(old_level);
  run.ticks = waits - 1;
  return run;
}

}  // namespace hedgebot::bench
