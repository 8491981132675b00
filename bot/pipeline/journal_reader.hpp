#pragma once
// Reads back the tail of journal.jsonl: for `status`, the last decision per hedge, recent
// errors and refusals, and when the last successful tick happened; before a tick trades, the
// orders journaled as SENDING whose outcome never made it to the journal.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/pipeline/order_ledger.hpp"
#include "bot/pipeline/transfer_book.hpp"

namespace hedgebot::bot {

struct JournalSummary {
  std::map<std::string, nlohmann::json> last_decision;  // hedge -> its last decision entry
  std::vector<nlohmann::json> recent_problems;          // last errors and refusals, oldest first
  std::vector<nlohmann::json> recent_orders;            // last orders, oldest first
  std::string last_tick_ts;                             // ts of the last decision, "" when none
  std::string last_tick_run_id;
  std::string last_success_ts;         // wall time of the newest ok/refused heartbeat
  std::string last_success_tick_time;  // the tick time that heartbeat names
  std::string last_heartbeat_outcome;  // outcome of the newest heartbeat
  int unreadable_lines = 0;
};

// A field of a journal line, or the fallback when it is missing or of another type: a damaged
// line must not stop `status`.
std::string text_field(const nlohmann::json& entry, const char* key);
double number_field(const nlohmann::json& entry, const char* key, double fallback);

// Reads at most the last `max_bytes` of the journal. A missing journal gives an empty summary.
JournalSummary summarize_journal(const std::string& path, size_t keep = 10,
                                 size_t max_bytes = 4 << 20);

// Orders of the last `max_bytes` of the journal announced (SENDING) or left UNKNOWN with no
// later line giving their outcome (an order line with another status, a fill, a `reconciled`
// line, or an error that says the request was refused). Their deadlines are 0 (not known).
std::vector<PendingOrder> orders_without_outcome(const std::string& path,
                                                 size_t max_bytes = 1 << 20);

// The transfers journaled in the last `max_bytes` of the journal (the latest line of each rule
// and tick slot), for the next tick's transfer rules and daily cap.
TransferBook transfers_from_journal(const std::string& path, size_t max_bytes = 4 << 20);

}  // namespace hedgebot::bot
