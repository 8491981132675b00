#pragma once
// The options every tick command shares (`check`, `plan`, `once`, `status`, `run`). Here, below
// the command line, because the daemon keeps them for its config reloads.

#include <string>

namespace hedgebot::bot {

struct CommandOptions {
  std::string config_path;  // -c; empty = embedded default
  std::string state_dir;    // --state-dir override
  std::string at;           // --at T (paper on files: the tick's "now")
  bool json = false;
  bool live = false;  // --live
};

}  // namespace hedgebot::bot
