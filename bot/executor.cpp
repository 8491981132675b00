#include "bot/executor.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

namespace hedgebot::bot {
namespace {

constexpr int kMaxAttempts = 5;
constexpr int64_t kPollMs = 1000;

std::string sanitize(const std::string& text, size_t max_length) {
  std::string clean;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) clean += c;
    if (clean.size() == max_length) break;
  }
  return clean.empty() ? "X" : clean;
}

nlohmann::json order_fields(const Instrument& instrument, const OrderRequest& order,
                            const std::string& reason, const std::string& leg) {
  return {
      {"symbol", order.symbol},
      {"side", to_string(order.side)},
      {"type", to_string(order.type)},
      {"qty", instrument.format_qty(order.qty_steps)},
      {"price", order.type == OrderType::Limit ? instrument.format_price(order.price_ticks) : ""},
      {"reduce_only", order.reduce_only},
      {"client_order_id", order.client_order_id},
      {"leg", leg},
      {"reason", reason}};
}

class LegRunner {
 public:
  LegRunner(ExchangeClient& client, Journal& journal, const ExecutionRequest& request,
            const Sleeper& sleep, ExecutionResult& result)
      : client_(client), journal_(journal), request_(request), sleep_(sleep), result_(result) {}

  // Returns false when the hedge must stop (an error, or an unknown outcome).
  bool run(int leg_index, const PlannedOrder& leg) {
    int attempt = 0;
    int64_t remaining = leg.qty_steps;
    bool use_limit = request_.style == config::OrderStyle::Limit;
    while (remaining > 0) {
      // Find an unused client id for this leg in this tick; an id already used with fills
      // means this leg was sent by an earlier run of the same tick.
      std::string id;
      for (; attempt < kMaxAttempts; ++attempt) {
        id = client_order_id(request_.hedge, request_.tick_slot, leg.leg, leg_index, attempt);
        Result<std::optional<OrderState>> existing =
            client_.query_order(request_.instrument.symbol, id);
        if (!existing) {
          return fail(leg, id,
                      "cannot check whether " + id + " exists: " + existing.error().describe(),
                      existing.error().kind);
        }
        if (!existing->has_value()) break;
        const OrderState& state = existing->value();
        if (state.filled_steps > 0 || !is_final(state.status)) {
          report(leg, state, "ALREADY_SENT");
          (void)journal_.append(
              request_.now_ms, "order", request_.hedge,
              {{"client_order_id", id},
               {"status", "ALREADY_SENT"},
               {"reason", "an order with this id was sent earlier in this tick; not sent again"}});
          return false;
        }
      }
      if (attempt >= kMaxAttempts)
        return fail(leg, id, "no free client order id left for this tick", ErrorKind::Internal);
      ++attempt;

      OrderRequest order;
      order.symbol = request_.instrument.symbol;
      order.side = leg.side;
      order.qty_steps = remaining;
      order.reduce_only = leg.reduce_only;
      order.client_order_id = id;
      if (use_limit) {
        // A limit price needs a usable touch: NaN, infinity, <= 0 or a price beyond whole ticks
        // would throw in price_to_ticks() after the id was chosen; refuse the leg instead.
        if (request_.mark_price <= 0.0 ||
            !request_.instrument.checked_price_to_ticks(request_.mark_price, PriceRounding::Up)) {
          return fail(leg, id,
                      "no limit price: the mark price is not a usable positive number; nothing "
                      "sent",
                      ErrorKind::InvalidInput);
        }
        order.type = OrderType::Limit;
        order.post_only = true;
        order.price_ticks = request_.instrument.price_to_ticks(
            request_.mark_price, leg.side == Side::Buy ? PriceRounding::Down : PriceRounding::Up);
      }
      std::optional<OrderState> state = send(order, leg);
      if (!state) return false;
      if (use_limit && !is_final(state->status)) state = wait_for_limit(*state, leg);
      if (!state) return false;
      remaining -= state->filled_steps;
      if (state->filled_steps > 0) result_.traded = true;
      if (remaining > 0 && !use_limit) {
        // A market order that did not fill completely: do not chase it within this tick.
        return fail(leg, id,
                    "market order " + id + " ended " + to_string(state->status) + " with " +
                        request_.instrument.format_qty(remaining) + " unfilled",
                    ErrorKind::Rejected);
      }
      use_limit = false;  // what a limit order left unfilled goes to the market
    }
    return true;
  }

 private:
  std::optional<OrderState> send(const OrderRequest& order, const PlannedOrder& leg) {
    // The journal says what is about to happen before it happens; no entry, no order.
    nlohmann::json announce = order_fields(request_.instrument, order, request_.reason, leg.leg);
    announce["status"] = "SENDING";
    if (const Status written = journal_.append(request_.now_ms, "order", request_.hedge, announce);
        !written) {
      fail(leg, order.client_order_id, "order not sent: " + written.error().describe(),
           written.error().kind);
      return std::nullopt;
    }
    Result<OrderState> placed = client_.place_order(order);
    if (!placed) {
      const ErrorKind kind = placed.error().kind;
      if (kind == ErrorKind::Timeout || kind == ErrorKind::Network ||
          kind == ErrorKind::UnknownStatus || kind == ErrorKind::VenueError) {
        // The order may exist: ask before doing anything else.
        Result<std::optional<OrderState>> found =
            client_.query_order(order.symbol, order.client_order_id);
        if (found && found->has_value()) {
          record(order, leg, found->value());
          return found->value();
        }
        const std::string outcome =
            found ? "the venue has no such order now: it is not sent again in this run; the "
                    "next run asks for it by id first"
                  : "its status is unknown (" + found.error().describe() + ")";
        fail(leg, order.client_order_id, placed.error().describe() + "; " + outcome,
             found ? kind : ErrorKind::UnknownStatus);
        return std::nullopt;
      }
      fail(leg, order.client_order_id, placed.error().describe(), kind);
      return std::nullopt;
    }
    record(order, leg, *placed);
    return *placed;
  }

  std::optional<OrderState> wait_for_limit(OrderState state, const PlannedOrder& leg) {
    int64_t waited = 0;
    while (!is_final(state.status) && waited < request_.limit_timeout_ms) {
      sleep_(kPollMs);
      waited += kPollMs;
      Result<std::optional<OrderState>> now =
          client_.query_order(state.symbol, state.client_order_id);
      if (now && now->has_value()) state = now->value();
    }
    if (is_final(state.status)) return state;
    Result<OrderState> canceled = client_.cancel_order(state.symbol, state.client_order_id);
    if (!canceled) {
      fail(leg, state.client_order_id,
           "cannot cancel unfilled limit order: " + canceled.error().describe(),
           canceled.error().kind);
      return std::nullopt;
    }
    (void)journal_.append(
        request_.now_ms, "order", request_.hedge,
        {{"client_order_id", state.client_order_id},
         {"status", to_string(canceled->status)},
         {"filled", request_.instrument.format_qty(canceled->filled_steps)},
         {"reason", "limit order not filled within " + format_duration(request_.limit_timeout_ms) +
                        ": canceled, the rest goes to the market"}});
    return *canceled;
  }

  void record(const OrderRequest& order, const PlannedOrder& leg, const OrderState& state) {
    nlohmann::json fields = order_fields(request_.instrument, order, request_.reason, leg.leg);
    fields["status"] = to_string(state.status);
    fields["venue_order_id"] = state.venue_order_id;
    (void)journal_.append(request_.now_ms, "order", request_.hedge, fields);
    if (state.filled_steps > 0) {
      (void)journal_.append(request_.now_ms, "fill", request_.hedge,
                            {{"symbol", order.symbol},
                             {"side", to_string(order.side)},
                             {"qty", request_.instrument.format_qty(state.filled_steps)},
                             {"price", state.avg_fill_price},
                             {"fee", state.fee},
                             {"client_order_id", order.client_order_id}});
    }
    report(leg, state, to_string(state.status));
  }

  void report(const PlannedOrder& leg, const OrderState& state, const std::string& status) {
    OrderReport entry;
    entry.hedge = request_.hedge;
    entry.symbol = request_.instrument.symbol;
    entry.side = to_string(leg.side);
    entry.qty = request_.instrument.format_qty(state.qty_steps);
    entry.price =
        state.type == OrderType::Limit ? request_.instrument.format_price(state.price_ticks) : "";
    if (state.avg_fill_price > 0.0 && entry.price.empty()) {
      entry.price = request_.instrument.format_price(
          request_.instrument.price_to_ticks(state.avg_fill_price, PriceRounding::Nearest));
    }
    entry.reduce_only = leg.reduce_only;
    entry.client_order_id = state.client_order_id;
    entry.status = status;
    entry.leg = leg.leg;
    entry.filled_steps = state.filled_steps;
    result_.orders.push_back(entry);
  }

  bool fail(const PlannedOrder& leg, const std::string& id, const std::string& message,
            ErrorKind kind) {
    result_.failed = true;
    OrderReport entry;
    entry.hedge = request_.hedge;
    entry.symbol = request_.instrument.symbol;
    entry.side = to_string(leg.side);
    entry.qty = request_.instrument.format_qty(leg.qty_steps);
    entry.reduce_only = leg.reduce_only;
    entry.client_order_id = id;
    entry.status = "ERROR";
    entry.leg = leg.leg;
    entry.error = message;
    result_.orders.push_back(entry);
    (void)journal_.append(request_.now_ms, "error", request_.hedge,
                          {{"symbol", entry.symbol},
                           {"client_order_id", id},
                           {"kind", to_string(kind)},
                           {"message", message}});
    return false;
  }

  ExchangeClient& client_;
  Journal& journal_;
  const ExecutionRequest& request_;
  const Sleeper& sleep_;
  ExecutionResult& result_;
};

}  // namespace

std::string client_order_id(const std::string& hedge, const std::string& slot,
                            const std::string& leg_kind, int leg, int attempt) {
  const char kind = leg_kind.empty() ? 'x' : leg_kind[0];
  return "hb-" + sanitize(hedge, 10) + "-" + sanitize(slot, 14) + "-" + kind +
         std::to_string(leg % 10) + static_cast<char>('a' + attempt % 26);
}

std::string tick_slot(int64_t now_ms, int64_t interval_ms) {
  const int64_t start =
      interval_ms > 0 ? now_ms - ((now_ms % interval_ms) + interval_ms) % interval_ms : now_ms;
  const std::string iso = format_iso8601(start);  // 2026-05-17T07:00:00Z
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + iso.substr(11, 2) +
         iso.substr(14, 2);
}

ExecutionResult execute_orders(ExchangeClient& client, Journal& journal,
                               const ExecutionRequest& request, const Sleeper& sleep) {
  ExecutionResult result;
  for (size_t i = 0; i < request.orders.size(); ++i) {
    LegRunner runner(client, journal, request, sleep, result);
    // A leg that fails stops the hedge: never open after a close that did not happen.
    if (!runner.run(static_cast<int>(i), request.orders[i])) break;
  }
  return result;
}

}  // namespace hedgebot::bot
