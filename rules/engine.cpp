// Baseline engine: every hedge goes to its baseline ratio. The full rule evaluation
// (indicators, triggers, resolution, memory) replaces this file.
#include "rules/engine.hpp"

#include <algorithm>
#include <utility>

namespace hedgebot::rules {

RuleEngine::RuleEngine(std::vector<RuleSpec> rules) : rules_(std::move(rules)) {}

std::vector<CandleRequirement> RuleEngine::requirements(const std::string&) const { return {}; }

int RuleEngine::funding_history_needed(const std::string&) const { return 0; }

std::vector<Decision> RuleEngine::evaluate(const Snapshot& snapshot, Memory&) const {
  std::vector<Decision> decisions;
  for (const HedgeInput& hedge : snapshot.hedges) {
    Decision decision;
    decision.hedge = hedge.asset;
    decision.target_ratio = std::clamp(hedge.baseline_ratio, hedge.min_ratio, hedge.max_ratio);
    decision.decided_by = "baseline";
    decision.why = "no rule fired: baseline ratio";
    decisions.push_back(std::move(decision));
  }
  return decisions;
}

void RuleEngine::note_trade(Memory& memory, const std::string& asset, int64_t now_ms) {
  memory.numbers["last_trade_ms/" + asset] = static_cast<double>(now_ms);
}

double actual_ratio(const HedgeInput& hedge) {
  const double hedged_value = hedge.spot_qty * hedge.beta * hedge.spot_price;
  if (hedged_value <= 0.0 || hedge.mark_price <= 0.0) return 0.0;
  return -hedge.position_base * hedge.mark_price / hedged_value;
}

}  // namespace hedgebot::rules
