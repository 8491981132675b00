#include "bot/cli/cli.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/cli/commands.hpp"
#include "bot/daemon/json_log.hpp"
#include "bot/pipeline/tick.hpp"

namespace hedgebot::bot {
namespace {

void setup_logging(const std::string& level, const std::string& format) {
  auto logger = spdlog::stderr_color_mt("hedgebot");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  if (format == "json") {
    spdlog::set_formatter(make_json_log_formatter());  // messages escaped as JSON strings
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%SZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  }
}

void add_config_options(CLI::App* command, CommandOptions& options) {
  command->add_option("-c,--config", options.config_path,
                      "Config file (TOML); the embedded default when omitted");
  command->add_option("--state-dir", options.state_dir, "Override bot.state_dir");
}

// The first argument that is not an option (or a global option's value): the command.
std::string first_command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--log-level" || word == "--log-format") {
      ++i;
      continue;
    }
    if (!word.empty() && word[0] == '-') continue;
    return word;
  }
  return {};
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"hedgebot: keeps a futures hedge in line with your spot crypto", "hedgebot"};
  app.require_subcommand(1);
  // Global options (--log-level, --log-format) are accepted after the command too.
  app.fallthrough();
  app.set_version_flag("--version", std::string("hedgebot ") + HEDGEBOT_VERSION);
  std::string log_level = "info";
  std::string log_format = "text";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.add_option("--log-format", log_format, "Log lines on stderr: text or json")
      ->check(CLI::IsMember({"text", "json"}));

  CommandOptions options;
  CLI::App* check =
      app.add_subcommand("check", "Validate a config; print every problem with file:line:column");
  add_config_options(check, options);

  CLI::App* plan = app.add_subcommand(
      "plan", "One tick: print the decision, why, and the orders it would place; places none");
  add_config_options(plan, options);
  plan->add_option("--at", options.at,
                   "Paper on files: the tick's time (default: the last closed candle)");
  plan->add_flag("--json", options.json, "Print one JSON document on stdout");

  CLI::App* once =
      app.add_subcommand("once", "One tick and its orders, then exit (for cron and CronJobs)");
  add_config_options(once, options);
  once->add_option("--at", options.at,
                   "Paper on files: the tick's time (default: the last closed candle)");
  once->add_flag("--json", options.json, "Print one JSON document on stdout");
  once->add_flag("--live", options.live,
                 "Confirm live trading (the config must also say mode = \"live\")");

  CLI::App* status = app.add_subcommand(
      "status", "Positions, margin ratio, hedge ratio per asset, last decisions");
  add_config_options(status, options);
  status->add_flag("--json", options.json, "Print one JSON document on stdout");

  CLI::App* run = app.add_subcommand(
      "run", "A tick at every close of bot.interval until SIGTERM/SIGINT (SIGHUP reloads)");
  add_config_options(run, options);
  run->add_flag("--live", options.live,
                "Confirm live trading (the config must also say mode = \"live\")");

  ReplayOptions replay_options;
  CLI::App* replay = app.add_subcommand(
      "replay", "The whole bot over history through the paper exchange; summary + report");
  replay
      ->add_option("-c,--config", replay_options.config_paths,
                   "Config file; repeat to compare several")
      ->required();
  replay->add_option("--candles", replay_options.candles,
                     "Candle CSV (default: the config's paper data)");
  replay->add_option("--funding", replay_options.funding, "Funding CSV");
  replay->add_option("--mark", replay_options.mark, "Mark-price candle CSV");
  replay->add_option("--from", replay_options.from, "Start time (2024-01-01 or ms)");
  replay->add_option("--to", replay_options.to, "End time");
  replay->add_option("--report", replay_options.report_dir,
                     "Write report.html, ticks.csv and orders.csv here");
  replay->add_flag("--json", replay_options.json, "Print one JSON document on stdout");

  TestOptions test_options;
  CLI::App* test = app.add_subcommand(
      "test", "Run scenario files: a config over a market, its decisions checked at given ticks");
  test->add_option("files", test_options.files, "Scenario files (TOML)")->required();
  test->add_option("--junit", test_options.junit, "Also write a JUnit XML report to this file");
  test->add_flag("--json", test_options.json, "Print one JSON document on stdout");

  FakeVenueOptions fake_venue_options;
  CLI::App* fake_venue = app.add_subcommand(
      "fake-venue", "A local look-alike of the venue (an offline testnet) until SIGINT/SIGTERM");
  fake_venue->add_option("--venue", fake_venue_options.venue, "binance, bybit, bingx, weex or mexc")
      ->check(CLI::IsMember({"binance", "bybit", "bingx", "weex", "mexc"}));
  fake_venue->add_option("--port", fake_venue_options.port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535));
  fake_venue->add_option("--bind", fake_venue_options.bind,
                         "Loopback address to listen on (127.0.0.1, localhost, ::1)");
  fake_venue->add_option("--state", fake_venue_options.state_file,
                         "Keep the account in this file across restarts");
  fake_venue->add_option("--faults", fake_venue_options.faults,
                         "Faults to inject, e.g. \"lose-response:POST /fapi/v1/order:1\"");
  fake_venue->add_option("--api-key", fake_venue_options.api_key, "Fixed API key (default: new)");
  fake_venue->add_option("--api-secret", fake_venue_options.api_secret,
                         "Fixed API secret (default: new)");
  WhatifOptions whatif_options;
  CLI::App* whatif = app.add_subcommand(
      "whatif",
      "The account under price moves: values, margin ratio, liquidation prices, funding forecast; "
      "places nothing");
  add_config_options(whatif, whatif_options.common);
  whatif->add_option("--at", whatif_options.common.at,
                     "Paper on files: the tick's time (default: the last closed candle)");
  whatif->add_option("--moves", whatif_options.moves,
                     "Price moves in percent, comma-separated (default "
                     "-50,-30,-20,-10,-5,5,10,20,30,50,100)");
  whatif->add_flag("--before", whatif_options.before,
                   "The account as it is now, not as the next tick would leave it");
  whatif->add_flag("--json", whatif_options.common.json, "Print one JSON document on stdout");
  whatif->add_option("--report", whatif_options.report_dir,
                     "Also write whatif.html (scenario table, value and margin-ratio charts) here");

  IndicatorOptions indicator_options;
  CLI::App* indicators = app.add_subcommand(
      "indicators", "One CSV row per candle with the indicator values the rules see");
  indicators->add_option("--candles", indicator_options.candles, "Candle CSV")->required();
  indicators->add_option("--sma", indicator_options.sma, "SMA period (repeatable)");
  indicators->add_option("--ema", indicator_options.ema, "EMA period (repeatable)");
  indicators->add_option("--macd", indicator_options.macd, "MACD FAST,SLOW,SIGNAL")
      ->delimiter(',')
      ->expected(3);
  indicators->add_option("--rsi", indicator_options.rsi, "RSI period, Wilder (repeatable)");
  indicators->add_option("--atr", indicator_options.atr, "ATR period, Wilder (repeatable)");

  app.footer(
      "Exit codes: 0 done; 1 failed at run time; 2 bad usage or invalid config; 3 another run "
      "holds the lock; "
      "4 refused by the risk guard or the kill switch.");

  if (const std::string word = first_command_word(argc, argv); !word.empty()) {
    std::string names;
    bool known = false;
    for (const CLI::App* command : app.get_subcommands({})) {
      names += (names.empty() ? "" : ", ") + command->get_name();
      known = known || command->get_name() == word;
    }
    if (!known) {
      std::cerr << "error: unknown command \"" << word << "\"; the commands are: " << names
                << " (hedgebot --help)\n";
      return kExitUsage;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitUsage;
  }
  setup_logging(log_level, log_format);

  try {
    if (check->parsed()) return command_check(options);
    if (plan->parsed()) return command_plan(options);
    if (once->parsed()) return command_once(options);
    if (status->parsed()) return command_status(options);
    if (run->parsed()) return command_run(options);
    if (replay->parsed()) return command_replay(replay_options);
    if (indicators->parsed()) return command_indicators(indicator_options);
    if (test->parsed()) return command_test(test_options);
    if (fake_venue->parsed()) return command_fake_venue(fake_venue_options);
    if (whatif->parsed()) return command_whatif(whatif_options);
  } catch (const std::exception& error) {
    // A broken invariant: stop rather than trade on corrupt state.
    std::cerr << "internal error: " << error.what() << "\n";
    return kExitRuntime;
  }
  return kExitUsage;
}

}  // namespace hedgebot::bot
