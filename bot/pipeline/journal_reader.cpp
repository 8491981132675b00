#include "bot/pipeline/journal_reader.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#include "bot/pipeline/tick.hpp"

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

namespace {

// Calls `visit` with every line of the last `max_bytes` of the journal that is a JSON object;
// returns the number of lines that are not.
int for_each_tail_entry(const std::string& path, size_t max_bytes,
                        const std::function<void(const nlohmann::json&)>& visit) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return 0;
  const std::streamoff size = in.tellg();
  const std::streamoff start = size > static_cast<std::streamoff>(max_bytes)
                                   ? size - static_cast<std::streamoff>(max_bytes)
                                   : 0;
  in.seekg(start);
  std::string line;
  if (start > 0) std::getline(in, line);  // a partial first line
  int unreadable = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) {
      ++unreadable;
      continue;
    }
    visit(entry);
  }
  return unreadable;
}

// An error that says the request may have executed (its outcome is not known from the line).
bool error_leaves_outcome_open(const std::string& kind) {
  return kind == "timeout" || kind == "network" || kind == "unknown execution status" ||
         kind == "venue error";
}

}  // namespace

JournalSummary summarize_journal(const std::string& path, size_t keep, size_t max_bytes) {
  JournalSummary summary;
  summary.unreadable_lines = for_each_tail_entry(path, max_bytes, [&](const nlohmann::json& entry) {
    const std::string event = text_field(entry, "event");
    const std::string hedge = text_field(entry, "hedge");
    if (event == "decision") {
      summary.last_decision[hedge] = entry;
      summary.last_tick_ts = text_field(entry, "ts");
      summary.last_tick_run_id = text_field(entry, "run_id");
    } else if (event == "heartbeat") {
      summary.last_heartbeat_outcome = text_field(entry, "outcome");
      if (tick_completed(summary.last_heartbeat_outcome)) {
        summary.last_success_ts = text_field(entry, "ts");
        summary.last_success_tick_time = text_field(entry, "tick_time");
      }
    } else if (event == "error" || event == "refusal" || event == "liquidation") {
      keep_last(summary.recent_problems, entry, keep);
    } else if (event == "order") {
      // An order is journaled before it is sent and again with its outcome: list it once, as
      // it stands last (later fields over earlier ones).
      const std::string id = text_field(entry, "client_order_id");
      std::vector<nlohmann::json>& orders = summary.recent_orders;
      const auto seen = std::find_if(orders.begin(), orders.end(), [&](const nlohmann::json& old) {
        return !id.empty() && text_field(old, "client_order_id") == id;
      });
      if (seen == orders.end()) {
        keep_last(orders, entry, keep);
        return;
      }
      nlohmann::json merged = std::move(*seen);
      merged.update(entry);
      orders.erase(seen);
      keep_last(orders, merged, keep);
    }
  });
  return summary;
}

std::vector<PendingOrder> orders_without_outcome(const std::string& path, size_t max_bytes) {
  std::vector<PendingOrder> open;
  const auto close = [&open](const std::string& id) {
    std::erase_if(open, [&](const PendingOrder& order) { return order.client_order_id == id; });
  };
  (void)for_each_tail_entry(path, max_bytes, [&](const nlohmann::json& entry) {
    const std::string id = text_field(entry, "client_order_id");
    if (id.empty()) return;
    const std::string event = text_field(entry, "event");
    const std::string status = text_field(entry, "status");
    if (event == "order" && (status == "SENDING" || status == "UNKNOWN")) {
      close(id);
      open.push_back({id, text_field(entry, "hedge"), text_field(entry, "symbol"), 0, 0});
    } else if (event == "order" || event == "fill" || event == "reconciled" ||
               (event == "error" && !error_leaves_outcome_open(text_field(entry, "kind")))) {
      close(id);
    }
  });
  return open;
}

TransferBook transfers_from_journal(const std::string& path, size_t max_bytes) {
  TransferBook book;
  (void)for_each_tail_entry(path, max_bytes, [&](const nlohmann::json& entry) {
    if (text_field(entry, "event") != "transfer") return;
    TransferEntry transfer = transfer_from_fields(entry);
    if (!transfer.rule.empty() && !transfer.slot.empty()) book.record(transfer);
  });
  return book;
}

}  // namespace hedgebot::bot
