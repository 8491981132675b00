#pragma once
// `whatif --report DIR`: one self-contained HTML page (inline SVG, a few lines of inline script
// for the values under the pointer; no framework, no network): the account, each hedge's
// liquidation price, the scenario table, the funding forecast, and two charts against the
// price: the hedged and unhedged portfolio values, and the margin ratio with the liquidation
// line.

#include <string>
#include <vector>

#include "bot/whatif/whatif.hpp"

namespace hedgebot::bot {

// The ids of the page's chart SVGs.
std::vector<std::string> whatif_chart_ids();

// The moves the charts are drawn over: every 1 % from -80 % to +150 % (farther to show a
// liquidation up to +400 % or down to -95 %), the listed moves and the account's liquidation
// moves, sorted.
std::vector<double> whatif_chart_moves(const WhatifResult& result);

// `table`: the what-if of the listed moves; `curve`: the same account over whatif_chart_moves().
// `title`: the config's name (a file name, not its path).
std::string whatif_report_html(const WhatifResult& table, const WhatifResult& curve,
                               const std::string& mode, const std::string& title);

}  // namespace hedgebot::bot
