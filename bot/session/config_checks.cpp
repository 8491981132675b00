#include "bot/session/config_checks.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "paper/stream_csv.hpp"
#include "rules/engine.hpp"

namespace hedgebot::bot {
namespace {

std::string readable_problem(const std::string& path, const std::string& key) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return key + ": " + path + " does not exist";
  if (std::filesystem::is_directory(path, error)) return key + ": " + path + " is a directory";
  std::ifstream file(path, std::ios::binary);
  if (!file) return key + ": " + path + " cannot be read";
  return {};
}

void check_file(const std::string& path, const std::string& key, std::set<std::string>& seen,
                std::vector<std::string>& problems) {
  if (path.empty() || !seen.insert(path + "\n" + key).second) return;
  if (std::string problem = readable_problem(path, key); !problem.empty())
    problems.push_back(std::move(problem));
}

// A candle file's interval must divide every timeframe read from it.
void check_candle_timeframes(const std::string& path, const std::string& key,
                             const config::HedgeConfig& hedge, const rules::RuleEngine& engine,
                             std::vector<std::string>& problems) {
  Result<std::unique_ptr<paper::CandleStream>> stream = paper::CandleStream::open(path);
  if (!stream) {
    problems.push_back(key + ": " + stream.error().message);
    return;
  }
  const int64_t interval = (*stream)->interval_ms();
  std::vector<std::pair<int64_t, std::string>> reads{
      {hedge.timeframe_ms, "hedge " + hedge.asset + " (timeframe)"}};
  for (const rules::CandleRequirement& need : engine.requirements(hedge.asset))
    reads.emplace_back(need.timeframe_ms, "a rule of hedge " + hedge.asset);
  for (const auto& [timeframe, reader] : reads) {
    if (interval > 0 && timeframe >= interval && timeframe % interval == 0) continue;
    problems.push_back(key + ": " + path + " has " + format_duration(interval) + " candles but " +
                       reader + " reads " + format_duration(timeframe) +
                       " candles (a whole multiple of the file's interval is needed)");
  }
}

// Paper on candle files has no index price, so a basis condition could never be evaluated: it
// would only be named "not ready" on every tick. Said once, at check time, instead.
void check_basis_rules(const std::string& key, const config::HedgeConfig& hedge,
                       const std::vector<rules::RuleSpec>& rules,
                       std::vector<std::string>& problems) {
  for (const rules::RuleSpec& rule : rules) {
    if (rule.hedge != "*" && rule.hedge != hedge.asset) continue;
    for (const rules::Condition& condition : rule.conditions) {
      if (condition.kind != rules::ConditionKind::BasisAbove &&
          condition.kind != rules::ConditionKind::BasisBelow)
        continue;
      problems.push_back(key + ": rule " + rule.name + " reads " +
                         std::string(rules::condition_name(condition.kind)) + " for hedge " +
                         hedge.asset +
                         ", but paper on candle files has no index price: it could never be "
                         "evaluated (use the venue's public data, or live)");
    }
  }
}

}  // namespace

std::vector<std::string> config_input_problems(const config::Config& config) {
  std::vector<std::string> problems;
  std::set<std::string> seen;
  check_file(config.exchange.api_key_file, "exchange.api_key_file", seen, problems);
  check_file(config.exchange.api_secret_file, "exchange.api_secret_file", seen, problems);
  check_file(config.exchange.api_passphrase_file, "exchange.api_passphrase_file", seen, problems);
  const rules::RuleEngine engine(config.rules);
  const bool paper = config.bot.mode == config::Mode::Paper;
  for (size_t i = 0; i < config.hedges.size(); ++i) {
    const config::HedgeConfig& hedge = config.hedges[i];
    const std::string where = "hedge[" + std::to_string(i) + "]";
    if (paper) {
      const bool own_candles = !hedge.candles.empty();
      const std::string candles = own_candles ? hedge.candles : config.paper.candles;
      const std::string candles_key = own_candles ? where + ".candles" : "paper.candles";
      const size_t before = problems.size();
      check_file(candles, candles_key, seen, problems);
      if (!candles.empty() && problems.size() == before)
        check_candle_timeframes(candles, candles_key, hedge, engine, problems);
      if (!candles.empty()) check_basis_rules(candles_key, hedge, config.rules, problems);
      check_file(hedge.funding.empty() ? config.paper.funding : hedge.funding,
                 hedge.funding.empty() ? "paper.funding" : where + ".funding", seen, problems);
      check_file(hedge.mark.empty() ? config.paper.mark : hedge.mark,
                 hedge.mark.empty() ? "paper.mark" : where + ".mark", seen, problems);
    }
    // At a tick the newest closed candle of the hedge's timeframe is up to this old.
    const int64_t oldest = hedge.timeframe_ms -
                           std::min(config.bot.interval_ms, hedge.timeframe_ms) +
                           config.bot.tick_delay_ms;
    if (config.risk.stale_after_ms < oldest) {
      problems.push_back(
          "risk.stale_after " + format_duration(config.risk.stale_after_ms) + " is shorter than " +
          format_duration(oldest) + ", the age the newest " + format_duration(hedge.timeframe_ms) +
          " candle of hedge " + hedge.asset + " reaches at a tick every " +
          format_duration(config.bot.interval_ms) +
          ": those ticks would be refused as stale data; raise stale_after or tick every " +
          format_duration(hedge.timeframe_ms));
    }
  }
  return problems;
}

}  // namespace hedgebot::bot
