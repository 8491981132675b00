#pragma once
// The paper config and the command runner shared by the command-line limit tests: one hedge
// (BTCUSDT, spot from the paper account, ratio 0.5 at 2x) on candles.csv in the test's folder.

#include <string>

#include "tests/support/paper_config.hpp"

namespace hedgebot::limits_test {

inline std::string config(const testing::TempDir& dir, const std::string& paper_extra = "",
                          const std::string& risk_extra = "", const std::string& hedge_extra = "") {
  testing::PaperConfig config;
  config.candles = dir.file("candles.csv");
  if (paper_extra.find("spot") != std::string::npos) config.spot = "";
  config.paper = paper_extra;
  config.sections = "[risk]\n" + risk_extra;
  config.hedge = "baseline_ratio = 0.5\nmax_ratio = 1.0\nband = 0.01\nleverage = 2\n" + hedge_extra;
  return testing::paper_config_text(dir, config);
}

inline testing::CommandResult hedgebot(const std::string& arguments) {
  return testing::run_hedgebot(arguments);
}

}  // namespace hedgebot::limits_test
