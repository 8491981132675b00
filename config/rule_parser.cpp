// [[rule]]: a condition (`when`, or [[rule.all]] / [[rule.any]] sub-conditions) and an action.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "config/detail/sections.hpp"
#include "config/detail/validate.hpp"
#include "config/suggest.hpp"

namespace hedgebot::config::detail {
namespace {

using rules::ConditionKind;

constexpr int kMaxPeriod = 10000;
constexpr int kMaxFundingWindow = 1000;
constexpr double kRatioLimit = 5.0;
constexpr double kExposureLimit = 5.0;  // the most [risk] max_exposure allows

// Keys of a condition besides `when`.
constexpr std::string_view kConditionParameters[] = {
    "timeframe", "ma",     "fast",   "slow",       "signal",   "period",
    "threshold", "window", "source", "annualised", "lookback", "release"};

bool condition_uses(ConditionKind kind, std::string_view key) {
  if (key == "timeframe") return rules::uses_candles(kind);
  if (key == "ma") return rules::uses_ma_pair(kind) || rules::uses_ma_period(kind);
  if (key == "fast" || key == "slow") return rules::uses_ma_pair(kind) || rules::uses_macd(kind);
  if (key == "signal") return rules::uses_macd(kind);
  if (key == "period") return rules::uses_period(kind);
  if (key == "threshold") return rules::uses_threshold(kind);
  if (key == "window" || key == "source") return rules::uses_funding(kind);
  if (key == "annualised") return rules::uses_funding(kind) || rules::uses_basis(kind);
  if (key == "lookback") return kind == ConditionKind::CollateralDrop;
  if (key == "release") return rules::uses_release(kind);
  return false;
}

// The values `threshold` may take for a condition kind.
Interval threshold_range(ConditionKind kind) {
  switch (kind) {
    case ConditionKind::RsiAbove:
    case ConditionKind::RsiBelow:
      return closed(0, 100);
    case ConditionKind::MarginRatioAbove:
    case ConditionKind::MarginRatioBelow:
    case ConditionKind::AllocationAbove:
    case ConditionKind::AllocationBelow:
      return closed(0, 1);
    case ConditionKind::CollateralDrop:
      return Interval{0, 1, true, true};
    case ConditionKind::LiquidationDistanceBelow:  // a fraction of the mark
      return above(0);
    case ConditionKind::DriftAbove:
    case ConditionKind::AtrAbove:
    case ConditionKind::AtrBelow:
      return at_least(0);
    default:
      return Interval{};
  }
}

std::string quoted(const Section& section, std::string_view key) {
  return section.quoted_key(key) + "";
}

std::string join(const std::vector<std::string_view>& names) {
  std::string text;
  for (const std::string_view name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

std::optional<ConditionKind> read_when(const Section& section) {
  std::string when;
  if (!section.read_string("when", when)) return std::nullopt;
  if (const auto kind = rules::parse_condition_kind(when)) return kind;
  const std::vector<std::string_view> names = rules::condition_names();
  std::string message = quoted(section, "when") + " is not a condition: \"" + when + "\"";
  if (const auto suggestion = nearest_name(when, names)) {
    message += "; did you mean \"" + *suggestion + "\"?";
  } else {
    message += " (one of " + join(names) + ")";
  }
  section.error("when", message);
  return std::nullopt;
}

void read_funding(const Section& section, rules::Condition& condition) {
  section.read_int("window", condition.window, 1, kMaxFundingWindow);
  std::string source;
  if (section.read_choice("source", source, {"last", "predicted", "mean", "max", "min"})) {
    condition.source = source == "mean"        ? rules::FundingSource::Mean
                       : source == "max"       ? rules::FundingSource::Max
                       : source == "min"       ? rules::FundingSource::Min
                       : source == "predicted" ? rules::FundingSource::Predicted
                                               : rules::FundingSource::Last;
    if (condition.window > 1 && (condition.source == rules::FundingSource::Last ||
                                 condition.source == rules::FundingSource::Predicted)) {
      section.error("source", quoted(section, "source") +
                                  " must be \"mean\", \"max\" or \"min\" when `window` is " +
                                  std::to_string(condition.window) + ", was \"" + source + "\"");
    }
  } else if (!section.has("source") && condition.window > 1) {
    condition.source = rules::FundingSource::Mean;
  }
  section.read_bool("annualised", condition.annualised);
}

// Reads `when` and its parameters from `section` (the rule itself, or one [[rule.all]] /
// [[rule.any]] table). Parameters the condition does not read are errors.
std::optional<rules::Condition> parse_condition(const Section& section) {
  if (!section.require("when")) return std::nullopt;
  const std::optional<ConditionKind> kind = read_when(section);
  if (!kind) return std::nullopt;
  const std::string name(rules::condition_name(*kind));
  rules::Condition condition;
  condition.kind = *kind;
  bool ok = true;
  for (const std::string_view key : kConditionParameters) {
    if (section.has(key) && !condition_uses(*kind, key)) {
      section.error(key, quoted(section, key) + " is not used by `" + name + "`");
      ok = false;
    }
  }
  const auto required = [&](std::string_view key) {
    if (section.has(key)) return;
    section.error_at_header(quoted(section, key) + " is required by `" + name + "`");
    ok = false;
  };
  if (rules::uses_ma_pair(*kind)) {
    required("fast");
    required("slow");
  }
  if (rules::uses_ma_period(*kind)) required("period");
  if (rules::uses_threshold(*kind)) required("threshold");

  if (condition_uses(*kind, "timeframe")) {
    read_candle_interval(section, "timeframe", condition.timeframe_ms, /*weekly=*/true);
  }
  if (condition_uses(*kind, "ma")) {
    std::string ma;
    if (section.read_choice("ma", ma, {"sma", "ema"})) {
      condition.ma = ma == "ema" ? rules::MaType::Ema : rules::MaType::Sma;
    }
  }
  if (condition_uses(*kind, "fast")) {
    const bool fast_ok =
        section.read_int("fast", condition.fast, 1, kMaxPeriod) || !section.has("fast");
    const bool slow_ok =
        section.read_int("slow", condition.slow, 1, kMaxPeriod) || !section.has("slow");
    if (fast_ok && slow_ok && condition.fast >= condition.slow) {
      section.error(section.has("fast") ? "fast" : "slow",
                    quoted(section, "fast") + " must be less than `slow` (" +
                        std::to_string(condition.slow) + "), was " +
                        std::to_string(condition.fast));
      ok = false;
    }
  }
  if (condition_uses(*kind, "signal")) {
    section.read_int("signal", condition.signal, 1, kMaxPeriod);
  }
  if (condition_uses(*kind, "period")) {
    section.read_int("period", condition.period, 1, kMaxPeriod);
  }
  if (condition_uses(*kind, "threshold")) {
    section.read_number("threshold", condition.threshold, threshold_range(*kind));
  }
  if (condition_uses(*kind, "release") && section.has("release")) {
    double release = 0.0;
    if (section.read_number("release", release, closed(0, 1))) {
      const bool above = *kind == ConditionKind::AllocationAbove;
      if (above ? !(release < condition.threshold) : !(release > condition.threshold)) {
        section.error("release", quoted(section, "release") + " must be " +
                                     (above ? "below" : "above") + " `threshold` (" +
                                     format_number(condition.threshold) + ") for `" + name +
                                     "`, was " + format_number(release));
        ok = false;
      } else {
        condition.release = release;
      }
    }
  }
  if (condition_uses(*kind, "window")) read_funding(section, condition);
  if (rules::uses_basis(*kind)) section.read_bool("annualised", condition.annualised);
  if (condition_uses(*kind, "lookback")) section.read_duration("lookback", condition.lookback_ms);
  if (!ok) return std::nullopt;
  return condition;
}

// `asset`, `amount` and `direction` of a transfer rule; named as unused on any other action.
void parse_transfer(const Section& section, rules::ActionKind kind, const std::string& action,
                    rules::RuleSpec& rule) {
  constexpr std::string_view kKeys[] = {"asset", "amount", "direction"};
  if (kind != rules::ActionKind::Transfer) {
    for (const std::string_view key : kKeys) {
      if (section.has(key)) {
        section.error(key, quoted(section, key) + " is not used by `" + action + "`");
      }
    }
    return;
  }
  for (const std::string_view key : kKeys) {
    if (!section.has(key)) {
      section.error_at_header(quoted(section, key) + " is required by `transfer`");
    }
  }
  if (section.read_text("asset", rule.transfer_asset)) {
    std::string upper = rule.transfer_asset;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != rule.transfer_asset) {
      section.error("asset", quoted(section, "asset") +
                                 ": asset names are upper case, as the venue spells them: write " +
                                 upper);
    }
  }
  // Amounts in the asset's units: a trillion is far above any real wallet.
  section.read_number("amount", rule.transfer_amount, Interval{0, 1e12, true, false});
  std::string direction;
  if (section.read_choice("direction", direction, {"to_futures", "to_spot"})) {
    rule.transfer_direction = *rules::parse_transfer_direction(direction);
  }
}

void parse_action(const Section& section, rules::RuleSpec& rule) {
  if (!section.require("action")) return;
  std::string action;
  if (!section.read_string("action", action)) return;
  const auto kind = rules::parse_action_kind(action);
  if (!kind) {
    const std::vector<std::string_view> names = rules::action_names();
    std::string message =
        quoted(section, "action") + " must be one of " + join(names) + "; was \"" + action + "\"";
    if (const auto suggestion = nearest_name(action, names)) {
      message += " (did you mean \"" + *suggestion + "\"?)";
    }
    section.error("action", message);
    return;
  }
  rule.action = *kind;
  struct Parameter {
    std::string_view key;
    rules::ActionKind used_by;
    double& value;
    Interval range;
  };
  const Parameter parameters[] = {
      {"ratio", rules::ActionKind::SetRatio, rule.ratio, closed(-kRatioLimit, kRatioLimit)},
      {"delta", rules::ActionKind::AdjustRatio, rule.delta, closed(-kRatioLimit, kRatioLimit)},
      {"exposure", rules::ActionKind::SetExposure, rule.exposure, closed(0, kExposureLimit)},
  };
  parse_transfer(section, *kind, action, rule);
  for (const Parameter& parameter : parameters) {
    if (parameter.used_by == *kind) {
      if (!section.has(parameter.key)) {
        section.error_at_header(quoted(section, parameter.key) + " is required by `" + action +
                                "`");
        continue;
      }
      section.read_number(parameter.key, parameter.value, parameter.range);
    } else if (section.has(parameter.key)) {
      section.error(parameter.key,
                    quoted(section, parameter.key) + " is not used by `" + action + "`");
    }
  }
}

void parse_target_hedge(const Section& section, const std::vector<HedgeConfig>& hedges,
                        rules::RuleSpec& rule) {
  std::string hedge;
  if (!section.read_text("hedge", hedge)) return;
  rule.hedge = hedge;
  if (hedge == "*") return;
  std::vector<std::string_view> assets;
  for (const HedgeConfig& config : hedges) {
    if (config.asset == hedge) return;
    if (!config.asset.empty()) assets.push_back(config.asset);
  }
  std::string message = quoted(section, "hedge") + " names no [[hedge]] asset: \"" + hedge + "\"";
  if (const auto suggestion = nearest_name(hedge, assets)) {
    message += "; did you mean \"" + *suggestion + "\"?";
  } else {
    message += " (use an asset of a [[hedge]] or \"*\" for all)";
  }
  section.error("hedge", message);
}

// The keys of one condition table of a group; a nested group of the same kind is named.
bool check_condition_keys(const Section& table, const char* group, const char* nested) {
  if (table.has(group)) {
    table.error(group, quoted(table, group) + " inside `" + group +
                           "` adds nothing: list its conditions in the outer group (a nested "
                           "group is an `" +
                           nested + "`)");
    return false;
  }
  table.check_keys({"when", "timeframe", "ma", "fast", "slow", "signal", "period", "threshold",
                    "window", "source", "annualised", "lookback", "release"});
  return true;
}

void parse_conditions(const Section& section, rules::RuleSpec& rule) {
  const bool has_when = section.has("when");
  const bool has_all = section.has("all");
  const bool has_any = section.has("any");
  if (has_all && has_any) {
    section.error("any", quoted(section, "any") + " cannot be combined with `all` in one rule");
    return;
  }
  if (has_when && (has_all || has_any)) {
    const char* group = has_all ? "all" : "any";
    section.error(group, quoted(section, group) +
                             " cannot be combined with `when`; move `when` into a [[rule." + group +
                             "]] condition");
    return;
  }
  if (!has_when && !has_all && !has_any) {
    section.error_at_header("`" + section.path() +
                            "` needs a condition: `when`, or [[rule.all]] / [[rule.any]] tables");
    return;
  }
  if (has_when) {
    rule.combine = rules::Combine::Single;
    if (auto condition = parse_condition(section)) rule.conditions.push_back(*condition);
    return;
  }
  const char* group = has_all ? "all" : "any";
  rule.combine = has_all ? rules::Combine::All : rules::Combine::Any;
  for (const std::string_view key : kConditionParameters) {
    if (section.has(key)) {
      section.error(key, quoted(section, key) + " belongs in each [[rule." + group +
                             "]] condition, not on the rule");
    }
  }
  const std::vector<Section> tables = section.table_array(group);
  if (tables.empty() && section.node(group)->is_array()) {
    section.error(group, quoted(section, group) + " needs at least one condition");
  }
  // A table of the group is a condition (`when`), or a nested group of the other kind: an
  // `any` inside `all` ([[rule.all.any]]), an `all` inside `any` ([[rule.any.all]]).
  const char* nested = has_all ? "any" : "all";
  int groups = 0;
  for (const Section& table : tables) {
    if (!table.has(nested)) {
      if (!check_condition_keys(table, group, nested)) continue;
      if (auto condition = parse_condition(table)) rule.conditions.push_back(*condition);
      continue;
    }
    if (table.has("when")) {
      table.error("when", quoted(table, "when") + " cannot be combined with `" + nested +
                              "` in one table: give the condition a table of its own");
    }
    table.check_keys({nested, "when"});
    const std::vector<Section> members = table.table_array(nested);
    if (members.empty() && table.node(nested)->is_array()) {
      table.error(nested, quoted(table, nested) + " needs at least one condition");
    }
    ++groups;
    for (const Section& member : members) {
      if (member.has("all") || member.has("any")) {
        const char* key = member.has("all") ? "all" : "any";
        member.error(key, quoted(member, key) +
                              ": groups nest one level deep (an `any` inside `all` or an `all` "
                              "inside `any`)");
        continue;
      }
      member.check_keys({"when", "timeframe", "ma", "fast", "slow", "signal", "period", "threshold",
                         "window", "source", "annualised", "lookback", "release"});
      if (auto condition = parse_condition(member)) {
        condition->group = groups;
        rule.conditions.push_back(*condition);
      }
    }
  }
}

// `cooldown` on a rule. Not on a margin safety rule that moves the hedge (one with
// `margin_ratio_above`): a margin emergency does not wait. An alert or a transfer may have one.
void parse_rule_cooldown(const Section& section, rules::RuleSpec& rule) {
  if (!section.has("cooldown")) return;
  if (!section.read_duration("cooldown", rule.cooldown_ms)) return;
  const bool safety = std::any_of(
      rule.conditions.begin(), rule.conditions.end(),
      [](const rules::Condition& c) { return c.kind == ConditionKind::MarginRatioAbove; });
  if (safety && rule.action != rules::ActionKind::Alert &&
      rule.action != rules::ActionKind::Transfer) {
    section.error("cooldown", quoted(section, "cooldown") +
                                  " cannot be set on a rule with `margin_ratio_above`: a margin "
                                  "safety rule must act on every run");
  }
}

}  // namespace

rules::RuleSpec parse_rule(const Section& section, const std::vector<HedgeConfig>& hedges) {
  section.check_keys({"name",   "hedge",  "when",       "all",      "any",     "action",
                      "ratio",  "delta",  "exposure",   "priority", "message", "timeframe",
                      "ma",     "fast",   "slow",       "signal",   "period",  "threshold",
                      "window", "source", "annualised", "lookback", "release", "cooldown",
                      "asset",  "amount", "direction"});
  rules::RuleSpec rule;
  if (section.require("name")) section.read_text("name", rule.name);
  parse_target_hedge(section, hedges, rule);
  parse_conditions(section, rule);
  parse_action(section, rule);
  section.read_int("priority", rule.priority, -1000000, 1000000);
  section.read_string("message", rule.message);
  parse_rule_cooldown(section, rule);
  return rule;
}

void check_exposures(const std::vector<Section>& sections, const Config& config) {
  for (size_t i = 0; i < config.rules.size() && i < sections.size(); ++i) {
    const rules::RuleSpec& rule = config.rules[i];
    const Section& section = sections[i];
    if (rule.action != rules::ActionKind::SetExposure || !section.has("exposure")) continue;
    if (rule.exposure > config.risk.max_exposure) {
      section.error("exposure", quoted(section, "exposure") + " " + format_number(rule.exposure) +
                                    " is above `risk.max_exposure` (" +
                                    format_number(config.risk.max_exposure) +
                                    "); raise [risk] max_exposure (at most 5) to allow it");
      continue;
    }
    if (rule.exposure <= 1.0) continue;
    // Above 100 % of the portfolio the futures leg must be long: a hedge that cannot go below a
    // ratio of 0 would clamp every such target away.
    for (const HedgeConfig& hedge : config.hedges) {
      if (rule.hedge != "*" && rule.hedge != hedge.asset) continue;
      if (hedge.min_ratio < 0.0) continue;
      section.error("exposure",
                    quoted(section, "exposure") + " " + format_number(rule.exposure) +
                        " needs a net long futures position (a negative hedge ratio), but hedge " +
                        hedge.asset + " has min_ratio " + format_number(hedge.min_ratio) +
                        ": set its min_ratio below 0");
    }
  }
}

void check_transfers(const std::vector<Section>& sections, const Config& config) {
  for (size_t i = 0; i < config.rules.size() && i < sections.size(); ++i) {
    const rules::RuleSpec& rule = config.rules[i];
    const Section& section = sections[i];
    if (rule.action != rules::ActionKind::Transfer) continue;
    if (config.risk.max_transfer_per_day <= 0.0) {
      section.error("action", quoted(section, "action") +
                                  " \"transfer\" moves money between wallets, and "
                                  "`risk.max_transfer_per_day` is 0 (no transfers): set [risk] "
                                  "max_transfer_per_day, in the quote asset, to allow it");
    }
  }
}

void check_unique_rules(const std::vector<Section>& sections,
                        const std::vector<rules::RuleSpec>& rules) {
  std::map<std::string, size_t> names;
  for (size_t i = 0; i < rules.size() && i < sections.size(); ++i) {
    if (rules[i].name.empty()) continue;
    const auto [it, inserted] = names.emplace(rules[i].name, i);
    if (!inserted) {
      sections[i].error("name", quoted(sections[i], "name") + " \"" + rules[i].name +
                                    "\" is already used by " + sections[it->second].path());
    }
  }
}

}  // namespace hedgebot::config::detail
