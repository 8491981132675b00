#include "exchange/mexc/mexc_client.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "exchange/binance/errors.hpp"
#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/http_client.hpp"
#include "exchange/mexc/errors.hpp"
#include "exchange/mexc/parse.hpp"
#include "exchange/mexc/session.hpp"
#include "exchange/mexc/signing.hpp"
#include "exchange/order_text.hpp"

namespace hedgebot {

using http::Method;
using mexc::Call;
using mexc::Json;

namespace {

constexpr int kMaxKlines = 2000;
constexpr int kMaxFundingRows = 1000;
constexpr int kMaxFundingPages = 100;
constexpr int kMaxLeverage = 200;
constexpr int kOpenTypeCross = 2;

std::string describe(const OrderRequest& request, const Instrument& instrument) {
  return describe_order(request, instrument, "externalOid");
}

Result<std::string> kline_interval(int64_t interval_ms, int limit) {
  if (limit < 1 || limit >= kMaxKlines) {
    return make_error(ErrorKind::InvalidInput,
                      "candle limit must be in 1.." + std::to_string(kMaxKlines - 1));
  }
  const auto interval = mexc::kline_interval_name(interval_ms);
  if (!interval) {
    return make_error(ErrorKind::InvalidInput,
                      "MEXC has no " + format_duration(interval_ms) + " candles");
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

std::string instruments_cache_path(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "mexc_contracts.json").string();
}

// A decimal text as the JSON number MEXC expects ("1.250" -> 1.25, "12" -> 12).
Json json_number(const std::string& text) {
  return Json::parse(text);
}

Result<std::string> wire_symbol(const std::string& symbol) {
  auto wire = mexc::venue_symbol(symbol);
  if (!wire) {
    return make_error(ErrorKind::Config,
                      "symbol `" + symbol.substr(0, 40) +
                          "` is not a MEXC contract name: write BTCUSDT or BTC_USDT");
  }
  return *wire;
}

int64_t ceil_seconds(int64_t ms) {
  return ms <= 0 ? 0 : (ms + 999) / 1000;
}

}  // namespace

Status validate_mexc_settings(const MexcSettings& settings) {
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

struct MexcClient::Impl {
  explicit Impl(MexcSettings settings) : session(std::move(settings)) {}

  mexc::Session session;
  struct Cached {
    Json item;
    int64_t loaded_ms = 0;
  };
  std::map<std::string, Cached> items;  // contract/detail items by MEXC name

  // The contract/detail item of a MEXC name: memory, then the disk cache, then one request.
  Result<Json> contract(const std::string& wire) {
    const MexcSettings& settings = session.settings();
    const int64_t now = session.local_now_ms();
    const int64_t ttl = settings.instruments_ttl_ms;
    if (auto found = items.find(wire);
        found != items.end() && now - found->second.loaded_ms < ttl) {
      return found->second.item;
    }
    const std::string path =
        settings.cache_dir.empty() ? "" : instruments_cache_path(settings.cache_dir);
    if (!path.empty()) {
      if (auto cached = binance::load_cached_symbols(path, settings.base_url, now, ttl)) {
        for (const Json& item : *cached) {
          if (item.is_object() && binance::text_or(item, "symbol") == wire) {
            items[wire] = {item, now};
            return item;
          }
        }
      }
    }
    session.count_instrument_request();
    auto data = session.call(Call{
        Method::Get, "/api/v1/contract/detail", {{"symbol", wire}}, Json::object(), false, ""});
    if (!data) return data.error();
    auto item = mexc::find_contract(*data, wire);
    if (!item) {
      if (item.error().kind == ErrorKind::NotFound) {
        return make_error(ErrorKind::NotFound,
                          "symbol " + wire + " is not a contract on " + settings.base_url);
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
    return *item;
  }

  struct Market {
    std::string wire;
    Instrument instrument;
    Json item;
  };

  Result<Market> market(const std::string& symbol) {
    auto wire = wire_symbol(symbol);
    if (!wire) return wire.error();
    auto item = contract(*wire);
    if (!item) return item.error();
    auto inst = mexc::parse_instrument(*item, symbol);
    if (!inst) return inst.error();
    return Market{*wire, *inst, *item};
  }

  Result<Json> get(const std::string& path, std::vector<std::pair<std::string, std::string>> params,
                   const std::string& label = "") {
    Call call{Method::Get, path, std::move(params), Json::object(), true, ""};
    call.label = label;
    return session.call(call);
  }
  Result<Json> post(const std::string& path, Json body) {
    return session.call(Call{Method::Post, path, {}, std::move(body), true, ""});
  }
  Result<Json> get_public(const std::string& path,
                          std::vector<std::pair<std::string, std::string>> params,
                          const std::string& label) {
    Call call{Method::Get, path, std::move(params), Json::object(), false, ""};
    call.label = label;
    return session.call(call);
  }

  Result<double> fair_price(const std::string& wire) {
    auto data = get_public("/api/v1/contract/fair_price/" + wire, {},
                           "/api/v1/contract/fair_price/{symbol}");
    if (!data) return data.error();
    auto fair = mexc::parse_fair_price(*data);
    if (!fair) return fair.error();
    return fair->price;
  }

  // The order with this externalOid, or nullopt when MEXC has none.
  Result<std::optional<OrderState>> find(const Market& market, const std::string& external_oid) {
    auto data = get("/api/v1/private/order/external/" + market.wire + "/" + external_oid, {},
                    "/api/v1/private/order/external/{symbol}/{external_oid}");
    if (!data) {
      if (data.error().venue_code == mexc::kCodeOrderNotExist) return std::optional<OrderState>{};
      return data.error();
    }
    if (data->is_null() || (data->is_object() && data->empty())) return std::optional<OrderState>{};
    auto order = mexc::parse_order(*data, market.wire, market.instrument);
    if (!order) return order.error();
    if (order->client_order_id != external_oid)
      return binance::shape_error("GET order/external", "the answer names another order");
    return std::optional<OrderState>(std::move(*order));
  }
};

MexcClient::MexcClient(MexcSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}

MexcClient::~MexcClient() = default;

VenueLimits MexcClient::limits() const {
  VenueLimits limits;
  limits.max_candles = kMaxKlines - 1;
  limits.max_funding_rows = kMaxFundingRows;
  limits.max_client_order_id = 32;
  limits.client_order_id_symbols = "-_";
  if (!impl_->session.settings().orders_enabled) {
    limits.orders_closed =
        "orders_enabled is false for this MEXC venue (MEXC has closed order placement on its "
        "contract API to ordinary API keys since 2022)";
  }
  return limits;
}

void MexcClient::begin_tick() {
  impl_->session.begin_tick();
}

int64_t MexcClient::retry_at_ms() const {
  return impl_->session.blocked_until_ms();
}

RequestStats MexcClient::request_stats() const {
  return impl_->session.stats();
}

Result<int64_t> MexcClient::now_ms() {
  return impl_->session.server_now_ms();
}

Result<Instrument> MexcClient::instrument(const std::string& symbol) {
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  return market->instrument;
}

Result<CandleSeries> MexcClient::closed_candles(const std::string& symbol, int64_t interval_ms,
                                                int limit) {
  const Result<std::string> interval = kline_interval(interval_ms, limit);
  if (!interval) return interval.error();
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  // From `limit` bars before the open one: the open bar comes too and is dropped.
  const int64_t open_bar = candle_open_time(*now, interval_ms);
  const int64_t start = open_bar - static_cast<int64_t>(limit) * interval_ms;
  auto data = impl_->get_public("/api/v1/contract/kline/" + market->wire,
                                {{"interval", *interval},
                                 {"start", std::to_string(ceil_seconds(start))},
                                 {"end", std::to_string(*now / 1000)}},
                                "/api/v1/contract/kline/{symbol}");
  if (!data) return data.error();
  return mexc::parse_klines(*data, interval_ms, *now, market->instrument.contract_size, limit);
}

Result<CandleSeries> MexcClient::closed_candles_since(const std::string& symbol,
                                                      int64_t interval_ms, int64_t start_ms,
                                                      int limit) {
  const Result<std::string> interval = kline_interval(interval_ms, limit);
  if (!interval) return interval.error();
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  CandleSeries series;
  series.interval_ms = interval_ms;
  // Windows of at most `limit` bar starts, walked forward from start_ms up to now.
  for (int64_t from = std::max<int64_t>(start_ms, 0);
       series.candles.size() < static_cast<size_t>(limit) && from + interval_ms <= *now;) {
    const int64_t to = std::min(*now, from + static_cast<int64_t>(limit) * interval_ms - 1);
    auto data = impl_->get_public("/api/v1/contract/kline/" + market->wire,
                                  {{"interval", *interval},
                                   {"start", std::to_string(ceil_seconds(from))},
                                   {"end", std::to_string(to / 1000)}},
                                  "/api/v1/contract/kline/{symbol}");
    if (!data) return data.error();
    auto page = mexc::parse_klines(*data, interval_ms, *now, market->instrument.contract_size, -1);
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

Result<MarkAndFunding> MexcClient::mark_and_funding(const std::string& symbol) {
  auto wire = wire_symbol(symbol);
  if (!wire) return wire.error();
  auto fair_data = impl_->get_public("/api/v1/contract/fair_price/" + *wire, {},
                                     "/api/v1/contract/fair_price/{symbol}");
  if (!fair_data) return fair_data.error();
  auto fair = mexc::parse_fair_price(*fair_data);
  if (!fair) return fair.error();
  auto funding = impl_->get_public("/api/v1/contract/funding_rate/" + *wire, {},
                                   "/api/v1/contract/funding_rate/{symbol}");
  if (!funding) return funding.error();
  MarkAndFunding mark;
  mark.mark_price = fair->price;
  mark.time_ms = fair->time_ms;
  if (Status read = mexc::parse_funding_rate(*funding, mark); !read) return read.error();
  if (mark.time_ms == 0) {
    auto now = impl_->session.server_now_ms();
    if (!now) return now.error();
    mark.time_ms = *now;
  }
  return mark;
}

Result<BookTop> MexcClient::book_top(const std::string& symbol) {
  auto wire = wire_symbol(symbol);
  if (!wire) return wire.error();
  auto data =
      impl_->get_public("/api/v1/contract/ticker", {{"symbol", *wire}}, "/api/v1/contract/ticker");
  if (!data) return data.error();
  return mexc::parse_book(*data, symbol);
}

Result<std::vector<FundingRate>> MexcClient::funding_history(const std::string& symbol, int limit) {
  if (Status valid = check_funding_limit(limit); !valid) return valid.error();
  auto wire = wire_symbol(symbol);
  if (!wire) return wire.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  auto data = impl_->get_public(
      "/api/v1/contract/funding_rate/history",
      {{"symbol", *wire}, {"page_num", "1"}, {"page_size", std::to_string(limit)}},
      "/api/v1/contract/funding_rate/history");
  if (!data) return data.error();
  return mexc::parse_funding_history(*data, *now, limit);
}

Result<std::vector<FundingRate>> MexcClient::funding_history_since(const std::string& symbol,
                                                                   int64_t start_ms, int limit) {
  if (Status valid = check_funding_limit(limit); !valid) return valid.error();
  auto wire = wire_symbol(symbol);
  if (!wire) return wire.error();
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  // MEXC pages from the newest settlement back: pages are read until one reaches start_ms.
  std::vector<FundingRate> rows;
  for (int page = 1; page <= kMaxFundingPages; ++page) {
    auto data = impl_->get_public("/api/v1/contract/funding_rate/history",
                                  {{"symbol", *wire},
                                   {"page_num", std::to_string(page)},
                                   {"page_size", std::to_string(kMaxFundingRows)}},
                                  "/api/v1/contract/funding_rate/history");
    if (!data) return data.error();
    auto rates = mexc::parse_funding_history(*data, *now, -1);
    if (!rates) return rates.error();
    const bool reached = rates->empty() || rates->front().funding_time_ms < start_ms;
    rows.insert(rows.end(), rates->begin(), rates->end());
    if (reached || mexc::is_last_page(*data)) break;
    if (page == kMaxFundingPages) {
      return make_error(ErrorKind::InvalidInput,
                        "funding history from " + format_iso8601(start_ms) + " spans more than " +
                            std::to_string(kMaxFundingPages) + " pages of MEXC's history");
    }
  }
  std::erase_if(rows, [&](const FundingRate& row) { return row.funding_time_ms < start_ms; });
  if (Status ordered = binance::order_funding_rates(rows, -1, "funding history"); !ordered)
    return ordered.error();
  if (rows.size() > static_cast<size_t>(limit)) rows.resize(static_cast<size_t>(limit));
  return rows;
}

Result<Account> MexcClient::account() {
  const std::string& asset = impl_->session.settings().margin_asset;
  auto assets = impl_->get("/api/v1/private/account/assets", {});
  if (!assets) return assets.error();
  auto account = mexc::parse_account(*assets, asset);
  if (!account) return account.error();
  // The maintenance margin of every open position, from its contract's rate at the fair price.
  auto positions = impl_->get("/api/v1/private/position/open_positions", {});
  if (!positions) return positions.error();
  auto held = mexc::held_contracts(*positions);
  if (!held) return held.error();
  for (const auto& [wire, contracts] : *held) {
    auto item = impl_->contract(wire);
    if (!item) return with_context(item.error(), "the margin of the " + wire + " position");
    auto size = mexc::get_number(*item, "contractSize", "contract/detail");
    if (!size) return size.error();
    auto rate = mexc::maintenance_margin_rate(*item);
    if (!rate) return rate.error();
    auto fair = impl_->fair_price(wire);
    if (!fair) return fair.error();
    account->maint_margin += contracts * *size * *fair * *rate;
  }
  return account;
}

Result<Position> MexcClient::position(const std::string& symbol) {
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  auto data = impl_->get("/api/v1/private/position/open_positions", {{"symbol", market->wire}});
  if (!data) return data.error();
  auto row = mexc::parse_position(*data, market->wire, market->instrument);
  if (!row) return row.error();
  Position position;
  position.symbol = symbol;
  if (!*row) return position;
  position.qty_steps = (*row)->steps;
  position.entry_price = (*row)->entry_price;
  position.liquidation_price = (*row)->liquidation_price;
  position.leverage = (*row)->leverage;
  auto fair = impl_->fair_price(market->wire);
  if (!fair) return fair.error();
  auto rate = mexc::maintenance_margin_rate(market->item);
  if (!rate) return rate.error();
  const double base = market->instrument.steps_to_base(position.qty_steps);
  position.unrealized_pnl = (*fair - position.entry_price) * base;
  position.maint_margin = std::fabs(base) * *fair * *rate;
  return position;
}

Result<std::vector<SpotBalance>> MexcClient::spot_balances() {
  return make_error(ErrorKind::Config,
                    "the MEXC venue serves contracts only: hedgebot does not read MEXC spot "
                    "balances (another API with its own signing). Read the coins from another "
                    "venue or list them in the config");
}

Status MexcClient::prepare_symbol(const std::string& symbol, int leverage) {
  if (!impl_->session.settings().orders_enabled) {
    std::string what = "preparing " + symbol;
    what.append(" (leverage ").append(std::to_string(leverage)).append(")");
    return mexc::orders_disabled(what);
  }
  if (leverage < 1 || leverage > kMaxLeverage) {
    return make_error(ErrorKind::InvalidInput, "leverage must be in 1.." +
                                                   std::to_string(kMaxLeverage) + ", was " +
                                                   std::to_string(leverage));
  }
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  // Position mode is a setting of the whole account: checked, never switched.
  auto mode = impl_->get("/api/v1/private/position/position_mode", {});
  if (!mode) return mode.error();
  auto one_way = mexc::parse_one_way(*mode);
  if (!one_way) return one_way.error();
  if (!*one_way) {
    return make_error(ErrorKind::Config,
                      "the MEXC account is in hedge position mode; hedgebot keeps one signed "
                      "position per contract and needs one-way mode. Switch it in MEXC's "
                      "futures settings once no position or order is open; hedgebot will not "
                      "switch it for you because the setting applies to the whole account");
  }
  auto rows = impl_->get("/api/v1/private/position/open_positions", {{"symbol", market->wire}});
  if (!rows) return rows.error();
  auto current = mexc::parse_position(*rows, market->wire, market->instrument);
  if (!current) return current.error();
  if (*current && (*current)->open_type != kOpenTypeCross) {
    return make_error(ErrorKind::Config,
                      "the MEXC " + market->wire +
                          " position is isolated; hedgebot trades cross margin. Close it or "
                          "switch it to cross in MEXC");
  }
  auto levels = impl_->get("/api/v1/private/position/leverage", {{"symbol", market->wire}});
  if (!levels) return levels.error();
  auto parsed = mexc::parse_leverage(*levels);
  if (!parsed) return parsed.error();
  std::vector<int> to_set;
  for (const auto& [type, current_leverage] : *parsed) {
    if (current_leverage != leverage) to_set.push_back(type);
  }
  if (parsed->empty()) to_set = {1, 2};
  for (const int type : to_set) {
    auto changed =
        impl_->post("/api/v1/private/position/change_leverage", Json{{"openType", kOpenTypeCross},
                                                                     {"leverage", leverage},
                                                                     {"symbol", market->wire},
                                                                     {"positionType", type}});
    if (!changed) return with_context(changed.error(), "setting leverage on " + symbol);
  }
  return ok_status();
}

Result<OrderState> MexcClient::place_order(const OrderRequest& request) {
  if (!impl_->session.settings().orders_enabled) {
    std::string what = "placing an order on " + request.symbol;
    what.append(" (externalOid ").append(request.client_order_id).append(")");
    return mexc::orders_disabled(what);
  }
  if (!mexc::is_valid_external_oid(request.client_order_id)) {
    return make_error(ErrorKind::InvalidInput, "client order id '" +
                                                   request.client_order_id.substr(0, 40) +
                                                   "' is not 1 to 32 characters of [A-Za-z0-9_-]");
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
  auto market = impl_->market(request.symbol);
  if (!market) return market.error();
  const Instrument& inst = market->instrument;
  const std::string what = describe(request, inst);

  // Sides name the effect: 1 open long, 2 close short, 3 open short, 4 close long.
  int side = 0;
  if (request.side == Side::Buy) {
    side = request.reduce_only ? 2 : 1;
  } else {
    side = request.reduce_only ? 4 : 3;
  }
  int type = 5;
  if (request.type == OrderType::Limit) type = request.post_only ? 2 : 1;
  Json body = Json::object();
  body["symbol"] = market->wire;
  if (request.type == OrderType::Limit)
    body["price"] = json_number(inst.format_price(request.price_ticks));
  body["vol"] = json_number(inst.format_qty(request.qty_steps));
  body["side"] = side;
  body["type"] = type;
  body["openType"] = kOpenTypeCross;
  body["externalOid"] = request.client_order_id;

  auto ack = impl_->post("/api/v1/private/order/create", body);
  std::optional<Error> failure;
  if (ack) {
    if (auto id = mexc::parse_order_id(*ack); !id) failure = id.error();
  } else {
    failure = ack.error();
    if (failure->kind == ErrorKind::Filter) {
      failure->message += "; order: " + what;
      return *failure;
    }
    if (!binance::may_have_executed(*failure)) return with_context(*failure, what);
  }
  // Accepted, or an answer that leaves it open: read the order back by its externalOid.
  const MexcSettings& settings = impl_->session.settings();
  std::optional<OrderState> found;
  for (int read = 0; read < settings.order_confirm_reads; ++read) {
    if (read > 0) settings.sleep_ms(settings.order_confirm_pause_ms);
    auto looked_up = impl_->find(*market, request.client_order_id);
    if (!looked_up) {
      std::string cause = "MEXC acknowledged it, but ";
      if (failure) {
        cause = "placing failed (";
        cause.append(failure->describe()).append(") and ");
      }
      std::string message = what + ": status unknown; ";
      message.append(cause)
          .append("the look-up failed (")
          .append(looked_up.error().describe())
          .append("); query the order by its externalOid before placing anything");
      return make_error(ErrorKind::UnknownStatus, message, failure ? failure->venue_code : 0);
    }
    found = std::move(*looked_up);
    if (!found && failure) break;
    if (found && (request.type == OrderType::Limit || is_final(found->status))) break;
  }
  if (!found) {
    // Not found. After a timeout, a dropped connection or an unknown status the order may still
    // be in flight at the venue: it is never sent a second time in this run.
    const std::string cause =
        failure ? "an unclear answer (" + failure->describe() + ")" : "MEXC's acknowledgement";
    return make_error(ErrorKind::UnknownStatus,
                      what + ": not found right after " + cause +
                          "; it may still be in flight, so it is not sent again in this run",
                      failure ? failure->venue_code : 0);
  }
  if (request.post_only && found->status == OrderStatus::Rejected && found->filled_steps == 0) {
    return make_error(ErrorKind::PostOnlyRejected,
                      what +
                          ": post-only order refused by MEXC: it would have traded at once; "
                          "nothing traded. MEXC keeps the order, so its externalOid is spent");
  }
  return std::move(*found);
}

Result<std::optional<OrderState>> MexcClient::query_order(const std::string& symbol,
                                                          const std::string& client_order_id) {
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  return impl_->find(*market, client_order_id);
}

Result<OrderState> MexcClient::cancel_order(const std::string& symbol,
                                            const std::string& client_order_id) {
  if (!impl_->session.settings().orders_enabled)
    return mexc::orders_disabled("cancelling " + client_order_id + " on " + symbol);
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  auto ack = impl_->post("/api/v1/private/order/cancel_with_external",
                         Json{{"symbol", market->wire}, {"externalOid", client_order_id}});
  if (!ack && ack.error().venue_code != mexc::kCodeOrderNotExist &&
      ack.error().venue_code != mexc::kCodeOrderNotCancellable &&
      !binance::may_have_executed(ack.error())) {
    return ack.error();
  }
  // Cancelled, already final or an unclear answer: report what MEXC holds now.
  auto found = impl_->find(*market, client_order_id);
  if (!found) return found.error();
  if (!*found) {
    return make_error(ErrorKind::NotFound,
                      "cannot cancel " + client_order_id + " on " + symbol + ": no such order");
  }
  return std::move(**found);
}

Result<std::vector<OrderState>> MexcClient::open_orders(const std::string& symbol) {
  auto market = impl_->market(symbol);
  if (!market) return market.error();
  auto data = impl_->get("/api/v1/private/order/list/open_orders/" + market->wire,
                         {{"page_num", "1"}, {"page_size", "100"}},
                         "/api/v1/private/order/list/open_orders/{symbol}");
  if (!data) return data.error();
  auto orders = mexc::parse_order_list(*data, market->wire, market->instrument);
  if (!orders) return orders.error();
  std::vector<OrderState> open;
  for (OrderState& order : *orders) {
    if (!is_final(order.status)) open.push_back(std::move(order));
  }
  return open;
}

int64_t MexcClient::order_validity_ms() const {
  return kMexcRequestWindowMs + kMexcClockUncertaintyMs;
}

}  // namespace hedgebot
