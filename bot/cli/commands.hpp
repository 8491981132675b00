#pragma once
// The CLI's commands. Each returns the process exit code (ExitCode, bot/pipeline/tick.hpp).

#include <string>
#include <vector>

#include "bot/session/command_options.hpp"
#include "exchange/result.hpp"

namespace hedgebot::bot {

struct IndicatorOptions {
  std::string candles;
  std::vector<int> sma, ema, rsi, atr;
  std::vector<int> macd;  // FAST,SLOW,SIGNAL
};

struct ReplayOptions {
  std::vector<std::string> config_paths;  // one -c per config; several give a comparison table
  std::string candles;
  std::string funding;
  std::string mark;
  std::string from;
  std::string to;
  std::string report_dir;
  bool json = false;
};

struct TestOptions {
  std::vector<std::string> files;  // scenario files
  std::string junit;               // --junit FILE: a JUnit XML report; empty = none
  bool json = false;
};

struct FakeVenueOptions {
  std::string venue = "binance";   // binance | bybit
  int port = 0;                    // 0 = any free port
  std::string bind = "127.0.0.1";  // loopback only
  std::string state_file;          // --state FILE; empty = in memory
  std::string faults;              // --faults SPEC (fakevenue/fault_spec.hpp)
  std::string api_key;             // fixed keys (tests); empty = generated
  std::string api_secret;
};

struct WhatifOptions {
  CommandOptions common;   // -c, --state-dir, --at, --json
  std::string moves;       // --moves: percent, comma-separated; empty = the default list
  bool before = false;     // --before: the account now, not as the next tick leaves it
  std::string report_dir;  // --report DIR: an HTML page; empty = none
};

// With --json, a run that ends before its tick (or before `status` could read the account)
// still prints one JSON document on stdout: {"exit_code", "errors": [{"kind", "message"}]}.
// Returns `exit_code`.
int failed_run(const CommandOptions& options, int exit_code, const std::string& kind,
               const std::vector<std::string>& messages);

// failed_run, with each message also on stderr as "error: ...".
int failed_command(const CommandOptions& options, int exit_code, const std::string& kind,
                   const std::vector<std::string>& messages);

int command_check(const CommandOptions& options);
int command_plan(const CommandOptions& options);
int command_once(const CommandOptions& options);
int command_status(const CommandOptions& options);
int command_indicators(const IndicatorOptions& options);
// `run`: the daemon (bot/cli/daemon_command.cpp).
int command_run(const CommandOptions& options);
// `replay`: the whole bot over history (bot/cli/replay_command.cpp).
int command_replay(const ReplayOptions& options);
// `test`: scenario files through the real tick (bot/scenario/test_command.cpp).
int command_test(const TestOptions& options);
// `whatif`: the account under price moves (bot/cli/whatif_command.cpp).
int command_whatif(const WhatifOptions& options);
// "-30,-10,+10%" -> {-0.3, -0.1, 0.1}; empty text -> the default moves.
Result<std::vector<double>> parse_whatif_moves(const std::string& text);

// `hedgebot fake-venue`: a local look-alike of the venue until SIGINT/SIGTERM.
int command_fake_venue(const FakeVenueOptions& options);

}  // namespace hedgebot::bot
