#include "bot/pipeline/order_ledger.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "storage/atomic_file.hpp"

namespace hedgebot::bot {
namespace {

constexpr int kVersion = 1;

nlohmann::ordered_json to_json(const PendingOrder& order) {
  return {{"client_order_id", order.client_order_id},
          {"hedge", order.hedge},
          {"symbol", order.symbol},
          {"sent_ms", order.sent_ms},
          {"deadline_ms", order.deadline_ms}};
}

PendingOrder pending_from_json(const nlohmann::json& value) {
  PendingOrder order;
  order.client_order_id = value.at("client_order_id").get<std::string>();
  order.hedge = value.at("hedge").get<std::string>();
  order.symbol = value.at("symbol").get<std::string>();
  order.sent_ms = value.at("sent_ms").get<int64_t>();
  order.deadline_ms = value.at("deadline_ms").get<int64_t>();
  return order;
}

}  // namespace

Result<OrderLedger> OrderLedger::load(const std::string& path, const std::string& slot) {
  OrderLedger ledger;
  ledger.path_ = path;
  ledger.slot_ = slot;
  if (path.empty()) return ledger;
  Result<std::string> text = paper::read_small_file(path);
  if (!text) {
    if (text.error().kind == ErrorKind::NotFound) return ledger;
    return text.error();
  }
  try {
    const nlohmann::json root = nlohmann::json::parse(*text);
    if (root.at("version").get<int>() != kVersion) {
      return make_error(ErrorKind::InvalidInput,
                        path + ": unsupported order ledger version " + root.at("version").dump());
    }
    if (root.at("slot").get<std::string>() == slot) {
      ledger.sent_ = root.at("sent").get<std::vector<std::string>>();
    }
    for (const nlohmann::json& entry : root.at("pending")) {
      ledger.pending_.push_back(pending_from_json(entry));
    }
  } catch (const nlohmann::json::exception& error) {
    // Never guess: an unreadable ledger may hide an order in flight.
    return make_error(ErrorKind::InvalidInput,
                      path + " is not a valid order ledger (" + error.what() +
                          "); it lists orders whose outcome is unknown: check the venue's open "
                          "orders and recent trades, then move the file away");
  }
  return ledger;
}

void OrderLedger::start_slot(const std::string& slot) {
  if (slot == slot_) return;
  slot_ = slot;
  sent_.clear();
}

bool OrderLedger::was_sent(const std::string& client_order_id) const {
  return std::find(sent_.begin(), sent_.end(), client_order_id) != sent_.end();
}

bool OrderLedger::is_pending(const std::string& client_order_id) const {
  return std::any_of(pending_.begin(), pending_.end(), [&](const PendingOrder& order) {
    return order.client_order_id == client_order_id;
  });
}

Status OrderLedger::will_send(const PendingOrder& order) {
  if (!was_sent(order.client_order_id)) sent_.push_back(order.client_order_id);
  return add_pending(order);
}

Status OrderLedger::add_pending(const PendingOrder& order) {
  if (!is_pending(order.client_order_id)) pending_.push_back(order);
  return save();
}

Status OrderLedger::resolved(const std::string& client_order_id) {
  const auto erased = std::erase_if(pending_, [&](const PendingOrder& order) {
    return order.client_order_id == client_order_id;
  });
  return erased > 0 ? save() : ok_status();
}

Status OrderLedger::set_deadline(const std::string& client_order_id, int64_t deadline_ms) {
  for (PendingOrder& order : pending_) {
    if (order.client_order_id == client_order_id) order.deadline_ms = deadline_ms;
  }
  return save();
}

Status OrderLedger::save() const {
  if (path_.empty()) return ok_status();
  nlohmann::ordered_json root;
  root["version"] = kVersion;
  root["slot"] = slot_;
  root["sent"] = sent_;
  root["pending"] = nlohmann::ordered_json::array();
  for (const PendingOrder& order : pending_) root["pending"].push_back(to_json(order));
  return paper::write_file_atomically(path_, root.dump(1) + "\n");
}

}  // namespace hedgebot::bot
