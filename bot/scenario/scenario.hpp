#pragma once
// `hedgebot test`: scenario files. A scenario names a config, replaces its market data (candle
// and funding files, or closes written in the file), optionally overrides its [paper] account,
// and lists expectations: what the bot decides, orders and holds at given ticks. The ticks are
// the real ones (bot/tick.hpp) run by the replay over the paper exchange.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/loader.hpp"

namespace hedgebot::bot::scenario {

struct ExpectedOrder {
  std::string side;  // "BUY" | "SELL"
  std::string qty;   // as written ("1.000"); compared as a number
  std::optional<bool> reduce_only;
};

// A wallet transfer the tick should have asked for (`transfers = [{ ... }]`); `status` (CONFIRMED,
// REFUSED, ...) is checked only when given.
struct ExpectedTransfer {
  std::string asset;
  double amount = 0.0;
  std::string direction;  // "to_futures" | "to_spot"
  std::optional<std::string> status;
};

// One [[expect]]: every key that is set is checked at the tick `at_ms`.
struct Expectation {
  int line = 0;     // of the [[expect]] header (or the inline table)
  int at_line = 0;  // of `at`, for "no tick at this time"
  int at_column = 0;
  int64_t at_ms = 0;
  std::string hedge;  // asset; the only hedge when the config has one
  std::optional<double> target_ratio;
  std::optional<std::string> decided_by;
  std::optional<double> position;  // signed base units after the tick
  std::optional<std::vector<ExpectedOrder>> orders;
  std::optional<std::vector<std::string>> alerts;  // names of the alert rules that fired
  std::optional<bool> refused;
  std::optional<std::vector<ExpectedTransfer>> transfers;  // the account's, not one hedge's
  // The contract the hedge trades at this tick ("BTCUSDT_250627" for a dated hedge after a
  // roll; the symbol itself for a perpetual).
  std::optional<std::string> contract;
};

// A scenario as read: the config with the scenario's market data and [paper] overrides in
// place, and the generated files (inline candles, a constant funding rate) written.
struct Scenario {
  std::string path;
  config::Config config;
  std::optional<int64_t> from_ms;
  std::vector<Expectation> expectations;  // in file order
};

struct LoadedScenario {
  std::optional<Scenario> scenario;  // set only without diagnostics
  std::vector<config::Diagnostic> diagnostics;
};

// Reads and validates a scenario file and the config it names. Generated data files go under
// `work_dir` (a directory the caller removes).
LoadedScenario load_scenario(const std::string& path, const std::string& work_dir);

// One expectation's outcome.
struct Mismatch {
  std::string key;
  std::string expected;
  std::string actual;
};

struct ExpectationResult {
  Expectation expectation;
  bool checked = false;  // a tick ran at its time
  std::vector<Mismatch> mismatches;
  // What the tick decided, to explain a failure.
  std::string decided_by;
  std::vector<std::string> fired;
  std::string why;
  std::vector<std::string> refusals;
  bool passed() const { return checked && mismatches.empty(); }
};

struct ScenarioResult {
  std::string path;
  std::vector<config::Diagnostic> diagnostics;  // the scenario could not run as written: exit 2
  std::vector<std::string> tick_errors;         // ticks that failed: exit 1
  std::vector<ExpectationResult> expectations;
  uint64_t ticks = 0;
  int exit_code() const;
};

// Loads and runs one scenario file.
ScenarioResult run_scenario_file(const std::string& path);

// Reports: text for the terminal, JUnit XML for CI, one JSON document.
std::string result_text(const ScenarioResult& result);
std::string summary_line(const std::vector<ScenarioResult>& results);
std::string junit_xml(const std::vector<ScenarioResult>& results);
std::string results_json(const std::vector<ScenarioResult>& results);

}  // namespace hedgebot::bot::scenario
