#include "bot/session/config_source.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "bot/session/embedded_config.hpp"
#include "config/loader.hpp"

namespace hedgebot::bot {
namespace {

// The embedded default is config/examples/default.toml: its relative paths resolve against
// that folder of the repository (or of HEDGEBOT_HOME), exactly as with -c.
std::string embedded_base_dir() {
  const char* home = std::getenv("HEDGEBOT_HOME");
  const std::filesystem::path root =
      home != nullptr && *home != '\0' ? home : std::string(embedded_data_root());
  return (root / "config" / "examples").string();
}

}  // namespace

std::optional<config::Config> load_command_config(const ConfigRequest& request) {
  config::LoadResult loaded =
      request.path.empty() ? config::load_config_text(embedded_default_config(),
                                                      "<embedded default>", embedded_base_dir())
                           : config::load_config_file(request.path);
  if (!loaded.ok()) {
    for (const config::Diagnostic& diagnostic : loaded.diagnostics) {
      std::cerr << diagnostic.to_string() << "\n";
      if (request.diagnostics != nullptr) request.diagnostics->push_back(diagnostic.to_string());
    }
    std::cerr << loaded.diagnostics.size() << " problem"
              << (loaded.diagnostics.size() == 1 ? "" : "s") << " in "
              << (request.path.empty() ? "the embedded default config" : request.path) << "\n";
    return std::nullopt;
  }
  config::Config config = std::move(*loaded.config);
  if (!request.state_dir.empty()) {
    // The default kill switch (<state_dir>/STOP) follows the state directory; a path set in
    // the config stays where it was configured.
    const std::filesystem::path old_dir = config.bot.state_dir;
    const std::filesystem::path kill = config.risk.kill_switch;
    if (!config.risk.kill_switch_explicit && !config.risk.kill_switch.empty() &&
        kill.parent_path() == old_dir) {
      config.risk.kill_switch =
          (std::filesystem::path(request.state_dir) / kill.filename()).string();
    }
    config.bot.state_dir = request.state_dir;
  }
  return config;
}

StatePaths state_paths(const config::Config& config) {
  const std::filesystem::path dir = config.bot.state_dir;
  StatePaths paths;
  paths.dir = dir.string();
  paths.journal = (dir / "journal.jsonl").string();
  paths.paper = (dir / "paper.json").string();
  paths.engine = (dir / "engine.json").string();
  paths.orders = (dir / "orders.json").string();
  paths.metrics = config.metrics.textfile;
  return paths;
}

}  // namespace hedgebot::bot
