#pragma once
// TOML -> validated Config. Every problem in the file is reported at once, each with
// file:line:column, and unknown keys suggest the nearest known key.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace hedgebot::config {

struct Diagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem has no single place
  int column = 0;
  std::string message;  // "`risk.max_leverage` must be in (0, 125], was 200"

  // "hedgebot.toml:14:16: `risk.max_leverage` must be in (0, 125], was 200"
  std::string to_string() const;
};

struct LoadResult {
  std::optional<Config> config;  // set only when there are no diagnostics
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return config.has_value() && diagnostics.empty(); }
};

// Reads and validates a config file. `source_name` names it in messages.
LoadResult load_config_file(const std::string& path);
LoadResult load_config_text(std::string_view text, const std::string& source_name);
// As if the text were a file in `base_dir`: relative paths resolve against it (the embedded
// default config resolves as config/examples/default.toml does).
LoadResult load_config_text(std::string_view text, const std::string& source_name,
                            const std::string& base_dir);

// Checks a live config additionally needs at run time: the API key and secret are set in the
// environment variables named (or their files exist with mode 0600). Returns problems found.
std::vector<Diagnostic> check_live_requirements(const Config& config);

}  // namespace hedgebot::config
