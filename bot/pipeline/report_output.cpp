#include "bot/pipeline/report_output.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "bot/pipeline/collateral_report.hpp"
#include "exchange/number_text.hpp"

namespace hedgebot::bot {

std::string fixed(double value, int decimals) {
  return fixed_text(value, decimals);  // never "-0.00"
}

double tidy_number(double value) {
  if (value == 0.0 || !std::isfinite(value)) return value == 0.0 ? 0.0 : value;
  // 15 significant digits: what a double holds exactly, without the noise of the last bits.
  char text[40];
  std::snprintf(text, sizeof text, "%.15g", value);
  const double tidy = std::strtod(text, nullptr);
  return tidy == 0.0 ? 0.0 : tidy;
}

nlohmann::json not_ready_json(const std::vector<rules::NotReady>& not_ready) {
  nlohmann::json list = nlohmann::json::array();
  for (const rules::NotReady& rule : not_ready)
    list.push_back({{"rule", rule.rule}, {"lacks", rule.lacks}});
  return list;
}

nlohmann::ordered_json margin_json(const HedgeMargin& margin) {
  return {{"notional", margin.notional},
          {"leverage", margin.leverage},
          {"initial_margin", margin.initial_margin},
          {"maint_margin", margin.maint_known ? nlohmann::ordered_json(margin.maint_margin)
                                              : nlohmann::ordered_json(nullptr)}};
}

std::string margin_text(const HedgeMargin& margin, const std::string& quote) {
  // A flat hedge holds no margin; its leverage setting alone would read as a position.
  if (margin.notional == 0.0) return "none (no position)";
  return fixed(margin.notional, 2) + " " + quote + " at " + std::to_string(margin.leverage) +
         "x: initial margin " + fixed(margin.initial_margin, 2) + ", maintenance " +
         (margin.maint_known ? fixed(margin.maint_margin, 2)
                             : std::string("unknown (the venue publishes no margin brackets)"));
}

nlohmann::ordered_json tick_report_json(const TickReport& report,
                                        const std::vector<PositionAfter>& after) {
  nlohmann::ordered_json root;
  // A liquidation found since the last run comes first: it is what the trader must read.
  if (!report.liquidations.empty()) root["liquidations"] = report.liquidations;
  root["run_id"] = report.run_id;
  root["now"] = format_iso8601(report.now_ms);
  nlohmann::ordered_json decisions = nlohmann::ordered_json::array();
  for (const HedgeReport& hedge : report.hedges) {
    nlohmann::ordered_json entry;
    entry["hedge"] = hedge.asset;
    entry["symbol"] = hedge.symbol;
    entry["target_ratio"] = hedge.decision.target_ratio;
    entry["actual_ratio"] = hedge.actual_ratio;
    entry["rules"] = hedge.decision.fired;
    entry["decided_by"] = hedge.decision.decided_by;
    entry["why"] = hedge.decision.why;
    entry["hold"] = hedge.decision.hold;
    entry["alerts"] = hedge.decision.alerts;
    entry["not_ready"] = not_ready_json(hedge.decision.not_ready);
    entry["spot_qty"] = hedge.spot_qty;
    entry["position_qty"] = hedge.position_base;
    if (hedge.instrument.quotes_in_contracts())
      entry["position_contracts"] = hedge.instrument.steps_to_contracts(hedge.plan.current_steps);
    entry["mark_price"] = hedge.mark_price;
    if (hedge.instrument.delivery_ms > 0) {
      entry["delivery"] = format_iso8601(hedge.instrument.delivery_ms);
      entry["days_to_delivery"] = days_between(report.now_ms, hedge.instrument.delivery_ms);
    }
    entry["liquidation_price"] = hedge.liquidation_price;
    entry["margin"] = margin_json(hedge.margin);
    entry["target_margin"] = margin_json(hedge.target_margin);
    entry["skip_reason"] = hedge.plan.skip_reason;
    entry["notes"] = hedge.notes;
    decisions.push_back(entry);
  }
  root["decisions"] = decisions;
  nlohmann::ordered_json orders = nlohmann::ordered_json::array();
  for (const OrderReport& order : report.orders) {
    nlohmann::ordered_json entry;
    entry["hedge"] = order.hedge;
    entry["symbol"] = order.symbol;
    entry["side"] = order.side;
    entry["qty"] = order.qty;
    if (!order.contracts.empty()) entry["contracts"] = order.contracts;
    entry["price"] = order.price;
    entry["reduce_only"] = order.reduce_only;
    entry["client_order_id"] = order.client_order_id;
    entry["status"] = order.status;
    entry["leg"] = order.leg;
    if (!order.error.empty()) entry["error"] = order.error;
    orders.push_back(entry);
  }
  root["orders"] = orders;
  if (!report.rolls.empty()) {
    nlohmann::ordered_json rolls = nlohmann::ordered_json::array();
    for (const RollReport& roll : report.rolls) {
      nlohmann::ordered_json entry = nlohmann::ordered_json::parse(roll_json(roll).dump());
      entry["hedge"] = roll.hedge;
      rolls.push_back(entry);
    }
    root["rolls"] = rolls;
  }
  nlohmann::ordered_json refusals = nlohmann::ordered_json::array();
  for (const Refusal& refusal : report.refusals)
    refusals.push_back({{"hedge", refusal.hedge}, {"reason", refusal.reason}});
  root["refusals"] = refusals;
  nlohmann::ordered_json transfers = nlohmann::ordered_json::array();
  for (const TransferReport& transfer : report.transfers) {
    nlohmann::ordered_json entry = {{"rule", transfer.rule},     {"asset", transfer.asset},
                                    {"amount", transfer.amount}, {"direction", transfer.direction},
                                    {"status", transfer.status}, {"id", transfer.id}};
    if (!transfer.reason.empty()) entry["reason"] = transfer.reason;
    transfers.push_back(entry);
  }
  root["transfers"] = transfers;
  nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
  for (const Refusal& skip : report.skipped)
    skipped.push_back({{"hedge", skip.hedge}, {"reason", skip.reason}});
  root["skipped"] = skipped;
  nlohmann::ordered_json pending = nlohmann::ordered_json::array();
  for (const Refusal& wait : report.pending)
    pending.push_back({{"hedge", wait.hedge}, {"reason", wait.reason}});
  root["pending"] = pending;
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (size_t i = 0; i < report.errors.size(); ++i) {
    errors.push_back({{"kind", i < report.error_kinds.size() ? report.error_kinds[i] : "error"},
                      {"message", report.errors[i]}});
  }
  root["errors"] = errors;
  nlohmann::ordered_json positions = nlohmann::ordered_json::array();
  for (const PositionAfter& position : after) {
    nlohmann::ordered_json entry = {{"hedge", position.asset},
                                    {"position_qty", position.position_base}};
    if (position.position_contracts) entry["position_contracts"] = *position.position_contracts;
    entry["actual_ratio"] = position.ratio;
    entry["liquidation_price"] = position.liquidation_price;
    positions.push_back(entry);
  }
  root["positions_after"] = positions;
  double hedges_initial = 0.0;
  double target_initial = 0.0;
  for (const HedgeReport& hedge : report.hedges) {
    hedges_initial += hedge.margin.initial_margin;
    target_initial += hedge.target_margin.initial_margin;
  }
  root["account"] = {
      {"wallet_balance", report.account.wallet_balance},
      {"margin_balance", report.account.margin_balance},
      {"initial_margin", report.account.initial_margin},
      {"hedges_initial_margin", hedges_initial},
      {"target_initial_margin", target_initial},
      {"maint_margin", report.account.maint_margin},
      {"margin_ratio",
       std::isfinite(report.account.margin_ratio()) ? report.account.margin_ratio() : -1.0}};
  if (report.account.multi_assets) root["account"]["collateral"] = collateral_json(report.account);
  if (!report.account.notes.empty()) root["account"]["notes"] = report.account.notes;
  root["outcome"] = report.outcome();
  root["exit_code"] = report.exit_code;
  tidy_numbers(root);
  return root;
}

double days_between(int64_t from_ms, int64_t to_ms) {
  return static_cast<double>(to_ms - from_ms) / static_cast<double>(kDayMs);
}

void print_rolls(std::ostream& out, const std::vector<RollReport>& rolls) {
  for (const RollReport& roll : rolls) {
    out << "\nroll " << roll.hedge << ": " << roll.from_symbol << " -> " << roll.to_symbol << " ("
        << roll.status << ")\n";
    const auto leg = [&](const char* name, const std::vector<OrderReport>& orders) {
      for (const OrderReport& order : orders) {
        out << "  " << name << ": " << order.side << " " << order.qty << " " << order.symbol
            << (order.reduce_only ? " reduce-only" : "") << " -> " << order.status;
        if (!order.price.empty()) out << " at " << order.price;
        out << "  [" << order.client_order_id << "]\n";
      }
    };
    leg("close", roll.close);
    leg("open", roll.open);
    if (roll.basis_cost) out << "  basis cost: " << fixed(*roll.basis_cost, 2) << "\n";
    if (!roll.message.empty()) out << "  " << roll.message << "\n";
  }
}

void print_tick_report(std::ostream& out, const std::string& command, const std::string& mode,
                       const TickReport& report, const std::vector<PositionAfter>& after) {
  for (const std::string& liquidation : report.liquidations)
    out << "LIQUIDATED: " << liquidation << "\n";
  if (!report.liquidations.empty()) out << "\n";
  out << "hedgebot " << command << " (" << mode << ") at " << format_iso8601(report.now_ms)
      << ", run " << report.run_id << "\n";
  for (const HedgeReport& hedge : report.hedges) {
    out << "\n"
        << hedge.asset << " (" << hedge.symbol << "): spot " << fixed(hedge.spot_qty, 4)
        << ", futures " << fixed(hedge.position_base, 4) << " at mark "
        << fixed(hedge.mark_price, 2) << ", hedge ratio " << fixed(hedge.actual_ratio, 2);
    if (hedge.liquidation_price > 0.0)
      out << ", liquidation at " << fixed(hedge.liquidation_price, 2);
    out << "\n";
    if (hedge.instrument.delivery_ms > 0) {
      out << "  contract: " << hedge.symbol << " delivers "
          << format_iso8601(hedge.instrument.delivery_ms) << ", in "
          << fixed(days_between(report.now_ms, hedge.instrument.delivery_ms), 1) << " days\n";
    }
    out << "  decision: target ratio " << fixed(hedge.decision.target_ratio, 2) << " by "
        << hedge.decision.decided_by;
    if (!hedge.decision.fired.empty()) {
      out << " (fired:";
      for (const std::string& name : hedge.decision.fired) out << " " << name;
      out << ")";
    }
    out << "\n  why: " << hedge.decision.why << "\n";
    out << "  margin now: " << margin_text(hedge.margin, report.account.asset)
        << "\n  margin at the target: " << margin_text(hedge.target_margin, report.account.asset)
        << "\n";
    for (const std::string& alert : hedge.decision.alerts) out << "  ALERT: " << alert << "\n";
    for (const rules::NotReady& rule : hedge.decision.not_ready)
      out << "  not ready: " << rule.rule << ": " << rule.lacks << "\n";
    for (const std::string& note : hedge.notes) out << "  note: " << note << "\n";
    if (!hedge.plan.skip_reason.empty()) out << "  no order: " << hedge.plan.skip_reason << "\n";
  }
  if (!report.orders.empty()) out << "\norders:\n";
  for (const OrderReport& order : report.orders) {
    out << "  " << order.side << " " << order.qty << " " << order.symbol
        << (order.contracts.empty() ? "" : " (" + order.contracts + " contracts)")
        << (order.reduce_only ? " reduce-only" : "") << " (" << order.leg << ") -> "
        << order.status;
    if (!order.price.empty()) out << " at " << order.price;
    out << "  [" << order.client_order_id << "]";
    if (!order.error.empty()) out << "\n    error: " << order.error;
    out << "\n";
  }
  print_rolls(out, report.rolls);
  if (!report.transfers.empty()) out << "\ntransfers:\n";
  for (const TransferReport& transfer : report.transfers) {
    out << "  " << transfer.rule << ": " << general_text(transfer.amount, 12) << " "
        << transfer.asset << " " << transfer.direction << " -> " << transfer.status;
    if (!transfer.id.empty()) out << "  [" << transfer.id << "]";
    if (!transfer.reason.empty()) out << "\n    " << transfer.reason;
    out << "\n";
  }
  for (const Refusal& refusal : report.refusals)
    out << "\nREFUSED " << refusal.hedge << ": " << refusal.reason << "\n";
  for (const std::string& error : report.errors) out << "\nERROR: " << error << "\n";
  for (const Refusal& wait : report.pending)
    out << "\nPENDING " << wait.hedge << ": " << wait.reason << "\n";
  if (!after.empty()) {
    out << "\nposition after:\n";
    for (const PositionAfter& position : after) {
      out << "  " << position.asset << ": futures " << fixed(position.position_base, 4)
          << ", hedge ratio " << fixed(position.ratio, 2);
      if (position.liquidation_price > 0.0)
        out << ", liquidation at " << fixed(position.liquidation_price, 2);
      out << "\n";
    }
  }
  const double ratio = report.account.margin_ratio();
  out << "\naccount before the orders: wallet " << fixed(report.account.wallet_balance, 2) << " "
      << report.account.asset << ", margin balance " << fixed(report.account.margin_balance, 2)
      << ", margin ratio "
      << (std::isfinite(ratio) ? fixed(ratio * 100.0, 2) + " %" : std::string("n/a")) << "\n";
  double hedges_initial = 0.0;
  double target_initial = 0.0;
  for (const HedgeReport& hedge : report.hedges) {
    hedges_initial += hedge.margin.initial_margin;
    target_initial += hedge.target_margin.initial_margin;
  }
  out << "initial margin: " << fixed(report.account.initial_margin, 2) << " "
      << report.account.asset << " (hedges " << fixed(hedges_initial, 2) << ", at their targets "
      << fixed(target_initial, 2) << "), maintenance margin "
      << fixed(report.account.maint_margin, 2) << "\n";
  out << collateral_text(report.account);
}

}  // namespace hedgebot::bot
