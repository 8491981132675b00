#pragma once
// Runs a command line through the shell and captures its exit code, stdout and stderr.

#include <string>

namespace hedgebot::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CommandResult run_command(const std::string& command_line);
// The hedgebot binary of this build.
std::string hedgebot_binary();

}  // namespace hedgebot::testing
