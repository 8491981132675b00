#include "exchange/bybit/bybit_client.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "exchange/binance/errors.hpp"
#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/bybit/errors.hpp"
#include "exchange/bybit/parse.hpp"
#include "exchange/bybit/session.hpp"
#include "exchange/bybit/signing.hpp"
#include "exchange/http_client.hpp"
#include "exchange/order_text.hpp"

namespace hedgebot {

using bybit::Call;
using bybit::Json;
using bybit::VenueOrder;
using http::Method;

namespace {

constexpr int kMaxKlines = 1000;
constexpr int kMaxFundingRows = 200;
constexpr int kMaxLeverage = 200;
constexpr const char* kCategory = "linear";

std::string describe(const OrderRequest& request, const Instrument& instrument) {
  return describe_order(request, instrument, "orderLinkId");
}

// Bybit's name of a candle interval, checking a candle `limit` (one more is asked for the open
// bar, so at most kMaxKlines - 1).
Result<std::string> kline_interval(int64_t interval_ms, int limit) {
  if (limit < 1 || limit >= kMaxKlines) {
    return make_error(ErrorKind::InvalidInput,
                      "candle limit must be in 1.." + std::to_string(kMaxKlines - 1));
  }
  const auto interval = bybit::kline_interval_name(interval_ms);
  if (!interval) {
    return make_error(ErrorKind::InvalidInput,
                      "Bybit has no " + format_duration(interval_ms) + " candles");
  }
  return *interval;
}

std::string instruments_cache_path(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "bybit_instruments.json").string();
}

}  // namespace

Status validate_bybit_settings(const BybitSettings& settings) {
  std::vector<std::string> problems;
  if (auto allowed = http::check_url_allowed(settings.base_url); !allowed)
    problems.push_back(allowed.error().message);
  if (settings.api_key.has_value() != settings.api_secret.has_value())
    problems.emplace_back("an API key needs its secret and a secret its key");
  if (settings.recv_window_ms <= 0 || settings.recv_window_ms > 60000)
    problems.emplace_back("recv_window must be in (0, 60000] ms");
  if (settings.timeout_ms <= 0 || settings.connect_timeout_ms <= 0)
    problems.emplace_back("timeouts must be positive");
  if (settings.request_budget < 0) problems.emplace_back("request_budget must not be negative");
  if (settings.order_confirm_reads < 1) problems.emplace_back("order_confirm_reads must be >= 1");
  if (problems.empty()) return ok_status();
  std::string message;
  for (const auto& problem : problems) message += (message.empty() ? "" : "; ") + problem;
  return make_error(ErrorKind::Config, message);
}

struct BybitClient::Impl {
  explicit Impl(BybitSettings settings) : session(std::move(settings)) {}

  bybit::Session session;
  struct Cached {
    Json item;
    int64_t loaded_ms = 0;
  };
  std::map<std::string, Cached> items;  // instruments-info items by symbol

  Result<Instrument> instrument(const std::string& symbol) {
    const BybitSettings& settings = session.settings();
    const int64_t now = session.local_now_ms();
    const int64_t ttl = settings.instruments_ttl_ms;
    auto fresh = [&](const Cached& cached) { return now - cached.loaded_ms < ttl; };
    const std::string path =
        settings.cache_dir.empty() ? "" : instruments_cache_path(settings.cache_dir);
    if (auto found = items.find(symbol); found == items.end() || !fresh(found->second)) {
      std::optional<Json> from_disk;
      if (!path.empty()) {
        if (auto cached = binance::load_cached_symbols(path, settings.base_url, now, ttl)) {
          for (const Json& item : *cached) {
            if (item.is_object() && binance::text_or(item, "symbol") == symbol) from_disk = item;
          }
        }
      }
      if (from_disk) {
        items[symbol] = {*from_disk, now};
      } else {
        session.count_instrument_request();
        auto reply = session.call(Call{Method::Get,
                                       "/v5/market/instruments-info",
                                       {{"category", kCategory}, {"symbol", symbol}},
                                       Json::object(),
                                       false});
        if (!reply) return reply.error();
        auto item = bybit::find_list_item(reply->result, symbol, "GET /v5/market/instruments-info");
        if (!item) {
          if (item.error().kind == ErrorKind::NotFound) {
            return make_error(
                ErrorKind::NotFound,
                "symbol " + symbol + " is not a linear contract on " + settings.base_url);
          }
          return item.error();
        }
        items[symbol] = {*item, now};
        if (!path.empty()) {
          Json all = Json::array();
          for (const auto& [name, cached] : items) all.push_back(cached.item);
          // A cache that cannot be written costs one request per run, nothing more.
          (void)binance::save_cached_symbols(path, settings.base_url, now, all);
        }
      }
    }
    return bybit::parse_instrument(items[symbol].item);
  }

  Result<bybit::Reply> get(const std::string& path,
                           std::vector<std::pair<std::string, std::string>> params) {
    return session.call(Call{Method::Get, path, std::move(params), Json::object(), true});
  }

  // One wallet-balance answer serves both the account (margin) and the coins of a snapshot: the
  // first of the two reads it, the other takes it if it is at most kWalletReuseMs old. A second
  // read by the same reader, the next tick and any order call get a fresh answer.
  enum class WalletReader { Account, Coins };
  static constexpr int64_t kWalletReuseMs = 2000;
  std::optional<Json> wallet;
  WalletReader wallet_reader = WalletReader::Account;  // who read the kept answer
  int64_t wallet_loaded_ms = 0;

  Result<Json> wallet_balance(WalletReader reader) {
    const int64_t now = session.local_now_ms();
    if (wallet && reader != wallet_reader && now - wallet_loaded_ms <= kWalletReuseMs) {
      Json taken = std::move(*wallet);
      wallet.reset();
      return taken;
    }
    wallet.reset();
    auto reply = get("/v5/account/wallet-balance", {{"accountType", "UNIFIED"}});
    if (!reply) return reply.error();
    wallet = reply->result;
    wallet_reader = reader;
    wallet_loaded_ms = now;
    return std::move(reply->result);
  }
  Result<bybit::Reply> post(const std::string& path, Json body) {
    return session.call(Call{Method::Post, path, {}, std::move(body), true});
  }

  // The fee (and the average price when missing) of an order with a filled quantity, from its
  // executions. When they cannot be read the fee stays unknown; the order is still returned.
  OrderState with_fee(OrderState order, const Instrument& inst) {
    if (order.filled_steps <= 0) return order;
    auto reply = get("/v5/execution/list", {{"category", kCategory},
                                            {"symbol", order.symbol},
                                            {"orderId", order.venue_order_id},
                                            {"limit", "100"}});
    if (!reply) return order;
    auto trades = bybit::parse_executions(reply->result, inst, order.venue_order_id);
    if (trades) binance::apply_trades(order, *trades, inst);
    return order;
  }

  // The order with this orderLinkId: open and recent orders first, then the history.
  Result<std::optional<VenueOrder>> find(const Instrument& inst, const std::string& link_id) {
    for (const char* path : {"/v5/order/realtime", "/v5/order/history"}) {
      auto reply =
          get(path, {{"category", kCategory}, {"symbol", inst.symbol}, {"orderLinkId", link_id}});
      if (!reply) {
        if (reply.error().venue_code == bybit::kCodeOrderNotFound) continue;
        return reply.error();
      }
      auto orders = bybit::parse_order_list(reply->result, inst);
      if (!orders) return orders.error();
      for (VenueOrder& order : *orders) {
        if (order.state.client_order_id == link_id) return std::optional<VenueOrder>(order);
      }
    }
    return std::optional<VenueOrder>{};
  }

  Result<std::optional<OrderState>> query(const std::string& symbol, const std::string& link_id) {
    auto inst = instrument(symbol);
    if (!inst) return inst.error();
    auto found = find(*inst, link_id);
    if (!found) return found.error();
    if (!*found) return std::optional<OrderState>{};
    return std::optional<OrderState>(with_fee(std::move((*found)->state), *inst));
  }
};

BybitClient::BybitClient(BybitSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}

BybitClient::~BybitClient() = default;

VenueLimits BybitClient::limits() const {
  VenueLimits limits;
  limits.max_candles = kMaxKlines - 1;
  limits.max_funding_rows = kMaxFundingRows;
  limits.max_client_order_id = 36;
  limits.client_order_id_symbols = "-_";
  return limits;
}

void BybitClient::begin_tick() {
  impl_->wallet.reset();
  impl_->session.begin_tick();
}

int64_t BybitClient::retry_at_ms() const {
  return impl_->session.blocked_until_ms();
}

RequestStats BybitClient::request_stats() const {
  return impl_->session.stats();
}

Result<int64_t> BybitClient::now_ms() {
  return impl_->session.server_now_ms();
}

Result<Instrument> BybitClient::instrument(const std::string& symbol) {
  return impl_->instrument(symbol);
}

Result<CandleSeries> BybitClient::closed_candles(const std::string& symbol, int64_t interval_ms,
                                                 int limit) {
  const Result<std::string> interval = kline_interval(interval_ms, limit);
  if (!interval) return interval.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  // One more than asked: the newest bar is normally still open and is dropped.
  auto reply = impl_->session.call(Call{Method::Get,
                                        "/v5/market/kline",
                                        {{"category", kCategory},
                                         {"symbol", symbol},
                                         {"interval", *interval},
                                         {"limit", std::to_string(limit + 1)}},
                                        Json::object(),
                                        false});
  if (!reply) return reply.error();
  return bybit::parse_klines(reply->result, interval_ms, *now, limit);
}

Result<CandleSeries> BybitClient::closed_candles_since(const std::string& symbol,
                                                       int64_t interval_ms, int64_t start_ms,
                                                       int limit) {
  const Result<std::string> interval = kline_interval(interval_ms, limit);
  if (!interval) return interval.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  CandleSeries series;
  series.interval_ms = interval_ms;
  // Bybit answers a range with its newest bars: a window of at most `limit` bar starts comes
  // back whole, so the windows are walked forward from start_ms up to now.
  for (int64_t from = std::max<int64_t>(start_ms, 0);
       series.candles.size() < static_cast<size_t>(limit) && from + interval_ms <= *now;) {
    const int64_t to = std::min(*now, from + static_cast<int64_t>(limit) * interval_ms - 1);
    auto reply = impl_->session.call(Call{Method::Get,
                                          "/v5/market/kline",
                                          {{"category", kCategory},
                                           {"symbol", symbol},
                                           {"interval", *interval},
                                           {"start", std::to_string(from)},
                                           {"end", std::to_string(to)},
                                           {"limit", std::to_string(limit)}},
                                          Json::object(),
                                          false});
    if (!reply) return reply.error();
    auto page = bybit::parse_klines(reply->result, interval_ms, *now, -1);
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

Result<std::vector<FundingRate>> BybitClient::funding_history_since(const std::string& symbol,
                                                                    int64_t start_ms, int limit) {
  if (limit < 1 || limit > kMaxFundingRows) {
    return make_error(ErrorKind::InvalidInput,
                      "funding limit must be in 1.." + std::to_string(kMaxFundingRows));
  }
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  std::vector<FundingRate> rows;
  // Bybit refuses a startTime without an endTime; settlements are at least an hour apart, so a
  // window of `limit` hours holds at most `limit` of them.
  for (int64_t from = std::max<int64_t>(start_ms, 0);
       rows.size() < static_cast<size_t>(limit) && from <= *now;) {
    const int64_t to = std::min(*now, from + static_cast<int64_t>(limit) * kHourMs - 1);
    auto reply = impl_->session.call(Call{Method::Get,
                                          "/v5/market/funding/history",
                                          {{"category", kCategory},
                                           {"symbol", symbol},
                                           {"startTime", std::to_string(from)},
                                           {"endTime", std::to_string(to)},
                                           {"limit", std::to_string(kMaxFundingRows)}},
                                          Json::object(),
                                          false});
    if (!reply) return reply.error();
    auto page = bybit::parse_funding_history(reply->result, *now, -1);
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

Result<MarkAndFunding> BybitClient::mark_and_funding(const std::string& symbol) {
  auto reply = impl_->session.call(Call{Method::Get,
                                        "/v5/market/tickers",
                                        {{"category", kCategory}, {"symbol", symbol}},
                                        Json::object(),
                                        false});
  if (!reply) return reply.error();
  return bybit::parse_ticker(reply->result, symbol, reply->time_ms);
}

Result<BookTop> BybitClient::book_top(const std::string& symbol) {
  auto reply = impl_->session.call(Call{Method::Get,
                                        "/v5/market/tickers",
                                        {{"category", kCategory}, {"symbol", symbol}},
                                        Json::object(),
                                        false});
  if (!reply) return reply.error();
  return bybit::parse_book(reply->result, symbol, reply->time_ms);
}

Result<std::vector<FundingRate>> BybitClient::funding_history(const std::string& symbol,
                                                              int limit) {
  if (limit < 1 || limit > kMaxFundingRows) {
    return make_error(ErrorKind::InvalidInput,
                      "funding limit must be in 1.." + std::to_string(kMaxFundingRows));
  }
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  auto reply = impl_->session.call(
      Call{Method::Get,
           "/v5/market/funding/history",
           {{"category", kCategory}, {"symbol", symbol}, {"limit", std::to_string(limit)}},
           Json::object(),
           false});
  if (!reply) return reply.error();
  return bybit::parse_funding_history(reply->result, *now, limit);
}

Result<Account> BybitClient::account() {
  const std::string& asset = impl_->session.settings().margin_asset;
  auto wallet = impl_->wallet_balance(Impl::WalletReader::Account);
  if (!wallet) return wallet.error();
  auto account = bybit::parse_account(*wallet, asset);
  if (!account || !impl_->session.settings().multi_assets) return account;
  // The unified account counts its coins as margin whatever the config says: the totals above
  // already include them; multi_assets = true reports them too.
  auto collateral = bybit::parse_collateral(*wallet);
  if (!collateral) return collateral.error();
  account->multi_assets = true;
  account->collateral = std::move(*collateral);
  return account;
}

Result<Position> BybitClient::position(const std::string& symbol) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  auto reply = impl_->get("/v5/position/list", {{"category", kCategory}, {"symbol", symbol}});
  if (!reply) return reply.error();
  return bybit::parse_position(reply->result, *inst);
}

Result<std::vector<SpotBalance>> BybitClient::spot_balances() {
  auto wallet = impl_->wallet_balance(Impl::WalletReader::Coins);
  if (!wallet) return wallet.error();
  return bybit::parse_spot_balances(*wallet);
}

Status BybitClient::prepare_symbol(const std::string& symbol, int leverage) {
  if (leverage < 1 || leverage > kMaxLeverage) {
    return make_error(ErrorKind::InvalidInput, "leverage must be in 1.." +
                                                   std::to_string(kMaxLeverage) + ", was " +
                                                   std::to_string(leverage));
  }
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  // Margin mode is a setting of the whole account: checked, never switched.
  auto info = impl_->get("/v5/account/info", {});
  if (!info) return info.error();
  auto margin_mode = binance::get_string(info->result, "marginMode", "GET /v5/account/info");
  if (!margin_mode) return margin_mode.error();
  if (*margin_mode == "ISOLATED_MARGIN") {
    return make_error(ErrorKind::Config,
                      "the Bybit account is in isolated margin mode; hedgebot reads the "
                      "account-wide maintenance margin and needs cross (regular) or portfolio "
                      "margin. Switch it in Bybit once no position is open; hedgebot will not "
                      "switch it for you because the setting applies to the whole account");
  }
  // One-way mode: one row with positionIdx 0 (parse_position refuses hedge-mode rows).
  auto rows = impl_->get("/v5/position/list", {{"category", kCategory}, {"symbol", symbol}});
  if (!rows) return rows.error();
  auto current = bybit::parse_position(rows->result, *inst);
  if (!current) {
    if (current.error().kind == ErrorKind::Config) {
      return make_error(ErrorKind::Config,
                        current.error().message +
                            ". Switch the position mode of USDT contracts to one-way in Bybit "
                            "once no position or order is open");
    }
    return current.error();
  }
  if (current->leverage != leverage) {
    const std::string text = std::to_string(leverage);
    auto changed = impl_->post("/v5/position/set-leverage", Json{{"category", kCategory},
                                                                 {"symbol", symbol},
                                                                 {"buyLeverage", text},
                                                                 {"sellLeverage", text}});
    if (!changed && changed.error().venue_code != bybit::kCodeLeverageUnchanged)
      return with_context(changed.error(), "setting leverage on " + symbol);
  }
  return ok_status();
}

Result<OrderState> BybitClient::place_order(const OrderRequest& request) {
  impl_->wallet.reset();
  if (!bybit::is_valid_order_link_id(request.client_order_id)) {
    return make_error(ErrorKind::InvalidInput, "client order id '" +
                                                   request.client_order_id.substr(0, 40) +
                                                   "' is not 1 to 36 characters of [A-Za-z0-9_-]");
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
  auto inst = impl_->instrument(request.symbol);
  if (!inst) return inst.error();
  const std::string what = describe(request, *inst);

  Json body = {{"category", kCategory},
               {"symbol", request.symbol},
               {"side", request.side == Side::Buy ? "Buy" : "Sell"},
               {"orderType", request.type == OrderType::Market ? "Market" : "Limit"},
               {"qty", inst->format_qty(request.qty_steps)}};
  if (request.type == OrderType::Limit) {
    body["price"] = inst->format_price(request.price_ticks);
    body["timeInForce"] = request.post_only ? "PostOnly" : "GTC";
  }
  body["positionIdx"] = 0;
  body["reduceOnly"] = request.reduce_only;
  body["orderLinkId"] = request.client_order_id;

  auto ack = impl_->post("/v5/order/create", body);
  std::optional<Error> failure;
  if (ack) {
    // An acknowledgement names the order; its state comes from reading it back.
    const Json& result = ack->result;
    if (!result.contains("orderId") ||
        binance::text_or(result, "orderLinkId") != request.client_order_id)
      failure = binance::shape_error("POST /v5/order/create", "the answer names another order");
  } else {
    failure = ack.error();
    if (failure->kind == ErrorKind::Filter) {
      failure->message += "; order: " + what;
      return *failure;
    }
    const bool duplicate = failure->venue_code == bybit::kCodeDuplicateOrderLinkId;
    if (!duplicate && !binance::may_have_executed(*failure)) return with_context(*failure, what);
  }
  // Accepted, or an answer that leaves it open: read the order back by its orderLinkId. A new
  // market order is processed asynchronously; read until it is final (bounded).
  const BybitSettings& settings = impl_->session.settings();
  std::optional<VenueOrder> found;
  for (int read = 0; read < settings.order_confirm_reads; ++read) {
    if (read > 0) settings.sleep_ms(settings.order_confirm_pause_ms);
    auto looked_up = impl_->find(*inst, request.client_order_id);
    if (!looked_up) {
      const std::string cause = failure ? "placing failed (" + failure->describe() + ") and "
                                        : "Bybit acknowledged it, but ";
      std::string message = what;
      message += ": status unknown; ";
      message += cause;
      message += "the look-up failed (";
      message += looked_up.error().describe();
      message += "); query the order by its orderLinkId before placing anything";
      return make_error(ErrorKind::UnknownStatus, message, failure ? failure->venue_code : 0);
    }
    found = std::move(*looked_up);
    if (!found && failure) break;  // not there after an unclear answer: see below
    if (found && (request.type == OrderType::Limit || is_final(found->state.status))) break;
  }
  if (!found) {
    // Not found. After a timeout, a dropped connection or an unknown status the order may still
    // be in flight at the venue: it is never sent a second time in this run.
    const std::string cause =
        failure ? "an unclear answer (" + failure->describe() + ")" : "Bybit's acknowledgement";
    return make_error(ErrorKind::UnknownStatus,
                      what + ": not found right after " + cause +
                          "; it may still be in flight, so it is not sent again in this run",
                      failure ? failure->venue_code : 0);
  }
  if (request.post_only && found->reject_reason == bybit::kPostOnlyWouldTake &&
      found->state.filled_steps == 0) {
    Error refused = make_error(
        ErrorKind::PostOnlyRejected,
        what + ": post-only order cancelled by Bybit (" + found->reject_reason +
            "): it would have traded at once as a taker; nothing traded. Bybit keeps the "
            "cancelled order, so its orderLinkId is spent: a new attempt needs a new id");
    return refused;
  }
  return impl_->with_fee(std::move(found->state), *inst);
}

Result<std::optional<OrderState>> BybitClient::query_order(const std::string& symbol,
                                                           const std::string& client_order_id) {
  return impl_->query(symbol, client_order_id);
}

Result<OrderState> BybitClient::cancel_order(const std::string& symbol,
                                             const std::string& client_order_id) {
  impl_->wallet.reset();
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  auto ack = impl_->post(
      "/v5/order/cancel",
      Json{{"category", kCategory}, {"symbol", symbol}, {"orderLinkId", client_order_id}});
  if (!ack && ack.error().venue_code != bybit::kCodeOrderNotFound &&
      !binance::may_have_executed(ack.error())) {
    return ack.error();
  }
  // Cancelled, already final (110001) or an unclear answer: report what the venue holds now.
  auto found = impl_->query(symbol, client_order_id);
  if (!found) return found.error();
  if (!*found) {
    return make_error(ErrorKind::NotFound,
                      "cannot cancel " + client_order_id + " on " + symbol + ": no such order");
  }
  return std::move(**found);
}

Result<std::vector<OrderState>> BybitClient::open_orders(const std::string& symbol) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  auto reply = impl_->get("/v5/order/realtime",
                          {{"category", kCategory}, {"symbol", symbol}, {"openOnly", "0"}});
  if (!reply) return reply.error();
  auto orders = bybit::parse_order_list(reply->result, *inst);
  if (!orders) return orders.error();
  std::vector<OrderState> open;
  for (VenueOrder& order : *orders) {
    if (!is_final(order.state.status)) open.push_back(std::move(order.state));
  }
  return open;
}

int64_t BybitClient::order_validity_ms() const {
  return impl_->session.settings().recv_window_ms + kBybitClockUncertaintyMs;
}

}  // namespace hedgebot
