#pragma once
// The paper config and the command runner shared by the command-line limit tests: one hedge
// (BTCUSDT, spot from the paper account, ratio 0.5 at 2x) on candles.csv in the test's folder.

#include <string>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::limits_test {

inline std::string config(const testing::TempDir& dir, const std::string& paper_extra = "",
                          const std::string& risk_extra = "", const std::string& hedge_extra = "") {
  return "[bot]\nmode = \"paper\"\ninterval = \"1h\"\nstate_dir = \"" + dir.file("state") +
         "\"\n\n[paper]\nbalance = 30000.0\ncandles = \"" + dir.file("candles.csv") + "\"\n" +
         (paper_extra.find("spot") == std::string::npos ? "spot = { BTC = 1.0 }\n" : "") +
         paper_extra + "\n[risk]\n" + risk_extra +
         "\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { source = \"account\" }\n"
         "baseline_ratio = 0.5\nmax_ratio = 1.0\nband = 0.01\nleverage = 2\n" +
         hedge_extra;
}

inline testing::CommandResult hedgebot(const std::string& arguments) {
  return testing::run_command(testing::hedgebot_binary() + " " + arguments);
}

}  // namespace hedgebot::limits_test
