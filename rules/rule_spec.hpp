#pragma once
// What a [[rule]] in the config says, as plain data. config/ parses TOML into these;
// the engine evaluates them. Names (`when`, `action`) are the config contract.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/model.hpp"

namespace hedgebot::rules {

enum class ConditionKind {
  // fast MA vs slow MA (`ma`, `fast`, `slow`)
  MaAbove,
  MaBelow,
  MaCrossUp,
  MaCrossDown,
  // close vs one MA (`ma`, `period`)
  PriceAboveMa,
  PriceBelowMa,
  PriceCrossUpMa,
  PriceCrossDownMa,
  // MACD line vs its signal (`fast`, `slow`, `signal`)
  MacdAboveSignal,
  MacdBelowSignal,
  MacdCrossUp,
  MacdCrossDown,
  MacdHistPositive,
  MacdHistNegative,
  // funding (`threshold`, `window`, `source`, `annualised`)
  FundingAbove,
  FundingBelow,
  // the future's mark against the venue's spot index, (mark - index) / index, vs `threshold`
  // (per year to delivery with `annualised`, dated contracts only)
  BasisAbove,
  BasisBelow,
  // account margin ratio (`threshold`)
  MarginRatioAbove,
  MarginRatioBelow,
  // margin balance fell by `threshold` (fraction) over `lookback`
  CollateralDrop,
  // |actual hedge ratio - target| above `threshold`
  DriftAbove,
  // crypto share of the portfolio vs `threshold`
  AllocationAbove,
  AllocationBelow,
  // ATR(period) / close vs `threshold`
  AtrAbove,
  AtrBelow,
  // RSI(period) vs `threshold` (0..100)
  RsiAbove,
  RsiBelow,
  // always true (useful with all/any and for tests)
  Always,
  // |liquidation price - mark| / mark of the hedge's position below `threshold` (a fraction of
  // the mark); never true while flat or when no price liquidates it
  LiquidationDistanceBelow,
};

enum class MaType { Sma, Ema };
// Which settled rates a funding condition compares: the newest (Last), the venue's rate for the
// running period (Predicted), or the mean, highest or lowest of the newest `window` (Mean, Max,
// Min). Max below a threshold: every settlement of the window was below it ("funding remains
// under 0.02 % for 24 h" = Max of the last 3 8-hour settlements < 0.0002); Min above: every one
// was above.
enum class FundingSource { Last, Predicted, Mean, Max, Min };

struct Condition {
  ConditionKind kind = ConditionKind::Always;
  int64_t timeframe_ms = 3600000;  // candles this condition reads (1h default)
  MaType ma = MaType::Sma;
  int fast = 12;
  int slow = 26;
  int signal = 9;
  int period = 14;
  double threshold = 0.0;
  int window = 1;  // funding: settlements read (Mean, Max, Min); Mean when > 1 and unset
  FundingSource source = FundingSource::Last;
  bool annualised = false;         // funding thresholds are yearly rates
  int64_t lookback_ms = 86400000;  // collateral_drop window
  // allocation_above/below: once fired, the condition holds until the allocation is back on
  // the other side of `release` (below it for above, above it for below). Unset: the engine's
  // default_release().
  std::optional<double> release;
  // In a rule of several conditions: 0 for a condition of the rule's own group (all / any);
  // k > 0 for a member of the rule's k-th nested group, which combines its members the other
  // way (an `any` group inside `all`, an `all` group inside `any`) and counts as one condition
  // of the rule's group.
  int group = 0;
};

// Default hysteresis of allocation conditions: how far past the threshold (and, for a
// set_exposure rule, past the exposure it sets) the allocation must come back to release.
inline constexpr double kDefaultReleaseGap = 0.05;

enum class ActionKind { SetRatio, AdjustRatio, SetExposure, Close, Hold, Alert, Transfer };
// Which way a transfer rule moves money: spot wallet -> futures wallet, or back.
using hedgebot::TransferDirection;
enum class Combine { Single, All, Any };

struct RuleSpec {
  std::string name;
  std::string hedge = "*";  // an asset name, or "*" for every hedge
  Combine combine = Combine::Single;
  std::vector<Condition> conditions;  // one for Single; the sub-conditions for All/Any
  ActionKind action = ActionKind::Alert;
  double ratio = 0.0;     // set_ratio
  double delta = 0.0;     // adjust_ratio
  double exposure = 0.0;  // set_exposure (of the portfolio; above 1: a net long futures tilt)
  int priority = 0;       // higher wins
  std::string message;    // alert text (optional)
  // transfer: `amount` of `asset` moved between the spot and the futures wallet. The engine only
  // asks for it (Decision::transfers); the bot checks and executes it.
  std::string transfer_asset;
  double transfer_amount = 0.0;
  TransferDirection transfer_direction = TransferDirection::ToFutures;
  // Rule cooldown (0 = none): once the rule starts firing, it does not start again within this
  // time (engine.cpp, "Rule cooldown"; rules/RESOLUTION.md).
  int64_t cooldown_ms = 0;
};

// The `release` an allocation condition of `rule` uses when none is given: kDefaultReleaseGap
// on the other side of the threshold and, for a set_exposure rule, of the exposure it sets
// (the rule's own trade must not release it), kept in [0, 1] (or up to kDefaultReleaseGap past
// an exposure above 1). The threshold for other kinds.
double default_release(const RuleSpec& rule, const Condition& condition);

// `when` names, in the order documented. Returns nullopt for an unknown name.
std::optional<ConditionKind> parse_condition_kind(std::string_view name);
std::string_view condition_name(ConditionKind kind);
std::vector<std::string_view> condition_names();

std::optional<ActionKind> parse_action_kind(std::string_view name);
std::string_view action_name(ActionKind kind);
std::vector<std::string_view> action_names();

// `direction` of a transfer rule: "to_futures" | "to_spot".
std::optional<TransferDirection> parse_transfer_direction(std::string_view name);
std::string_view transfer_direction_name(TransferDirection direction);

// Which parameters a condition kind reads, so config can reject ones that would be ignored.
bool uses_ma_pair(ConditionKind kind);    // ma, fast, slow
bool uses_ma_period(ConditionKind kind);  // ma, period
bool uses_macd(ConditionKind kind);       // fast, slow, signal
bool uses_period(ConditionKind kind);     // period (ATR, RSI, price-vs-MA)
bool uses_threshold(ConditionKind kind);
bool uses_release(ConditionKind kind);  // allocation_above/below
bool uses_funding(ConditionKind kind);  // window, source, annualised
bool uses_basis(ConditionKind kind);    // threshold, annualised
bool uses_candles(ConditionKind kind);  // reads a timeframe

}  // namespace hedgebot::rules
