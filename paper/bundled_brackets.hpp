#pragma once
// Maintenance-margin brackets bundled for the symbols whose candles ship in data/ (BTCUSDT,
// ETHUSDT), used by paper mode (which makes no signed request, so it does not read the venue's
// current table).

#include <optional>
#include <string>

#include "exchange/margin_brackets.hpp"

namespace hedgebot::paper {

// The bundled table of `symbol`, or nullopt when none is bundled.
std::optional<MarginBrackets> bundled_brackets(const std::string& symbol);

// Where the bundled figures come from and as of when (for reports and docs).
inline constexpr const char* kBundledBracketsSource =
    "Binance USD-M published leverage and margin tiers, as listed in 2024";

}  // namespace hedgebot::paper
