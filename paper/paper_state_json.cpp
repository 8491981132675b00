// paper.json: the paper account, versioned. Reading is strict: a missing field, a wrong
// type or an unknown enum value is an error naming the file, so a damaged state is never
// silently replaced by a fresh account.

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>

#include "paper/paper_state.hpp"

namespace hedgebot::paper {
namespace {

using nlohmann::json;

// Thrown inside this file only, turned into an Error by paper_state_from_json().
struct BadState {
  std::string message;
};

// A whole number that fits T. nlohmann's get<T>() truncates 2.5 to 2 and converts 1e30 with
// undefined behaviour, so a damaged count or time would load as a different value.
template <typename T>
T whole(const json& value) {
  bool fits = false;
  if (value.is_number_unsigned()) {
    fits = std::in_range<T>(value.get<uint64_t>());
  } else if (value.is_number_integer()) {
    fits = std::in_range<T>(value.get<int64_t>());
  }
  if (!fits) throw BadState{"expected a whole number in range, found " + value.dump()};
  return static_cast<T>(value.get<int64_t>());
}

template <typename T>
std::map<std::string, T> whole_map(const json& value) {
  if (!value.is_object()) throw BadState{"expected an object, found " + value.dump()};
  std::map<std::string, T> result;
  for (const auto& [key, item] : value.items()) result[key] = whole<T>(item);
  return result;
}

Side side_from(const std::string& text) {
  if (text == "BUY") return Side::Buy;
  if (text == "SELL") return Side::Sell;
  throw BadState{"unknown side '" + text + "'"};
}

OrderType type_from(const std::string& text) {
  if (text == "MARKET") return OrderType::Market;
  if (text == "LIMIT") return OrderType::Limit;
  throw BadState{"unknown order type '" + text + "'"};
}

OrderStatus status_from(const std::string& text) {
  for (OrderStatus status : {OrderStatus::New, OrderStatus::PartiallyFilled, OrderStatus::Filled,
                             OrderStatus::Canceled, OrderStatus::Rejected, OrderStatus::Expired}) {
    if (text == to_string(status)) return status;
  }
  throw BadState{"unknown order status '" + text + "'"};
}

json order_to_json(const PaperOrder& order) {
  const OrderState& state = order.state;
  return json{{"symbol", state.symbol},
              {"client_order_id", state.client_order_id},
              {"venue_order_id", state.venue_order_id},
              {"side", to_string(state.side)},
              {"type", to_string(state.type)},
              {"status", to_string(state.status)},
              {"qty_steps", state.qty_steps},
              {"filled_steps", state.filled_steps},
              {"price_ticks", state.price_ticks},
              {"avg_fill_price", state.avg_fill_price},
              {"fee", state.fee},
              {"realized_pnl", state.realized_pnl},
              {"reduce_only", state.reduce_only},
              {"post_only", order.post_only},
              {"placed_ms", order.placed_ms},
              {"good_till_ms", order.good_till_ms},
              {"update_ms", state.update_ms}};
}

PaperOrder order_from_json(const json& value) {
  PaperOrder order;
  OrderState& state = order.state;
  state.symbol = value.at("symbol").get<std::string>();
  state.client_order_id = value.at("client_order_id").get<std::string>();
  state.venue_order_id = value.at("venue_order_id").get<std::string>();
  state.side = side_from(value.at("side").get<std::string>());
  state.type = type_from(value.at("type").get<std::string>());
  state.status = status_from(value.at("status").get<std::string>());
  state.qty_steps = whole<int64_t>(value.at("qty_steps"));
  state.filled_steps = whole<int64_t>(value.at("filled_steps"));
  state.price_ticks = whole<int64_t>(value.at("price_ticks"));
  state.avg_fill_price = value.at("avg_fill_price").get<double>();
  state.fee = value.at("fee").get<double>();
  // Files written before realized PnL was kept have none: unknown, not 0.
  if (const auto realized = value.find("realized_pnl");
      realized != value.end() && realized->is_number()) {
    state.realized_pnl = realized->get<double>();
  }
  state.reduce_only = value.at("reduce_only").get<bool>();
  order.post_only = value.at("post_only").get<bool>();
  order.placed_ms = whole<int64_t>(value.at("placed_ms"));
  state.update_ms = whole<int64_t>(value.at("update_ms"));
  // Absent in accounts written before limit orders rested in market time: good till canceled.
  if (const auto it = value.find("good_till_ms"); it != value.end()) {
    order.good_till_ms = whole<int64_t>(*it);
  }
  if (state.qty_steps <= 0) throw BadState{"order " + state.client_order_id + " has no quantity"};
  return order;
}

json totals_to_json(const PaperTotals& totals) {
  return json{{"fees_paid", totals.fees_paid},
              {"funding_received", totals.funding_received},
              {"funding_paid", totals.funding_paid},
              {"realized_pnl", totals.realized_pnl},
              {"orders_filled", totals.orders_filled},
              {"liquidations", totals.liquidations},
              {"insurance_covered", totals.insurance_covered}};
}

PaperTotals totals_from_json(const json& value) {
  PaperTotals totals;
  totals.fees_paid = value.at("fees_paid").get<double>();
  totals.funding_received = value.at("funding_received").get<double>();
  totals.funding_paid = value.at("funding_paid").get<double>();
  totals.realized_pnl = value.at("realized_pnl").get<double>();
  totals.orders_filled = whole<int>(value.at("orders_filled"));
  totals.liquidations = whole<int>(value.at("liquidations"));
  // Absent in accounts written before liquidations were floored at a zero wallet.
  if (const auto it = value.find("insurance_covered"); it != value.end()) {
    totals.insurance_covered = it->get<double>();
  }
  return totals;
}

}  // namespace

PaperState fresh_paper_state(const PaperSettings& settings) {
  PaperState state;
  state.wallet_balance = settings.initial_balance;
  state.spot = settings.initial_spot;
  state.futures_assets = settings.initial_futures_assets;
  return state;
}

void trim_order_history(PaperState& state) {
  size_t final_orders = static_cast<size_t>(
      std::count_if(state.orders.begin(), state.orders.end(),
                    [](const PaperOrder& order) { return is_final(order.state.status); }));
  if (final_orders <= kOrderHistoryLimit) return;
  size_t to_drop = final_orders - kOrderHistoryLimit;
  std::erase_if(state.orders, [&to_drop](const PaperOrder& order) {
    if (to_drop == 0 || !is_final(order.state.status)) return false;
    --to_drop;
    return true;
  });
}

std::string paper_state_to_json(const PaperState& state) {
  json positions = json::array();
  for (const auto& [symbol, position] : state.positions) {
    positions.push_back(json{{"symbol", symbol},
                             {"qty_steps", position.qty_steps},
                             {"entry_price", position.entry_price}});
  }
  json orders = json::array();
  for (const PaperOrder& order : state.orders) orders.push_back(order_to_json(order));
  json transfers = json::array();
  for (const TransferRecord& transfer : state.transfers) {
    transfers.push_back(
        json{{"asset", transfer.asset},
             {"amount", transfer.amount},
             {"direction",
              transfer.direction == TransferDirection::ToFutures ? "to_futures" : "to_spot"},
             {"status", transfer.status},
             {"id", transfer.id},
             {"time_ms", transfer.time_ms}});
  }
  const json document{
      {"version", kPaperStateVersion},
      {"now_ms", state.now_ms ? json(*state.now_ms) : json(nullptr)},
      {"wallet_balance", state.wallet_balance},
      {"positions", positions},
      {"leverage", state.leverage},
      {"orders", orders},
      {"totals", totals_to_json(state.totals)},
      {"spot", state.spot},
      {"futures_assets", state.futures_assets},
      {"last_funding_ms", state.last_funding_ms},
      {"next_order_id", state.next_order_id},
      {"transfers", transfers},
      {"next_transfer_id", state.next_transfer_id},
  };
  return document.dump(2) + "\n";
}

Result<PaperState> paper_state_from_json(std::string_view text, const std::string& source) {
  auto fail = [&source](const std::string& message) {
    return make_error(ErrorKind::InvalidInput,
                      source + ": not a valid paper account (" + message +
                          "); fix or move the file away to start a fresh account");
  };
  try {
    const json document = json::parse(text);
    if (!document.is_object()) return fail("the top level is not an object");
    const int version = whole<int>(document.at("version"));
    if (version != kPaperStateVersion) {
      return fail("version " + std::to_string(version) + ", this build reads version " +
                  std::to_string(kPaperStateVersion));
    }
    PaperState state;
    if (!document.at("now_ms").is_null()) state.now_ms = whole<int64_t>(document.at("now_ms"));
    state.wallet_balance = document.at("wallet_balance").get<double>();
    for (const json& position : document.at("positions")) {
      HeldPosition held;
      held.qty_steps = whole<int64_t>(position.at("qty_steps"));
      held.entry_price = position.at("entry_price").get<double>();
      if (held.qty_steps != 0) state.positions[position.at("symbol").get<std::string>()] = held;
    }
    state.leverage = whole_map<int>(document.at("leverage"));
    for (const json& order : document.at("orders")) state.orders.push_back(order_from_json(order));
    state.totals = totals_from_json(document.at("totals"));
    state.spot = document.at("spot").get<std::map<std::string, double>>();
    // Futures-wallet coins came later: a file written before them has none.
    if (const auto found = document.find("futures_assets"); found != document.end())
      state.futures_assets = found->get<std::map<std::string, double>>();
    state.last_funding_ms = whole_map<int64_t>(document.at("last_funding_ms"));
    state.next_order_id = whole<int64_t>(document.at("next_order_id"));
    // Transfers came later: a file written before them has none.
    if (const auto found = document.find("transfers"); found != document.end()) {
      for (const json& transfer : *found) {
        TransferRecord record;
        record.asset = transfer.at("asset").get<std::string>();
        record.amount = transfer.at("amount").get<double>();
        const std::string direction = transfer.at("direction").get<std::string>();
        if (direction != "to_futures" && direction != "to_spot")
          throw BadState{"transfer direction \"" + direction + "\""};
        record.direction =
            direction == "to_futures" ? TransferDirection::ToFutures : TransferDirection::ToSpot;
        record.status = transfer.at("status").get<std::string>();
        record.id = transfer.at("id").get<std::string>();
        record.time_ms = whole<int64_t>(transfer.at("time_ms"));
        state.transfers.push_back(record);
      }
    }
    if (const auto found = document.find("next_transfer_id"); found != document.end())
      state.next_transfer_id = whole<int64_t>(*found);
    return state;
  } catch (const json::exception& error) {
    return fail(error.what());
  } catch (const BadState& error) {
    return fail(error.message);
  }
}

}  // namespace hedgebot::paper
