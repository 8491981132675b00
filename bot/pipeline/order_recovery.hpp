#pragma once
// The first step of a tick that trades: every order whose outcome is not known (in the order
// ledger; the session adds those journaled as SENDING with no outcome after them, e.g. when a
// kill tore the outcome's line) is looked up on the venue by its client order id, and what is found
// is journaled as a `reconciled` line. An order the venue does not know is settled only once its
// validity window has closed; until then the tick places nothing.

#include <cstdint>
#include <string>
#include <vector>

#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/order_ledger.hpp"
#include "exchange/exchange_client.hpp"

namespace hedgebot::bot {

struct RecoveryResult {
  std::vector<std::string> errors;  // one per order still unknown (the tick must not trade)
  int64_t retry_at_ms = 0;          // venue time from which a run can settle them; 0 = unknown
  // Orders found filled (in part or whole): a trade of their hedge at the tick that sent them.
  std::vector<PendingOrder> filled;
  bool blocked() const { return !errors.empty(); }
};

RecoveryResult reconcile_pending_orders(ExchangeClient& client, Journal& journal,
                                        OrderLedger& ledger, int64_t now_ms);

}  // namespace hedgebot::bot
