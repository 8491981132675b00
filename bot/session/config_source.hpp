#pragma once
// Where a command's configuration comes from: `-c FILE`, or the embedded default. Prints every
// diagnostic and returns nullopt when the config is invalid (the caller exits 2).

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace hedgebot::bot {

struct ConfigRequest {
  std::string path;       // empty: the embedded default
  std::string state_dir;  // --state-dir override, empty when not given
  // When set, the diagnostics of an invalid config are also appended here (file:line:column).
  std::vector<std::string>* diagnostics = nullptr;
};

std::optional<config::Config> load_command_config(const ConfigRequest& request);

// The paths a run writes, under the state directory.
struct StatePaths {
  std::string dir;
  std::string journal;
  std::string paper;
  std::string engine;
  std::string orders;  // the order ledger (bot/pipeline/order_ledger.hpp)
  std::string metrics;
};
StatePaths state_paths(const config::Config& config);

}  // namespace hedgebot::bot
