#pragma once
// How a replay is shown: a text summary (and a comparison table for several configs), the
// `--json` document (its field names are stable; more may be added), and a self-contained
// report.html whose charts are inline SVG (no network; a small inline script shows the values
// under the pointer).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/replay/replay.hpp"
#include "exchange/result.hpp"

namespace hedgebot::bot::replay {

// The ids of the charts report.html holds for the `index`-th config (1-based): the price of each
// hedge with its orders, hedge ratio, hedged vs unhedged value, drawdown, cumulative funding.
std::vector<std::string> chart_ids(const ReplayResult& result, size_t index);

std::string summary_text(const std::vector<ReplayResult>& results);
// One config: the replay object; several: {"replays": [...]}.
nlohmann::ordered_json summary_json(const std::vector<ReplayResult>& results);
std::string report_html(const std::vector<ReplayResult>& results);

}  // namespace hedgebot::bot::replay
