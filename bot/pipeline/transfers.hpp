#pragma once
// Transfer rules at work: the rule engine asks for money to move between the spot and the
// futures wallet (Decision::transfers); this step checks each request and sends it.
//
//  - At most one transfer per rule and tick slot: a rule that fired for several hedges sends
//    once, and a re-run of a slot whose transfer is done sends nothing.
//  - The intent is journaled (SENDING) before the request leaves. A transfer has no client id,
//    so a lost answer (or a run that died with the request in flight) is settled by looking in
//    the venue's transfer history for one of the same direction, asset and amount at or after
//    the intent's time that no other journaled transfer claims. Not found: nothing is sent until
//    the request's validity window has closed (request_window.hpp, as for orders); then it never
//    executed and the rule may send again.
//  - Refused (exit 4, by name): the kill switch, a venue that takes no orders, an asset that
//    cannot be valued in the quote asset, a transfer that would take the last 24 h past
//    [risk] max_transfer_per_day (journal and venue history both count; never trimmed), a
//    transfer out of spot that would leave the spot wallet below what a hedge counts from it
//    (or that the wallet does not hold), and a venue without separate wallets.

#include <cstdint>
#include <string>
#include <vector>

#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/risk_guard.hpp"
#include "bot/pipeline/transfer_book.hpp"
#include "config/config.hpp"
#include "exchange/exchange_client.hpp"
#include "rules/engine.hpp"

namespace hedgebot::bot {

inline constexpr int64_t kTransferCapWindowMs = 24 * kHourMs;

// One transfer request of this tick and what became of it.
struct TransferReport {
  std::string rule;
  std::string asset;
  double amount = 0.0;
  std::string direction;  // "to_futures" | "to_spot"
  // PLANNED (plan), CONFIRMED (or the venue's word), FOUND, DONE (done earlier in this slot),
  // UNKNOWN, FAILED, REFUSED
  std::string status;
  std::string id;      // the venue's transfer id, when known
  std::string reason;  // why it was refused, failed or not sent
};

struct TransferContext {
  int64_t now_ms = 0;
  std::string slot;
  bool place = false;  // false for `plan`: nothing is sent or journaled
  bool kill_switch = false;
  std::string kill_switch_path;
  std::string orders_closed;  // why the venue takes no orders; "" when it does
};

struct TransferOutcome {
  std::vector<TransferReport> transfers;
  std::vector<Refusal> refusals;  // exit 4
  std::vector<std::string> errors;
  std::vector<std::string> error_kinds;
  int64_t retry_at_ms = 0;  // venue time before which a lost transfer may still execute
};

// Checks and sends the transfers the decisions ask for. `journal` may be null only when
// context.place is false. `book` holds the transfers journaled before (transfers_from_journal)
// and gets this tick's.
TransferOutcome run_transfers(const config::Config& config, ExchangeClient& client,
                              Journal* journal, TransferBook& book, const rules::Snapshot& snapshot,
                              const std::vector<rules::Decision>& decisions,
                              const TransferContext& context);

}  // namespace hedgebot::bot
