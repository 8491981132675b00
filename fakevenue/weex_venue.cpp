#include "fakevenue/weex_venue.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "exchange/decimal.hpp"
#include "fakevenue/counters.hpp"
#include "fakevenue/fault_spec.hpp"
#include "fakevenue/form.hpp"

namespace hedgebot::fake {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kFundingEvery = 8 * kHourMs;
constexpr int64_t kTimestampWindowMs = 30'000;
constexpr int kMaxLeverage = 100;
constexpr int kUnits = 1000;  // quantities are kept in 0.001 base units (quantityPrecision 3)
constexpr uint64_t kFirstOrderId = 702345678901234567ULL;  // above 2^53, as WEEX's ids are

struct Contract {
  std::string symbol, base;
  int price_precision;
  int64_t min_units, max_units, market_max_units;
};

struct Side {
  int64_t units = 0;  // >= 0
  double entry = 0.0;
};

struct Order {
  uint64_t id = 0;
  std::string client_id, symbol, side, position_side, type, time_in_force, status;
  int64_t qty_units = 0, filled_units = 0;
  std::string price;  // LIMIT: as sent
  double avg_price = 0.0;
  int64_t created = 0, updated = 0;
};

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string units_text(int64_t units) {
  return Decimal{units, 3}.to_string();
}

std::optional<int64_t> interval_of(const std::string& name) {
  static const std::map<std::string, int64_t> intervals = {
      {"1m", kMinuteMs},       {"5m", 5 * kMinuteMs}, {"15m", 15 * kMinuteMs},
      {"30m", 30 * kMinuteMs}, {"1h", kHourMs},       {"4h", 4 * kHourMs},
      {"12h", 12 * kHourMs},   {"1d", 24 * kHourMs},  {"1w", 168 * kHourMs}};
  const auto found = intervals.find(name);
  if (found == intervals.end()) return std::nullopt;
  return found->second;
}

// A decimal text with at most `decimals` digits after the point -> units of 10^-decimals.
std::optional<int64_t> scaled(const std::string& text, int decimals) {
  auto parsed = Decimal::parse(text);
  if (!parsed) return std::nullopt;
  const Decimal value = parsed->normalized();
  if (value.scale > decimals || value.mantissa < 0) return std::nullopt;
  int64_t units = value.mantissa;
  for (int i = value.scale; i < decimals; ++i) units *= 10;
  return units;
}

HttpReply answer(const Json& body, int status = 200) {
  return HttpReply{status, body.dump(), {}, false, 0};
}

HttpReply refuse(int code, const std::string& msg, int status = 400) {
  return answer(Json{{"code", code}, {"msg", msg}}, status);
}

HttpReply in_band(const std::string& id_key, const std::string& client_id, int code,
                  const std::string& msg) {
  return answer(Json{{"orderId", ""},
                     {id_key, client_id},
                     {"success", false},
                     {"errorCode", std::to_string(code)},
                     {"errorMessage", msg}});
}

}  // namespace

struct FakeWeexVenue::State {
  mutable std::mutex mutex;
  std::vector<Contract> contracts;
  std::map<std::string, double> marks;
  std::map<std::string, std::pair<double, double>> books;
  std::map<std::string, std::map<std::string, Side>> sides;  // symbol -> LONG / SHORT
  std::map<std::string, int> leverage;
  std::vector<Order> orders;
  std::vector<Fault> faults;
  std::map<std::string, int64_t> requests;
  std::map<std::string, int64_t> placements;
  int64_t skew_ms = 0;
  uint64_t next_id = kFirstOrderId;
  int64_t largest_history_limit = 0;
  double wallet = 10000.0;
  double funding_rate = 0.0001;
  bool separated = false;
  std::string margin_type = "CROSSED";

  int64_t now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           skew_ms;
  }
  const Contract* contract(const std::string& symbol) const {
    for (const Contract& candidate : contracts) {
      if (candidate.symbol == symbol) return &candidate;
    }
    return nullptr;
  }
  double mark(const std::string& symbol) const {
    const auto found = marks.find(symbol);
    return found == marks.end() ? 0.0 : found->second;
  }
  int leverage_of(const std::string& symbol) const {
    const auto found = leverage.find(symbol);
    return found == leverage.end() ? 20 : found->second;
  }
  // The touch: set_book()'s, else one tick either side of the mark.
  std::pair<double, double> touch(const Contract& c) const {
    if (const auto found = books.find(c.symbol); found != books.end()) return found->second;
    const double tick = std::pow(10.0, -c.price_precision);
    const double price = mark(c.symbol);
    return {std::floor(price / tick - 0.5) * tick, std::ceil(price / tick + 0.5) * tick};
  }
  double unrealized(const std::string& symbol, const std::string& side_name,
                    const Side& side) const {
    const double qty = static_cast<double>(side.units) / kUnits;
    return qty * (mark(symbol) - side.entry) * (side_name == "LONG" ? 1.0 : -1.0);
  }
  double margin_used() const {
    double used = 0;
    for (const auto& [symbol, by_side] : sides) {
      for (const auto& [name, side] : by_side)
        used += static_cast<double>(side.units) / kUnits * mark(symbol) / leverage_of(symbol);
    }
    return used;
  }
  double total_unrealized() const {
    double total = 0;
    for (const auto& [symbol, by_side] : sides) {
      for (const auto& [name, side] : by_side) total += unrealized(symbol, name, side);
    }
    return total;
  }

  // Opens (`opening`) or reduces one side by `units` at `price`, booking PnL on a reduction.
  void book_fill(const std::string& symbol, const std::string& side_name, bool opening,
                 int64_t units, double price) {
    Side& side = sides[symbol][side_name];
    if (opening) {
      side.entry =
          (side.entry * static_cast<double>(side.units) + price * static_cast<double>(units)) /
          static_cast<double>(side.units + units);
      side.units += units;
    } else {
      wallet += static_cast<double>(units) / kUnits * (price - side.entry) *
                (side_name == "LONG" ? 1.0 : -1.0);
      side.units -= units;
      if (side.units == 0) sides[symbol].erase(side_name);
    }
    wallet -= static_cast<double>(units) / kUnits * price * kFakeTakerFee;
  }

  void fill(Order& order, double price) {
    const bool opening = (order.side == "BUY") == (order.position_side == "LONG");
    book_fill(order.symbol, order.position_side, opening, order.qty_units, price);
    order.status = "FILLED";
    order.filled_units = order.qty_units;
    order.avg_price = price;
    order.updated = now();
  }

  Json order_json(const Order& order) const {
    return Json{
        {"avgPrice", order.filled_units > 0 ? fixed(order.avg_price, 2) : "0"},
        {"clientOrderId", order.client_id},
        {"cumQuote", fixed(order.avg_price * static_cast<double>(order.filled_units) / kUnits, 4)},
        {"executedQty", units_text(order.filled_units)},
        {"orderId", order.id},  // a bare number, as WEEX prints it
        {"origQty", units_text(order.qty_units)},
        {"price", order.type == "LIMIT" ? order.price : "0"},
        {"reduceOnly", (order.side == "BUY") != (order.position_side == "LONG")},
        {"side", order.side},
        {"positionSide", order.position_side},
        {"status", order.status},
        {"stopPrice", "0"},
        {"symbol", order.symbol},
        {"time", order.created},
        {"timeInForce", order.time_in_force},
        {"type", order.type},
        {"updateTime", order.updated},
        {"workingType", "CONTRACT_PRICE"}};
  }
  static bool is_open(const Order& order) {
    return order.status == "NEW" || order.status == "PARTIALLY_FILLED";
  }

  Json position_rows(const std::string& only) const {
    Json rows = Json::array();
    for (const auto& [symbol, by_side] : sides) {
      if (!only.empty() && symbol != only) continue;
      for (const auto& [name, side] : by_side) {
        if (side.units == 0) continue;
        const double qty = static_cast<double>(side.units) / kUnits;
        rows.push_back(Json{{"id", kFirstOrderId - 1000},
                            {"asset", "USDT"},
                            {"symbol", symbol},
                            {"side", name},
                            {"marginType", margin_type},
                            {"separatedMode", separated ? "SEPARATED" : "COMBINED"},
                            {"separatedOpenOrderId", 0},
                            {"leverage", std::to_string(leverage_of(symbol))},
                            {"size", units_text(side.units)},
                            {"openValue", fixed(qty * side.entry, 7)},
                            {"openFee", "0"},
                            {"fundingFee", "0"},
                            {"marginSize", fixed(qty * mark(symbol) / leverage_of(symbol), 6)},
                            {"unrealizePnl", fixed(unrealized(symbol, name, side), 7)},
                            {"liquidatePrice", "0"},
                            {"createdTime", now()},
                            {"updatedTime", now()}});
      }
    }
    return rows;
  }

  HttpReply check_auth(const HttpRequest& request) const;
  HttpReply market(const std::string& name, const Params& params);
  HttpReply account(const std::string& name, const Params& params, const Json& body);
  HttpReply place(const Json& body);
  HttpReply cancel(const Params& params);
  HttpReply dispatch(const HttpRequest& request, const Params& params, const Json& body);
};

HttpReply FakeWeexVenue::State::check_auth(const HttpRequest& request) const {
  auto header = [&](const char* name) -> std::optional<std::string> {
    const auto found = request.headers.find(name);
    if (found == request.headers.end() || found->second.empty()) return std::nullopt;
    return found->second;
  };
  const auto key = header("access-key");
  const auto sign = header("access-sign");
  const auto timestamp = header("access-timestamp");
  const auto passphrase = header("access-passphrase");
  if (!key) return refuse(-1040, "ACCESS_KEY header is missing.", 401);
  if (!sign) return refuse(-1041, "ACCESS_SIGN header is missing.", 401);
  if (!timestamp) return refuse(-1042, "ACCESS_TIMESTAMP header is missing.", 401);
  if (*key != kWeexTestApiKey) return refuse(-1044, "Invalid ACCESS_KEY.", 401);
  if (!passphrase || *passphrase != kWeexTestPassphrase)
    return refuse(-1049, "API key or passphrase incorrect.", 401);
  const auto stamp = to_int(*timestamp);
  if (!stamp || timestamp->size() != 13) return refuse(-1043, "Invalid ACCESS_TIMESTAMP.");
  if (std::llabs(*stamp - now()) > kTimestampWindowMs)
    return refuse(-1046, "Request timestamp expired.");
  const std::string prehash = *timestamp + request.method + request.path +
                              (request.query.empty() ? "" : "?" + request.query) + request.body;
  if (*sign != hmac_base64(kWeexTestApiSecret, prehash))
    return refuse(-1047, "API authentication failed.", 401);
  if (!request.body.empty()) {
    const auto type = request.headers.find("content-type");
    if (type == request.headers.end() || type->second.rfind("application/json", 0) != 0)
      return refuse(-1045, "Invalid Content-Type.");
  }
  return HttpReply{0, "", {}, false, 0};
}

HttpReply FakeWeexVenue::State::market(const std::string& name, const Params& params) {
  auto param = [&](const char* key, const std::string& fallback = "") {
    const auto found = params.find(key);
    return found == params.end() ? fallback : found->second;
  };
  if (name == "GET /capi/v3/market/time") return answer(Json{{"serverTime", now()}});
  if (name == "GET /capi/v3/market/exchangeInfo") {
    Json list = Json::array();
    for (const Contract& c : contracts) {
      if (!param("symbol").empty() && param("symbol") != c.symbol) continue;
      list.push_back(Json{{"symbol", c.symbol},
                          {"baseAsset", c.base},
                          {"quoteAsset", "USDT"},
                          {"marginAsset", "USDT"},
                          {"pricePrecision", std::to_string(c.price_precision)},
                          {"quantityPrecision", "3"},
                          {"contractVal", "0.001"},
                          {"delivery", Json::array({"00:00:00", "08:00:00", "16:00:00"})},
                          {"minLeverage", "1"},
                          {"maxLeverage", std::to_string(kMaxLeverage)},
                          {"buyLimitPriceRatio", "0.01"},
                          {"sellLimitPriceRatio", "0.01"},
                          {"makerFeeRate", "0.0002"},
                          {"takerFeeRate", "0.0008"},
                          {"minOrderSize", units_text(c.min_units)},
                          {"maxOrderSize", units_text(c.max_units)},
                          {"maxPositionSize", units_text(c.max_units * 5)},
                          {"marketOpenLimitSize", units_text(c.market_max_units)}});
    }
    return answer(list);
  }
  const Contract* c = contract(param("symbol"));
  if (c == nullptr) return refuse(-1121, "Invalid symbol.");
  if (name == "GET /capi/v3/market/klines" || name == "GET /capi/v3/market/historyKlines") {
    const bool history = name == "GET /capi/v3/market/historyKlines";
    const auto interval = interval_of(param("interval"));
    if (!interval) return refuse(-1142, "Invalid interval.");
    const int64_t limit = to_int(param("limit", "100")).value_or(-1);
    if (limit < 1 || limit > (history ? 100 : 1000))
      return refuse(-1140, "Parameter limit out of range.");
    if (history) largest_history_limit = std::max(largest_history_limit, limit);
    int64_t newest = now() / *interval * *interval;  // the still-open bar
    const int64_t start = to_int(param("startTime", "")).value_or(0);
    if (const auto end = to_int(param("endTime", "")))
      newest = std::min(newest, *end / *interval * *interval);
    Json rows = Json::array();
    for (int64_t i = limit - 1; i >= 0; --i) {
      const int64_t open_time = newest - i * *interval;
      if (open_time < start) continue;
      const int64_t bar = open_time / *interval;
      const double wave = std::sin(static_cast<double>(bar) * 0.3);
      const double open = mark(c->symbol) * (1.0 + 0.01 * wave);
      const double close = open * (1.0 + 0.001 * wave);
      rows.push_back(
          Json::array({open_time, fixed(open, 1), fixed(std::max(open, close) * 1.002, 1),
                       fixed(std::min(open, close) * 0.998, 1), fixed(close, 1), "812.440",
                       open_time + *interval, fixed(close * 812.44, 2), 5120, "401.200",
                       fixed(close * 401.2, 2)}));
    }
    // klines ascending (the open bar last); historyKlines newest first.
    if (history) std::reverse(rows.begin(), rows.end());
    return answer(rows);
  }
  if (name == "GET /capi/v3/market/premiumIndex") {
    const double price = mark(c->symbol);
    return answer(
        Json::array({Json{{"symbol", c->symbol},
                          {"markPrice", fixed(price, 1)},
                          {"indexPrice", fixed(price * 0.9999, 1)},
                          {"lastFundingRate", fixed(funding_rate, 8)},
                          {"forecastFundingRate", fixed(funding_rate, 8)},
                          {"interestRate", "0.0001"},
                          {"nextFundingTime", (now() / kFundingEvery + 1) * kFundingEvery},
                          {"time", now()},
                          {"collectCycle", 480}}}));
  }
  if (name == "GET /capi/v3/market/ticker/bookTicker") {
    const auto [bid, ask] = touch(*c);
    return answer(Json{{"symbol", c->symbol},
                       {"bidPrice", fixed(bid, c->price_precision)},
                       {"bidQty", "3.210"},
                       {"askPrice", fixed(ask, c->price_precision)},
                       {"askQty", "2.870"},
                       {"time", now()}});
  }
  if (name == "GET /capi/v3/market/fundingRate") {
    const int64_t limit = to_int(param("limit", "100")).value_or(-1);
    if (limit < 1 || limit > 1000) return refuse(-1140, "Parameter limit out of range.");
    largest_history_limit = std::max(largest_history_limit, limit);
    const int64_t start = to_int(param("startTime", "")).value_or(0);
    const int64_t end = to_int(param("endTime", "")).value_or(now());
    Json rows = Json::array();  // newest first
    for (int64_t t = std::min(end, now()) / kFundingEvery * kFundingEvery;
         t >= start && static_cast<int64_t>(rows.size()) < limit; t -= kFundingEvery) {
      rows.push_back(Json{{"symbol", c->symbol},
                          {"fundingRate", fixed(funding_rate, 8)},
                          {"fundingTime", t},
                          {"markPrice", fixed(mark(c->symbol), 1)}});
    }
    return answer(rows);
  }
  return refuse(-1150, "Request method not supported.", 404);
}

HttpReply FakeWeexVenue::State::account(const std::string& name, const Params& params,
                                        const Json& body) {
  auto param = [&](const char* key) {
    const auto found = params.find(key);
    return found == params.end() ? std::string() : found->second;
  };
  if (name == "GET /capi/v3/account/balance") {
    const double used = margin_used();
    const double upnl = total_unrealized();
    return answer(Json::array({Json{{"asset", "USDT"},
                                    {"balance", fixed(wallet, 8)},
                                    {"availableBalance", fixed(wallet + upnl - used, 8)},
                                    {"frozen", "0.00000000"},
                                    {"unrealizePnl", fixed(upnl, 8)}}}));
  }
  if (name == "GET /capi/v3/account/position/allPosition") return answer(position_rows(""));
  if (name == "GET /capi/v3/account/position/singlePosition") {
    if (contract(param("symbol")) == nullptr) return refuse(-1121, "Invalid symbol.");
    return answer(position_rows(param("symbol")));
  }
  if (name == "GET /capi/v3/account/symbolConfig") {
    const Contract* c = contract(param("symbol"));
    if (c == nullptr) return refuse(-1121, "Invalid symbol.");
    const std::string lev = std::to_string(leverage_of(c->symbol));
    return answer(Json::array({Json{{"symbol", c->symbol},
                                    {"marginType", margin_type},
                                    {"separatedType", separated ? "SEPARATED" : "COMBINED"},
                                    {"crossLeverage", lev},
                                    {"isolatedLongLeverage", lev},
                                    {"isolatedShortLeverage", lev}}}));
  }
  if (name == "POST /capi/v3/account/leverage") {
    const std::string symbol = body.value("symbol", "");
    if (contract(symbol) == nullptr) return refuse(-1121, "Invalid symbol.");
    const auto lev = to_int(body.value("crossLeverage", ""));
    if (!lev || *lev < 1) return refuse(-1142, "Invalid crossLeverage.");
    if (*lev > kMaxLeverage) return refuse(-3313, "Leverage exceeds the maximum.");
    leverage[symbol] = static_cast<int>(*lev);
    return answer(Json{{"symbol", symbol},
                       {"marginType", margin_type},
                       {"crossLeverage", std::to_string(*lev)},
                       {"isolatedLongLeverage", std::to_string(*lev)},
                       {"isolatedShortLeverage", std::to_string(*lev)}});
  }
  return refuse(-1150, "Request method not supported.", 404);
}

HttpReply FakeWeexVenue::State::place(const Json& body) {
  auto field = [&](const char* key) { return body.value(key, std::string()); };
  const std::string client_id = field("newClientOrderId");
  if (client_id.empty() || client_id.size() > 36 ||
      !std::all_of(client_id.begin(), client_id.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) != 0 ||
               std::string("._:/-").find(ch) != std::string::npos;
      }))
    return refuse(-1180, "Client order id too long or has special characters.");
  const Contract* c = contract(field("symbol"));
  if (c == nullptr) return refuse(-1121, "Invalid symbol.");
  Order order;
  order.client_id = client_id;
  order.symbol = c->symbol;
  order.side = field("side");
  order.position_side = field("positionSide");
  order.type = field("type");
  if (order.side != "BUY" && order.side != "SELL") return refuse(-1117, "Invalid side.");
  if (order.position_side != "LONG" && order.position_side != "SHORT")
    return refuse(-1142, "Invalid positionSide.");
  if (order.type != "MARKET" && order.type != "LIMIT") return refuse(-1116, "Invalid type.");
  const auto units = scaled(field("quantity"), 3);
  if (!units) return refuse(-1160, "Decimal precision error.");
  order.qty_units = *units;
  if (order.qty_units < c->min_units)
    return in_band("clientOrderId", client_id, -1141, "Order quantity below minOrderSize.");
  if (order.qty_units > c->max_units) return refuse(-3007, "Order quantity above maximum.");
  double limit_price = 0.0;
  if (order.type == "LIMIT") {
    order.time_in_force = field("timeInForce");
    if (order.time_in_force != "GTC" && order.time_in_force != "POST_ONLY" &&
        order.time_in_force != "IOC" && order.time_in_force != "FOK")
      return refuse(-1115, "Invalid timeInForce.");
    order.price = field("price");
    const auto ticks = scaled(order.price, c->price_precision);
    if (!ticks || *ticks <= 0) return refuse(-1160, "Decimal precision error.");
    limit_price = static_cast<double>(*ticks) * std::pow(10.0, -c->price_precision);
  } else if (body.contains("price") || body.contains("timeInForce")) {
    return refuse(-1128, "Invalid parameter combination.");
  }
  const bool opening = (order.side == "BUY") == (order.position_side == "LONG");
  const double qty = static_cast<double>(order.qty_units) / kUnits;
  if (opening) {
    const double available = wallet + total_unrealized() - margin_used();
    if (qty * mark(c->symbol) / leverage_of(c->symbol) > available) {
      return refuse(-1054,
                    "FAILED_PRECONDITION: Open margin available amount not enough. Available "
                    "amount is " +
                        fixed(available, 8));
    }
  } else {
    const auto held = sides[c->symbol].find(order.position_side);
    const int64_t held_units = held == sides[c->symbol].end() ? 0 : held->second.units;
    if (order.qty_units > held_units) {
      if (held_units == 0) sides[c->symbol].erase(order.position_side);
      return refuse(-1054, "FAILED_PRECONDITION: Close size exceeds the position size.");
    }
  }
  order.id = next_id++;
  order.created = order.updated = now();
  order.status = "NEW";
  const auto [bid, ask] = touch(*c);
  const bool buy = order.side == "BUY";
  if (order.type == "MARKET") {
    fill(order, buy ? ask : bid);
  } else if (buy ? limit_price >= ask : limit_price <= bid) {
    if (order.time_in_force == "POST_ONLY") {
      order.status = "CANCELED";
    } else {
      fill(order, buy ? ask : bid);
    }
  }
  orders.push_back(order);
  ++placements[client_id];
  return answer(Json{{"orderId", std::to_string(order.id)},
                     {"clientOrderId", client_id},
                     {"success", true},
                     {"errorCode", ""},
                     {"errorMessage", ""}});
}

HttpReply FakeWeexVenue::State::cancel(const Params& params) {
  const auto by_id = params.find("orderId");
  const auto by_client = params.find("origClientOrderId");
  const std::string client_id = by_client == params.end() ? "" : by_client->second;
  // The newest order with that id (a client id may have been used twice).
  for (auto it = orders.rbegin(); it != orders.rend(); ++it) {
    const bool match = by_id != params.end() ? std::to_string(it->id) == by_id->second
                                             : it->client_id == client_id;
    if (!match) continue;
    if (!is_open(*it)) return in_band("origClientOrderId", client_id, -3200, "Order is final.");
    it->status = "CANCELED";
    it->updated = now();
    return answer(Json{{"orderId", std::to_string(it->id)},
                       {"origClientOrderId", it->client_id},
                       {"success", true},
                       {"errorCode", ""},
                       {"errorMessage", ""}});
  }
  return in_band("origClientOrderId", client_id, -3200, "Order does not exist.");
}

HttpReply FakeWeexVenue::State::dispatch(const HttpRequest& request, const Params& params,
                                         const Json& body) {
  const std::string name = request.method + " " + request.path;
  if (request.path.rfind("/capi/v3/market/", 0) == 0) return market(name, params);
  if (HttpReply refused = check_auth(request); refused.status != 0) return refused;
  if (request.path.rfind("/capi/v3/account/", 0) == 0) return account(name, params, body);
  auto param = [&](const char* key) {
    const auto found = params.find(key);
    return found == params.end() ? std::string() : found->second;
  };
  if (name == "POST /capi/v3/order") return place(body);
  if (name == "DELETE /capi/v3/order") return cancel(params);
  if (name == "GET /capi/v3/order") {
    for (const Order& order : orders) {
      if (std::to_string(order.id) == param("orderId")) return answer(order_json(order));
    }
    return refuse(-3200, "Order does not exist.");
  }
  if (name == "GET /capi/v3/openOrders" || name == "GET /capi/v3/order/history") {
    const bool open = name == "GET /capi/v3/openOrders";
    if (contract(param("symbol")) == nullptr) return refuse(-1121, "Invalid symbol.");
    const int64_t limit = open ? 1000 : to_int(param("limit")).value_or(100);
    Json list = Json::array();
    for (auto it = orders.rbegin(); it != orders.rend(); ++it) {  // newest first
      if (it->symbol != param("symbol") || is_open(*it) != open) continue;
      if (static_cast<int64_t>(list.size()) >= limit) break;
      list.push_back(order_json(*it));
    }
    return answer(list);
  }
  return refuse(-1150, "Request method not supported.", 404);
}

FakeWeexVenue::FakeWeexVenue(uint16_t port) : state_(std::make_unique<State>()) {
  state_->contracts = {Contract{"BTCUSDT", "BTC", 1, 1, 1000000, 100000},
                       Contract{"ETHUSDT", "ETH", 2, 10, 5000000, 2300000}};
  state_->marks = {{"BTCUSDT", 60000.0}, {"ETHUSDT", 2457.31}};
  server_ = std::make_unique<LoopbackHttpServer>(
      [this](const HttpRequest& request) { return handle(request); }, port);
}

FakeWeexVenue::~FakeWeexVenue() {
  stop();
}

void FakeWeexVenue::stop() {
  if (server_) server_->stop();
}

std::string FakeWeexVenue::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

HttpReply FakeWeexVenue::handle(const HttpRequest& request) {
  std::optional<Fault> fault;
  HttpReply reply;
  Params params;
  parse_form(request.query, params, true);
  Json body = Json::object();
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    State& state = *state_;
    ++state.requests[request.method + " " + request.path];
    fault = take_fault(state.faults, request.method, request.path);
    if (!request.body.empty()) {
      body = Json::parse(request.body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) return refuse(-1135, "Invalid JSON.");
    }
    const bool execute = !fault || fault->execute || fault->kind == FaultKind::DropAfter;
    const bool held = fault && fault->kind == FaultKind::Late;
    if (execute && !held && !(fault && fault->kind == FaultKind::DropBefore))
      reply = state.dispatch(request, params, body);
  }
  if (!fault) return reply;
  auto retry_after = [&](HttpReply& limited, int default_s) {
    if (fault->retry_after_s == -2) return;
    const int seconds = fault->retry_after_s == -1 ? default_s : fault->retry_after_s;
    limited.headers.emplace_back("Retry-After", std::to_string(seconds));
  };
  auto html = [](int status, const std::string& text) {
    return HttpReply{status, "<html><body><h1>" + text + "</h1></body></html>", {}, false, 0};
  };
  switch (fault->kind) {
    case FaultKind::Late: {
      // Held in the venue's queue, then run as if it arrived now (timestamp checked then).
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
      std::lock_guard<std::mutex> lock(state_->mutex);
      return state_->dispatch(request, params, body);
    }
    case FaultKind::Http500:
      return html(500, "500 Internal Server Error");
    case FaultKind::Http502:
      return html(502, "502 Bad Gateway");
    case FaultKind::Http503Unknown:
    case FaultKind::Http503Unavailable:
      return html(503, "503 Service Temporarily Unavailable");
    case FaultKind::RateLimit429: {
      HttpReply limited = html(429, "429 Too Many Requests");
      retry_after(limited, 1);
      return limited;
    }
    case FaultKind::Ban418: {
      HttpReply banned = html(403, "403 Forbidden");
      retry_after(banned, 120);
      return banned;
    }
    case FaultKind::Slow:
      if (!fault->execute) reply = html(504, "504 Gateway Time-out");
      reply.delay_ms = fault->delay_ms;
      return reply;
    case FaultKind::DropBefore:
    case FaultKind::DropAfter:
      return HttpReply{0, "", {}, true, 0};
    case FaultKind::MalformedJson:
      return HttpReply{200, R"({"orderId":"70234567)", {}, false, 0};
    case FaultKind::WrongShape:
      return HttpReply{200, R"({"unexpected":[1,2,3]})", {}, false, 0};
    case FaultKind::VenueCode:
      return refuse(fault->code, fault->msg, fault->http_status);
  }
  return reply;
}

void FakeWeexVenue::inject(const Fault& fault) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->faults.push_back(fault);
}

void FakeWeexVenue::set_mark_price(const std::string& symbol, double price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->marks[symbol] = price;
  state_->books.erase(symbol);
}

void FakeWeexVenue::set_book(const std::string& symbol, double bid, double ask) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->books[symbol] = {bid, ask};
}

void FakeWeexVenue::set_clock_skew_ms(int64_t skew_ms) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->skew_ms = skew_ms;
}

void FakeWeexVenue::set_balance(double usdt) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->wallet = usdt;
}

void FakeWeexVenue::set_position(const std::string& symbol, double base_qty, double entry_price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->sides.erase(symbol);
  const auto units = static_cast<int64_t>(std::llround(base_qty * kUnits));
  if (units == 0) return;
  state_->sides[symbol][units > 0 ? "LONG" : "SHORT"] =
      Side{std::llabs(units), entry_price > 0 ? entry_price : state_->mark(symbol)};
}

void FakeWeexVenue::set_side(const std::string& symbol, const std::string& side, double size) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto units = static_cast<int64_t>(std::llround(size * kUnits));
  if (units == 0) {
    state_->sides[symbol].erase(side);
    return;
  }
  state_->sides[symbol][side] = Side{units, state_->mark(symbol)};
}

void FakeWeexVenue::set_separated(bool separated) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->separated = separated;
}

void FakeWeexVenue::set_margin_type(const std::string& type) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->margin_type = type;
}

void FakeWeexVenue::set_leverage(const std::string& symbol, int leverage) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->leverage[symbol] = leverage;
}

void FakeWeexVenue::set_funding_rate(double rate) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->funding_rate = rate;
}

void FakeWeexVenue::fill_open_orders(const std::string& symbol) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (Order& order : state_->orders) {
    if (order.symbol != symbol || !State::is_open(order)) continue;
    state_->fill(order, std::stod(order.price));
  }
}

int64_t FakeWeexVenue::requests(const std::string& name) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return count_of(state_->requests, name);
}

int64_t FakeWeexVenue::total_requests() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return total_of(state_->requests);
}

int64_t FakeWeexVenue::orders_placed(const std::string& client_order_id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return count_of(state_->placements, client_order_id);
}

int64_t FakeWeexVenue::total_orders_placed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return total_of(state_->placements);
}

double FakeWeexVenue::position(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->sides.find(symbol);
  if (found == state_->sides.end()) return 0.0;
  int64_t units = 0;
  for (const auto& [name, side] : found->second) units += name == "LONG" ? side.units : -side.units;
  return static_cast<double>(units) / kUnits;
}

int FakeWeexVenue::leverage(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->leverage_of(symbol);
}

int64_t FakeWeexVenue::server_time_ms() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->now();
}

int64_t FakeWeexVenue::largest_history_limit() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->largest_history_limit;
}

}  // namespace hedgebot::fake
