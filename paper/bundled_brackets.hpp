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

}  // namespace hedgebot::paper
