#include "bot/pipeline/contract_roll.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace hedgebot::bot {
namespace {

Error in_hedge(const config::HedgeConfig& hedge, const Error& error) {
  Error wrapped = error;
  wrapped.message = hedge.asset + " (" + to_string(hedge.contract) + " of " + hedge.symbol +
                    "): " + error.message;
  return wrapped;
}

double parse_price(const std::string& text) {
  if (text.empty()) return 0.0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end != text.c_str() && std::isfinite(value) ? value : 0.0;
}

// The quantity-weighted average fill price of `orders`, 0 when none filled.
double average_fill(const std::vector<OrderReport>& orders) {
  double steps = 0.0;
  double weighted = 0.0;
  for (const OrderReport& order : orders) {
    const double price = parse_price(order.price);
    if (order.filled_steps <= 0 || price <= 0.0) continue;
    steps += static_cast<double>(order.filled_steps);
    weighted += price * static_cast<double>(order.filled_steps);
  }
  return steps > 0.0 ? weighted / steps : 0.0;
}

}  // namespace

Result<ResolvedContracts> resolve_contracts(const config::Config& config, ExchangeClient& client,
                                            int64_t now_ms) {
  ResolvedContracts resolved;
  resolved.config = config;
  for (size_t i = 0; i < config.hedges.size(); ++i) {
    const config::HedgeConfig& hedge = config.hedges[i];
    if (hedge.contract == ContractKind::Perpetual) continue;
    Result<std::vector<DatedContract>> listed = client.dated_contracts(hedge.symbol);
    if (!listed) return in_hedge(hedge, listed.error());
    Result<DatedContract> chosen =
        choose_dated_contract(*listed, hedge.contract, now_ms, hedge.roll_before_ms, hedge.symbol);
    if (!chosen) return in_hedge(hedge, chosen.error());
    ContractChoice choice;
    choice.hedge_index = i;
    choice.target = chosen->instrument;
    // Every other contract of the pair, and the perpetual, must end the tick flat.
    std::vector<Instrument> others;
    for (const DatedContract& contract : *listed) {
      if (contract.instrument.symbol != choice.target.symbol) others.push_back(contract.instrument);
    }
    Result<Instrument> perpetual = client.instrument(hedge.symbol);
    if (perpetual) others.push_back(*perpetual);
    for (const Instrument& other : others) {
      Result<Position> position = client.position(other.symbol);
      if (!position) return in_hedge(hedge, position.error());
      if (position->qty_steps == 0) continue;
      if (!other.trading) {
        return in_hedge(
            hedge,
            Error{ErrorKind::Rejected,
                  "the hedge holds " + other.describe_qty(std::llabs(position->qty_steps)) +
                      " of " + other.symbol + ", which is not trading: it cannot be rolled into " +
                      choice.target.symbol + "; close it by hand"});
      }
      choice.to_close.push_back({other, *position});
    }
    resolved.config.hedges[i].symbol = choice.target.symbol;
    resolved.choices.push_back(std::move(choice));
  }
  return resolved;
}

std::vector<PlannedOrder> roll_close_orders(const HeldContract& held) {
  PlannedOrder order;
  order.side = held.position.qty_steps < 0 ? Side::Buy : Side::Sell;
  order.qty_steps = std::llabs(held.position.qty_steps);
  order.reduce_only = true;
  order.leg = "roll-close";
  return {order};
}

RollCloseOutcome close_rolled_contracts(const config::Config& config,
                                        const std::vector<ContractChoice>& choices,
                                        ExchangeClient& client, Journal* journal,
                                        OrderLedger* ledger, const RollContext& context) {
  RollCloseOutcome outcome;
  const std::string orders_closed = client.limits().orders_closed;
  for (const ContractChoice& choice : choices) {
    const config::HedgeConfig& hedge = config.hedges[choice.hedge_index];
    for (const HeldContract& held : choice.to_close) {
      RollReport roll;
      roll.hedge = hedge.asset;
      roll.from_symbol = held.instrument.symbol;
      roll.from_delivery_ms = held.instrument.delivery_ms;
      roll.to_symbol = choice.target.symbol;
      roll.to_delivery_ms = choice.target.delivery_ms;
      roll.from_steps = held.position.qty_steps;
      roll.qty = held.instrument.format_base_qty(std::llabs(held.position.qty_steps));
      const std::string what = "roll of " +
                               held.instrument.describe_qty(std::llabs(held.position.qty_steps)) +
                               " " + roll.from_symbol + " into " + roll.to_symbol;
      const std::vector<PlannedOrder> orders = roll_close_orders(held);
      if (context.kill_switch || (!orders_closed.empty() && context.place_orders)) {
        roll.status = "refused";
        roll.message = what + " not done: " +
                       (context.kill_switch ? "kill switch " + context.kill_switch_path + " present"
                                            : "not placed: " + orders_closed) +
                       (roll.from_delivery_ms > 0
                            ? "; " + roll.from_symbol + " delivers at " +
                                  format_iso8601(roll.from_delivery_ms) + ", close it before then"
                            : std::string());
        outcome.refusals.push_back({hedge.asset, roll.message});
        outcome.stop = true;
      } else if (!context.place_orders) {
        roll.status = "planned";
        for (size_t leg = 0; leg < orders.size(); ++leg) {
          OrderReport would;
          would.hedge = hedge.asset;
          would.symbol = roll.from_symbol;
          would.side = to_string(orders[leg].side);
          would.qty = held.instrument.format_base_qty(orders[leg].qty_steps);
          if (held.instrument.quotes_in_contracts())
            would.contracts = held.instrument.format_qty(orders[leg].qty_steps);
          would.reduce_only = true;
          would.client_order_id = client_order_id(hedge.asset, context.tick_slot, orders[leg].leg,
                                                  static_cast<int>(leg), 0);
          would.status = "PLANNED";
          would.leg = orders[leg].leg;
          roll.close.push_back(would);
        }
      } else {
        ExecutionRequest request;
        request.hedge = hedge.asset;
        request.instrument = held.instrument;
        request.orders = orders;
        request.reason =
            what + ": " +
            (roll.from_delivery_ms > 0
                 ? roll.from_symbol + " delivers at " + format_iso8601(roll.from_delivery_ms) +
                       ", within roll_before (" + format_duration(hedge.roll_before_ms) + ")"
                 : "the hedge trades " + roll.to_symbol + " now");
        request.style = config::OrderStyle::Market;
        request.tick_slot = context.tick_slot;
        request.now_ms = context.now_ms;
        request.position_steps = held.position.qty_steps;
        ExecutionResult result = execute_orders(client, *journal, *ledger, request, context.sleep);
        outcome.retry_at_ms = std::max(outcome.retry_at_ms, result.retry_at_ms);
        roll.close = result.orders;
        if (result.failed || result.executed_steps != result.planned_steps) {
          std::string why;
          for (const OrderReport& order : result.orders) {
            if (!order.error.empty()) why += (why.empty() ? "" : "; ") + order.error;
          }
          if (why.empty()) why = "the close did not fill";
          roll.status = "failed";
          roll.message = what + " failed: the close of " + roll.from_symbol +
                         " did not complete (" + why + "); nothing was opened on " + roll.to_symbol;
          outcome.errors.emplace_back("roll", hedge.asset + ": " + roll.message);
          outcome.stop = true;
        } else {
          roll.status = "closed";
          roll.message = what + ": " + roll.from_symbol + " closed";
        }
      }
      if (journal != nullptr && context.place_orders) {
        nlohmann::json fields = roll_json(roll);
        fields["stage"] = "close";
        (void)journal->append(context.now_ms, "roll", hedge.asset, fields);
      }
      outcome.rolls.push_back(std::move(roll));
    }
  }
  return outcome;
}

nlohmann::json roll_json(const RollReport& roll) {
  const auto legs = [](const std::vector<OrderReport>& orders) {
    nlohmann::json list = nlohmann::json::array();
    for (const OrderReport& order : orders) {
      list.push_back({{"symbol", order.symbol},
                      {"side", order.side},
                      {"qty", order.qty},
                      {"reduce_only", order.reduce_only},
                      {"client_order_id", order.client_order_id},
                      {"status", order.status},
                      {"price", order.price},
                      {"leg", order.leg}});
    }
    return list;
  };
  nlohmann::json fields = {
      {"symbol", roll.to_symbol},
      {"from_symbol", roll.from_symbol},
      {"from_delivery",
       roll.from_delivery_ms > 0 ? nlohmann::json(format_iso8601(roll.from_delivery_ms)) : nullptr},
      {"to_symbol", roll.to_symbol},
      {"to_delivery", format_iso8601(roll.to_delivery_ms)},
      {"qty", roll.qty},
      {"close", legs(roll.close)},
      {"open", legs(roll.open)},
      {"close_price", roll.close_price > 0.0 ? nlohmann::json(roll.close_price) : nullptr},
      {"open_price", roll.open_price > 0.0 ? nlohmann::json(roll.open_price) : nullptr},
      {"basis_cost", roll.basis_cost ? nlohmann::json(*roll.basis_cost) : nullptr},
      {"status", roll.status},
      {"message", roll.message}};
  return fields;
}

void complete_roll(RollReport& roll, const std::vector<OrderReport>& orders) {
  for (const OrderReport& order : orders) {
    if (order.hedge == roll.hedge && order.symbol == roll.to_symbol && !order.reduce_only)
      roll.open.push_back(order);
  }
  roll.close_price = average_fill(roll.close);
  roll.open_price = average_fill(roll.open);
  if (roll.close_price > 0.0 && roll.open_price > 0.0) {
    const double closed_base = parse_price(roll.qty) * (roll.from_steps < 0 ? -1.0 : 1.0);
    roll.basis_cost = (roll.open_price - roll.close_price) * closed_base;
  }
  if (roll.status != "closed") return;
  const bool opened = !roll.open.empty() &&
                      std::all_of(roll.open.begin(), roll.open.end(), [](const OrderReport& order) {
                        return order.status == "FILLED";
                      });
  if (opened) {
    roll.status = "rolled";
    roll.message = "rolled " + roll.qty + " from " + roll.from_symbol + " into " + roll.to_symbol;
  } else if (roll.open.empty()) {
    roll.message += "; nothing opened on " + roll.to_symbol +
                    " this tick (its target, a refusal or a hold: see above)";
  } else {
    roll.message += "; the open on " + roll.to_symbol + " did not fill (see the orders)";
  }
}

}  // namespace hedgebot::bot
