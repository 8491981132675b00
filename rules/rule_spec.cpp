#include "rules/rule_spec.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace hedgebot::rules {
namespace {

using ConditionName = std::pair<ConditionKind, std::string_view>;
constexpr std::array<ConditionName, 30> kConditionNames{{
    {ConditionKind::MaAbove, "ma_above"},
    {ConditionKind::MaBelow, "ma_below"},
    {ConditionKind::MaCrossUp, "ma_cross_up"},
    {ConditionKind::MaCrossDown, "ma_cross_down"},
    {ConditionKind::PriceAboveMa, "price_above_ma"},
    {ConditionKind::PriceBelowMa, "price_below_ma"},
    {ConditionKind::PriceCrossUpMa, "price_cross_up_ma"},
    {ConditionKind::PriceCrossDownMa, "price_cross_down_ma"},
    {ConditionKind::MacdAboveSignal, "macd_above_signal"},
    {ConditionKind::MacdBelowSignal, "macd_below_signal"},
    {ConditionKind::MacdCrossUp, "macd_cross_up"},
    {ConditionKind::MacdCrossDown, "macd_cross_down"},
    {ConditionKind::MacdHistPositive, "macd_hist_positive"},
    {ConditionKind::MacdHistNegative, "macd_hist_negative"},
    {ConditionKind::FundingAbove, "funding_above"},
    {ConditionKind::FundingBelow, "funding_below"},
    {ConditionKind::BasisAbove, "basis_above"},
    {ConditionKind::BasisBelow, "basis_below"},
    {ConditionKind::MarginRatioAbove, "margin_ratio_above"},
    {ConditionKind::MarginRatioBelow, "margin_ratio_below"},
    {ConditionKind::CollateralDrop, "collateral_drop"},
    {ConditionKind::DriftAbove, "drift_above"},
    {ConditionKind::AllocationAbove, "allocation_above"},
    {ConditionKind::AllocationBelow, "allocation_below"},
    {ConditionKind::AtrAbove, "atr_above"},
    {ConditionKind::AtrBelow, "atr_below"},
    {ConditionKind::RsiAbove, "rsi_above"},
    {ConditionKind::RsiBelow, "rsi_below"},
    {ConditionKind::Always, "always"},
    {ConditionKind::LiquidationDistanceBelow, "liquidation_distance_below"},
}};

using ActionName = std::pair<ActionKind, std::string_view>;
constexpr std::array<ActionName, 7> kActionNames{{
    {ActionKind::SetRatio, "set_ratio"},
    {ActionKind::AdjustRatio, "adjust_ratio"},
    {ActionKind::SetExposure, "set_exposure"},
    {ActionKind::Close, "close"},
    {ActionKind::Hold, "hold"},
    {ActionKind::Alert, "alert"},
    {ActionKind::Transfer, "transfer"},
}};

template <typename Kind, size_t N>
std::optional<Kind> find_kind(const std::array<std::pair<Kind, std::string_view>, N>& table,
                              std::string_view name) {
  for (const auto& [kind, text] : table) {
    if (text == name) return kind;
  }
  return std::nullopt;
}

template <typename Kind, size_t N>
std::string_view find_name(const std::array<std::pair<Kind, std::string_view>, N>& table,
                           Kind kind) {
  for (const auto& [entry, text] : table) {
    if (entry == kind) return text;
  }
  return "?";
}

template <typename Kind, size_t N>
std::vector<std::string_view> all_names(
    const std::array<std::pair<Kind, std::string_view>, N>& table) {
  std::vector<std::string_view> names;
  names.reserve(N);
  for (const auto& entry : table) names.push_back(entry.second);
  return names;
}

}  // namespace

std::optional<ConditionKind> parse_condition_kind(std::string_view name) {
  return find_kind(kConditionNames, name);
}
std::string_view condition_name(ConditionKind kind) {
  return find_name(kConditionNames, kind);
}
std::vector<std::string_view> condition_names() {
  return all_names(kConditionNames);
}

std::optional<ActionKind> parse_action_kind(std::string_view name) {
  return find_kind(kActionNames, name);
}
std::string_view action_name(ActionKind kind) {
  return find_name(kActionNames, kind);
}
std::vector<std::string_view> action_names() {
  return all_names(kActionNames);
}

std::optional<TransferDirection> parse_transfer_direction(std::string_view name) {
  if (name == "to_futures") return TransferDirection::ToFutures;
  if (name == "to_spot") return TransferDirection::ToSpot;
  return std::nullopt;
}

std::string_view transfer_direction_name(TransferDirection direction) {
  return direction == TransferDirection::ToFutures ? "to_futures" : "to_spot";
}

bool uses_ma_pair(ConditionKind kind) {
  return kind == ConditionKind::MaAbove || kind == ConditionKind::MaBelow ||
         kind == ConditionKind::MaCrossUp || kind == ConditionKind::MaCrossDown;
}
bool uses_ma_period(ConditionKind kind) {
  return kind == ConditionKind::PriceAboveMa || kind == ConditionKind::PriceBelowMa ||
         kind == ConditionKind::PriceCrossUpMa || kind == ConditionKind::PriceCrossDownMa;
}
bool uses_macd(ConditionKind kind) {
  return kind == ConditionKind::MacdAboveSignal || kind == ConditionKind::MacdBelowSignal ||
         kind == ConditionKind::MacdCrossUp || kind == ConditionKind::MacdCrossDown ||
         kind == ConditionKind::MacdHistPositive || kind == ConditionKind::MacdHistNegative;
}
bool uses_period(ConditionKind kind) {
  return uses_ma_period(kind) || kind == ConditionKind::AtrAbove ||
         kind == ConditionKind::AtrBelow || kind == ConditionKind::RsiAbove ||
         kind == ConditionKind::RsiBelow;
}
bool uses_funding(ConditionKind kind) {
  return kind == ConditionKind::FundingAbove || kind == ConditionKind::FundingBelow;
}
bool uses_basis(ConditionKind kind) {
  return kind == ConditionKind::BasisAbove || kind == ConditionKind::BasisBelow;
}
bool uses_threshold(ConditionKind kind) {
  return uses_funding(kind) || uses_basis(kind) || kind == ConditionKind::MarginRatioAbove ||
         kind == ConditionKind::MarginRatioBelow || kind == ConditionKind::CollateralDrop ||
         kind == ConditionKind::DriftAbove || kind == ConditionKind::AllocationAbove ||
         kind == ConditionKind::AllocationBelow || kind == ConditionKind::AtrAbove ||
         kind == ConditionKind::AtrBelow || kind == ConditionKind::RsiAbove ||
         kind == ConditionKind::RsiBelow || kind == ConditionKind::LiquidationDistanceBelow;
}
bool uses_release(ConditionKind kind) {
  return kind == ConditionKind::AllocationAbove || kind == ConditionKind::AllocationBelow;
}

double default_release(const RuleSpec& rule, const Condition& condition) {
  if (!uses_release(condition.kind)) return condition.threshold;
  const bool above = condition.kind == ConditionKind::AllocationAbove;
  double edge = condition.threshold;
  if (rule.action == ActionKind::SetExposure)
    edge = above ? std::min(edge, rule.exposure) : std::max(edge, rule.exposure);
  // Kept in [0, 1], or up to just past the exposure a rule sets above 1 (a leveraged tilt).
  const double high = rule.action == ActionKind::SetExposure
                          ? std::max(1.0, rule.exposure + kDefaultReleaseGap)
                          : 1.0;
  return std::clamp(above ? edge - kDefaultReleaseGap : edge + kDefaultReleaseGap, 0.0, high);
}

bool uses_candles(ConditionKind kind) {
  return uses_ma_pair(kind) || uses_macd(kind) || uses_period(kind);
}

}  // namespace hedgebot::rules
