#pragma once
// How a tick report is shown: for a person (what was decided, why, the orders, the position
// after) or as one JSON document with the stable fields listed in docs/operations.md.

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bot/pipeline/quantity_json.hpp"
#include "bot/pipeline/tick.hpp"

namespace hedgebot::bot {

struct PositionAfter {
  std::string asset;
  double position_base = 0.0;
  std::optional<double> position_contracts;  // set when contracts are not base units
  double ratio = 0.0;
  double liquidation_price = 0.0;  // 0 when flat or none
};

nlohmann::ordered_json tick_report_json(const TickReport& report,
                                        const std::vector<PositionAfter>& after);
void print_tick_report(std::ostream& out, const std::string& command, const std::string& mode,
                       const TickReport& report, const std::vector<PositionAfter>& after);

std::string fixed(double value, int decimals);
// Days from one time to another (negative when `to_ms` is earlier).
double days_between(int64_t from_ms, int64_t to_ms);
// The tick's rolls, both legs named: "roll BTC: BTCUSDT_260327 -> BTCUSDT_260626 (rolled)".
void print_rolls(std::ostream& out, const std::vector<RollReport>& rolls);  // "%.*f", never "-0.00"

// JSON numbers a program can trust: -0 becomes 0 and a float's noise past 15 significant digits
// is dropped (19762.879425574993 -> 19762.879425575), so dumps are shortest round-trip text.
double tidy_number(double value);
template <typename Json>
void tidy_numbers(Json& value) {
  if (value.is_number_float()) {
    value = tidy_number(value.template get<double>());
  } else if (value.is_structured()) {
    for (auto& item : value) tidy_numbers(item);
  }
}

// A hedge's margin as JSON: {notional, leverage, initial_margin, maint_margin (null when
// unknown)}.
nlohmann::ordered_json margin_json(const HedgeMargin& margin);
// "227500.00 USDT at 50x: initial margin 4550.00, maintenance 1087.50".
std::string margin_text(const HedgeMargin& margin, const std::string& quote);

// The rules that could not be evaluated: [{"rule": ..., "lacks": ...}].
nlohmann::json not_ready_json(const std::vector<rules::NotReady>& not_ready);

}  // namespace hedgebot::bot
