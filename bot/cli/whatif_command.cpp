// `hedgebot whatif`: the account (as the next tick would leave it, or now with --before) under a
// list of price moves, each hedge's liquidation price and a funding forecast. Runs a `plan`
// tick (nothing placed, nothing written) and reads the account through the ExchangeClient port.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bot/cli/commands.hpp"
#include "bot/pipeline/report_output.hpp"
#include "bot/session/config_source.hpp"
#include "bot/session/tick_session.hpp"
#include "bot/whatif/whatif_output.hpp"
#include "bot/whatif/whatif_read.hpp"
#include "bot/whatif/whatif_report.hpp"
#include "config/loader.hpp"

namespace hedgebot::bot {
namespace {

int fail(const WhatifOptions& options, int exit_code, const std::string& kind,
         const std::vector<std::string>& messages) {
  return failed_command(options.common, exit_code, kind, messages);
}

}  // namespace

Result<std::vector<double>> parse_whatif_moves(const std::string& text) {
  if (text.empty()) return default_whatif_moves();
  std::vector<double> moves;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, comma - start);
    start = comma + 1;
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && (item.back() == ' ' || item.back() == '%')) item.pop_back();
    char* end = nullptr;
    const double percent = std::strtod(item.c_str(), &end);
    if (item.empty() || end != item.c_str() + item.size() || !std::isfinite(percent) ||
        percent <= -100.0 || percent > 10000.0) {
      return make_error(ErrorKind::InvalidInput,
                        "--moves: \"" + item +
                            "\" is not a move in percent above -100 and up to 10000 (e.g. "
                            "--moves -30,-10,10,30)");
    }
    moves.push_back(percent / 100.0);
    if (comma == text.size()) break;
  }
  return moves;
}

int command_whatif(const WhatifOptions& options) {
  Result<std::vector<double>> moves = parse_whatif_moves(options.moves);
  if (!moves) return fail(options, kExitUsage, "usage", {moves.error().message});
  std::vector<std::string> diagnostics;
  std::optional<config::Config> config =
      load_command_config({options.common.config_path, options.common.state_dir, &diagnostics});
  if (!config) return fail(options, kExitUsage, "config", diagnostics);
  const std::vector<std::string> problems = live_mode_problems(*config, false, false);
  if (!problems.empty()) return fail(options, kExitUsage, "usage", problems);
  const std::string mode = config->bot.mode == config::Mode::Live ? "live" : "paper";

  std::optional<Result<WhatifInput>> read;
  TickSessionOptions session_options;
  session_options.place_orders = false;
  session_options.at = options.common.at;
  session_options.inspect = [&](ExchangeClient& client, const TickReport& report) {
    if (report.exit_code == kExitRuntime) return;  // the tick could not read the account
    read = read_whatif_input(*config, client, report, {options.before, *moves});
  };
  const TickSessionResult session = run_tick_session(*config, session_options);
  if (!session.ran) {
    return fail(options, session.exit_code,
                session.error_kind.empty() ? "error" : session.error_kind, {session.error});
  }
  if (!read) {
    return fail(options, kExitRuntime, "error",
                session.report.errors.empty() ? std::vector<std::string>{"the tick failed"}
                                              : session.report.errors);
  }
  if (!*read) {
    return fail(options, kExitRuntime, to_string(read->error().kind),
                {"cannot read the account: " + read->error().describe()});
  }
  const WhatifResult result = compute_whatif(**read);
  if (!options.report_dir.empty()) {
    WhatifInput curve_input = **read;
    curve_input.moves = whatif_chart_moves(result);
    const std::string title =
        options.common.config_path.empty()
            ? "embedded default config"
            : std::filesystem::path(options.common.config_path).filename().string();
    const std::string html = whatif_report_html(result, compute_whatif(curve_input), mode, title);
    std::error_code error;
    std::filesystem::create_directories(options.report_dir, error);
    const std::string path = (std::filesystem::path(options.report_dir) / "whatif.html").string();
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << html;
    file.close();
    if (error || !file) {
      return fail(options, kExitRuntime, "io",
                  {"cannot write " + path + (error ? ": " + error.message() : std::string())});
    }
    if (!options.common.json) std::cerr << "report: " << path << "\n";
  }
  // Like `plan`: a refused plan (exit 4) is said and kept; the account as it is now is not the
  // plan's.
  const int exit_code = options.before ? kExitOk : session.report.exit_code;
  if (options.common.json) {
    nlohmann::ordered_json root = whatif_json(result, mode);
    root["exit_code"] = exit_code;
    std::cout << root.dump(2) << "\n";
  } else {
    print_whatif(std::cout, result, mode);
  }
  return exit_code;
}

}  // namespace hedgebot::bot
