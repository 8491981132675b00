#include "bot/journal_reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace hedgebot::bot {
namespace {

void keep_last(std::vector<nlohmann::json>& list, const nlohmann::json& entry, size_t keep) {
  list.push_back(entry);
  if (list.size() > keep) list.erase(list.begin());
}

}  // namespace

std::string text_field(const nlohmann::json& entry, const char* key) {
  const auto found = entry.find(key);
  return found != entry.end() && found->is_string() ? found->get<std::string>() : std::string();
}

double number_field(const nlohmann::json& entry, const char* key, double fallback) {
  const auto found = entry.find(key);
  return found != entry.end() && found->is_number() ? found->get<double>() : fallback;
}

JournalSummary summarize_journal(const std::string& path, size_t keep, size_t max_bytes) {
  JournalSummary summary;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return summary;
  const std::streamoff size = in.tellg();
  const std::streamoff start = size > static_cast<std::streamoff>(max_bytes)
                                   ? size - static_cast<std::streamoff>(max_bytes)
                                   : 0;
  in.seekg(start);
  std::string line;
  if (start > 0) std::getline(in, line);  // a partial first line
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) {
      ++summary.unreadable_lines;
      continue;
    }
    const std::string event = text_field(entry, "event");
    const std::string hedge = text_field(entry, "hedge");
    if (event == "decision") {
      summary.last_decision[hedge] = entry;
      summary.last_tick_ts = text_field(entry, "ts");
      summary.last_tick_run_id = text_field(entry, "run_id");
    } else if (event == "heartbeat") {
      summary.last_heartbeat_outcome = text_field(entry, "outcome");
      if (summary.last_heartbeat_outcome == "ok" || summary.last_heartbeat_outcome == "refused") {
        summary.last_success_ts = text_field(entry, "ts");
        summary.last_success_tick_time = text_field(entry, "tick_time");
      }
    } else if (event == "error" || event == "refusal") {
      keep_last(summary.recent_problems, entry, keep);
    } else if (event == "order") {
      // An order is journaled before it is sent and again with its outcome: list it once, as
      // it stands last (later fields over earlier ones).
      const std::string id = text_field(entry, "client_order_id");
      std::vector<nlohmann::json>& orders = summary.recent_orders;
      const auto seen = std::find_if(orders.begin(), orders.end(), [&](const nlohmann::json& old) {
        return !id.empty() && text_field(old, "client_order_id") == id;
      });
      if (seen != orders.end()) {
        nlohmann::json merged = std::move(*seen);
        merged.update(entry);
        orders.erase(seen);
        entry = std::move(merged);
      }
      keep_last(orders, entry, keep);
    }
  }
  return summary;
}

}  // namespace hedgebot::bot
