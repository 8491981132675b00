#include "exchange/binance/binance_client.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "exchange/binance/errors.hpp"
#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/binance/parse.hpp"
#include "exchange/binance/session.hpp"
#include "exchange/binance/trades.hpp"
#include "exchange/binance/transfers.hpp"
#include "exchange/http_client.hpp"
#include "exchange/order_text.hpp"

namespace hedgebot {

using binance::Api;
using binance::Call;
using binance::Json;
using http::Method;

namespace {

constexpr int kMaxKlines = 1500;
constexpr int kMaxFundingRows = 1000;

// GET /fapi/v1/klines, from `start_ms` when given, parsed against the venue's now: candles
// still open there are dropped and at most `keep` are kept (-1: all).
Result<CandleSeries> get_klines(binance::Session& session, const std::string& symbol,
                                int64_t interval_ms, std::optional<int64_t> start_ms,
                                int request_limit, int keep) {
  const auto interval = binance::kline_interval_name(interval_ms);
  if (!interval) {
    return make_error(ErrorKind::InvalidInput,
                      "Binance has no " + format_duration(interval_ms) + " candles");
  }
  auto now = session.server_now_ms();
  if (!now) return now.error();
  Call call{Method::Get, Api::Futures, "/fapi/v1/klines", {{"symbol", symbol}}, false};
  call.params.emplace_back("interval", *interval);
  if (start_ms) call.params.emplace_back("startTime", std::to_string(*start_ms));
  call.params.emplace_back("limit", std::to_string(request_limit));
  auto body = session.call(call);
  if (!body) return body.error();
  return binance::parse_klines(*body, interval_ms, *now, keep);
}

// GET /fapi/v1/fundingRate, from `start_ms` when given; at most `keep` rows kept (-1: all).
Result<std::vector<FundingRate>> get_funding(binance::Session& session, const std::string& symbol,
                                             std::optional<int64_t> start_ms, int limit, int keep) {
  if (limit < 1 || limit > kMaxFundingRows) {
    return make_error(ErrorKind::InvalidInput,
                      "funding limit must be in 1.." + std::to_string(kMaxFundingRows));
  }
  auto now = session.server_now_ms();
  if (!now) return now.error();
  Call call{Method::Get, Api::Futures, "/fapi/v1/fundingRate", {{"symbol", symbol}}, false};
  if (start_ms) call.params.emplace_back("startTime", std::to_string(*start_ms));
  call.params.emplace_back("limit", std::to_string(limit));
  auto body = session.call(call);
  if (!body) return body.error();
  return binance::parse_funding_history(*body, *now, keep);
}

std::string describe(const OrderRequest& request, const Instrument& instrument) {
  return describe_order(request, instrument, "client id");
}

}  // namespace

bool is_valid_client_order_id(const std::string& id) {
  // ^[\.A-Z\:/a-z0-9_-]{1,36}$
  if (id.empty() || id.size() > 36) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == ':' || c == '/' || c == '_' || c == '-';
  });
}

Status validate_settings(const BinanceSettings& settings) {
  std::vector<std::string> problems;
  for (const auto* url : {&settings.futures_url, &settings.spot_url}) {
    if (auto allowed = http::check_url_allowed(*url); !allowed)
      problems.push_back(allowed.error().message);
  }
  if (settings.api_key.has_value() != settings.api_secret.has_value()) {
    problems.emplace_back("an API key needs its secret and a secret its key");
  }
  if (settings.recv_window_ms <= 0 || settings.recv_window_ms > 60000) {
    problems.emplace_back("recv_window must be in (0, 60000] ms");
  }
  if (settings.timeout_ms <= 0 || settings.connect_timeout_ms <= 0) {
    problems.emplace_back("timeouts must be positive");
  }
  if (settings.request_budget < 0) problems.emplace_back("request_budget must not be negative");
  if (problems.empty()) return ok_status();
  std::string message;
  for (const auto& problem : problems) message += (message.empty() ? "" : "; ") + problem;
  return make_error(ErrorKind::Config, message);
}

struct BinanceClient::Impl {
  explicit Impl(BinanceSettings settings) : session(std::move(settings)) {}

  binance::Session session;
  std::optional<Json> symbols;    // exchangeInfo symbols[], trimmed
  int64_t symbols_loaded_ms = 0;  // local time they were fetched (or loaded from a fresh cache)
  bool symbols_from_network = false;
  std::map<std::string, Instrument> instruments;
  bool multi_assets_checked = false;  // GET /fapi/v1/multiAssetsMargin answered true this run

  Status load_symbols(bool force_network) {
    const BinanceSettings& settings = session.settings();
    const int64_t now = session.local_now_ms();
    const std::string cache_path =
        settings.cache_dir.empty() ? "" : binance::exchange_info_cache_path(settings.cache_dir);
    if (!force_network && !cache_path.empty()) {
      if (auto cached = binance::load_cached_symbols(cache_path, settings.futures_url, now,
                                                     settings.exchange_info_ttl_ms)) {
        symbols = std::move(*cached);
        symbols_loaded_ms = now;
        symbols_from_network = false;
        instruments.clear();
        return ok_status();
      }
    }
    session.count_exchange_info_request();
    auto body = session.call(Call{Method::Get, Api::Futures, "/fapi/v1/exchangeInfo", {}, false});
    if (!body) return body.error();
    auto trimmed = binance::trim_exchange_info_symbols(*body);
    if (!trimmed) return trimmed.error();
    symbols = std::move(*trimmed);
    symbols_loaded_ms = now;
    symbols_from_network = true;
    instruments.clear();
    if (!cache_path.empty()) {
      // A cache that cannot be written costs one request per run, nothing more.
      (void)binance::save_cached_symbols(cache_path, settings.futures_url, now, *symbols);
    }
    return ok_status();
  }

  Result<Instrument> instrument(const std::string& symbol) {
    const int64_t now = session.local_now_ms();
    const bool stale =
        !symbols || now - symbols_loaded_ms >= session.settings().exchange_info_ttl_ms;
    if (stale) {
      if (auto loaded = load_symbols(false); !loaded) return loaded.error();
    }
    if (auto found = instruments.find(symbol); found != instruments.end()) return found->second;
    for (int pass = 0; pass < 2; ++pass) {
      for (const Json& entry : *symbols) {
        if (!entry.is_object() || binance::text_or(entry, "symbol") != symbol) continue;
        auto parsed = binance::parse_instrument(entry);
        if (!parsed) return parsed.error();
        instruments[symbol] = *parsed;
        return parsed;
      }
      // Not in a cached copy: maybe a new listing; look once at the venue's current list.
      if (pass == 0 && !symbols_from_network) {
        if (auto loaded = load_symbols(true); !loaded) return loaded.error();
        continue;
      }
      break;
    }
    return make_error(ErrorKind::NotFound,
                      "symbol " + symbol + " is not listed on " + session.settings().futures_url);
  }

  Result<std::vector<DatedContract>> dated_contracts(const std::string& perpetual) {
    const int64_t now = session.local_now_ms();
    if (!symbols || now - symbols_loaded_ms >= session.settings().exchange_info_ttl_ms) {
      if (auto loaded = load_symbols(false); !loaded) return loaded.error();
    }
    std::vector<DatedContract> contracts;
    const std::string prefix = perpetual + "_";
    for (const Json& entry : *symbols) {
      if (!entry.is_object()) continue;
      const std::string symbol = binance::text_or(entry, "symbol");
      if (symbol.rfind(prefix, 0) != 0) continue;
      const std::string type = binance::text_or(entry, "contractType");
      if (type == "PERPETUAL" || type == "PERPETUAL_DELIVERING" || type.empty()) continue;
      auto parsed = binance::parse_instrument(entry);
      if (!parsed) return parsed.error();
      instruments[symbol] = *parsed;
      DatedContract contract;
      contract.instrument = *parsed;
      contract.period = type == "CURRENT_QUARTER" ? ContractPeriod::CurrentQuarter
                        : type == "NEXT_QUARTER"  ? ContractPeriod::NextQuarter
                                                  : ContractPeriod::Other;
      contracts.push_back(std::move(contract));
    }
    return contracts;
  }

  Result<Json> order_call(Method method, const std::string& path,
                          std::vector<std::pair<std::string, std::string>> params) {
    return session.call(Call{method, Api::Futures, path, std::move(params), true});
  }

  // The fee (and the average price when missing) of an order with a filled quantity, from its
  // trades. When they cannot be read the fee stays unknown: the order is still returned, a fee
  // is never worth failing an order for.
  OrderState with_fee(OrderState order, const Instrument& inst) {
    if (order.filled_steps <= 0) return order;
    auto body = order_call(Method::Get, "/fapi/v1/userTrades",
                           {{"symbol", order.symbol}, {"orderId", order.venue_order_id}});
    if (!body) return order;
    auto trades = binance::parse_order_trades(*body, inst, order.venue_order_id);
    if (trades) binance::apply_trades(order, *trades, inst);
    return order;
  }

  Result<std::optional<OrderState>> query(const std::string& symbol, const std::string& client_id) {
    auto inst = instrument(symbol);
    if (!inst) return inst.error();
    auto body = order_call(Method::Get, "/fapi/v1/order",
                           {{"symbol", symbol}, {"origClientOrderId", client_id}});
    if (!body) {
      if (body.error().venue_code == binance::kCodeNoSuchOrder) return std::optional<OrderState>{};
      return body.error();
    }
    auto order = binance::parse_order(*body, *inst);
    if (!order) return order.error();
    return std::optional<OrderState>(with_fee(std::move(*order), *inst));
  }
};

BinanceClient::BinanceClient(BinanceSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}

BinanceClient::~BinanceClient() = default;

void BinanceClient::begin_tick() {
  impl_->session.begin_tick();
}

int64_t BinanceClient::retry_at_ms() const {
  return impl_->session.blocked_until_ms();
}

RequestStats BinanceClient::request_stats() const {
  return impl_->session.stats();
}

Result<int64_t> BinanceClient::now_ms() {
  return impl_->session.server_now_ms();
}

Result<Instrument> BinanceClient::instrument(const std::string& symbol) {
  return impl_->instrument(symbol);
}

Result<std::vector<DatedContract>> BinanceClient::dated_contracts(const std::string& perpetual) {
  return impl_->dated_contracts(perpetual);
}

Result<CandleSeries> BinanceClient::closed_candles(const std::string& symbol, int64_t interval_ms,
                                                   int limit) {
  if (limit < 1 || limit >= kMaxKlines) {
    return make_error(ErrorKind::InvalidInput,
                      "candle limit must be in 1.." + std::to_string(kMaxKlines - 1));
  }
  // One more than asked: the newest bar is normally still open and is dropped.
  return get_klines(impl_->session, symbol, interval_ms, std::nullopt, limit + 1, limit);
}

Result<MarkAndFunding> BinanceClient::mark_and_funding(const std::string& symbol) {
  auto body = impl_->session.call(
      Call{Method::Get, Api::Futures, "/fapi/v1/premiumIndex", {{"symbol", symbol}}, false});
  if (!body) return body.error();
  return binance::parse_premium_index(*body);
}

Result<BookTop> BinanceClient::book_top(const std::string& symbol) {
  auto body = impl_->session.call(
      Call{Method::Get, Api::Futures, "/fapi/v1/ticker/bookTicker", {{"symbol", symbol}}, false});
  if (!body) return body.error();
  return binance::parse_book_ticker(*body, symbol);
}

Result<std::vector<FundingRate>> BinanceClient::funding_history(const std::string& symbol,
                                                                int limit) {
  return get_funding(impl_->session, symbol, std::nullopt, limit, limit);
}

VenueLimits BinanceClient::limits() const {
  VenueLimits limits;
  limits.max_candles = kMaxKlines - 1;
  limits.max_funding_rows = kMaxFundingRows;
  limits.max_client_order_id = 36;
  limits.client_order_id_symbols = ".:/_-";
  limits.wallet_transfers = true;
  return limits;
}

Result<CandleSeries> BinanceClient::closed_candles_since(const std::string& symbol,
                                                         int64_t interval_ms, int64_t start_ms,
                                                         int limit) {
  if (limit < 1 || limit > kMaxKlines) {
    return make_error(ErrorKind::InvalidInput,
                      "candle limit must be in 1.." + std::to_string(kMaxKlines));
  }
  return get_klines(impl_->session, symbol, interval_ms, start_ms, limit, -1);
}

Result<std::vector<FundingRate>> BinanceClient::funding_history_since(const std::string& symbol,
                                                                      int64_t start_ms, int limit) {
  return get_funding(impl_->session, symbol, start_ms, limit, -1);
}

Result<Account> BinanceClient::account() {
  const BinanceSettings& settings = impl_->session.settings();
  if (settings.multi_assets && !impl_->multi_assets_checked) {
    // Once per client (one run): the mode is account-wide and changes only by hand.
    const std::string context = "GET /fapi/v1/multiAssetsMargin";
    auto mode = impl_->order_call(Method::Get, "/fapi/v1/multiAssetsMargin", {});
    if (!mode) return with_context(mode.error(), "checking the Multi-Assets mode");
    auto on = binance::get_bool(*mode, "multiAssetsMargin", context);
    if (!on) return on.error();
    if (!*on) {
      return make_error(
          ErrorKind::Config,
          "multi_assets = true, but the Binance futures account is in Single-Asset "
          "mode (" +
              context +
              ": multiAssetsMargin=false): coins in the futures "
              "wallet do not count as margin. Switch it in Binance (Futures > "
              "Preferences > Asset Mode > Multi-Assets Mode) or set multi_assets = false");
    }
    impl_->multi_assets_checked = true;
  }
  auto body = impl_->order_call(Method::Get, "/fapi/v3/account", {});
  if (!body) return body.error();
  auto account = binance::parse_account(*body, settings.margin_asset);
  if (!account) return account;
  if (!settings.multi_assets) {
    if (settings.margin_asset == "USDT" && binance::totals_span_assets(*body)) {
      account->notes.emplace_back(
          "the Binance futures account looks to be in Multi-Assets mode (its totals are not the "
          "USDT balance alone), so the margin balance includes coins at their collateral value; "
          "set multi_assets = true to check the mode and watch the collateral");
    }
    return account;
  }
  auto index =
      impl_->session.call(Call{Method::Get, Api::Futures, "/fapi/v1/assetIndex", {}, false});
  if (!index) return with_context(index.error(), "reading the collateral rates");
  auto collateral = binance::parse_collateral(*body, *index);
  if (!collateral) return collateral.error();
  account->multi_assets = true;
  account->collateral = std::move(*collateral);
  return account;
}

Result<Position> BinanceClient::position(const std::string& symbol) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  auto body = impl_->order_call(Method::Get, "/fapi/v3/positionRisk", {{"symbol", symbol}});
  if (!body) return body.error();
  return binance::parse_position(*body, *inst);
}

Result<std::vector<MarginBracket>> BinanceClient::margin_brackets(const std::string& symbol) {
  auto body = impl_->order_call(Method::Get, "/fapi/v1/leverageBracket", {{"symbol", symbol}});
  if (!body) return body.error();
  return binance::parse_leverage_brackets(*body, symbol);
}

Result<std::vector<SpotBalance>> BinanceClient::spot_balances() {
  auto body = impl_->session.call(
      Call{Method::Get, Api::Spot, "/api/v3/account", {{"omitZeroBalances", "true"}}, true});
  if (!body) return body.error();
  return binance::parse_spot_balances(*body);
}

Status BinanceClient::prepare_symbol(const std::string& symbol, int leverage) {
  if (leverage < 1 || leverage > 125) {
    return make_error(ErrorKind::InvalidInput,
                      "leverage must be in 1..125, was " + std::to_string(leverage));
  }
  auto mode = impl_->order_call(Method::Get, "/fapi/v1/positionSide/dual", {});
  if (!mode) return mode.error();
  auto dual = binance::get_bool(*mode, "dualSidePosition", "GET /fapi/v1/positionSide/dual");
  if (!dual) return dual.error();
  if (*dual) {
    return make_error(ErrorKind::Config,
                      "the Binance futures account is in hedge mode (dualSidePosition=true); "
                      "hedgebot keeps one signed position per symbol and needs one-way mode. "
                      "Switch it in Binance (Futures > Preferences > Position Mode > One-way) "
                      "once no position or order is open; hedgebot will not switch it for you "
                      "because the setting applies to every symbol of the account");
  }
  auto config = impl_->order_call(Method::Get, "/fapi/v1/symbolConfig", {{"symbol", symbol}});
  if (!config) return config.error();
  const std::string context = "GET /fapi/v1/symbolConfig";
  const Json* row = nullptr;
  if (config->is_array()) {
    for (const Json& item : *config) {
      if (item.is_object() && binance::text_or(item, "symbol") == symbol) row = &item;
    }
  } else if (config->is_object()) {
    row = &*config;
  }
  if (row == nullptr) return binance::shape_error(context, "no entry for " + symbol);
  auto margin_type = binance::get_string(*row, "marginType", context);
  if (!margin_type) return margin_type.error();
  auto current_leverage = binance::get_int(*row, "leverage", context);
  if (!current_leverage) return current_leverage.error();
  if (*margin_type != "CROSSED") {
    auto changed = impl_->order_call(Method::Post, "/fapi/v1/marginType",
                                     {{"symbol", symbol}, {"marginType", "CROSSED"}});
    if (!changed && changed.error().venue_code != binance::kCodeMarginTypeUnchanged) {
      return with_context(changed.error(), "setting cross margin on " + symbol);
    }
  }
  if (*current_leverage != leverage) {
    auto changed = impl_->order_call(Method::Post, "/fapi/v1/leverage",
                                     {{"symbol", symbol}, {"leverage", std::to_string(leverage)}});
    if (!changed) return with_context(changed.error(), "setting leverage on " + symbol);
  }
  return ok_status();
}

Result<OrderState> BinanceClient::place_order(const OrderRequest& request) {
  if (!is_valid_client_order_id(request.client_order_id)) {
    return make_error(ErrorKind::InvalidInput, "client order id '" +
                                                   request.client_order_id.substr(0, 40) +
                                                   "' does not match ^[.A-Z:/a-z0-9_-]{1,36}$");
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

  std::vector<std::pair<std::string, std::string>> params = {
      {"symbol", request.symbol},
      {"side", to_string(request.side)},
      {"type", to_string(request.type)},
      {"quantity", inst->format_qty(request.qty_steps)}};
  if (request.type == OrderType::Limit) {
    params.emplace_back("price", inst->format_price(request.price_ticks));
    params.emplace_back("timeInForce", request.post_only ? "GTX" : "GTC");
  }
  if (request.reduce_only) params.emplace_back("reduceOnly", "true");
  params.emplace_back("newClientOrderId", request.client_order_id);
  params.emplace_back("newOrderRespType", "RESULT");

  std::optional<Error> first_failure;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto body = impl_->order_call(Method::Post, "/fapi/v1/order", params);
    Error failure;
    if (body) {
      auto order = binance::parse_order(*body, *inst);
      if (order) return impl_->with_fee(std::move(*order), *inst);
      failure = order.error();  // an unreadable answer: the order may exist
    } else {
      failure = body.error();
      if (failure.kind == ErrorKind::Filter) {
        failure.message += "; order: " + what;
        return failure;
      }
      const bool duplicate = failure.venue_code == binance::kCodeDuplicateClientId;
      if (!duplicate && !binance::may_have_executed(failure)) {
        return with_context(failure, what);
      }
    }
    if (!first_failure) first_failure = failure;
    // The order may exist: ask the venue before doing anything else.
    auto found = impl_->query(request.symbol, request.client_order_id);
    if (!found) {
      return make_error(ErrorKind::UnknownStatus,
                        what + ": status unknown; placing failed (" + failure.describe() +
                            ") and the lookup failed (" + found.error().describe() +
                            "); query the order by its client id before placing anything",
                        failure.venue_code);
    }
    if (*found) return std::move(**found);
    // Not found. Only an answer that says the order was NOT executed (503 "Service
    // Unavailable" / "Internal error") allows sending it again. After a timeout, a dropped
    // connection or an unknown status the order may still be in flight at the venue, and
    // Binance refuses a duplicate client id only while the first order is open: a second send
    // could fill twice. Stop here; the next run asks for the id before sending anything.
    const bool known_not_executed = failure.kind == ErrorKind::VenueError &&
                                    failure.message.find("not executed") != std::string::npos;
    if (!known_not_executed) {
      return make_error(ErrorKind::UnknownStatus,
                        what + ": not found right after an unclear answer (" + failure.describe() +
                            "); it may still be in flight, so it is not sent again in this run",
                        failure.venue_code);
    }
  }
  return make_error(ErrorKind::UnknownStatus,
                    what + ": not confirmed after two placements and two lookups (first failure: " +
                        first_failure->describe() + "); query it before placing anything",
                    first_failure->venue_code);
}

Result<std::optional<OrderState>> BinanceClient::query_order(const std::string& symbol,
                                                             const std::string& client_order_id) {
  return impl_->query(symbol, client_order_id);
}

Result<OrderState> BinanceClient::cancel_order(const std::string& symbol,
                                               const std::string& client_order_id) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  auto body = impl_->order_call(Method::Delete, "/fapi/v1/order",
                                {{"symbol", symbol}, {"origClientOrderId", client_order_id}});
  if (body) {
    auto order = binance::parse_order(*body, *inst);
    if (!order) return order.error();
    return impl_->with_fee(std::move(*order), *inst);
  }
  const Error& failure = body.error();
  if (failure.venue_code != binance::kCodeCancelRejected && !binance::may_have_executed(failure)) {
    return failure;
  }
  // Already final (-2011) or an unclear answer: report what the venue holds now.
  auto found = impl_->query(symbol, client_order_id);
  if (!found) return found.error();
  if (!*found) {
    return make_error(ErrorKind::NotFound,
                      "cannot cancel " + client_order_id + " on " + symbol + ": no such order");
  }
  return std::move(**found);
}

int64_t BinanceClient::order_validity_ms() const {
  return impl_->session.settings().recv_window_ms + kClockUncertaintyMs;
}

Result<TransferRecord> BinanceClient::transfer(const WalletTransfer& request) {
  if (!(request.amount > 0.0)) {
    return make_error(ErrorKind::InvalidInput, "a transfer amount must be above 0");
  }
  auto body = impl_->session.call(Call{Method::Post,
                                       Api::Spot,
                                       "/sapi/v1/asset/transfer",
                                       {{"type", binance::transfer_type(request.direction)},
                                        {"asset", request.asset},
                                        {"amount", binance::transfer_amount_text(request.amount)}},
                                       true});
  if (!body) return body.error();
  auto now = impl_->session.server_now_ms();
  return binance::parse_transfer_answer(*body, request, now ? *now : 0);
}

Result<std::vector<TransferRecord>> BinanceClient::transfer_history(TransferDirection direction,
                                                                    int64_t since_ms) {
  auto now = impl_->session.server_now_ms();
  if (!now) return now.error();
  // Our estimate of the venue's clock can lag the venue's own by the clock's uncertainty: a
  // transfer it stamped a moment ago would fall after an endTime of "now" and be missed (and a
  // missed transfer is sent again once its window has passed). The window reaches past now.
  const int64_t until = *now + order_validity_ms();
  constexpr int kPageRows = 100;
  constexpr int kMostPages = 10;
  std::vector<TransferRecord> records;
  for (int page = 1; page <= kMostPages; ++page) {
    auto body = impl_->session.call(Call{Method::Get,
                                         Api::Spot,
                                         "/sapi/v1/asset/transfer",
                                         {{"type", binance::transfer_type(direction)},
                                          {"startTime", std::to_string(since_ms)},
                                          {"endTime", std::to_string(until)},
                                          {"current", std::to_string(page)},
                                          {"size", std::to_string(kPageRows)}},
                                         true});
    if (!body) return body.error();
    int64_t total = 0;
    auto rows = binance::parse_transfer_history(*body, total);
    if (!rows) return rows.error();
    records.insert(records.end(), rows->begin(), rows->end());
    if (static_cast<int64_t>(page) * kPageRows >= total) {
      std::sort(
          records.begin(), records.end(),
          [](const TransferRecord& a, const TransferRecord& b) { return a.time_ms < b.time_ms; });
      return records;
    }
  }
  return make_error(ErrorKind::InvalidResponse, "GET /sapi/v1/asset/transfer: more than " +
                                                    std::to_string(kPageRows * kMostPages) +
                                                    " transfers since " + format_iso8601(since_ms));
}

Result<std::vector<OrderState>> BinanceClient::open_orders(const std::string& symbol) {
  auto inst = impl_->instrument(symbol);
  if (!inst) return inst.error();
  auto body = impl_->order_call(Method::Get, "/fapi/v1/openOrders", {{"symbol", symbol}});
  if (!body) return body.error();
  if (!body->is_array())
    return binance::shape_error("GET /fapi/v1/openOrders", "expected an array");
  std::vector<OrderState> orders;
  for (const Json& item : *body) {
    auto order = binance::parse_order(item, *inst);
    if (!order) return order.error();
    orders.push_back(std::move(*order));
  }
  return orders;
}

std::unique_ptr<ExchangeClient> make_binance_client(const BinanceSettings& settings) {
  return std::make_unique<BinanceClient>(settings);
}

}  // namespace hedgebot
