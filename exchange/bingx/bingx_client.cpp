#include "exchange/bingx/bingx_client.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "exchange/binance/errors.hpp"
#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/bingx/errors.hpp"
#include "exchange/bingx/parse.hpp"
#include "exchange/bingx/session.hpp"
#include "exchange/bingx/signing.hpp"
#include "exchange/http_client.hpp"
#include "exchange/order_text.hpp"

namespace hedgebot {

using bingx::Call;
using bingx::Json;
using bingx::Params;
using http::Method;

namespace {

constexpr int kMaxKlines = 1440;
constexpr int kMaxFundingRows = 1000;
constexpr int kMaxLeverage = 200;
constexpr const char* kOrderPath = "/openApi/swap/v2/trade/order";
constexpr const char* kPositionsPath = "/openApi/swap/v2/user/positions";

std::string describe(const OrderRequest& request, const Instrument& instrument) {
  return describe_order(request, instrument, "clientOrderID");
}

// BingX's name of a candle interval, checking a candle `limit` (one more is asked for the open
// candle, so at most kMaxKlines - 1).
Result<std::string> kline_interval(int64_t interval_ms, int limit) {
  if (limit < 1 || limit >= kMaxKlines) {
    return make_error(ErrorKind::InvalidInput,
                      "candle limit must be in 1.." + std::to_string(kMaxKlines - 1));
  }
  const auto interval = bingx::kline_interval_name(interval_ms);
  if (!interval) {
    return make_error(ErrorKind::InvalidInput,
                      "BingX has no " + format_duration(interval_ms) + " candles");
  }
  return *interval;
}

Status check_funding_limit(int limit) {
  if (limit < 1 || limit > kMaxFundingRows) {
    return make_error(ErrorKind::InvalidInput,
                      "funding limit must be in 1.." + std::to_string(kMaxFundingRows));
  }
  return ok_status();
}

std::string contracts_cache_path(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "bingx_contracts.json").string();
}

bool is_not_found(const Error& error) {
  return error.venue_code == bingx::kCodeOrderNotExist ||
         error.venue_code == bingx::kCodeOrderNotExistCancel;
}

}  // namespace

Status validate_bingx_settings(const BingxSettings& settings) {
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

struct BingxClient::Impl {
  explicit Impl(BingxSettings settings) : session(std::move(settings)) {}

  bingx::Session session;
  struct Cached {
    Json row;
    int64_t loaded_ms = 0;
  };
  std::map<std::string, Cached> contracts;  // by BingX's name
  struct Tiers {
    std::vector<MarginBracket> tiers;
    int64_t loaded_ms = 0;
  };
  std::map<std::string, Tiers> tiers_cache;
  bool one_way_checked = false;

  static Result<std::string> wire_of(const std::string& symbol) {
    std::string wire = bingx::wire_symbol(symbol);
    if (wire.empty()) {
      return make_error(ErrorKind::InvalidInput,
                        "symbol `" + symbol.substr(0, 40) +
                            "` is not a BingX perpetual name: write it BTCUSDT or BTC-USDT");
    }
    return wire;
  }

  Result<Json> public_get(const std::string& path, Params params) {
    return session.call(Call{Method::Get, path, std::move(params), false});
  }
  Result<Json> get(const std::string& path, Params params) {
    return session.call(Call{Method::Get, path, std::move(params), true});
  }
  Result<Json> write(Method method, const std::string& path, Params params) {
    return session.call(Call{method, path, std::move(params), true});
  }

  Result<Instrument> instrument(const std::string& symbol) {
    auto wire = wire_of(symbol);
    if (!wire) return wire.error();
    const BingxSettings& settings = session.settings();
    const int64_t now = session.local_now_ms();
    const int64_t ttl = settings.instruments_ttl_ms;
    const std::string path =
        settings.cache_dir.empty() ? "" : contracts_cache_path(settings.cache_dir);
    if (auto found = contracts.find(*wire);
        found == contracts.end() || now - found->second.loaded_ms >= ttl) {
      std::optional<Json> from_disk;
      if (!path.empty()) {
        if (auto cached = binance::load_cached_symbols(path, settings.base_url, now, ttl)) {
          for (const Json& row : *cached) {
            if (binance::text_or(row, "symbol") == *wire) from_disk = row;
          }
        }
      }
      if (from_disk) {
        contracts[*wire] = {*from_disk, now};
      } else {
        session.count_instrument_request();
        auto data = public_get("/openApi/swap/v2/quote/contracts", {{"symbol", *wire}});
        if (!data) return data.error();
        auto row = bingx::find_contract(*data, *wire);
        if (!row) {
          if (row.error().kind == ErrorKind::NotFound) {
            return make_error(
                ErrorKind::NotFound,
                "symbol " + symbol + " is not a BingX perpetual on " + settings.base_url);
          }
          return row.error();
        }
        contracts[*wire] = {*row, now};
        if (!path.empty()) {
          Json all = Json::array();
          for (const auto& [name, cached] : contracts) all.push_back(cached.row);
          // A cache that cannot be written costs one request per run, nothing more.
          (void)binance::save_cached_symbols(path, settings.base_url, now, all);
        }
      }
    }
    return bingx::parse_instrument(contracts[*wire].row, symbol);
  }

  Result<std::vector<MarginBracket>> tiers(const std::string& wire) {
    const int64_t now = session.local_now_ms();
    if (auto found = tiers_cache.find(wire);
        found != tiers_cache.end() &&
        now - found->second.loaded_ms < session.settings().instruments_ttl_ms) {
      return found->second.tiers;
    }
    auto data = get("/openApi/swap/v1/maintMarginRatio", {{"symbol", wire}});
    if (!data) return data.error();
    auto parsed = bingx::parse_margin_tiers(*data);
    if (!parsed) return parsed.error();
    tiers_cache[wire] = {*parsed, now};
    return parsed;
  }

  // Hedge (dual-side) mode is refused: it is a setting of the whole account, checked once.
  Status ensure_one_way() {
    if (one_way_checked) return ok_status();
    auto data = get("/openApi/swap/v1/positionSide/dual", {});
    if (!data) return data.error();
    auto dual = bingx::parse_dual_side(*data);
    if (!dual) return dual.error();
    if (*dual) {
      return make_error(ErrorKind::Config,
                        "the BingX perpetual account is in hedge (dual-side) position mode; "
                        "hedgebot keeps one signed position per symbol and needs one-way mode. "
                        "Switch the position mode to one-way in BingX once no position or order "
                        "is open; hedgebot will not switch it because it applies to every "
                        "contract of the account");
    }
    one_way_checked = true;
    return ok_status();
  }

  // The order with this client id (compared in lowercase, as BingX keeps it), named as the
  // caller wrote it; nullopt when BingX has none.
  Result<std::optional<OrderState>> find(const Instrument& inst, const std::string& wire,
                                         const std::string& client_id) {
    const std::string lower = bingx::wire_client_order_id(client_id);
    auto data = get(kOrderPath, {{"symbol", wire}, {"clientOrderId", lower}});
    if (!data) {
      if (is_not_found(data.error())) return std::optional<OrderState>{};
      return data.error();
    }
    auto item = bingx::order_object(*data, std::string("GET ") + kOrderPath);
    if (!item) return item.error();
    auto order = bingx::parse_order(*item, wire, inst);
    if (!order) return order.error();
    if (bingx::wire_client_order_id(order->client_order_id) != lower) {
      return binance::shape_error(std::string("GET ") + kOrderPath,
                                  "asked for " + lower + ", answered " + order->client_order_id);
    }
    order->client_order_id = client_id;
    return std::optional<OrderState>(std::move(*order));
  }

  Result<std::vector<bingx::VenuePosition>> positions(const std::string& wire) {
    Params params;
    if (!wire.empty()) params.emplace_back("symbol", wire);
    auto data = get(kPositionsPath, std::move(params));
    if (!data) return data.error();
    return bingx::parse_positions(*data);
  }
};

BingxClient::BingxClient(BingxSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}

BingxClient::~BingxClient() = default;

VenueLimits BingxClient::limits() const {
  VenueLimits limits;
  limits.max_candles = kMaxKlines - 1;
  limits.max_funding_rows = kMaxFundingRows;
  limits.max_client_order_id = 40;
  limits.client_order_id_symbols = "-";
  return limits;
}

void BingxClient::begin_tick() {
  impl_->session.begin_tick();
}

int64_t BingxClient::retry_at_ms() const {
  return impl_->session.blocked_until_ms();
}

RequestStats BingxClient::request_stats() const {
  return impl_->session.stats();
}

Result<int64_t> BingxClient::now_ms() {
  return impl_->session.server_now_ms();
}

Result<Instrument> BingxClient::instrument(const std::string& symbol) {
  return impl_->instrument(symbol);
}

Result<CandleSeries> BingxClient::closed_candles(const std::string& symbol, int64_t interval_ms,
                                                 int limit) {
  const Result<std::string> interval = kline_interval(interval_ms, limit);
  if (!interval) return interval.error();
  auto wire = Impl::wire_of(symbol);
  if (!wire) return wire.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  // One more than asked: the newest candle is normally still open and is dropped.
  auto data = impl_->public_get(
      "/openApi/swap/v3/quote/klines",
      {{"symbol", *wire}, {"interval", *interval}, {"limit", std::to_string(limit + 1)}});
  if (!data) return data.error();
  return bingx::parse_klines(*data, interval_ms, *now, limit);
}

Result<CandleSeries> BingxClient::closed_candles_since(const std::string& symbol,
                                                       int64_t interval_ms, int64_t start_ms,
                                                       int limit) {
  const Result<std::string> interval = kline_interval(interval_ms, limit);
  if (!interval) return interval.error();
  auto wire = Impl::wire_of(symbol);
  if (!wire) return wire.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  CandleSeries series;
  series.interval_ms = interval_ms;
  // A window of at most `limit` candle openings comes back whole whichever end BingX answers
  // from, so the windows are walked forward from start_ms up to now.
  for (int64_t from = std::max<int64_t>(start_ms, 0);
       series.candles.size() < static_cast<size_t>(limit) && from + interval_ms <= *now;) {
    const int64_t to = std::min(*now, from + static_cast<int64_t>(limit) * interval_ms - 1);
    auto data =
        impl_->public_get("/openApi/swap/v3/quote/klines", {{"symbol", *wire},
                                                            {"interval", *interval},
                                                            {"startTime", std::to_string(from)},
                                                            {"endTime", std::to_string(to)},
                                                            {"limit", std::to_string(limit)}});
    if (!data) return data.error();
    auto page = bingx::parse_klines(*data, interval_ms, *now, -1);
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

Result<std::vector<FundingRate>> BingxClient::funding_history_since(const std::string& symbol,
                                                                    int64_t start_ms, int limit) {
  if (Status valid = check_funding_limit(limit); !valid) return valid.error();
  auto wire = Impl::wire_of(symbol);
  if (!wire) return wire.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  std::vector<FundingRate> rows;
  // Settlements are at least an hour apart, so a window of `limit` hours holds at most `limit`
  // of them, whichever end BingX answers from.
  for (int64_t from = std::max<int64_t>(start_ms, 0);
       rows.size() < static_cast<size_t>(limit) && from <= *now;) {
    const int64_t to = std::min(*now, from + static_cast<int64_t>(limit) * kHourMs - 1);
    auto data = impl_->public_get("/openApi/swap/v2/quote/fundingRate",
                                  {{"symbol", *wire},
                                   {"startTime", std::to_string(from)},
                                   {"endTime", std::to_string(to)},
                                   {"limit", std::to_string(kMaxFundingRows)}});
    if (!data) return data.error();
    auto page = bingx::parse_funding_history(*data, *now, -1);
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

Result<MarkAndFunding> BingxClient::mark_and_funding(const std::string& symbol) {
  auto wire = Impl::wire_of(symbol);
  if (!wire) return wire.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  auto data = impl_->public_get("/openApi/swap/v2/quote/premiumIndex", {{"symbol", *wire}});
  if (!data) return data.error();
  return bingx::parse_premium_index(*data, *wire, impl_->session.venue_now_ms());
}

Result<BookTop> BingxClient::book_top(const std::string& symbol) {
  auto wire = Impl::wire_of(symbol);
  if (!wire) return wire.error();
  auto data = impl_->public_get("/openApi/swap/v2/quote/bookTicker", {{"symbol", *wire}});
  if (!data) return data.error();
  return bingx::parse_book_ticker(*data, *wire, symbol);
}

Result<std::vector<FundingRate>> BingxClient::funding_history(const std::string& symbol,
                                                              int limit) {
  if (Status valid = check_funding_limit(limit); !valid) return valid.error();
  auto wire = Impl::wire_of(symbol);
  if (!wire) return wire.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  auto data = impl_->public_get("/openApi/swap/v2/quote/fundingRate",
                                {{"symbol", *wire}, {"limit", std::to_string(limit)}});
  if (!data) return data.error();
  return bingx::parse_funding_history(*data, *now, limit);
}

Result<Account> BingxClient::account() {
  auto data = impl_->get("/openApi/swap/v3/user/balance", {});
  if (!data) return data.error();
  auto account = bingx::parse_balance(*data, impl_->session.settings().margin_asset);
  if (!account) return account.error();
  auto rows = impl_->positions("");
  if (!rows) return rows.error();
  for (const bingx::VenuePosition& row : *rows) {
    if (row.amount.is_zero()) continue;
    auto tiers = impl_->tiers(row.wire);
    if (!tiers) return with_context(tiers.error(), "maintenance margin of " + row.wire);
    account->maint_margin += bingx::maintenance_margin(*tiers, row.position_value);
  }
  return account;
}

Result<Position> BingxClient::position(const std::string& symbol) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  const std::string wire = bingx::wire_symbol(symbol);
  if (Status one_way = impl_->ensure_one_way(); !one_way) return one_way.error();
  auto rows = impl_->positions(wire);
  if (!rows) return rows.error();
  auto position = bingx::position_of(*rows, wire, *inst);
  if (!position) return position.error();
  if (position->qty_steps != 0) {
    auto tiers = impl_->tiers(wire);
    if (!tiers) return with_context(tiers.error(), "maintenance margin of " + wire);
    for (const bingx::VenuePosition& row : *rows) {
      if (row.wire == wire && !row.amount.is_zero())
        position->maint_margin = bingx::maintenance_margin(*tiers, row.position_value);
    }
  }
  return position;
}

Result<std::vector<SpotBalance>> BingxClient::spot_balances() {
  auto data = impl_->get("/openApi/spot/v1/account/balance", {});
  if (!data) return data.error();
  return bingx::parse_spot_balances(*data);
}

Result<std::vector<MarginBracket>> BingxClient::margin_brackets(const std::string& symbol) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  const std::string wire = bingx::wire_symbol(symbol);
  // BingX publishes one leverage cap for the pair, not one per tier: every tier gets it.
  const int cap = bingx::max_leverage_of(impl_->contracts[wire].row);
  if (cap < 1) {
    return make_error(ErrorKind::NotFound,
                      "BingX's contract of " + wire + " gives no leverage cap, so no brackets");
  }
  auto tiers = impl_->tiers(wire);
  if (!tiers) return tiers.error();
  for (MarginBracket& tier : *tiers) tier.max_leverage = cap;
  return tiers;
}

Status BingxClient::prepare_symbol(const std::string& symbol, int leverage) {
  if (leverage < 1 || leverage > kMaxLeverage) {
    return make_error(ErrorKind::InvalidInput, "leverage must be in 1.." +
                                                   std::to_string(kMaxLeverage) + ", was " +
                                                   std::to_string(leverage));
  }
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  const std::string wire = bingx::wire_symbol(symbol);
  if (Status one_way = impl_->ensure_one_way(); !one_way) return one_way.error();
  // Cross margin: a setting of each symbol on BingX, switched when it differs (BingX refuses the
  // switch while a position or an order is open on the symbol).
  auto margin = impl_->get("/openApi/swap/v2/trade/marginType", {{"symbol", wire}});
  if (!margin) return margin.error();
  auto margin_type = bingx::parse_margin_type(*margin);
  if (!margin_type) return margin_type.error();
  if (*margin_type != "CROSSED") {
    auto changed = impl_->write(Method::Post, "/openApi/swap/v2/trade/marginType",
                                {{"symbol", wire}, {"marginType", "CROSSED"}});
    if (!changed) {
      return with_context(changed.error(),
                          "switching " + wire + " from " + margin_type->substr(0, 20) +
                              " to cross margin (hedgebot reads the account-wide margin; close "
                              "the position and orders of the pair, or switch it in BingX)");
    }
  }
  auto current = impl_->get("/openApi/swap/v2/trade/leverage", {{"symbol", wire}});
  if (!current) return current.error();
  auto current_leverage = bingx::parse_leverage(*current);
  if (!current_leverage) return current_leverage.error();
  if (*current_leverage != leverage) {
    auto changed =
        impl_->write(Method::Post, "/openApi/swap/v2/trade/leverage",
                     {{"symbol", wire}, {"side", "BOTH"}, {"leverage", std::to_string(leverage)}});
    if (!changed) return with_context(changed.error(), "setting leverage on " + wire);
  }
  return ok_status();
}

Result<OrderState> BingxClient::place_order(const OrderRequest& request) {
  if (!bingx::is_valid_client_order_id(request.client_order_id)) {
    return make_error(ErrorKind::InvalidInput, "client order id '" +
                                                   request.client_order_id.substr(0, 44) +
                                                   "' is not 1 to 40 characters of [A-Za-z0-9-]");
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
  const std::string wire = bingx::wire_symbol(request.symbol);
  const std::string what = describe(request, *inst);
  if (!inst->trading) {
    return make_error(ErrorKind::Rejected,
                      what + ": BingX does not take API orders on " + wire +
                          " now (its contract is not online, or the pair is restricted from API "
                          "trading); nothing sent");
  }
  Params params = {{"symbol", wire},
                   {"side", request.side == Side::Buy ? "BUY" : "SELL"},
                   {"positionSide", "BOTH"},
                   {"type", request.type == OrderType::Market ? "MARKET" : "LIMIT"},
                   {"quantity", inst->format_qty(request.qty_steps)}};
  if (request.type == OrderType::Limit) {
    params.emplace_back("price", inst->format_price(request.price_ticks));
    params.emplace_back("timeInForce", request.post_only ? "PostOnly" : "GTC");
  }
  params.emplace_back("reduceOnly", request.reduce_only ? "true" : "false");
  params.emplace_back("clientOrderID", bingx::wire_client_order_id(request.client_order_id));

  auto ack = impl_->write(Method::Post, kOrderPath, std::move(params));
  std::optional<Error> failure;
  if (ack) {
    auto item = bingx::order_object(*ack, std::string("POST ") + kOrderPath);
    std::string named;
    if (item) {
      named = binance::text_or(*item, "clientOrderId");
      if (named.empty()) named = binance::text_or(*item, "clientOrderID");
    }
    const bool names_it =
        bingx::wire_client_order_id(named) == bingx::wire_client_order_id(request.client_order_id);
    if (!names_it) {
      failure =
          binance::shape_error(std::string("POST ") + kOrderPath, "the answer names another order");
    }
  } else {
    failure = ack.error();
    if (failure->kind == ErrorKind::Filter || failure->kind == ErrorKind::PostOnlyRejected) {
      failure->message += "; order: " + what;
      return *failure;
    }
    const bool duplicate = failure->venue_code == bingx::kCodeDuplicateClientId;
    if (!duplicate && !binance::may_have_executed(*failure)) return with_context(*failure, what);
  }
  // Accepted, or an answer that leaves it open: read the order back by its client id; a market
  // order until it is final (bounded).
  const BingxSettings& settings = impl_->session.settings();
  std::optional<OrderState> found;
  for (int read = 0; read < settings.order_confirm_reads; ++read) {
    if (read > 0) settings.sleep_ms(settings.order_confirm_pause_ms);
    auto looked_up = impl_->find(*inst, wire, request.client_order_id);
    if (!looked_up) {
      const std::string cause =
          failure ? "placing failed (" + failure->describe() + ") and " : "BingX accepted it, but ";
      std::string message = what;
      message += ": status unknown; ";
      message += cause;
      message += "the look-up failed (";
      message += looked_up.error().describe();
      message += "); query the order by its client order id before placing anything";
      return make_error(ErrorKind::UnknownStatus, message, failure ? failure->venue_code : 0);
    }
    found = std::move(*looked_up);
    if (!found && failure) break;
    if (found && (request.type == OrderType::Limit || is_final(found->status))) break;
  }
  if (!found) {
    // Not found after an unclear answer: the order may still be in flight at the venue. It is
    // never sent a second time in this run.
    const std::string cause =
        failure ? "an unclear answer (" + failure->describe() + ")" : "BingX's acceptance";
    return make_error(ErrorKind::UnknownStatus,
                      what + ": not found right after " + cause +
                          "; it may still be in flight, so it is not sent again in this run",
                      failure ? failure->venue_code : 0);
  }
  return std::move(*found);
}

Result<std::optional<OrderState>> BingxClient::query_order(const std::string& symbol,
                                                           const std::string& client_order_id) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  return impl_->find(*inst, bingx::wire_symbol(symbol), client_order_id);
}

Result<OrderState> BingxClient::cancel_order(const std::string& symbol,
                                             const std::string& client_order_id) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  const std::string wire = bingx::wire_symbol(symbol);
  auto ack = impl_->write(
      Method::Delete, kOrderPath,
      {{"symbol", wire}, {"clientOrderID", bingx::wire_client_order_id(client_order_id)}});
  if (!ack && !is_not_found(ack.error()) && ack.error().venue_code != bingx::kCodeOrderFilled &&
      !binance::may_have_executed(ack.error())) {
    return ack.error();
  }
  // Cancelled, already final or an unclear answer: report what the venue holds now.
  auto found = impl_->find(*inst, wire, client_order_id);
  if (!found) return found.error();
  if (!*found) {
    return make_error(ErrorKind::NotFound,
                      "cannot cancel " + client_order_id + " on " + symbol + ": no such order");
  }
  return std::move(**found);
}

Result<std::vector<OrderState>> BingxClient::open_orders(const std::string& symbol) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  const std::string wire = bingx::wire_symbol(symbol);
  auto data = impl_->get("/openApi/swap/v2/trade/openOrders", {{"symbol", wire}});
  if (!data) return data.error();
  return bingx::parse_open_orders(*data, wire, *inst);
}

int64_t BingxClient::order_validity_ms() const {
  return impl_->session.settings().recv_window_ms + kBingxClockUncertaintyMs;
}

}  // namespace hedgebot
