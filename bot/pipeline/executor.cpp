#include "bot/pipeline/executor.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "bot/pipeline/quantity_json.hpp"
#include "bot/pipeline/request_window.hpp"

namespace hedgebot::bot {
namespace {

constexpr int kMaxAttempts = 26;  // one letter a..z per attempt
constexpr int64_t kPollMs = 1000;

std::string sanitize(const std::string& text, size_t max_length) {
  std::string clean;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) clean += c;
    if (clean.size() == max_length) break;
  }
  return clean.empty() ? "X" : clean;
}

// A failed request that may nevertheless have reached the matching engine.
bool may_have_executed(ErrorKind kind) {
  return kind == ErrorKind::Timeout || kind == ErrorKind::Network ||
         kind == ErrorKind::UnknownStatus || kind == ErrorKind::VenueError;
}

nlohmann::json order_fields(const Instrument& instrument, const OrderRequest& order,
                            const std::string& reason, const std::string& leg) {
  nlohmann::json fields = {
      {"symbol", order.symbol},
      {"side", to_string(order.side)},
      {"type", to_string(order.type)},
      {"price", order.type == OrderType::Limit ? instrument.format_price(order.price_ticks) : ""},
      {"reduce_only", order.reduce_only},
      {"client_order_id", order.client_order_id},
      {"leg", leg},
      {"reason", reason}};
  put_qty_text(fields, "qty", "contracts", instrument, order.qty_steps);
  return fields;
}

class LegRunner {
 public:
  LegRunner(ExchangeClient& client, Journal& journal, OrderLedger& ledger,
            const ExecutionRequest& request, const Sleeper& sleep, ExecutionResult& result,
            int64_t& waited_ms)
      : client_(client),
        journal_(journal),
        ledger_(ledger),
        request_(request),
        sleep_(sleep),
        result_(result),
        waited_ms_(waited_ms) {}

  // Returns false when the hedge must stop (an error, an unknown outcome, another bot).
  bool run(int leg_index, const PlannedOrder& leg) {
    int attempt = 0;
    int64_t remaining = leg.qty_steps;
    bool use_limit = request_.style == config::OrderStyle::Limit;
    int reprices_left = 1;
    while (remaining > 0) {
      // The next id this state directory has not used in this slot. Ids it used are final by
      // now (open ones were canceled and unknown ones resolved before planning), so a new
      // target in the same slot gets a new id instead of being mistaken for a resend.
      std::string id;
      for (; attempt < kMaxAttempts; ++attempt) {
        id = client_order_id(request_.hedge, request_.tick_slot, leg.leg, leg_index, attempt);
        if (!ledger_.was_sent(id)) break;
      }
      if (attempt >= kMaxAttempts) {
        return fail(leg, id,
                    "no free client order id left for this leg in tick slot " + request_.tick_slot +
                        " (" + std::to_string(kMaxAttempts) +
                        " orders already sent): the next slot trades again",
                    ErrorKind::Internal);
      }
      // The id must be one the venue accepts (its alphabet and length): an id it would refuse
      // or rewrite could never be looked up again, so nothing is sent.
      if (!client_.limits().accepts_client_order_id(id)) {
        return fail(leg, id,
                    "client order id " + id + " does not fit the rules of " + client_.name() +
                        " (at most " + std::to_string(client_.limits().max_client_order_id) +
                        " letters, digits or '" + client_.limits().client_order_id_symbols +
                        "'); nothing sent",
                    ErrorKind::Config);
      }
      // The venue must not know the id: an hb- order for this hedge and slot that this state
      // directory did not send was placed by another bot on the same account.
      Result<std::optional<OrderState>> existing =
          client_.query_order(request_.instrument.symbol, id);
      if (!existing) {
        return fail(leg, id,
                    "cannot check whether " + id + " exists: " + existing.error().describe(),
                    existing.error().kind);
      }
      if (existing->has_value()) return other_bot(leg, existing->value());
      ++attempt;

      OrderRequest order;
      order.symbol = request_.instrument.symbol;
      order.side = leg.side;
      order.qty_steps = remaining;
      order.reduce_only = leg.reduce_only;
      order.client_order_id = id;
      if (use_limit) {
        // Post-only at our side of the touch: the ask for a sell, the bid for a buy.
        const std::optional<int64_t> price = touch_ticks(leg.side);
        if (!price) {
          return fail(leg, id,
                      "no limit price: the order book's best bid/ask is not a usable positive "
                      "number; nothing sent",
                      ErrorKind::InvalidInput);
        }
        order.type = OrderType::Limit;
        order.post_only = true;
        order.price_ticks = *price;
        if (client_.market_time_orders()) {
          order.good_till_ms = request_.now_ms + std::max<int64_t>(request_.limit_timeout_ms, 1);
        }
      }
      std::optional<OrderState> state = send(order, leg);
      if (!state) return false;
      if (use_limit && would_have_crossed(*state)) {
        // The touch moved between the book and the order: once more at the new touch, then the
        // market, so the tick still ends on target.
        if (reprices_left-- > 0) continue;
        use_limit = false;
        continue;
      }
      if (use_limit && order.good_till_ms > 0 && !is_final(state->status)) {
        // Market time does not move within this run: the order rests for later candles.
        result_.executed_steps +=
            leg.side == Side::Sell ? -state->filled_steps : state->filled_steps;
        if (state->filled_steps > 0) result_.traded = true;
        result_.resting = true;
        result_.orders.back().good_till_ms = order.good_till_ms;
        return true;
      }
      const int64_t filled_when_sent = state->filled_steps;  // journaled by record()
      const double fee_when_sent = state->fee;
      const double realized_when_sent = state->realized_pnl;
      if (use_limit && !is_final(state->status)) state = wait_for_limit(*state, leg);
      if (!state) return false;
      if (state->filled_steps > filled_when_sent) {
        journal_fill(order, *state, state->filled_steps - filled_when_sent,
                     state->fee - fee_when_sent, state->realized_pnl - realized_when_sent);
      }
      remaining -= state->filled_steps;
      result_.executed_steps += leg.side == Side::Sell ? -state->filled_steps : state->filled_steps;
      if (state->filled_steps > 0) result_.traded = true;
      if (remaining > 0 && !use_limit) {
        // A market order that did not fill completely: do not chase it within this tick.
        return fail(leg, id,
                    "market order " + id + " ended " + to_string(state->status) + " with " +
                        request_.instrument.describe_qty(remaining) + " unfilled",
                    ErrorKind::Rejected);
      }
      use_limit = false;  // what a limit order left unfilled goes to the market
    }
    return true;
  }

 private:
  // Our side of the book's touch in whole ticks, or nullopt when the book cannot be read or is
  // absurd (NaN, <= 0, beyond whole ticks): no limit price is guessed.
  std::optional<int64_t> touch_ticks(Side side) {
    Result<BookTop> top = client_.book_top(request_.instrument.symbol);
    if (!top) return std::nullopt;
    const double price = side == Side::Sell ? top->ask_price : top->bid_price;
    if (!(price > 0.0)) return std::nullopt;
    return request_.instrument.checked_price_to_ticks(
        price, side == Side::Buy ? PriceRounding::Down : PriceRounding::Up);
  }

  // A post-only order the venue refused or expired because it would have traded at once.
  static bool would_have_crossed(const OrderState& state) {
    return state.filled_steps == 0 &&
           (state.status == OrderStatus::Rejected || state.status == OrderStatus::Expired);
  }

  std::optional<OrderState> send(const OrderRequest& order, const PlannedOrder& leg) {
    // The ledger first (an order in flight survives a kill -9), then the journal says what is
    // about to happen; no record, no order.
    const std::string& id = order.client_order_id;
    if (const Status noted = ledger_.will_send(
            {id, request_.hedge, order.symbol, request_.now_ms, /*deadline_ms=*/0});
        !noted) {
      (void)ledger_.resolved(id);
      fail(leg, id, "order not sent: " + noted.error().describe(), noted.error().kind);
      return std::nullopt;
    }
    nlohmann::json announce = order_fields(request_.instrument, order, request_.reason, leg.leg);
    announce["status"] = "SENDING";
    announce["venue"] = client_.name();
    if (const Status written = journal_.append(event_ms(), "order", request_.hedge, announce);
        !written) {
      (void)ledger_.resolved(id);
      fail(leg, id, "order not sent: " + written.error().describe(), written.error().kind);
      return std::nullopt;
    }
    Result<OrderState> placed = client_.place_order(order);
    if (placed) {
      record(order, leg, *placed);
      return *placed;
    }
    const Error& error = placed.error();
    if (error.kind == ErrorKind::PostOnlyRejected) {
      // Nothing was placed: the caller reprices or goes to the market.
      journal_outcome(order, leg, "REJECTED", error.describe());
      (void)ledger_.resolved(id);
      OrderState refused;
      refused.symbol = order.symbol;
      refused.client_order_id = id;
      refused.side = order.side;
      refused.type = order.type;
      refused.status = OrderStatus::Rejected;
      refused.qty_steps = order.qty_steps;
      refused.price_ticks = order.price_ticks;
      report(leg, refused, "REJECTED");
      return refused;
    }
    if (!may_have_executed(error.kind)) {
      // The venue refused it: it does not exist, and the journal says so.
      journal_outcome(order, leg, "REJECTED", error.describe());
      (void)ledger_.resolved(id);
      fail(leg, id, error.describe(), error.kind);
      return std::nullopt;
    }
    // The order may exist: ask before doing anything else.
    Result<std::optional<OrderState>> found = client_.query_order(order.symbol, id);
    if (found && found->has_value()) {
      record(order, leg, found->value());
      return found->value();
    }
    // Not found (yet), or the look-up failed: the request may still execute until its validity
    // window has closed. The hedge waits until then; the ledger keeps the order for the next run.
    Result<int64_t> venue_now = client_.now_ms();
    const int64_t deadline = venue_now ? request_deadline_ms(client_, *venue_now) : 0;
    (void)ledger_.set_deadline(id, deadline);
    if (deadline > 0) result_.retry_at_ms = std::max(result_.retry_at_ms, deadline);
    const std::string seen =
        found ? "the venue has no such order yet"
              : "its status could not be read (" + found.error().describe() + ")";
    const std::string until =
        deadline > 0 ? "until " + format_iso8601(deadline) + " (venue time)"
                     : "until its validity window has closed (the venue's time could not be read)";
    const std::string message = error.describe() + "; " + seen + ", but the request can still " +
                                "execute " + until + ": nothing is sent for " + request_.hedge +
                                " before then, and a run after that moment looks it up again";
    journal_outcome(order, leg, "UNKNOWN", message);
    fail(leg, id, message, ErrorKind::UnknownStatus);
    return std::nullopt;
  }

  // The time journal lines carry: the tick's plus the time limit orders have waited so far, so a
  // fill after a wait, or the market order that follows a limit order's timeout, is stamped with
  // the time it happened (in replay, exactly the simulated clock then).
  int64_t event_ms() const { return request_.now_ms + waited_ms_; }

  std::optional<OrderState> wait_for_limit(OrderState state, const PlannedOrder& leg) {
    int64_t waited = 0;
    while (!is_final(state.status) && waited < request_.limit_timeout_ms) {
      sleep_(kPollMs);
      waited += kPollMs;
      waited_ms_ += kPollMs;
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
    nlohmann::json fields = {
        {"client_order_id", state.client_order_id},
        {"status", to_string(canceled->status)},
        {"reason", "limit order not filled within " + format_duration(request_.limit_timeout_ms) +
                       ": canceled, the rest goes to the market"}};
    put_qty_text(fields, "filled", "filled_contracts", request_.instrument, canceled->filled_steps);
    (void)journal_.append(event_ms(), "order", request_.hedge, fields);
    return *canceled;
  }

  void record(const OrderRequest& order, const PlannedOrder& leg, const OrderState& state) {
    (void)ledger_.resolved(order.client_order_id);
    nlohmann::json fields = order_fields(request_.instrument, order, request_.reason, leg.leg);
    fields["status"] = to_string(state.status);
    fields["venue_order_id"] = state.venue_order_id;
    (void)journal_.append(event_ms(), "order", request_.hedge, fields);
    if (state.filled_steps > 0)
      journal_fill(order, state, state.filled_steps, state.fee, state.realized_pnl);
    report(leg, state, to_string(state.status));
  }

  // A fill line for `steps` of the order (all of it at placement, or what a resting limit order
  // filled while it waited), with what an auditor rebuilds the account from: the fee and the
  // realized PnL (null when the venue did not tell them) and the position after it (the position
  // before this tick's orders plus what they filled).
  void journal_fill(const OrderRequest& order, const OrderState& state, int64_t steps, double fee,
                    double realized_pnl) {
    nlohmann::json fields = {
        {"symbol", order.symbol},        {"side", to_string(order.side)},
        {"price", state.avg_fill_price}, {"fee", fee},
        {"realized_pnl", realized_pnl},  {"client_order_id", order.client_order_id}};
    put_qty_text(fields, "qty", "contracts", request_.instrument, steps);
    put_qty_number(fields, "position_after", "position_after_contracts", request_.instrument,
                   request_.position_steps + result_.executed_steps +
                       signed_steps(order.side, state.filled_steps));
    (void)journal_.append(event_ms(), "fill", request_.hedge, fields);
  }

  // An order line that closes the SENDING line: REJECTED (it does not exist) or UNKNOWN.
  void journal_outcome(const OrderRequest& order, const PlannedOrder& leg,
                       const std::string& status, const std::string& error) {
    nlohmann::json fields = order_fields(request_.instrument, order, request_.reason, leg.leg);
    fields["status"] = status;
    fields["error"] = error;
    (void)journal_.append(event_ms(), "order", request_.hedge, fields);
  }

  // Someone else's order for this hedge and slot: refuse to trade beside it.
  bool other_bot(const PlannedOrder& leg, const OrderState& other) {
    result_.other_bot_order = other.client_order_id;
    const std::string message =
        "order " + other.client_order_id + " (" + to_string(other.status) +
        ") for this hedge and tick slot was not sent from this state directory: another bot "
        "is trading this account; nothing sent (one account needs exactly one state directory)";
    (void)journal_.append(event_ms(), "refusal", request_.hedge,
                          {{"symbol", request_.instrument.symbol},
                           {"client_order_id", other.client_order_id},
                           {"reason", message}});
    return fail(leg, other.client_order_id, message, ErrorKind::Rejected);
  }

  void set_qty(OrderReport& entry, int64_t steps) const {
    entry.qty = request_.instrument.format_base_qty(steps);
    if (request_.instrument.quotes_in_contracts())
      entry.contracts = request_.instrument.format_qty(steps);
  }

  void report(const PlannedOrder& leg, const OrderState& state, const std::string& status) {
    OrderReport entry;
    entry.hedge = request_.hedge;
    entry.symbol = request_.instrument.symbol;
    entry.side = to_string(leg.side);
    set_qty(entry, state.qty_steps);
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
    set_qty(entry, leg.qty_steps);
    entry.reduce_only = leg.reduce_only;
    entry.client_order_id = id;
    entry.status = "ERROR";
    entry.leg = leg.leg;
    entry.error = message;
    result_.orders.push_back(entry);
    (void)journal_.append(event_ms(), "error", request_.hedge,
                          {{"symbol", entry.symbol},
                           {"client_order_id", id},
                           {"kind", to_string(kind)},
                           {"message", message}});
    return false;
  }

  ExchangeClient& client_;
  Journal& journal_;
  OrderLedger& ledger_;
  const ExecutionRequest& request_;
  const Sleeper& sleep_;
  ExecutionResult& result_;
  int64_t& waited_ms_;  // how long limit orders of this execution have waited so far
};

}  // namespace

std::string client_order_id(const std::string& hedge, const std::string& slot,
                            const std::string& leg_kind, int leg, int attempt) {
  const char kind = leg_kind.empty() ? 'x' : leg_kind[0];
  // The leg number in full (a split order may have more than ten chunks), then one letter for
  // the attempt: the letter ends the number, so the ids of different legs never collide.
  return "hb-" + sanitize(hedge, 10) + "-" + sanitize(slot, 14) + "-" + kind + std::to_string(leg) +
         static_cast<char>('a' + attempt % 26);
}

std::string tick_slot(int64_t now_ms, int64_t interval_ms) {
  const int64_t start =
      interval_ms > 0 ? now_ms - ((now_ms % interval_ms) + interval_ms) % interval_ms : now_ms;
  const std::string iso = format_iso8601(start);  // 2026-05-17T07:00:00Z
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + iso.substr(11, 2) +
         iso.substr(14, 2);
}

ExecutionResult execute_orders(ExchangeClient& client, Journal& journal, OrderLedger& ledger,
                               const ExecutionRequest& request, const Sleeper& sleep) {
  ExecutionResult result;
  for (const PlannedOrder& order : request.orders) {
    result.planned_steps += order.side == Side::Sell ? -order.qty_steps : order.qty_steps;
  }
  int64_t waited_ms = 0;
  for (size_t i = 0; i < request.orders.size(); ++i) {
    LegRunner runner(client, journal, ledger, request, sleep, result, waited_ms);
    // A leg that fails stops the hedge: never open after a close that did not happen.
    if (!runner.run(static_cast<int>(i), request.orders[i])) break;
    if (result.resting) break;  // the next leg waits for the next tick, which plans anew
  }
  return result;
}

}  // namespace hedgebot::bot
