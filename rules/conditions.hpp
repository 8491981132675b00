#pragma once
// Evaluating one condition of a rule for one hedge: one trigger family per condition kind
// (rule_spec.hpp). Candle conditions read their own timeframe from HedgeInput.candles and keep
// their indicator state in Memory (see candle_stream.hpp); the others read the snapshot.

#include <cstdint>
#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "rules/rule_spec.hpp"

namespace hedgebot::rules {

// The portfolio (docs/design.md, "Hedge math") over every hedge of the snapshot:
//   spot value = Σ S·Ps; net crypto exposure = Σ (S·Ps + position_base·P);
//   value = spot value + account margin balance + stablecoins.
struct PortfolioView {
  double spot_value = 0.0;
  double crypto_exposure = 0.0;
  double value = 0.0;
};
PortfolioView portfolio_view(const Snapshot& snapshot);

struct ConditionContext {
  const Snapshot& snapshot;
  const HedgeInput& hedge;
  const PortfolioView& portfolio;
  double current_target = 0.0;  // the target decided on the previous run (or the baseline)
};

struct ConditionOutcome {
  bool holds = false;
  std::string description;  // what was compared, with the values: "1h SMA50 43012.5 < SMA200 45101"
  // False when the condition cannot be evaluated (an indicator still warming up, no candles of
  // its timeframe, no settled funding); `description` then says what it lacks.
  bool ready = true;
};

// Closed candles an indicator condition needs before it has a value (SMA/EMA n: n, MACD:
// slow + signal - 1, RSI/ATR n: n + 1); 0 for other conditions.
int ready_candles(const Condition& condition);

// Evaluates `condition`; a candle condition feeds and stores its stream under
// `stream_prefix + "/" + timeframe + "/" + parameters` and appends that key to `used_keys`.
ConditionOutcome evaluate_condition(const Condition& condition, const std::string& stream_prefix,
                                    const ConditionContext& context, Memory& memory,
                                    std::vector<std::string>& used_keys);

// Edge conditions (*_cross_*) latch (RESOLUTION.md): the latch of the condition whose stream
// is stored under key K is kept in Memory.numbers under kLatchPrefix + K while it is set.
inline constexpr const char* kLatchPrefix = "latch/";

// Closed candles a candle condition needs to warm up from nothing; 0 for other conditions.
// SMA(n): n + 1 (the extra candle gives the relation before the newest one, for a cross on a
// first run). EMA(n): n + 3(n + 1) + 1: after the SMA seed, 3(n + 1) smoothing steps leave the
// seed a weight of (1 - 2/(n+1))^(3(n+1)) ≈ e^-6 ≈ 0.25 % of its error. MACD: slow + signal +
// 3(slow + 1) + 1, the same rule for its slowest EMA. RSI(n), ATR(n) (Wilder, 1/n smoothing):
// n + 1 + 6n, for the same e^-6.
int warmup_candles(const Condition& condition);

// Account-wide history of (time, margin balance) for collateral_drop, in Memory.streams under
// kCollateralKey as [t0, b0, t1, b1, ...]. Samples older than `lookback_ms` are dropped; a new
// sample is kept at most every lookback/512 (the current balance is always compared).
inline constexpr const char* kCollateralKey = "_account/margin_balance";
void record_collateral(Memory& memory, int64_t now_ms, double margin_balance, int64_t lookback_ms);

// The value collateral_drop watches: in a multi-asset account the futures wallet at collateral
// value (coins at their haircut price plus stablecoins, no unrealized PnL), so a crash of a coin
// held as margin shows even while the short's gain holds the margin balance up; otherwise the
// margin balance.
double watched_collateral(const Account& account);

// The funding rate a funding condition compares (per period, or per year when annualised);
// false when there is none (for Max and Min: fewer settled rates than the window).
bool funding_value(const Condition& condition, const HedgeInput& hedge, int64_t now_ms,
                   double& value);

}  // namespace hedgebot::rules
