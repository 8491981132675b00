#pragma once
// The paper-mode config the command-line tests write into a TempDir: one BTC hedge (BTCUSDT, its
// spot read from the paper account) on a candle file, state in the TempDir's state/. Each field
// is TOML text, placed as it stands; a test changes only what it is about.

#include <string>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {

struct PaperConfig {
  std::string mode = "paper";
  std::string balance = "30000.0";
  std::string candles = source_path("data/binance-btcusdt-perp-1h.csv");  // a path
  std::string spot = "{ BTC = 1.0 }";  // the paper account's spot; "" leaves the line out
  std::string paper;                   // more [paper] lines (funding = "...", mark = "...")
  std::string sections;                // whole sections after [paper]: "[risk]\n...", ...
  // The [[hedge]] lines after asset, symbol and spot.
  std::string hedge = "baseline_ratio = 0.5\nmax_ratio = 1.0\nband = 0.02\nleverage = 2\n";
};

inline std::string paper_config_text(const TempDir& dir, const PaperConfig& config) {
  return "[bot]\nmode = \"" + config.mode + "\"\ninterval = \"1h\"\nstate_dir = \"" +
         dir.file("state") + "\"\n\n[paper]\nbalance = " + config.balance + "\ncandles = \"" +
         config.candles + "\"\n" + (config.spot.empty() ? "" : "spot = " + config.spot + "\n") +
         config.paper + "\n" + config.sections +
         "\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { source = \"account\" }\n" +
         config.hedge;
}

// `hedgebot <arguments>` through the shell.
inline CommandResult run_hedgebot(const std::string& arguments) {
  return run_command(hedgebot_binary() + " " + arguments);
}

}  // namespace hedgebot::testing
