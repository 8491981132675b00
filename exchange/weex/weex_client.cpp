#include "exchange/weex/weex_client.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "exchange/binance/errors.hpp"
#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/http_client.hpp"
#include "exchange/order_text.hpp"
#include "exchange/weex/errors.hpp"
#include "exchange/weex/parse.hpp"
#include "exchange/weex/session.hpp"
#include "exchange/weex/signing.hpp"

namespace hedgebot {

using http::Method;
using weex::Call;
using weex::Json;
using Params = std::vector<std::pair<std::string, std::string>>;

namespace {

constexpr int kMaxKlines = 1000;        // klines: limit up to 1000
constexpr int kMaxHistoryKlines = 100;  // historyKlines: limit up to 100
constexpr int kMaxFundingRows = 1000;
constexpr int kMaxLeverage = 500;
constexpr int kOrderHistoryRows = 100;
constexpr const char* kPlace = "POST /capi/v3/order";

// The contract's name on the wire: "BTC-USDT" and "BTC_USDT" are WEEX's BTCUSDT.
std::string wire_symbol(const std::string& symbol) {
  std::string wire;
  for (const char c : symbol) {
    if (c != '-' && c != '_') wire += c;
  }
  return wire;
}

std::string describe(const OrderRequest& request, const Instrument& instrument) {
  return describe_order(request, instrument, "newClientOrderId");
}

Result<std::string> kline_interval(int64_t interval_ms) {
  const auto interval = weex::kline_interval_name(interval_ms);
  if (!interval) {
    return make_error(ErrorKind::InvalidInput,
                      "WEEX has no " + format_duration(interval_ms) + " candles");
  }
  return *interval;
}

std::string instruments_cache_path(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "weex_instruments.json").string();
}

Status check_limit(int limit, int most, const char* what) {
  if (limit < 1 || limit > most) {
    return make_error(ErrorKind::InvalidInput,
                      std::string(what) + " limit must be in 1.." + std::to_string(most));
  }
  return ok_status();
}

}  // namespace

Status validate_weex_settings(const WeexSettings& settings) {
  std::vector<std::string> problems;
  if (auto allowed = http::check_url_allowed(settings.base_url); !allowed)
    problems.push_back(allowed.error().message);
  if (settings.api_key.has_value() != settings.api_secret.has_value())
    problems.emplace_back("an API key needs its secret and a secret its key");
  if (settings.timeout_ms <= 0 || settings.connect_timeout_ms <= 0)
    problems.emplace_back("timeouts must be positive");
  if (settings.request_budget < 0) problems.emplace_back("request_budget must not be negative");
  if (settings.order_confirm_reads < 1) problems.emplace_back("order_confirm_reads must be >= 1");
  if (problems.empty()) return ok_status();
  std::string message;
  for (const auto& problem : problems) message += (message.empty() ? "" : "; ") + problem;
  return make_error(ErrorKind::Config, message);
}

struct WeexClient::Impl {
  explicit Impl(WeexSettings settings) : session(std::move(settings)) {}

  weex::Session session;
  struct Cached {
    Json item;
    int64_t loaded_ms = 0;
  };
  std::map<std::string, Cached> items;  // exchangeInfo contracts by wire symbol

  Result<Json> get(const std::string& path, Params params, bool is_signed = true) {
    return session.call(Call{Method::Get, path, std::move(params), std::nullopt, is_signed});
  }
  Result<Json> post(const std::string& path, Json body) {
    return session.call(Call{Method::Post, path, {}, std::move(body), true});
  }

  // The contract under its wire name (instrument.symbol is the wire name).
  Result<Instrument> contract(const std::string& wire) {
    const WeexSettings& settings = session.settings();
    const int64_t now = session.local_now_ms();
    const int64_t ttl = settings.instruments_ttl_ms;
    const std::string path =
        settings.cache_dir.empty() ? "" : instruments_cache_path(settings.cache_dir);
    if (auto found = items.find(wire);
        found == items.end() || now - found->second.loaded_ms >= ttl) {
      std::optional<Json> from_disk;
      if (!path.empty()) {
        if (auto cached = binance::load_cached_symbols(path, settings.base_url, now, ttl)) {
          for (const Json& item : *cached) {
            if (item.is_object() && binance::text_or(item, "symbol") == wire) from_disk = item;
          }
        }
      }
      if (from_disk) {
        items[wire] = {*from_disk, now};
      } else {
        session.count_instrument_request();
        auto reply = get("/capi/v3/market/exchangeInfo", {{"symbol", wire}}, false);
        if (!reply) return reply.error();
        auto item = weex::find_contract(*reply, wire);
        if (!item) {
          if (item.error().kind == ErrorKind::NotFound) {
            return make_error(ErrorKind::NotFound,
                              "symbol " + wire + " is not a WEEX contract on " + settings.base_url);
          }
          return item.error();
        }
        items[wire] = {*item, now};
        if (!path.empty()) {
          Json all = Json::array();
          for (const auto& [name, cached] : items) all.push_back(cached.item);
          // A cache that cannot be written costs one request per run, nothing more.
          (void)binance::save_cached_symbols(path, settings.base_url, now, all);
        }
      }
    }
    return weex::parse_instrument(items[wire].item);
  }

  Result<weex::PositionRows> positions(const std::string& wire) {
    auto reply = wire.empty() ? get("/capi/v3/account/position/allPosition", {})
                              : get("/capi/v3/account/position/singlePosition", {{"symbol", wire}});
    if (!reply) return reply.error();
    return weex::parse_position_rows(*reply);
  }

  Result<Position> position(const Instrument& inst) {
    auto rows = positions(inst.symbol);
    if (!rows) return rows.error();
    return weex::parse_position(*rows, inst.symbol, inst);
  }

  // The order with this client id: open orders first, then the recent history.
  Result<std::optional<OrderState>> find(const Instrument& inst, const std::string& symbol,
                                         const std::string& client_id) {
    const Params lists[] = {
        {{"symbol", inst.symbol}},
        {{"symbol", inst.symbol}, {"limit", std::to_string(kOrderHistoryRows)}}};
    const char* paths[] = {"/capi/v3/openOrders", "/capi/v3/order/history"};
    for (size_t i = 0; i < 2; ++i) {
      auto reply = get(paths[i], lists[i]);
      if (!reply) return reply.error();
      auto orders = weex::parse_order_list(*reply, inst, symbol);
      if (!orders) return orders.error();
      for (OrderState& order : *orders) {
        if (order.client_order_id == client_id) return std::optional<OrderState>(order);
      }
    }
    return std::optional<OrderState>{};
  }

  Result<OrderState> by_order_id(const Instrument& inst, const std::string& symbol,
                                 const std::string& order_id) {
    auto reply = get("/capi/v3/order", {{"orderId", order_id}});
    if (!reply) return reply.error();
    return weex::parse_order(*reply, inst, symbol);
  }

  Result<std::optional<OrderState>> query(const std::string& symbol, const std::string& client_id) {
    auto inst = contract(wire_symbol(symbol));
    if (!inst) return inst.error();
    return find(*inst, symbol, client_id);
  }
};

WeexClient::WeexClient(WeexSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}

WeexClient::~WeexClient() = default;

VenueLimits WeexClient::limits() const {
  VenueLimits limits;
  limits.max_candles = kMaxKlines - 1;
  limits.max_funding_rows = kMaxFundingRows;
  limits.max_client_order_id = 36;
  limits.client_order_id_symbols = "-_.:/";
  return limits;
}

void WeexClient::begin_tick() {
  impl_->session.begin_tick();
}

int64_t WeexClient::retry_at_ms() const {
  return impl_->session.blocked_until_ms();
}

RequestStats WeexClient::request_stats() const {
  return impl_->session.stats();
}

Result<int64_t> WeexClient::now_ms() {
  return impl_->session.server_now_ms();
}

Result<Instrument> WeexClient::instrument(const std::string& symbol) {
  auto inst = impl_->contract(wire_symbol(symbol));
  if (!inst) return inst.error();
  inst->symbol = symbol;
  return inst;
}

Result<CandleSeries> WeexClient::closed_candles(const std::string& symbol, int64_t interval_ms,
                                                int limit) {
  if (Status valid = check_limit(limit, kMaxKlines - 1, "candle"); !valid) return valid.error();
  auto interval = kline_interval(interval_ms);
  if (!interval) return interval.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  // The last row is the still-open bar: one more is asked for and dropped.
  auto reply = impl_->get("/capi/v3/market/klines",
                          {{"symbol", wire_symbol(symbol)},
                           {"interval", *interval},
                           {"limit", std::to_string(limit + 1)}},
                          false);
  if (!reply) return reply.error();
  return weex::parse_klines(*reply, interval_ms, *now, limit);
}

Result<CandleSeries> WeexClient::closed_candles_since(const std::string& symbol,
                                                      int64_t interval_ms, int64_t start_ms,
                                                      int limit) {
  if (Status valid = check_limit(limit, kMaxKlines - 1, "candle"); !valid) return valid.error();
  auto interval = kline_interval(interval_ms);
  if (!interval) return interval.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  CandleSeries series;
  series.interval_ms = interval_ms;
  // historyKlines answers at most 100 bars: windows of 100 bars, walked forward up to now.
  for (int64_t from = std::max<int64_t>(start_ms, 0);
       series.candles.size() < static_cast<size_t>(limit) && from + interval_ms <= *now;) {
    const int64_t to = std::min(*now, from + kMaxHistoryKlines * interval_ms - 1);
    auto reply = impl_->get("/capi/v3/market/historyKlines",
                            {{"symbol", wire_symbol(symbol)},
                             {"interval", *interval},
                             {"startTime", std::to_string(from)},
                             {"endTime", std::to_string(to)},
                             {"limit", std::to_string(kMaxHistoryKlines)}},
                            false);
    if (!reply) return reply.error();
    auto page = weex::parse_klines(*reply, interval_ms, *now, -1);
    if (!page) return page.error();
    for (const Candle& candle : page->candles) {
      if (candle.open_time_ms < from || candle.open_time_ms > to) continue;
      if (series.candles.size() == static_cast<size_t>(limit)) break;
      series.candles.push_back(candle);
    }
    from = to + 1;
  }
  return series;
}

Result<std::vector<FundingRate>> WeexClient::funding_history(const std::string& symbol, int limit) {
  if (Status valid = check_limit(limit, kMaxFundingRows, "funding"); !valid) return valid.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  auto reply =
      impl_->get("/capi/v3/market/fundingRate",
                 {{"symbol", wire_symbol(symbol)}, {"limit", std::to_string(limit)}}, false);
  if (!reply) return reply.error();
  return weex::parse_funding_history(*reply, *now, limit);
}

Result<std::vector<FundingRate>> WeexClient::funding_history_since(const std::string& symbol,
                                                                   int64_t start_ms, int limit) {
  if (Status valid = check_limit(limit, kMaxFundingRows, "funding"); !valid) return valid.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  std::vector<FundingRate> rows;
  // Settlements are at least an hour apart: a window of `limit` hours holds at most `limit`.
  for (int64_t from = std::max<int64_t>(start_ms, 0);
       rows.size() < static_cast<size_t>(limit) && from <= *now;) {
    const int64_t to = std::min(*now, from + static_cast<int64_t>(limit) * kHourMs - 1);
    auto reply = impl_->get("/capi/v3/market/fundingRate",
                            {{"symbol", wire_symbol(symbol)},
                             {"startTime", std::to_string(from)},
                             {"endTime", std::to_string(to)},
                             {"limit", std::to_string(kMaxFundingRows)}},
                            false);
    if (!reply) return reply.error();
    auto page = weex::parse_funding_history(*reply, *now, -1);
    if (!page) return page.error();
    for (const FundingRate& row : *page) {
      if (row.funding_time_ms < from || row.funding_time_ms > to) continue;
      if (rows.size() == static_cast<size_t>(limit)) break;
      rows.push_back(row);
    }
    from = to + 1;
  }
  return rows;
}

Result<MarkAndFunding> WeexClient::mark_and_funding(const std::string& symbol) {
  const std::string wire = wire_symbol(symbol);
  auto reply = impl_->get("/capi/v3/market/premiumIndex", {{"symbol", wire}}, false);
  if (!reply) return reply.error();
  return weex::parse_premium_index(*reply, wire);
}

Result<BookTop> WeexClient::book_top(const std::string& symbol) {
  const std::string wire = wire_symbol(symbol);
  auto reply = impl_->get("/capi/v3/market/ticker/bookTicker", {{"symbol", wire}}, false);
  if (!reply) return reply.error();
  auto book = weex::parse_book_ticker(*reply, wire);
  if (!book) return book.error();
  book->symbol = symbol;
  return book;
}

Result<Account> WeexClient::account() {
  auto reply = impl_->get("/capi/v3/account/balance", {});
  if (!reply) return reply.error();
  auto rows = impl_->positions("");
  if (!rows) return rows.error();
  return weex::parse_account(*reply, impl_->session.settings().margin_asset, rows->margin);
}

Result<Position> WeexClient::position(const std::string& symbol) {
  auto inst = impl_->contract(wire_symbol(symbol));
  if (!inst) return inst.error();
  auto position = impl_->position(*inst);
  if (!position) return position.error();
  position->symbol = symbol;
  return position;
}

Result<std::vector<SpotBalance>> WeexClient::spot_balances() {
  return make_error(ErrorKind::Config,
                    "WEEX coins cannot be read by this version; use spot = { fixed = ... } or "
                    "hold the coins on another venue");
}

Status WeexClient::prepare_symbol(const std::string& symbol, int leverage) {
  if (leverage < 1 || leverage > kMaxLeverage) {
    return make_error(ErrorKind::InvalidInput, "leverage must be in 1.." +
                                                   std::to_string(kMaxLeverage) + ", was " +
                                                   std::to_string(leverage));
  }
  const std::string wire = wire_symbol(symbol);
  auto inst = impl_->contract(wire);
  if (!inst) return inst.error();
  auto reply = impl_->get("/capi/v3/account/symbolConfig", {{"symbol", wire}});
  if (!reply) return reply.error();
  auto config = weex::parse_symbol_config(*reply, wire);
  if (!config) return config.error();
  if (config->separated_type != "COMBINED") {
    return make_error(
        ErrorKind::Config,
        "WEEX keeps " + symbol + " in the " + config->separated_type.substr(0, 20) +
            " (hedge) position mode; hedgebot keeps one net position and needs the combined "
            "(one-way) mode. Switch it in WEEX once no position or order is open; hedgebot "
            "does not switch it for you");
  }
  if (config->margin_type != "CROSSED") {
    return make_error(ErrorKind::Config,
                      "WEEX keeps " + symbol + " in " + config->margin_type.substr(0, 20) +
                          " margin; hedgebot reads the account-wide margin and needs cross "
                          "margin. Switch it in WEEX once no position or order is open");
  }
  // Checked before any change: a long and a short held at once is refused here too.
  auto current = impl_->position(*inst);
  if (!current) return current.error();
  if (config->cross_leverage != leverage) {
    auto changed =
        impl_->post("/capi/v3/account/leverage", Json{{"symbol", wire},
                                                      {"marginType", "CROSSED"},
                                                      {"crossLeverage", std::to_string(leverage)}});
    if (!changed) return with_context(changed.error(), "setting leverage on " + symbol);
  }
  return ok_status();
}

Result<OrderState> WeexClient::place_order(const OrderRequest& request) {
  if (!weex::is_valid_client_order_id(request.client_order_id)) {
    return make_error(ErrorKind::InvalidInput,
                      "client order id '" + request.client_order_id.substr(0, 40) +
                          "' is not 1 to 36 characters of [A-Za-z0-9._:/-]");
  }
  if (request.qty_steps <= 0) {
    return make_error(ErrorKind::InvalidInput, "order quantity must be positive");
  }
  if (request.type == OrderType::Limit && request.price_ticks <= 0) {
    return make_error(ErrorKind::InvalidInput, "a limit order needs a positive price");
  }
  if (request.type == OrderType::Market && request.post_only) {
    return make_error(ErrorKind::InvalidInput, "a market order cannot be post-only");
  }
  const std::string wire = wire_symbol(request.symbol);
  auto inst = impl_->contract(wire);
  if (!inst) return inst.error();
  const std::string what = describe(request, *inst);

  // WEEX names the side of the book an order acts on: a reduction of the held side, or an
  // opening. Read the position to choose; an order that would cross sides is not sent.
  auto held = impl_->position(*inst);
  if (!held) return with_context(held.error(), what);
  const int64_t current = held->qty_steps;
  const bool reduces =
      (request.side == Side::Sell && current > 0) || (request.side == Side::Buy && current < 0);
  const int64_t held_steps = current < 0 ? -current : current;
  if (request.reduce_only && (!reduces || request.qty_steps > held_steps)) {
    return make_error(ErrorKind::ReduceOnlyRejected,
                      what + ": reduce-only order would not only reduce the position of " +
                          inst->describe_qty(current) + "; re-read it and re-plan");
  }
  if (reduces && request.qty_steps > held_steps) {
    return make_error(ErrorKind::Rejected,
                      what + ": would cross the position of " + inst->describe_qty(current) +
                          " to the other side; WEEX needs a close and an opening for that, and "
                          "hedgebot sent neither");
  }
  const char* position_side = nullptr;
  if (reduces) {
    position_side = current > 0 ? "LONG" : "SHORT";
  } else {
    position_side = request.side == Side::Buy ? "LONG" : "SHORT";
  }

  Json body = {{"symbol", wire},
               {"side", request.side == Side::Buy ? "BUY" : "SELL"},
               {"positionSide", position_side},
               {"type", request.type == OrderType::Market ? "MARKET" : "LIMIT"},
               {"quantity", inst->format_qty(request.qty_steps)},
               {"newClientOrderId", request.client_order_id}};
  if (request.type == OrderType::Limit) {
    body["price"] = inst->format_price(request.price_ticks);
    body["timeInForce"] = request.post_only ? "POST_ONLY" : "GTC";
  }

  auto reply = impl_->post("/capi/v3/order", body);
  std::optional<Error> failure;
  std::string order_id;
  if (reply) {
    auto ack = weex::parse_ack(*reply, kPlace);
    if (!ack) {
      failure = ack.error();
    } else if (!ack->success) {
      // Refused in-band: nothing was created.
      Error refused = weex::map_error(200, ack->error_code, ack->error_message, kPlace);
      if (refused.kind == ErrorKind::Filter) refused.message += "; order: " + what;
      return refused.kind == ErrorKind::Filter ? refused : with_context(refused, what);
    } else if (ack->order_id.empty() ||
               (!ack->client_order_id.empty() && ack->client_order_id != request.client_order_id)) {
      failure = binance::shape_error(kPlace, "the answer names another order");
    } else {
      order_id = ack->order_id;
    }
  } else {
    failure = reply.error();
    if (failure->kind == ErrorKind::Filter) {
      failure->message += "; order: " + what;
      return *failure;
    }
    if (!binance::may_have_executed(*failure)) return with_context(*failure, what);
  }
  // Accepted, or an answer that leaves it open: read the order back (by the acknowledged id,
  // else by the client id). A market order is read until it is final (bounded).
  const WeexSettings& settings = impl_->session.settings();
  std::optional<OrderState> found;
  for (int read = 0; read < settings.order_confirm_reads; ++read) {
    if (read > 0) settings.sleep_ms(settings.order_confirm_pause_ms);
    Result<std::optional<OrderState>> looked_up = std::optional<OrderState>{};
    if (!order_id.empty()) {
      auto order = impl_->by_order_id(*inst, request.symbol, order_id);
      if (order) {
        looked_up = std::optional<OrderState>(std::move(*order));
      } else {
        looked_up = order.error();
      }
    } else {
      looked_up = impl_->find(*inst, request.symbol, request.client_order_id);
    }
    if (!looked_up) {
      const std::string cause = failure ? "placing failed (" + failure->describe() + ") and "
                                        : "WEEX acknowledged it, but ";
      std::string message = what;
      message += ": status unknown; ";
      message += cause;
      message += "the look-up failed (";
      message += looked_up.error().describe();
      message += "); query the order by its client id before placing anything";
      return make_error(ErrorKind::UnknownStatus, message, failure ? failure->venue_code : 0);
    }
    found = std::move(*looked_up);
    if (!found && failure) break;  // not there after an unclear answer: see below
    if (found && (request.type == OrderType::Limit || is_final(found->status))) break;
  }
  if (!found) {
    const std::string cause =
        failure ? "an unclear answer (" + failure->describe() + ")" : "WEEX's acknowledgement";
    return make_error(ErrorKind::UnknownStatus,
                      what + ": not found right after " + cause +
                          "; it may still be in flight, so it is not sent again in this run",
                      failure ? failure->venue_code : 0);
  }
  if (found->client_order_id != request.client_order_id)
    return binance::shape_error(kPlace, "the order read back has another client id");
  if (request.post_only && found->filled_steps == 0 &&
      (found->status == OrderStatus::Canceled || found->status == OrderStatus::Expired ||
       found->status == OrderStatus::Rejected)) {
    return make_error(ErrorKind::PostOnlyRejected,
                      what + ": post-only order ended unfilled at once (" +
                          to_string(found->status) +
                          "): it would have traded as a taker; nothing traded. WEEX keeps the "
                          "order, so its client id is spent: a new attempt needs a new id");
  }
  return std::move(*found);
}

Result<std::optional<OrderState>> WeexClient::query_order(const std::string& symbol,
                                                          const std::string& client_order_id) {
  return impl_->query(symbol, client_order_id);
}

Result<OrderState> WeexClient::cancel_order(const std::string& symbol,
                                            const std::string& client_order_id) {
  auto inst = impl_->contract(wire_symbol(symbol));
  if (!inst) return inst.error();
  const std::string name = "DELETE /capi/v3/order";
  auto reply = impl_->session.call(Call{Method::Delete,
                                        "/capi/v3/order",
                                        {{"origClientOrderId", client_order_id}},
                                        std::nullopt,
                                        true});
  if (reply) {
    auto ack = weex::parse_ack(*reply, name);
    if (ack && !ack->success && ack->error_code != weex::kCodeOrderNotFound)
      return weex::map_error(200, ack->error_code, ack->error_message, name);
  } else if (reply.error().venue_code != weex::kCodeOrderNotFound &&
             !binance::may_have_executed(reply.error())) {
    return reply.error();
  }
  // Cancelled, already final (-3200) or an unclear answer: report what the venue holds now.
  auto found = impl_->find(*inst, symbol, client_order_id);
  if (!found) return found.error();
  if (!*found) {
    return make_error(ErrorKind::NotFound,
                      "cannot cancel " + client_order_id + " on " + symbol + ": no such order");
  }
  return std::move(**found);
}

Result<std::vector<OrderState>> WeexClient::open_orders(const std::string& symbol) {
  auto inst = impl_->contract(wire_symbol(symbol));
  if (!inst) return inst.error();
  auto reply = impl_->get("/capi/v3/openOrders", {{"symbol", inst->symbol}});
  if (!reply) return reply.error();
  auto orders = weex::parse_order_list(*reply, *inst, symbol);
  if (!orders) return orders.error();
  std::vector<OrderState> open;
  for (OrderState& order : *orders) {
    if (!is_final(order.status)) open.push_back(std::move(order));
  }
  return open;
}

int64_t WeexClient::order_validity_ms() const {
  return kWeexTimestampWindowMs + kWeexClockUncertaintyMs;
}

}  // namespace hedgebot
