#include "bot/pipeline/transfer_book.hpp"

#include <algorithm>

#include "bot/pipeline/journal_reader.hpp"

namespace hedgebot::bot {

bool TransferEntry::done() const {
  return !status.empty() && status != "SENDING" && status != "UNKNOWN" && status != "NOT_FOUND" &&
         status != "FAILED";
}

bool TransferEntry::maybe_done() const {
  return done() || status == "SENDING" || status == "UNKNOWN";
}

const TransferEntry* TransferBook::find(const std::string& rule, const std::string& slot) const {
  for (const TransferEntry& entry : entries_) {
    if (entry.rule == rule && entry.slot == slot) return &entry;
  }
  return nullptr;
}

void TransferBook::record(const TransferEntry& entry) {
  for (TransferEntry& known : entries_) {
    if (known.rule == entry.rule && known.slot == entry.slot) {
      known = entry;
      return;
    }
  }
  entries_.push_back(entry);
}

bool TransferBook::knows_id(const std::string& id) const {
  return !id.empty() && std::any_of(entries_.begin(), entries_.end(),
                                    [&](const TransferEntry& entry) { return entry.id == id; });
}

double TransferBook::value_since(int64_t since_ms) const {
  double total = 0.0;
  for (const TransferEntry& entry : entries_) {
    if (entry.sent_ms >= since_ms && entry.maybe_done()) total += entry.value;
  }
  return total;
}

std::string direction_text(TransferDirection direction) {
  return direction == TransferDirection::ToFutures ? "to_futures" : "to_spot";
}

nlohmann::json transfer_fields(const TransferEntry& entry, const std::string& reason) {
  nlohmann::json fields = {{"rule", entry.rule},
                           {"slot", entry.slot},
                           {"asset", entry.asset},
                           {"amount", entry.amount},
                           {"direction", direction_text(entry.direction)},
                           {"value", entry.value},
                           {"status", entry.status},
                           {"id", entry.id},
                           {"sent_ms", entry.sent_ms}};
  if (entry.deadline_ms > 0) fields["deadline_ms"] = entry.deadline_ms;
  if (!reason.empty()) fields["reason"] = reason;
  return fields;
}

TransferEntry transfer_from_fields(const nlohmann::json& fields) {
  TransferEntry entry;
  entry.rule = text_field(fields, "rule");
  entry.slot = text_field(fields, "slot");
  entry.asset = text_field(fields, "asset");
  entry.amount = number_field(fields, "amount", 0.0);
  entry.direction = text_field(fields, "direction") == "to_spot" ? TransferDirection::ToSpot
                                                                 : TransferDirection::ToFutures;
  entry.value = number_field(fields, "value", entry.amount);
  entry.status = text_field(fields, "status");
  entry.id = text_field(fields, "id");
  entry.sent_ms = static_cast<int64_t>(number_field(fields, "sent_ms", 0.0));
  entry.deadline_ms = static_cast<int64_t>(number_field(fields, "deadline_ms", 0.0));
  return entry;
}

}  // namespace hedgebot::bot
