#include "bot/pipeline/order_recovery.hpp"

#include <algorithm>

#include "bot/pipeline/quantity_json.hpp"
#include "bot/pipeline/request_window.hpp"

namespace hedgebot::bot {
namespace {

// The order's quantity and price as the instrument writes them; raw steps when the instrument
// cannot be read (the look-up itself succeeded, so the outcome is still recorded).
nlohmann::json found_fields(ExchangeClient& client, const OrderState& state) {
  nlohmann::json fields = {{"symbol", state.symbol},
                           {"client_order_id", state.client_order_id},
                           {"status", to_string(state.status)},
                           {"side", to_string(state.side)},
                           {"price", state.avg_fill_price},
                           {"fee", state.fee},
                           {"venue_order_id", state.venue_order_id}};
  Result<Instrument> instrument = client.instrument(state.symbol);
  if (instrument) {
    put_qty_text(fields, "qty", "contracts", *instrument, state.qty_steps);
    put_qty_text(fields, "filled", "filled_contracts", *instrument, state.filled_steps);
  } else {
    fields["qty_steps"] = state.qty_steps;
    fields["filled_steps"] = state.filled_steps;
  }
  return fields;
}

// The fill of an order found after the run that sent it died: a `fill` line like any other, so
// the journal alone adds up to the account (the position after it is not known here).
void journal_found_fill(ExchangeClient& client, Journal& journal, const PendingOrder& order,
                        const OrderState& state, int64_t now_ms) {
  nlohmann::json fields = {{"symbol", state.symbol},
                           {"side", to_string(state.side)},
                           {"price", state.avg_fill_price},
                           {"fee", state.fee},
                           {"realized_pnl", state.realized_pnl},
                           {"client_order_id", state.client_order_id},
                           {"reason", "filled in an earlier run that could not confirm it"}};
  if (Result<Instrument> instrument = client.instrument(state.symbol); instrument) {
    put_qty_text(fields, "qty", "contracts", *instrument, state.filled_steps);
  } else {
    fields["qty_steps"] = state.filled_steps;
  }
  (void)journal.append(now_ms, "fill", order.hedge, fields);
}

}  // namespace

RecoveryResult reconcile_pending_orders(ExchangeClient& client, Journal& journal,
                                        OrderLedger& ledger, int64_t now_ms) {
  RecoveryResult result;
  if (ledger.pending().empty()) return result;

  Result<int64_t> venue_now = client.now_ms();
  const std::vector<PendingOrder> pending = ledger.pending();
  for (const PendingOrder& order : pending) {
    const std::string& id = order.client_order_id;
    Result<std::optional<OrderState>> found = client.query_order(order.symbol, id);
    if (!found) {
      result.errors.push_back(order.hedge + ": cannot look up order " + id +
                              ", whose outcome is unknown, so nothing is sent for " + order.hedge +
                              ": " + found.error().describe());
      continue;
    }
    if (found->has_value()) {
      nlohmann::json fields = found_fields(client, found->value());
      fields["reason"] = "outcome of an order an earlier run could not confirm";
      (void)journal.append(now_ms, "reconciled", order.hedge, fields);
      if (found->value().filled_steps > 0) {
        journal_found_fill(client, journal, order, found->value(), now_ms);
        result.filled.push_back(order);
      }
      (void)ledger.resolved(id);
      continue;
    }
    if (!venue_now) {
      result.errors.push_back(order.hedge + ": order " + id +
                              " is not known to the venue, but the venue's time cannot be read "
                              "to tell whether it can still execute: " +
                              venue_now.error().describe());
      continue;
    }
    int64_t deadline = order.deadline_ms;
    if (deadline == 0) {
      // The run that sent it died with the request in flight: it may have left as late as now.
      deadline = request_deadline_ms(client, *venue_now);
      (void)ledger.set_deadline(id, deadline);
    }
    if (request_expired(deadline, *venue_now)) {
      (void)journal.append(now_ms, "reconciled", order.hedge,
                           {{"symbol", order.symbol},
                            {"client_order_id", id},
                            {"status", "NOT_FOUND"},
                            {"reason", "the venue has no such order and its request expired at " +
                                           format_iso8601(deadline) + ": it never executed"}});
      (void)ledger.resolved(id);
      continue;
    }
    result.retry_at_ms = std::max(result.retry_at_ms, deadline);
    result.errors.push_back(order.hedge + ": order " + id +
                            " is not known to the venue yet, but its request can still execute "
                            "until " +
                            format_iso8601(deadline) +
                            " (venue time): nothing is sent before then; retry after that moment");
  }
  return result;
}

}  // namespace hedgebot::bot
