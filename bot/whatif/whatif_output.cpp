#include "bot/whatif/whatif_output.hpp"

#include <cmath>
#include <iomanip>

#include "bot/pipeline/report_output.hpp"
#include "exchange/number_text.hpp"

namespace hedgebot::bot {

const char* const kMovesTogetherNote =
    "one cross-margin account: every move applies to all futures marks at once (each spot asset "
    "moving by beta x the move), and each liquidation price is where the whole account reaches "
    "its maintenance margin with the other marks moving with it";

namespace {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string percent(double fraction, int decimals = 2, bool plus = false) {
  return fixed_text(fraction * 100.0, decimals, plus) + " %";
}

std::string account_words(const WhatifResult& result) {
  return result.input.before ? "the account as it is now"
                             : "the account as the next tick would leave it";
}

nlohmann::ordered_json rate_json(const FundingAtRate& rate) {
  nlohmann::ordered_json out;
  out["rate"] = optional_number(rate.rate);
  out["per_settlement"] = rate.per_settlement;
  out["per_day"] = rate.per_day;
  out["per_30_days"] = rate.per_30_days;
  out["fee_payback_days"] = optional_number(rate.fee_payback_days);
  return out;
}

}  // namespace

nlohmann::ordered_json whatif_json(const WhatifResult& result, const std::string& mode) {
  nlohmann::ordered_json root;
  root["command"] = "whatif";
  root["mode"] = mode;
  root["time"] = format_iso8601(result.input.now_ms);
  root["account"] = result.input.before ? "now" : "after_next_tick";
  root["margin_asset"] = result.input.margin_asset;
  root["wallet_balance"] = result.input.wallet_balance;
  root["stable_balance"] = result.input.stable_balance;
  root["margin_balance"] = result.now.margin_balance;
  root["maint_margin"] = result.now.maint_margin;
  root["margin_ratio"] = optional_number(result.now.margin_ratio());
  root["moves_together"] = result.moves_together;
  root["moves_note"] = kMovesTogetherNote;
  root["liquidation_move_up"] = optional_number(result.liquidation_move_up);
  root["liquidation_move_down"] = optional_number(result.liquidation_move_down);

  nlohmann::ordered_json hedges = nlohmann::ordered_json::array();
  for (const WhatifHedge& hedge : result.hedges) {
    nlohmann::ordered_json entry;
    entry["asset"] = hedge.asset;
    entry["symbol"] = hedge.symbol;
    entry["mark_price"] = hedge.mark_price;
    entry["position_qty"] = hedge.position_qty;
    entry["entry_price"] = hedge.entry_price;
    entry["notional"] = hedge.notional;
    entry["maint_margin"] = hedge.maint_margin;
    entry["liquidation_price"] = optional_number(hedge.liquidation_price);
    entry["liquidation_distance"] = optional_number(hedge.liquidation_distance);
    hedges.push_back(entry);
  }
  root["hedges"] = hedges;

  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const WhatifScenario& scenario : result.scenarios) {
    nlohmann::ordered_json entry;
    entry["move"] = scenario.move;
    nlohmann::ordered_json prices = nlohmann::ordered_json::object();
    for (const auto& [symbol, price] : scenario.prices) prices[symbol] = price;
    entry["prices"] = prices;
    entry["spot_value"] = scenario.spot_value;
    entry["futures_pnl"] = scenario.futures_pnl;
    entry["hedged_value"] = scenario.hedged_value;
    entry["unhedged_value"] = scenario.unhedged_value;
    entry["margin_balance"] = scenario.margin_balance;
    entry["maint_margin"] = scenario.maint_margin;
    entry["margin_ratio"] = optional_number(scenario.margin_ratio);
    entry["liquidated"] = scenario.liquidated;
    scenarios.push_back(entry);
  }
  root["scenarios"] = scenarios;

  nlohmann::ordered_json forecast;
  forecast["window_days"] = static_cast<double>(kFundingWindowMs) / (24.0 * kHourMs);
  nlohmann::ordered_json forecast_hedges = nlohmann::ordered_json::array();
  nlohmann::ordered_json total = nlohmann::ordered_json::object();
  for (const WhatifFunding& funding : result.funding) {
    nlohmann::ordered_json entry;
    entry["asset"] = funding.asset;
    entry["symbol"] = funding.symbol;
    entry["position_qty"] = funding.position_qty;
    entry["mark_price"] = funding.mark_price;
    entry["interval_hours"] = static_cast<double>(funding.interval_ms) / kHourMs;
    entry["settlements_per_day"] = funding.settlements_per_day;
    entry["window_settlements"] = funding.window_settlements;
    entry["open_close_fees"] = funding.open_close_fees;
    for (const FundingAtRate& rate : funding.rates) {
      entry[rate.basis] = rate_json(rate);
      if (!total.contains(rate.basis)) total[rate.basis] = {{"per_day", 0.0}, {"per_30_days", 0.0}};
      total[rate.basis]["per_day"] = total[rate.basis]["per_day"].get<double>() + rate.per_day;
      total[rate.basis]["per_30_days"] =
          total[rate.basis]["per_30_days"].get<double>() + rate.per_30_days;
    }
    forecast_hedges.push_back(entry);
  }
  forecast["hedges"] = forecast_hedges;
  forecast["total"] = total;
  root["funding_forecast"] = forecast;
  root["notes"] = result.input.notes;
  tidy_numbers(root);
  return root;
}

void print_whatif(std::ostream& out, const WhatifResult& result, const std::string& mode) {
  const std::string& quote = result.input.margin_asset;
  out << "hedgebot whatif (" << mode << ") at " << format_iso8601(result.input.now_ms) << ", "
      << account_words(result) << "\n";
  const std::optional<double> ratio = result.now.margin_ratio();
  out << "account: wallet " << fixed(result.input.wallet_balance, 2) << " " << quote
      << ", margin balance " << fixed(result.now.margin_balance, 2) << ", maintenance "
      << fixed(result.now.maint_margin, 2) << ", margin ratio "
      << (ratio ? percent(*ratio) : std::string("bankrupt (margin balance <= 0)")) << "\n\n";

  for (const WhatifHedge& hedge : result.hedges) {
    out << hedge.asset << " (" << hedge.symbol << "): futures " << fixed(hedge.position_qty, 4)
        << " at mark " << fixed(hedge.mark_price, 2);
    if (hedge.position_qty == 0.0) {
      out << ", no position\n";
      continue;
    }
    out << " (entry " << fixed(hedge.entry_price, 2) << ")";
    if (hedge.liquidation_price && hedge.liquidation_distance) {
      out << ": liquidation at " << fixed(*hedge.liquidation_price, 2) << ", "
          << percent(*hedge.liquidation_distance)
          << (*hedge.liquidation_price >= hedge.mark_price ? " above" : " below") << " the mark\n";
    } else {
      out << ": no price liquidates it\n";
    }
  }
  if (result.moves_together) out << "(" << kMovesTogetherNote << ")\n";
  out << "\n";

  out << std::right << std::setw(8) << "move";
  for (const WhatifHedge& hedge : result.hedges) out << std::setw(13) << hedge.symbol;
  out << std::setw(14) << "spot value" << std::setw(13) << "futures PnL" << std::setw(14)
      << "hedged" << std::setw(14) << "unhedged" << std::setw(14) << "margin bal" << std::setw(14)
      << "margin ratio"
      << "\n";
  for (const WhatifScenario& scenario : result.scenarios) {
    out << std::setw(8) << percent(scenario.move, 0, true);
    for (const auto& price : scenario.prices) out << std::setw(13) << fixed(price.second, 2);
    out << std::setw(14) << fixed(scenario.spot_value, 2) << std::setw(13)
        << fixed(scenario.futures_pnl, 2) << std::setw(14) << fixed(scenario.hedged_value, 2)
        << std::setw(14) << fixed(scenario.unhedged_value, 2) << std::setw(14)
        << fixed(scenario.margin_balance, 2) << std::setw(14)
        << (scenario.margin_ratio ? percent(*scenario.margin_ratio) : std::string("bankrupt"))
        << (scenario.liquidated ? "  LIQUIDATED" : "") << "\n";
  }

  out << "\nfunding forecast (mean over the settlements of the last "
      << static_cast<int>(kFundingWindowMs / (24 * kHourMs)) << " days):\n";
  for (const WhatifFunding& funding : result.funding) {
    out << funding.asset << " (" << funding.symbol << "), every "
        << fixed(static_cast<double>(funding.interval_ms) / kHourMs, 0) << " h, position "
        << fixed(funding.position_qty, 4) << ", open + close fees "
        << fixed(funding.open_close_fees, 2) << ":\n";
    for (const FundingAtRate& rate : funding.rates) {
      out << "  " << std::left << std::setw(10) << rate.basis << std::right;
      if (!rate.rate) {
        out << "unknown (no settled funding read)\n";
        continue;
      }
      out << fixed_text(*rate.rate * 100.0, 4)
          << " %: " << (rate.per_day >= 0.0 ? "receives " : "pays ")
          << fixed(std::fabs(rate.per_day), 2) << " " << quote << "/day, "
          << fixed(std::fabs(rate.per_30_days), 2) << " per 30 days";
      if (rate.fee_payback_days)
        out << ", pays back its fees in " << fixed(*rate.fee_payback_days, 1) << " days";
      out << "\n";
    }
  }
  if (!result.input.notes.empty()) {
    out << "\nnotes:\n";
    for (const std::string& note : result.input.notes) out << "  " << note << "\n";
  }
}

}  // namespace hedgebot::bot
