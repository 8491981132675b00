#pragma once
// The transfers this bot asked for, as the journal records them: one entry per rule and tick
// slot, the latest line winning. A transfer carries no client id, so this book is what keeps a
// rule from moving money twice in one slot and what the daily cap counts (with the venue's
// history beside it).
//
// Journal lines (event "transfer"): {"rule", "slot", "asset", "amount", "direction", "value",
// "status", "id", "sent_ms", "deadline_ms", "reason"}. `status` is SENDING (the intent,
// written before the request leaves), UNKNOWN (the answer was lost and the venue's history
// did not show it yet; `deadline_ms` is when the request expires), FOUND (found in the venue's
// history after a lost answer), NOT_FOUND (not in the history after its deadline: never done),
// FAILED (the venue refused it: nothing moved), or the venue's own word for a done transfer
// (CONFIRMED).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exchange/model.hpp"

namespace hedgebot::bot {

struct TransferEntry {
  std::string rule;
  std::string slot;  // the tick slot that asked for it
  std::string asset;
  double amount = 0.0;
  TransferDirection direction = TransferDirection::ToFutures;
  double value = 0.0;  // in the quote asset, at the tick that asked for it
  std::string status;
  std::string id;  // the venue's transfer id, once known
  int64_t sent_ms = 0;
  int64_t deadline_ms = 0;  // UNKNOWN: venue time after which the request cannot execute

  // The money moved (a confirmed transfer, or one found in the history).
  bool done() const;
  // The money may have moved: done, or sent with its outcome not known yet.
  bool maybe_done() const;
};

class TransferBook {
 public:
  // The entry of `rule` in `slot`, or null.
  const TransferEntry* find(const std::string& rule, const std::string& slot) const;
  // Adds the entry, replacing the one of the same rule and slot.
  void record(const TransferEntry& entry);
  // True when an entry carries this venue transfer id.
  bool knows_id(const std::string& id) const;
  // What transfers that may have moved money since `since_ms` are worth, in the quote asset.
  double value_since(int64_t since_ms) const;
  const std::vector<TransferEntry>& entries() const { return entries_; }

 private:
  std::vector<TransferEntry> entries_;
};

std::string direction_text(TransferDirection direction);  // "to_futures" | "to_spot"

// The journal fields of an entry, and the entry of a journal line (nullopt-like: an entry with
// an empty rule when the line is not a transfer line).
nlohmann::json transfer_fields(const TransferEntry& entry, const std::string& reason);
TransferEntry transfer_from_fields(const nlohmann::json& fields);

}  // namespace hedgebot::bot
