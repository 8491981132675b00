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

// Whether a rule's conditions hold, and the ones that held as one line. The rule's group
// (all / any) combines its terms: each condition with group 0, and each nested group k > 0
// (its members combined the other way) as one term, in the order they first appear.
struct Combined {
  bool holds = false;
  std::string description;
};

Combined combine(const RuleSpec& rule, const std::vector<ConditionOutcome>& outcomes) {
  Combined result;
  if (outcomes.empty()) return result;
  const bool any = rule.combine == Combine::Any;
  const char* outer = any ? " or " : " and ";
  const char* inner = any ? " and " : " or ";
  result.holds = !any;
  std::set<int> seen;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const int group = i < rule.conditions.size() ? rule.conditions[i].group : 0;
    bool holds = false;
    std::string text;
    if (group == 0) {
      holds = outcomes[i].holds;
      text = outcomes[i].description;
    } else {
      if (!seen.insert(group).second) continue;
      holds = any;  // the nested group is `all` inside `any`, `any` inside `all`
      std::size_t held = 0;
      for (std::size_t j = i; j < outcomes.size(); ++j) {
        if (rule.conditions[j].group != group) continue;
        holds = any ? holds && outcomes[j].holds : holds || outcomes[j].holds;
        if (!outcomes[j].holds) continue;
        text += (held++ == 0 ? "" : inner) + outcomes[j].description;
      }
      if (held > 1) {
        std::string wrapped;
        wrapped.reserve(text.size() + 2);
        wrapped.append("(").append(text).append(")");
        text = std::move(wrapped);
      }
    }
    result.holds = any ? result.holds || holds : result.holds && holds;
    if (!holds) continue;
    if (!result.description.empty()) result.description += outer;
    result.description += text;
  }
  return result;
}

// Rule cooldown (RuleSpec::cooldown_ms), per hedge and rule, in Memory.numbers:
// "rule_start_ms/<asset>/<rule>" is when the rule last started firing, and
// "rule_active/<asset>/<rule>" is set while it fired on the previous run.
//  - A rule that fired on the previous run and still holds keeps firing (a target it set
//    stays): the cooldown never cuts a continuing signal short.
//  - A rule that starts to hold again within `cooldown` of its last start does not fire; the
//    decision says so ("<rule> holds but cools down until <time>").
//  - An alert rule starts anew on every run: while it keeps holding, its message is given at
//    most once per `cooldown`.
//  - A run on which a condition of the rule is not ready leaves both as they are.
std::string rule_start_key(const std::string& asset, const std::string& rule) {
  return "rule_start_ms/" + asset + "/" + rule;
}
std::string rule_active_key(const std::string& asset, const std::string& rule) {
  return "rule_active/" + asset + "/" + rule;
}

// Whether the rule may fire on this run; records its start. `cooling` gets the reason when not.
bool pass_rule_cooldown(const RuleSpec& rule, const std::string& asset, bool holds, bool ready,
                        int64_t now_ms, Memory& memory, std::string& cooling) {
  if (rule.cooldown_ms <= 0) return holds;
  const std::string active_key = rule_active_key(asset, rule.name);
  if (!holds) {
    if (ready) memory.numbers.erase(active_key);
    return false;
  }
  const bool continuing = rule.action != ActionKind::Alert && rule.action != ActionKind::Transfer &&
                          memory.numbers.count(active_key) != 0;
  if (!continuing) {
    const std::string start_key = rule_start_key(asset, rule.name);
    if (const auto started = memory.numbers.find(start_key); started != memory.numbers.end()) {
      const int64_t until = static_cast<int64_t>(started->second) + rule.cooldown_ms;
      if (now_ms < until) {
        memory.numbers.erase(active_key);
        cooling = rule.name + " holds but cools down until " + format_iso8601(until);
        return false;
      }
    }
    memory.numbers[start_key] = static_cast<double>(now_ms);
  }
  memory.numbers[active_key] = 1.0;
  return true;
}

// Drops the rule cooldown state of `asset` for rules that no longer apply or have no cooldown.
void prune_rule_cooldowns(Memory& memory, const std::string& asset,
                          const std::vector<RuleSpec>& rules) {
  std::set<std::string> kept;
  for (const RuleSpec& rule : rules) {
    if (rule.cooldown_ms > 0 && applies_to(rule, asset)) {
      kept.insert(rule_start_key(asset, rule.name));
      kept.insert(rule_active_key(asset, rule.name));
    }
  }
  for (const std::string& prefix : {rule_start_key(asset, ""), rule_active_key(asset, "")}) {
    for (auto it = memory.numbers.lower_bound(prefix); it != memory.numbers.end();) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) break;
      it = kept.count(it->first) != 0 ? std::next(it) : memory.numbers.erase(it);
    }
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
    record_collateral(memory, snapshot.now_ms, watched_collateral(snapshot.account), lookback);
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
    std::vector<std::string> cooling;  // rules that hold but are in their rule cooldown
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
      Combined combined = combine(rule, outcomes);
      bool ready = true;
      for (ConditionOutcome& outcome : outcomes) {
        if (outcome.ready) continue;
        ready = false;
        not_ready.push_back({rule.name, std::move(outcome.description)});
        break;
      }
      std::string rule_cooling;
      const bool fires = pass_rule_cooldown(rule, hedge.asset, combined.holds, ready,
                                            snapshot.now_ms, memory, rule_cooling);
      if (!rule_cooling.empty()) cooling.push_back(std::move(rule_cooling));
      if (!fires) continue;
      FiredRule entry;
      entry.index = index;
      entry.rule = &rule;
      entry.description = std::move(combined.description);
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
    prune_rule_cooldowns(memory, hedge.asset, rules_);
    for (const std::string& rule : cooling) resolution.decision.why += "; " + rule;
    resolution.decision.not_ready = std::move(not_ready);
    decisions.push_back(std::move(resolution.decision));
  }
  return decisions;
}

void RuleEngine::note_trade(Memory& memory, const std::string& asset, int64_t now_ms) {
  // The latest trade counts: a fill found later may be older than one already noted.
  double& last = memory.numbers[last_trade_key(asset)];
  last = std::max(last, static_cast<double>(now_ms));
}

double actual_ratio(const HedgeInput& hedge) {
  const double hedged_value = hedge.spot_qty * hedge.beta * hedge.spot_price;
  if (hedged_value <= 0.0 || hedge.mark_price <= 0.0) return 0.0;
  return -hedge.position_base * hedge.mark_price / hedged_value;
}

}  // namespace hedgebot::rules
