// `hedgebot replay`: the whole bot over history (bot/replay/replay.hpp), with a summary on
// stdout (or one JSON document with --json) and, with --report DIR, report.html, ticks.csv,
// orders.csv and the replay's journal. Timing goes to stderr so stdout stays byte-identical for
// the same inputs.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bot/cli/commands.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/replay/replay.hpp"
#include "bot/replay/replay_report.hpp"
#include "bot/session/config_source.hpp"

namespace hedgebot::bot {
namespace {

int exit_code_for(const Error& error) {
  return error.kind == ErrorKind::InvalidInput || error.kind == ErrorKind::Config ? kExitUsage
                                                                                  : kExitRuntime;
}

// Where the `index`-th config's files go: DIR/ticks.csv for one config, DIR/ticks-2-name.csv
// for the second of several.
std::string output_path(const std::string& dir, const std::string& stem, size_t index, size_t count,
                        const std::string& config_path) {
  if (count == 1) return (std::filesystem::path(dir) / (stem)).string();
  const std::filesystem::path name(stem);
  std::string config_stem = std::filesystem::path(config_path).stem().string();
  if (config_stem.empty()) config_stem = "default";
  return (std::filesystem::path(dir) / (name.stem().string() + "-" + std::to_string(index + 1) +
                                        "-" + config_stem + name.extension().string()))
      .string();
}

}  // namespace

int command_replay(const ReplayOptions& options) {
  replay::ReplaySettings base;
  base.candles = options.candles;
  base.funding = options.funding;
  base.mark = options.mark;
  if (!options.from.empty()) {
    Result<int64_t> from = parse_time_ms(options.from);
    if (!from) {
      std::cerr << "error: --from: " << from.error().message << "\n";
      return kExitUsage;
    }
    base.from_ms = *from;
  }
  if (!options.to.empty()) {
    Result<int64_t> to = parse_time_ms(options.to);
    if (!to) {
      std::cerr << "error: --to: " << to.error().message << "\n";
      return kExitUsage;
    }
    base.to_ms = *to;
  }
  if (base.from_ms && base.to_ms && *base.to_ms < *base.from_ms) {
    std::cerr << "error: --to " << options.to << " is before --from " << options.from << "\n";
    return kExitUsage;
  }
  std::vector<config::Config> configs;
  for (const std::string& path : options.config_paths) {
    std::optional<config::Config> config = load_command_config({path, ""});
    if (!config) return kExitUsage;
    if (config->path.empty()) config->path = path;
    configs.push_back(std::move(*config));
  }
  if (!options.report_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.report_dir, error);
    if (error) {
      std::cerr << "error: cannot create " << options.report_dir << ": " << error.message() << "\n";
      return kExitRuntime;
    }
  }

  std::vector<replay::ReplayResult> results;
  const auto started = std::chrono::steady_clock::now();
  uint64_t candles = 0;
  for (size_t i = 0; i < configs.size(); ++i) {
    replay::ReplaySettings settings = base;
    if (!options.report_dir.empty()) {
      const size_t count = configs.size();
      const std::string& dir = options.report_dir;
      settings.ticks_csv = output_path(dir, "ticks.csv", i, count, options.config_paths[i]);
      settings.orders_csv = output_path(dir, "orders.csv", i, count, options.config_paths[i]);
      settings.journal_path = output_path(dir, "journal.jsonl", i, count, options.config_paths[i]);
    }
    Result<replay::ReplayResult> result = replay::run_replay(configs[i], settings);
    if (!result) {
      std::cerr << "error: " << result.error().message << "\n";
      return exit_code_for(result.error());
    }
    candles += result->summary.candles_read;
    results.push_back(std::move(*result));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (!options.report_dir.empty()) {
    const std::string path = (std::filesystem::path(options.report_dir) / "report.html").string();
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << replay::report_html(results);
    file.close();
    if (!file) {
      std::cerr << "error: cannot write " << path << "\n";
      return kExitRuntime;
    }
  }
  if (options.json) {
    std::cout << replay::summary_json(results).dump(2) << "\n";
  } else {
    std::cout << replay::summary_text(results);
    if (!options.report_dir.empty()) {
      std::cout << "report: " << options.report_dir << "/report.html\n";
    }
  }
  uint64_t errors = 0;
  for (const replay::ReplayResult& result : results) errors += result.summary.errors;
  if (errors > 0) {
    std::cerr << "error: " << errors << " tick error" << (errors == 1 ? "" : "s")
              << " in the replay (the first is in the summary)\n";
  }
  std::cerr << "replayed " << candles << " candles in " << seconds << " s ("
            << static_cast<uint64_t>(seconds > 0 ? static_cast<double>(candles) / seconds : 0.0)
            << " candles/s)\n";
  return errors > 0 ? kExitRuntime : kExitOk;
}

}  // namespace hedgebot::bot
