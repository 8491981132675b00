#include "tests/support/run_command.hpp"

#include <sys/wait.h>

#include <cstdlib>

#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {

CommandResult run_command(const std::string& command_line) {
  TempDir capture;
  const std::string out = capture.file("out");
  const std::string err = capture.file("err");
  const int status = std::system((command_line + " >" + out + " 2>" + err + " </dev/null").c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

std::string hedgebot_binary() {
  return std::string(HEDGEBOT_BINARY_DIR) + "/hedgebot";
}

}  // namespace hedgebot::testing
