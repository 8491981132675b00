#pragma once
// The CLI's commands. Each returns the process exit code (DESIGN.md §5).

#include <string>

namespace hedgebot::bot {

struct CommandOptions {
  std::string config_path;  // -c; empty = embedded default
  std::string state_dir;    // --state-dir override
  std::string at;           // --at T (paper on files: the tick's "now")
  bool json = false;
  bool live = false;  // --live
};

int command_check(const CommandOptions& options);
int command_plan(const CommandOptions& options);
int command_once(const CommandOptions& options);
int command_status(const CommandOptions& options);

}  // namespace hedgebot::bot
