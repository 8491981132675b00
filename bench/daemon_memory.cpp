// Daemon memory over a long run: `bench_daemon_memory [ticks]` (default
// 1000000) runs the daemon's `run` loop over a paper exchange with an injected clock (see
// bench/daemon_memory.hpp) and prints RSS every 100000 ticks and the growth from the first
// sample to the end. scripts/bench-daemon-memory.sh builds and runs it. Exit 1 on a setup error.

#include "bench/daemon_memory.hpp"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>

int main(int argc, char** argv) {
  const long long ticks = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const long long every = argc > 2 ? std::atoll(argv[2]) : 100000;
  if (ticks <= 0 || every <= 0) {
    std::fprintf(stderr, "usage: bench_daemon_memory [ticks] [sample_every]\n");
    return 2;
  }
  // The daemon syncs its heartbeat line to the journal at every tick: on tmpfs that costs
  // nothing, on a disk it caps the run at a few hundred ticks/s.
  std::error_code shm_error;
  const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", shm_error)
                                         ? std::filesystem::path("/dev/shm")
                                         : std::filesystem::temp_directory_path();
  std::string dir = (base / "hedgebot-daemon-mem-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) {
    std::fprintf(stderr, "cannot create a temporary directory\n");
    return 1;
  }
  int code = 0;
  try {
    const double start_mb = hedgebot::bench::rss_mb();
    const hedgebot::bench::DaemonMemoryRun run =
        hedgebot::bench::run_daemon_memory(dir, ticks, every);
    std::printf("RSS before setup: %.1f MB\n", start_mb);
    std::printf("%12s %10s %12s\n", "ticks", "RSS MB", "ticks/s");
    for (const auto& sample : run.samples) {
      std::printf("%12lld %10.1f %12.0f\n", static_cast<long long>(sample.ticks), sample.rss_mb,
                  sample.ticks_per_s);
    }
    std::printf("ticks run: %lld, orders: %lld, tick errors: %lld\n",
                static_cast<long long>(run.ticks), static_cast<long long>(run.orders),
                static_cast<long long>(run.errors));
    if (run.samples.size() >= 2) {
      const auto& first = run.samples.front();
      const auto& last = run.samples.back();
      std::printf("RSS growth from tick %lld to tick %lld: %+.2f MB (%.1f -> %.1f MB)\n",
                  static_cast<long long>(first.ticks), static_cast<long long>(last.ticks),
                  last.rss_mb - first.rss_mb, first.rss_mb, last.rss_mb);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    code = 1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return code;
}
