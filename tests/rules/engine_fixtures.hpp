#pragma once
// Builders for rule-engine tests: hedges, snapshots, rules and candle series.

#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "rules/rule_spec.hpp"
#include "tests/support/market_fixtures.hpp"

namespace hedgebot::testing {

inline constexpr int64_t kStartMs = 1704067200000;  // 2024-01-01T00:00:00Z

// Candles from closes: open = previous close, high/low = max/min(open, close) ± 1.
inline CandleSeries series_from_closes(const std::vector<double>& closes,
                                       int64_t interval_ms = kHourMs, int64_t start_ms = kStartMs) {
  return candles_from_closes(closes, interval_ms, start_ms, Wick{0.0, 1.0});
}

// 1 BTC spot at 50 000, no position, baseline 0.3 within 0..1.2.
inline rules::HedgeInput btc_hedge() {
  rules::HedgeInput hedge;
  hedge.asset = "BTC";
  hedge.symbol = "BTCUSDT";
  hedge.spot_qty = 1.0;
  hedge.mark_price = 50000.0;
  hedge.spot_price = 50000.0;
  hedge.baseline_ratio = 0.3;
  hedge.min_ratio = 0.0;
  hedge.max_ratio = 1.2;
  return hedge;
}

inline rules::Snapshot snapshot_with(const rules::HedgeInput& hedge, int64_t now_ms) {
  rules::Snapshot snapshot;
  snapshot.now_ms = now_ms;
  snapshot.account.margin_balance = 10000.0;
  snapshot.account.wallet_balance = 10000.0;
  snapshot.hedges.push_back(hedge);
  return snapshot;
}

inline rules::Condition condition(rules::ConditionKind kind, double threshold = 0.0) {
  rules::Condition result;
  result.kind = kind;
  result.threshold = threshold;
  return result;
}

inline rules::RuleSpec set_ratio_rule(const std::string& name, rules::Condition when, double ratio,
                                      int priority = 0) {
  rules::RuleSpec rule;
  rule.name = name;
  rule.conditions = {when};
  rule.action = rules::ActionKind::SetRatio;
  rule.ratio = ratio;
  rule.priority = priority;
  return rule;
}

inline rules::RuleSpec action_rule(const std::string& name, rules::Condition when,
                                   rules::ActionKind action, int priority = 0) {
  rules::RuleSpec rule;
  rule.name = name;
  rule.conditions = {when};
  rule.action = action;
  rule.priority = priority;
  return rule;
}

inline rules::RuleSpec adjust_rule(const std::string& name, rules::Condition when, double delta,
                                   int priority = 0) {
  rules::RuleSpec rule = action_rule(name, when, rules::ActionKind::AdjustRatio, priority);
  rule.delta = delta;
  return rule;
}

// Evaluates one hedge and returns its decision.
inline rules::Decision decide(const rules::RuleEngine& engine, const rules::Snapshot& snapshot,
                              rules::Memory& memory) {
  std::vector<rules::Decision> decisions = engine.evaluate(snapshot, memory);
  return decisions.at(0);
}

}  // namespace hedgebot::testing
