// The rule engine: conditions (conditions.cpp, over streams kept in Memory by
// candle_stream.hpp), actions, and resolution (resolution.cpp) for every hedge of a snapshot.
#include "rules/engine.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "rules/conditions.hpp"
#include "rules/resolution.hpp"

namespace hedgebot::rules {
namespace {

bool applies_to(const RuleSpec& rule, const std::string& asset) {
  return rule.hedge == "*" || rule.hedge == asset;
}

std::string target_key(const std::string& asset) {
  return "target/" + asset;
}
std::string last_trade_key(const std::string& asset) {
  return "last_trade_ms/" + asset;
}

// set_exposure (docs/design.md, "Hedge math"): the q* with S·Ps + q*·P = e × portfolio, as a ratio
// -q*·P / (S·beta·Ps). With several hedges, each one's share of e × portfolio is its share of
// the spot value, so the hedges together reach e. nullopt when there is nothing to hedge.
std::optional<double> exposure_ratio(double exposure, const HedgeInput& hedge,
                                     const PortfolioView& portfolio) {
  const double spot_value = hedge.spot_qty * hedge.spot_price;
  const double hedged_value = spot_value * hedge.beta;
  if (hedged_value <= 0.0 || portfolio.value <= 0.0 || portfolio.spot_value <= 0.0)
    return std::nullopt;
  const double target_exposure = exposure * portfolio.value * (spot_value / portfolio.spot_value);
  return (spot_value - target_exposure) / hedged_value;
}

std::optional<double> proposed_ratio(const RuleSpec& rule, const HedgeInput& hedge,
                                     const PortfolioView& portfolio) {
  switch (rule.action) {
    case ActionKind::SetRatio:
      return rule.ratio;
    case ActionKind::Close:
      return 0.0;
    case ActionKind::SetExposure:
      return exposure_ratio(rule.exposure, hedge, portfolio);
    default:
      return std::nullopt;
  }
}

bool is_safety(const RuleSpec& rule) {
  return std::any_of(rule.conditions.begin(), rule.conditions.end(), [](const Condition& c) {
    return c.kind == ConditionKind::MarginRatioAbove ||
           c.kind == ConditionKind::LiquidationDistanceBelow;
  });
}

int64_t collateral_lookback(const std::vector<RuleSpec>& rules) {
  int64_t lookback = 0;
  for (const RuleSpec& rule : rules) {
    for (const Condition& condition : rule.conditions) {
      if (condition.kind == ConditionKind::CollateralDrop)
        lookback = std::max(lookback, condition.lookback_ms);
    }
  }
  return lookback;
}

// Drops the streams of `asset` that no rule read on this run (a rule removed or changed), and
// the edge latches of those streams.
void prune_streams(Memory& memory, const std::string& asset, const std::vector<std::string>& used) {
  const std::string prefix = asset + "/";
  const std::set<std::string> kept(used.begin(), used.end());
  for (auto it = memory.streams.lower_bound(prefix); it != memory.streams.end();) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    it = kept.count(it->first) != 0 ? std::next(it) : memory.streams.erase(it);
  }
  const std::string latch_prefix = kLatchPrefix + prefix;
  const std::size_t latch_length = std::string(kLatchPrefix).size();
  for (auto it = memory.numbers.lower_bound(latch_prefix); it != memory.numbers.end();) {
    if (it->first.compare(0, latch_prefix.size(), latch_prefix) != 0) break;
    it = kept.count(it->first.substr(latch_length)) != 0 ? std::next(it) : memory.numbers.erase(it);
  }
}

}  // namespace

RuleEngine::RuleEngine(std::vector<RuleSpec> rules) : rules_(std::move(rules)) {
  for (RuleSpec& rule : rules_) {
    for (Condition& condition : rule.conditions) {
      if (uses_release(condition.kind) && !condition.release)
        condition.release = default_release(rule, condition);
    }
  }
}

std::vector<CandleRequirement> RuleEngine::requirements(const std::string& asset) const {
  std::map<int64_t, int> warmup;
  for (const RuleSpec& rule : rules_) {
    if (!applies_to(rule, asset)) continue;
    for (const Condition& condition : rule.conditions) {
      if (!uses_candles(condition.kind)) continue;
      int& candles = warmup[condition.timeframe_ms];
      candles = std::max(candles, warmup_candles(condition));
    }
  }
  std::vector<CandleRequirement> result;
  result.reserve(warmup.size());
  for (const auto& [timeframe, candles] : warmup) result.push_back({timeframe, candles});
  return result;
}

int RuleEngine::funding_history_needed(const std::string& asset) const {
  int needed = 0;
  for (const RuleSpec& rule : rules_) {
    if (!applies_to(rule, asset)) continue;
    for (const Condition& condition : rule.conditions) {
      if (!uses_funding(condition.kind) || condition.source == FundingSource::Predicted) continue;
      needed = std::max(needed, std::max(condition.window, 1));
    }
  }
  return needed;
}

std::vector<Decision> RuleEngine::evaluate(const Snapshot& snapshot, Memory& memory) const {
  const PortfolioView portfolio = portfolio_view(snapshot);
  if (const int64_t lookback = collateral_lookback(rules_); lookback > 0) {
    record_collateral(memory, snapshot.now_ms, snapshot.account.margin_balance, lookback);
  } else {
    memory.streams.erase(kCollateralKey);
  }

  std::vector<Decision> decisions;
  decisions.reserve(snapshot.hedges.size());
  for (const HedgeInput& hedge : snapshot.hedges) {
    const double baseline = std::clamp(hedge.baseline_ratio, hedge.min_ratio, hedge.max_ratio);
    const auto remembered = memory.numbers.find(target_key(hedge.asset));
    const double previous_target =
        remembered != memory.numbers.end() ? remembered->second : baseline;
    const ConditionContext context{snapshot, hedge, portfolio, previous_target};

    std::vector<FiredRule> fired;
    std::vector<NotReady> not_ready;
    std::vector<std::string> used_keys;
    for (std::size_t index = 0; index < rules_.size(); ++index) {
      const RuleSpec& rule = rules_[index];
      if (!applies_to(rule, hedge.asset)) continue;
      // Every condition is evaluated (no short-circuit) so each stream sees every candle.
      std::vector<ConditionOutcome> outcomes;
      outcomes.reserve(rule.conditions.size());
      for (std::size_t position = 0; position < rule.conditions.size(); ++position) {
        const std::string prefix = hedge.asset + "/" + rule.name + "/" + std::to_string(position);
        outcomes.push_back(
            evaluate_condition(rule.conditions[position], prefix, context, memory, used_keys));
      }
      for (ConditionOutcome& outcome : outcomes) {
        if (outcome.ready) continue;
        not_ready.push_back({rule.name, std::move(outcome.description)});
        break;
      }
      const auto holds = [](const ConditionOutcome& outcome) { return outcome.holds; };
      const bool fires =
          !outcomes.empty() &&
          (rule.combine == Combine::Any ? std::any_of(outcomes.begin(), outcomes.end(), holds)
                                        : std::all_of(outcomes.begin(), outcomes.end(), holds));
      if (!fires) continue;
      FiredRule entry;
      entry.index = index;
      entry.rule = &rule;
      for (const ConditionOutcome& outcome : outcomes) {
        if (!outcome.holds) continue;
        if (!entry.description.empty())
          entry.description += rule.combine == Combine::Any ? " or " : " and ";
        entry.description += outcome.description;
      }
      entry.proposed_ratio = proposed_ratio(rule, hedge, portfolio);
      if (rule.action == ActionKind::SetExposure) {
        char text[64];
        std::snprintf(text, sizeof text, " (exposure %.0f %% of the portfolio)",
                      rule.exposure * 100.0);
        entry.description += text;
      }
      entry.safety = is_safety(rule);
      fired.push_back(std::move(entry));
    }

    ResolutionInput input;
    input.asset = hedge.asset;
    input.baseline_ratio = hedge.baseline_ratio;
    input.min_ratio = hedge.min_ratio;
    input.max_ratio = hedge.max_ratio;
    input.actual_ratio = actual_ratio(hedge);
    input.previous_target = previous_target;
    if (const auto last_trade = memory.numbers.find(last_trade_key(hedge.asset));
        last_trade != memory.numbers.end() && hedge.cooldown_ms > 0) {
      input.cooldown_until_ms = static_cast<int64_t>(last_trade->second) + hedge.cooldown_ms;
      input.in_cooldown = snapshot.now_ms < input.cooldown_until_ms;
    }
    Resolution resolution = resolve(input, fired);
    if (!resolution.target_kept)
      memory.numbers[target_key(hedge.asset)] = resolution.decision.target_ratio;
    prune_streams(memory, hedge.asset, used_keys);
    resolution.decision.not_ready = std::move(not_ready);
    decisions.push_back(std::move(resolution.decision));
  }
  return decisions;
}

void RuleEngine::note_trade(Memory& memory, const std::string& asset, int64_t now_ms) {
  memory.numbers[last_trade_key(asset)] = static_cast<double>(now_ms);
}

double actual_ratio(const HedgeInput& hedge) {
  const double hedged_value = hedge.spot_qty * hedge.beta * hedge.spot_price;
  if (hedged_value <= 0.0 || hedge.mark_price <= 0.0) return 0.0;
  return -hedge.position_base * hedge.mark_price / hedged_value;
}

}  // namespace hedgebot::rules
