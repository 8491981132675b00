// load_config_file / load_config_text: TOML text -> validated Config, every problem at once.
#include "config/loader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/detail/live_checks.hpp"
#include "config/detail/reader.hpp"
#include "config/detail/sections.hpp"

namespace hedgebot::config {
namespace {

using detail::Context;
using detail::Section;

// Resolves every relative path in `config` against `base` (the config file's directory).
void resolve_paths(Config& config, const std::filesystem::path& base) {
  if (base.empty()) return;
  const auto resolve = [&](std::string& path) {
    if (path.empty() || std::filesystem::path(path).is_absolute()) return;
    path = (base / path).lexically_normal().string();
  };
  resolve(config.bot.state_dir);
  resolve(config.exchange.api_key_file);
  resolve(config.exchange.api_secret_file);
  resolve(config.exchange.api_passphrase_file);
  for (NamedVenue& venue : config.venues) {
    resolve(venue.exchange.api_key_file);
    resolve(venue.exchange.api_secret_file);
    resolve(venue.exchange.api_passphrase_file);
  }
  resolve(config.paper.candles);
  resolve(config.paper.funding);
  resolve(config.paper.mark);
  resolve(config.risk.kill_switch);
  resolve(config.metrics.textfile);
  for (HedgeConfig& hedge : config.hedges) {
    resolve(hedge.candles);
    resolve(hedge.funding);
    resolve(hedge.mark);
  }
}

void parse_root(const Section& root, Config& config) {
  root.check_keys(
      {"bot", "exchange", "venues", "paper", "risk", "metrics", "hedge", "rule", "notify"});
  if (const auto bot = root.subtable("bot")) detail::parse_bot(*bot, config.bot);
  if (const auto exchange = root.subtable("exchange")) {
    detail::parse_exchange(*exchange, config.exchange);
  }
  if (const auto venues = root.subtable("venues")) detail::parse_venues(*venues, config.venues);
  if (const auto paper = root.subtable("paper")) detail::parse_paper(*paper, config.paper);
  if (const auto risk = root.subtable("risk")) {
    detail::parse_risk(*risk, config.risk);
    // The kill switch lives in the state directory unless placed elsewhere.
    if (!risk->has("kill_switch")) {
      config.risk.kill_switch = (std::filesystem::path(config.bot.state_dir) / "STOP").string();
    } else {
      config.risk.kill_switch_explicit = true;
    }
  } else {
    config.risk.kill_switch = (std::filesystem::path(config.bot.state_dir) / "STOP").string();
  }
  if (const auto metrics = root.subtable("metrics")) {
    detail::parse_metrics(*metrics, config.metrics);
  }

  const std::vector<Section> hedges = root.table_array("hedge");
  for (const Section& hedge : hedges) config.hedges.push_back(detail::parse_hedge(hedge));
  detail::check_unique_hedges(hedges, config.hedges);
  detail::check_hedge_venues(hedges, config);
  if (const auto paper = root.subtable("paper")) detail::check_paper_futures_assets(*paper, config);
  if (!root.has("hedge")) {
    root.context().error(detail::Place{}, "at least one [[hedge]] is required");
  }

  const std::vector<Section> rules = root.table_array("rule");
  for (const Section& rule : rules) config.rules.push_back(detail::parse_rule(rule, config.hedges));
  detail::check_unique_rules(rules, config.rules);
  detail::check_exposures(rules, config);
  detail::check_transfers(rules, config);
  detail::check_dated_rules(rules, config);

  for (const Section& notify : root.table_array("notify")) {
    config.notify.push_back(detail::parse_notify(notify));
  }
}

// Live mode: credentials must be there now, not at the first signed request.
// Every venue the hedges use needs its keys; each problem points at the venue's key (or table).
void check_live(const Section& root, const Config& config) {
  const auto bot = root.subtable("bot");
  const auto venues = root.subtable("venues");
  for (const std::string& name : config.venues_in_use()) {
    const ExchangeConfig* venue = config.find_venue(name);
    if (venue == nullptr) continue;  // reported where the hedge names it
    const bool is_default = name == kDefaultVenue;
    std::optional<Section> table =
        is_default ? root.subtable("exchange")
                   : (venues ? venues->subtable(name) : std::optional<Section>{});
    const std::string prefix = is_default ? "exchange" : "venues." + name;
    for (const detail::LiveProblem& problem : detail::live_problems(*venue, prefix)) {
      detail::Place place;
      if (table && table->has(problem.key)) {
        place = table->place(problem.key);
      } else if (table) {
        place = table->header();
      } else if (bot) {
        place = bot->place("mode");
      }
      root.context().error(place, problem.message);
    }
  }
}

LoadResult load(std::string_view text, const std::string& source_name,
                const std::filesystem::path& base) {
  Context context(source_name, text);
  LoadResult result;
  toml::table document;
  try {
    document = toml::parse(text, std::string_view(source_name));
  } catch (const toml::parse_error& error) {
    context.error(detail::place_of(error.source()),
                  "TOML syntax error: " + std::string(error.description()));
    result.diagnostics = context.take_diagnostics();
    return result;
  }
  const Section root(context, document, "");
  Config config;
  config.path = source_name;
  parse_root(root, config);
  resolve_paths(config, base);
  if (!context.has_errors() && config.bot.mode == Mode::Live) check_live(root, config);
  result.diagnostics = context.take_diagnostics();
  if (result.diagnostics.empty()) result.config = std::move(config);
  return result;
}

}  // namespace

LoadResult load_config_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    LoadResult result;
    result.diagnostics.push_back(Diagnostic{path, 0, 0, "cannot open the config file"});
    return result;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return load(text.str(), path, std::filesystem::path(path).parent_path());
}

LoadResult load_config_text(std::string_view text, const std::string& source_name) {
  return load(text, source_name, {});
}

LoadResult load_config_text(std::string_view text, const std::string& source_name,
                            const std::string& base_dir) {
  return load(text, source_name, std::filesystem::path(base_dir));
}

}  // namespace hedgebot::config
