#pragma once
// orders.json in the state directory: which client order ids this state directory has sent in
// the current tick slot, and every order whose outcome is not known yet.
//
// Two promises rest on it:
// - An order whose fate became unknown (a timeout, a dropped connection, a process killed while
//   the request was in flight) blocks its hedge until the venue can no longer execute it (the
//   deadline: the venue time after which the signed request has expired) and a look-up after
//   that moment says it does not exist. The entry is written before the request leaves, so a
//   kill -9 cannot forget it.
// - An `hb-` order for this hedge and slot that is not in `sent` was placed by someone else: a
//   second bot on the same account.
// With no path (replay) the ledger lives in memory only.

#include <cstdint>
#include <string>
#include <vector>

#include "exchange/result.hpp"

namespace hedgebot::bot {

struct PendingOrder {
  std::string client_order_id;
  std::string hedge;
  std::string symbol;
  int64_t sent_ms = 0;  // the tick's time when it was sent (for the messages)
  // Venue time after which the request can no longer execute; 0 while the request may still be
  // in flight in a live process (fixed by the next run that finds the entry).
  int64_t deadline_ms = 0;
};

class OrderLedger {
 public:
  // Reads `path` (a missing file is an empty ledger) and forgets the ids sent in other slots
  // than `slot`. An empty path keeps the ledger in memory only.
  static Result<OrderLedger> load(const std::string& path, const std::string& slot);

  // Forgets the ids sent in another slot (a ledger kept across ticks, as replay does).
  void start_slot(const std::string& slot);

  bool was_sent(const std::string& client_order_id) const;
  const std::vector<PendingOrder>& pending() const { return pending_; }
  bool is_pending(const std::string& client_order_id) const;

  // Before a request leaves: the id is sent and its outcome unknown until resolved(). Saved to
  // disk before it returns; on failure nothing may be sent.
  Status will_send(const PendingOrder& order);
  // An order found in the journal without an outcome (a run that died mid-write).
  Status add_pending(const PendingOrder& order);
  // The outcome is known (the venue answered, or the order certainly never existed).
  Status resolved(const std::string& client_order_id);
  Status set_deadline(const std::string& client_order_id, int64_t deadline_ms);

  const std::string& path() const { return path_; }

 private:
  Status save() const;

  std::string path_;
  std::string slot_;
  std::vector<std::string> sent_;
  std::vector<PendingOrder> pending_;
};

}  // namespace hedgebot::bot
