// `hedgebot test FILE... [--junit FILE] [--json]`: runs scenario files (bot/scenario/scenario.hpp)
// and exits 0 when every expectation holds, 1 when one fails or a tick errs, 2 when a scenario
// file has problems.
#include <algorithm>
#include <fstream>
#include <iostream>

#include "bot/cli/commands.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/scenario/scenario.hpp"

namespace hedgebot::bot {

int command_test(const TestOptions& options) {
  std::vector<scenario::ScenarioResult> results;
  int exit_code = kExitOk;
  for (const std::string& file : options.files) {
    results.push_back(scenario::run_scenario_file(file));
    exit_code = std::max(exit_code, results.back().exit_code());
    if (!options.json) std::cout << scenario::result_text(results.back()) << std::flush;
  }
  if (options.json) {
    std::cout << scenario::results_json(results) << "\n";
  } else {
    std::cout << scenario::summary_line(results);
  }
  if (!options.junit.empty()) {
    std::ofstream file(options.junit, std::ios::binary | std::ios::trunc);
    file << scenario::junit_xml(results);
    file.close();
    if (!file) {
      std::cerr << "error: cannot write the JUnit report " << options.junit << "\n";
      return std::max(exit_code, static_cast<int>(kExitRuntime));
    }
  }
  return exit_code;
}

}  // namespace hedgebot::bot
