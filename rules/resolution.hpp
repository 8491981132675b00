#pragma once
// Turning the rules that fired for one hedge into one Decision. The rules of resolution are
// written at the top of resolution.cpp and in rules/RESOLUTION.md.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "rules/rule_spec.hpp"

namespace hedgebot::rules {

struct FiredRule {
  std::size_t index = 0;  // position in the config: ties go to the lower index
  const RuleSpec* rule = nullptr;
  std::string description;  // the conditions that held
  // The ratio a set_ratio, close or set_exposure rule proposes (unclamped); nullopt for the
  // other actions, and for set_exposure when it cannot be expressed (no spot to hedge).
  std::optional<double> proposed_ratio;
  bool safety = false;  // has a margin_ratio_above condition
};

struct ResolutionInput {
  std::string asset;
  double baseline_ratio = 0.0;
  double min_ratio = 0.0;
  double max_ratio = 1.0;
  double actual_ratio = 0.0;     // what the current position represents
  double previous_target = 0.0;  // decided on the previous run, or the clamped baseline
  bool in_cooldown = false;
  int64_t cooldown_until_ms = 0;
};

struct Resolution {
  Decision decision;
  bool target_kept = false;  // hold or cooldown: the previous target stands
};

Resolution resolve(const ResolutionInput& input, const std::vector<FiredRule>& fired);

}  // namespace hedgebot::rules
