// Resolution: the rules that fired for one hedge -> one target. Deterministic: it depends
// only on the fired rules, their order in the config and the numbers in the input.
//
//  1. Every rule whose conditions hold is listed in Decision.fired, in config order. Alert
//     rules add their message to Decision.alerts whatever else happens (hold and cooldown
//     included); they never move the target. Transfer rules likewise only add their request
//     to Decision.transfers (the bot moves the money).
//  2. Base target: among the fired set_ratio, close (ratio 0) and set_exposure rules, the one
//     with the highest priority; on equal priority, the one listed first in the config. It is
//     Decision.decided_by. When none fired, the base is the hedge's baseline_ratio.
//  3. adjust_ratio: the deltas of every fired adjust_ratio rule whose priority is >= the base
//     rule's priority are summed onto the base (onto the baseline when no base rule fired:
//     then all deltas apply, and the highest-priority adjust rule, first listed on ties, is
//     decided_by). Adjust rules below the base rule's priority are outranked: listed in
//     `fired`, not applied.
//  4. The result is clamped to the hedge's min_ratio..max_ratio.
//  5. Hold: when a hold rule fired, the previous target stands and Decision.hold is true —
//     unless the deciding rule has a strictly higher priority than the highest fired hold
//     rule AND its target reduces the hedge (|new target| < |actual ratio|): a higher-priority
//     reduction (a margin-ratio safety rule) goes through a hold.
//  6. Cooldown: within the hedge's cooldown after a trade (RuleEngine::note_trade), the
//     previous target stands with hold = true and why "cooldown until ..." — unless the
//     deciding rule is a safety rule (one with a margin_ratio_above or
//     liquidation_distance_below condition) and its target
//     reduces the hedge: a margin emergency does not wait for the cooldown.
//  7. The previous target is the one decided on the last run that was not held (kept in
//     Memory.numbers "target/<asset>"), or the clamped baseline before any. It is also the
//     target drift_above compares the actual ratio with.
//  8. Edges latch (conditions.cpp, latch_edge): a *_cross_* condition holds from its cross
//     on, for as long as its level still holds (cross_up while fast > slow / close > MA /
//     MACD > signal, cross_down while below), and unlatches when the level fails. So a rule
//     on an edge keeps proposing its target until the market crosses back; a cross seen during
//     the cooldown is still latched when it ends and is acted on then. A first run does not
//     latch on a cross inside its warm-up history. Nothing here accumulates across runs: the
//     target is rebuilt from the rules that hold on this run (a latched adjust_ratio adds its
//     delta to this run's base, once), so a latched rule acts once — never zero times, never
//     twice.
// Consequence: a margin-ratio rule with a higher priority than the trend rules (the
// examples use 100 against 10) always sets the base, so it forces its reduction over every
// trend rule, over lower-priority adjustments, over hold rules of lower priority, and over
// the cooldown.

#include "rules/resolution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "exchange/number_text.hpp"

namespace hedgebot::rules {
namespace {

std::string ratio_text(double ratio) {
  return fixed_text(ratio, 2);
}

std::string delta_text(double delta) {
  return fixed_text(delta, 2, true);
}

// The better of two candidates: higher priority, then earlier in the config.
bool outranks(const FiredRule& candidate, const FiredRule& current) {
  if (candidate.rule->priority != current.rule->priority)
    return candidate.rule->priority > current.rule->priority;
  return candidate.index < current.index;
}

std::string alert_text(const FiredRule& fired) {
  if (!fired.rule->message.empty()) return fired.rule->message;
  return fired.rule->name + ": " + fired.description;
}

}  // namespace

Resolution resolve(const ResolutionInput& input, const std::vector<FiredRule>& fired) {
  Resolution result;
  Decision& decision = result.decision;
  decision.hedge = input.asset;

  const FiredRule* base = nullptr;
  const FiredRule* top_adjust = nullptr;
  const FiredRule* top_hold = nullptr;
  for (const FiredRule& rule : fired) {
    decision.fired.push_back(rule.rule->name);
    switch (rule.rule->action) {
      case ActionKind::Alert:
        decision.alerts.push_back(alert_text(rule));
        break;
      case ActionKind::Transfer:
        decision.transfers.push_back({rule.rule->name, rule.rule->transfer_asset,
                                      rule.rule->transfer_amount, rule.rule->transfer_direction,
                                      rule.description});
        break;
      case ActionKind::Hold:
        if (top_hold == nullptr || outranks(rule, *top_hold)) top_hold = &rule;
        break;
      case ActionKind::AdjustRatio:
        break;
      default:
        if (rule.proposed_ratio && (base == nullptr || outranks(rule, *base))) base = &rule;
        break;
    }
  }

  // Steps 2-4: the candidate target.
  constexpr int kLowestPriority = std::numeric_limits<int>::min();
  const int base_priority = base != nullptr ? base->rule->priority : kLowestPriority;
  double target = base != nullptr ? *base->proposed_ratio : input.baseline_ratio;
  std::string why = base != nullptr
                        ? base->rule->name + ": " + base->description + " -> " + ratio_text(target)
                        : "baseline " + ratio_text(target);
  for (const FiredRule& rule : fired) {
    if (rule.rule->action != ActionKind::AdjustRatio || rule.rule->priority < base_priority)
      continue;
    if (top_adjust == nullptr || outranks(rule, *top_adjust)) top_adjust = &rule;
    target += rule.rule->delta;
    why += ", " + rule.rule->name + " " + delta_text(rule.rule->delta);
  }
  if (top_adjust != nullptr) {
    why += " = " + ratio_text(target);
    if (base == nullptr)
      why += " (" + top_adjust->rule->name + ": " + top_adjust->description + ")";
  }
  const double clamped = std::clamp(target, input.min_ratio, input.max_ratio);
  if (clamped != target) why += ", clamped to " + ratio_text(clamped);
  const FiredRule* decider = base != nullptr ? base : top_adjust;
  if (decider == nullptr) why = "no rule set the target: " + why;

  // Steps 5-6: hold and cooldown keep the previous target unless a reduction outranks them.
  const bool reduces = std::fabs(clamped) < std::fabs(input.actual_ratio) - 1e-9;
  const int decider_priority = decider != nullptr ? decider->rule->priority : kLowestPriority;
  const double previous = std::clamp(input.previous_target, input.min_ratio, input.max_ratio);
  if (top_hold != nullptr) {
    if (reduces && decider != nullptr && decider_priority > top_hold->rule->priority) {
      why += " (reduction outranks hold by " + top_hold->rule->name + ")";
    } else {
      decision.target_ratio = previous;
      decision.hold = true;
      decision.decided_by = top_hold->rule->name;
      decision.why = top_hold->rule->name + ": " + top_hold->description + " -> hold, keeping " +
                     ratio_text(previous);
      result.target_kept = true;
      return result;
    }
  }
  if (input.in_cooldown) {
    if (reduces && decider != nullptr && decider->safety) {
      why += " (safety reduction during cooldown)";
    } else {
      decision.target_ratio = previous;
      decision.hold = true;
      decision.decided_by = "cooldown";
      decision.why = "cooldown until " + format_iso8601(input.cooldown_until_ms) + ": keeping " +
                     ratio_text(previous) + " (would be " + ratio_text(clamped) + ")";
      result.target_kept = true;
      return result;
    }
  }
  decision.target_ratio = clamped;
  decision.decided_by = decider != nullptr ? decider->rule->name : "baseline";
  decision.why = why;
  return result;
}

}  // namespace hedgebot::rules
