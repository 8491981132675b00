// Replay benchmarks, on 8 years of deterministic 1-minute BTCUSDT candles
// (about 4.2 million rows, generated once; see replay_data.hpp):
//   BM_ReplayEndToEnd          parse + stream + paper exchange + one real run_tick per hour
//                              (rules, planner, risk guard, executor, journal) + report series;
//                              items/s = candles per second; peak_rss_mb = getrusage after it.
//   BM_ReplayLoopWithoutParsing  the same replay with the candles parsed beforehand (in memory).
//   BM_CandleStreamParse       reading and parsing the candle file alone.
// Usage: bench_replay [--generate DIR] [benchmark flags]. Data lives in $HEDGEBOT_BENCH_DIR
// (default: ./bench-data), generated there when missing.

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "bench/replay_data.hpp"
#include "bot/replay/replay.hpp"
#include "config/loader.hpp"
#include "paper/market_data.hpp"
#include "paper/stream_csv.hpp"

namespace {

using namespace hedgebot;

std::string data_dir() {
  const char* dir = std::getenv("HEDGEBOT_BENCH_DIR");
  return dir != nullptr ? dir : "bench-data";
}

const bench::ReplayData& data() {
  static const bench::ReplayData files = [] {
    // HEDGEBOT_BENCH_YEARS shortens the generated history (CI only checks the benchmark runs).
    const char* years_env = std::getenv("HEDGEBOT_BENCH_YEARS");
    const int years = years_env != nullptr && std::atoi(years_env) > 0 ? std::atoi(years_env)
                                                                       : bench::kBenchYears;
    auto made = bench::ensure_replay_data(data_dir(), years);
    if (!made) {
      std::cerr << "bench_replay: " << made.error().message << "\n";
      std::exit(1);
    }
    return *made;
  }();
  return files;
}

config::Config load_config() {
  config::LoadResult loaded = config::load_config_file(data().config);
  if (!loaded.config) {
    std::cerr << "bench_replay: cannot load " << data().config << "\n";
    std::exit(1);
  }
  return *loaded.config;
}

double peak_rss_mb() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void report(benchmark::State& state, const bot::replay::ReplaySummary& summary) {
  state.SetItemsProcessed(static_cast<int64_t>(summary.candles_read) *
                          static_cast<int64_t>(state.iterations()));
  state.counters["candles"] = static_cast<double>(summary.candles_read);
  state.counters["ticks"] = static_cast<double>(summary.ticks);
  state.counters["orders"] = static_cast<double>(summary.orders);
}

void BM_ReplayEndToEnd(benchmark::State& state) {
  const config::Config config = load_config();
  bot::replay::ReplaySummary summary;
  for (auto _ : state) {
    auto result = bot::replay::run_replay(config, {});
    if (!result) {
      state.SkipWithError(result.error().message.c_str());
      return;
    }
    summary = result->summary;
  }
  report(state, summary);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_ReplayEndToEnd)->Unit(benchmark::kSecond)->Iterations(1);

void BM_ReplayLoopWithoutParsing(benchmark::State& state) {
  const config::Config config = load_config();
  auto series = paper::read_candles_csv(data().candles);
  if (!series) {
    state.SkipWithError(series.error().message.c_str());
    return;
  }
  const auto parsed = std::make_shared<const CandleSeries>(std::move(*series));
  bot::replay::ReplaySettings settings;
  settings.open_candles = [parsed](const std::string& path) {
    return Result<std::unique_ptr<paper::CandleStream>>(
        paper::CandleStream::from_memory(path, parsed));
  };
  bot::replay::ReplaySummary summary;
  for (auto _ : state) {
    auto result = bot::replay::run_replay(config, settings);
    if (!result) {
      state.SkipWithError(result.error().message.c_str());
      return;
    }
    summary = result->summary;
  }
  report(state, summary);
}
BENCHMARK(BM_ReplayLoopWithoutParsing)->Unit(benchmark::kSecond)->Iterations(1);

void BM_CandleStreamParse(benchmark::State& state) {
  uint64_t rows = 0;
  for (auto _ : state) {
    auto stream = paper::CandleStream::open(data().candles);
    if (!stream) {
      state.SkipWithError(stream.error().message.c_str());
      return;
    }
    Candle candle;
    while (true) {
      auto more = (*stream)->next(candle);
      if (!more || !*more) break;
      benchmark::DoNotOptimize(candle);
    }
    rows = (*stream)->rows();
  }
  state.SetItemsProcessed(static_cast<int64_t>(rows) * static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CandleStreamParse)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--generate") == 0) {
    const int years = argc >= 4 ? std::atoi(argv[3]) : bench::kBenchYears;
    auto made = bench::ensure_replay_data(argv[2], years);
    if (!made) {
      std::cerr << "bench_replay: " << made.error().message << "\n";
      return 1;
    }
    std::cout << made->config << "\n";
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
