#pragma once
// How a tick report is shown: for a person (what was decided, why, the orders, the position
// after) or as one JSON document with the stable fields listed in README.md, "JSON output".

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "bot/tick.hpp"

namespace hedgebot::bot {

struct PositionAfter {
  std::string asset;
  double position_base = 0.0;
  double ratio = 0.0;
};

nlohmann::ordered_json tick_report_json(const TickReport& report,
                                        const std::vector<PositionAfter>& after);
void print_tick_report(std::ostream& out, const std::string& command, const std::string& mode,
                       const TickReport& report, const std::vector<PositionAfter>& after);

std::string fixed(double value, int decimals);

}  // namespace hedgebot::bot
