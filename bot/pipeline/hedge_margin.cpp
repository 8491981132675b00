#include "bot/pipeline/hedge_margin.hpp"

#include <cmath>
#include <utility>

#include "bot/pipeline/planner.hpp"
#include "exchange/margin_brackets.hpp"

namespace hedgebot::bot {

HedgeMargin hedge_margin(double position_base, double mark_price, int leverage,
                         const std::vector<MarginBracket>& brackets, double reported_maint) {
  HedgeMargin margin;
  margin.notional = std::fabs(position_base) * mark_price;
  margin.leverage = leverage;
  margin.initial_margin = initial_margin(margin.notional, leverage);
  if (reported_maint >= 0.0) {
    margin.maint_margin = reported_maint;
  } else if (!brackets.empty()) {
    margin.maint_margin = maint_margin(brackets, margin.notional);
  } else {
    margin.maint_known = margin.notional == 0.0;
  }
  return margin;
}

std::vector<MarginBracket> read_margin_brackets(ExchangeClient& client, const std::string& symbol,
                                                std::vector<std::string>& notes) {
  Result<std::vector<MarginBracket>> brackets = client.margin_brackets(symbol);
  if (brackets) return std::move(*brackets);
  if (brackets.error().kind != ErrorKind::NotFound) {
    notes.push_back("margin brackets of " + symbol +
                    " not read (maintenance margin of the target and the brackets' leverage "
                    "limit unknown): " +
                    brackets.error().describe());
  }
  return {};
}

}  // namespace hedgebot::bot
