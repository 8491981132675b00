#pragma once
// Reads back the tail of journal.jsonl for `status`: the last decision per hedge, recent
// errors and refusals, and when the last successful tick happened.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

}  // namespace hedgebot::bot
