#pragma once
// Sends approved orders and never doubles a position. Every order carries a client order id
// derived from the hedge, the tick slot and the intent ("hb-BTC-202605170700-o0a": hedge, tick
// slot, leg kind, leg number, attempt letter). The order ledger (order_ledger.hpp) records
// each id before it is sent: a later run in the same slot that needs another order (a new
// target, a position changed by hand) takes the next attempt letter, and an `hb-` id for this
// hedge and slot that the ledger does not know is another bot's (refused). After a timeout or
// unknown status the venue is asked for the order before anything else; an order whose fate
// stays unknown stops the hedge until its validity window has closed.
//
// Limit orders: post-only at our side of the touch. On a live venue the run waits
// `limit_timeout` for the fill, cancels what is left and sends it to the market. On a
// market-time venue (paper) nothing can fill while the run waits, so the order is left resting
// with a good-till time of tick time + `limit_timeout` and the run ends; later candles fill it.
// Journal lines written after a wait carry the tick's time plus the wait, not the tick's.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/order_ledger.hpp"
#include "bot/pipeline/planner.hpp"
#include "config/config.hpp"
#include "exchange/exchange_client.hpp"

namespace hedgebot::bot {

struct OrderReport {
  std::string hedge;
  std::string symbol;
  std::string side;
  std::string qty;        // base units, exact text
  std::string contracts;  // the venue's count of contracts, when not base units; else ""
  std::string price;      // limit price text, or the average fill price, "" when none
  bool reduce_only = false;
  std::string client_order_id;
  std::string status;  // venue status, or "ERROR"
  std::string leg;
  std::string error;  // set when status is ERROR
  int64_t filled_steps = 0;
  // A limit order left resting on a market-time venue: the market time it expires unfilled.
  int64_t good_till_ms = 0;
};

struct ExecutionResult {
  std::vector<OrderReport> orders;
  bool failed = false;  // an order failed or its fate is unknown: exit 1
  bool traded = false;  // at least one order filled (for the cooldown)
  // Signed steps the approved orders asked for, and those that filled (off target when apart).
  int64_t planned_steps = 0;
  int64_t executed_steps = 0;
  // Venue time before which nothing may be sent for this hedge (an order of unknown fate may
  // still execute until then); 0 when none.
  int64_t retry_at_ms = 0;
  std::string other_bot_order;  // the id of another bot's order found for this hedge and slot
  // A limit order was left resting on a market-time venue (paper): it fills in market time
  // between runs, expires at its good-till time, or the next tick cancels and replaces it. Legs
  // after it are not sent this tick (never open after a close that has not happened yet).
  bool resting = false;
};

struct ExecutionRequest {
  std::string hedge;
  Instrument instrument;
  std::vector<PlannedOrder> orders;
  std::string reason;  // why (the decision's rules), for the journal
  config::OrderStyle style = config::OrderStyle::Market;
  int64_t limit_timeout_ms = 30000;
  std::string tick_slot;  // "202605170700"
  int64_t now_ms = 0;
  int64_t position_steps = 0;  // signed, before these orders: fill lines say the position after
};

// Sleeps for the given milliseconds (injected so tests do not sleep).
using Sleeper = std::function<void(int64_t)>;

// Client order id for a leg and attempt: <= 36 chars of [A-Za-z0-9_-]. Attempts 0..25. The leg's
// kind is part of it, so after a crash between the close and the open of a flip, the re-run's open
// is not mistaken for the close that was already sent.
std::string client_order_id(const std::string& hedge, const std::string& tick_slot,
                            const std::string& leg_kind, int leg, int attempt);
// The tick slot of a time: the interval start it falls in, as yyyymmddHHMM (UTC).
std::string tick_slot(int64_t now_ms, int64_t interval_ms);

ExecutionResult execute_orders(ExchangeClient& client, Journal& journal, OrderLedger& ledger,
                               const ExecutionRequest& request, const Sleeper& sleep);

}  // namespace hedgebot::bot
