#include "fakevenue/bingx_venue.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "exchange/decimal.hpp"
#include "fakevenue/fault_spec.hpp"
#include "fakevenue/form.hpp"

namespace hedgebot::fake {
namespace {

using Json = nlohmann::json;
using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kEightHoursMs = 8 * kHourMs;
constexpr int kUnitScale = 4;  // quantities are kept in 0.0001 coin
constexpr double kUnit = 10000.0;
constexpr uint64_t kFirstOrderId = 1735950529123455000ULL;  // above 2^53, as BingX's are

struct Contract {
  std::string symbol, asset;
  int price_precision, quantity_precision;
  double min_qty, min_usdt;
};

struct Holding {
  int64_t units = 0;  // signed
  double entry = 0.0;
};

struct Order {
  uint64_t id = 0;
  std::string client_id, symbol, side, type, status, time_in_force;
  int64_t units = 0, filled = 0;
  std::string price;  // as sent ("" for market)
  double avg = 0.0, commission = 0.0, profit = 0.0;
  bool reduce_only = false;
  int64_t time = 0, update = 0;
};

std::string text_of(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string units_text(int64_t units) {
  return Decimal{units, kUnitScale}.to_string();
}

// A quantity as BingX reads it: truncated to `precision` decimals, in 0.0001 units.
std::optional<int64_t> truncated_units(const std::string& text, int precision) {
  auto parsed = Decimal::parse(text);
  if (!parsed || parsed->mantissa <= 0) return std::nullopt;
  Decimal value = *parsed;
  while (value.scale > precision) {
    value.mantissa /= 10;
    --value.scale;
  }
  int64_t units = value.mantissa;
  for (int scale = value.scale; scale < kUnitScale; ++scale) units *= 10;
  return units;
}

std::optional<int64_t> kline_interval_ms(const std::string& name) {
  static const std::map<std::string, int64_t> kNames = {
      {"1m", kMinuteMs},       {"3m", 3 * kMinuteMs},   {"5m", 5 * kMinuteMs},
      {"15m", 15 * kMinuteMs}, {"30m", 30 * kMinuteMs}, {"1h", kHourMs},
      {"2h", 2 * kHourMs},     {"4h", 4 * kHourMs},     {"6h", 6 * kHourMs},
      {"8h", 8 * kHourMs},     {"12h", 12 * kHourMs},   {"1d", 24 * kHourMs},
      {"3d", 72 * kHourMs},    {"1w", 168 * kHourMs}};
  const auto found = kNames.find(name);
  return found == kNames.end() ? std::nullopt : std::optional<int64_t>(found->second);
}

// What BingX signs: the pairs without `signature`, name=value with raw values, '&' between.
std::string signed_text(const Pairs& pairs, std::string* signature) {
  std::string text;
  for (const auto& [name, value] : pairs) {
    if (name == "signature") {
      *signature = value;
      continue;
    }
    text += (text.empty() ? "" : "&") + name + "=" + value;
  }
  return text;
}

HttpReply raw(int status, const std::string& body) {
  HttpReply reply;
  reply.status = status;
  reply.body = body;
  return reply;
}

}  // namespace

struct FakeBingxVenue::State {
  mutable std::mutex mutex;
  std::vector<Contract> contracts;
  std::map<std::string, double> marks;
  std::map<std::string, Holding> holdings;
  std::map<std::string, int> leverage;
  std::map<std::string, std::string> margin_types;
  std::map<std::string, std::pair<double, double>> spot;  // free, locked
  std::set<std::string> restricted;
  std::vector<Order> orders;
  std::vector<Fault> faults;
  std::map<std::string, int64_t> requests;
  std::map<std::string, int64_t> placements;
  int64_t signature_failures = 0;
  int64_t skew_ms = 0;
  double wallet = 10000.0;
  double funding_rate = 0.0001;
  bool dual_side = false;

  int64_t now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           skew_ms;
  }

  HttpReply answer(const Json& data) const {
    return raw(200, Json{{"code", 0}, {"msg", ""}, {"data", data}}.dump());
  }
  HttpReply failure(int code, const std::string& msg, int status = 200) const {
    return raw(status, Json{{"code", code}, {"msg", msg}, {"data", Json::object()}}.dump());
  }
  HttpReply auth_failure(int code, const std::string& msg) const {
    return raw(200, Json{{"code", code}, {"msg", msg}, {"timestamp", now()}}.dump());
  }

  const Contract* contract(const std::string& symbol) const {
    for (const Contract& c : contracts) {
      if (c.symbol == symbol) return &c;
    }
    return nullptr;
  }
  double mark(const std::string& symbol) const {
    const auto found = marks.find(symbol);
    return found == marks.end() ? 0.0 : found->second;
  }
  int leverage_of(const std::string& symbol) const {
    const auto found = leverage.find(symbol);
    return found == leverage.end() ? 5 : found->second;
  }
  std::string margin_type_of(const std::string& symbol) const {
    const auto found = margin_types.find(symbol);
    return found == margin_types.end() ? "CROSSED" : found->second;
  }
  double unrealized() const {
    double total = 0;
    for (const auto& [symbol, holding] : holdings)
      total += static_cast<double>(holding.units) / kUnit * (mark(symbol) - holding.entry);
    return total;
  }
  double used_margin() const {
    double total = 0;
    for (const auto& [symbol, holding] : holdings)
      total += std::fabs(static_cast<double>(holding.units) / kUnit * mark(symbol)) /
               leverage_of(symbol);
    return total;
  }

  // Books a fill of `delta` units at `price`: realised PnL to the wallet, the entry averaged.
  double book(const std::string& symbol, int64_t delta, double price) {
    Holding& holding = holdings[symbol];
    double realised = 0.0;
    const bool reduces = holding.units != 0 && (holding.units > 0) != (delta > 0);
    if (reduces) {
      const int64_t closing = std::min(std::llabs(delta), std::llabs(holding.units));
      realised = static_cast<double>(closing) / kUnit * (price - holding.entry) *
                 (holding.units > 0 ? 1.0 : -1.0);
    }
    const int64_t after = holding.units + delta;
    if (after == 0) {
      holdings.erase(symbol);
    } else if (holding.units == 0 || (after > 0) != (holding.units > 0)) {
      holding = Holding{after, price};
    } else if (!reduces) {
      holding.entry = (holding.entry * static_cast<double>(std::llabs(holding.units)) +
                       price * static_cast<double>(std::llabs(delta))) /
                      static_cast<double>(std::llabs(after));
      holding.units = after;
    } else {
      holding.units = after;
    }
    wallet += realised;
    return realised;
  }

  void execute(Order& order, double price, double fee_rate) {
    const int64_t delta = order.side == "BUY" ? order.units : -order.units;
    order.profit = book(order.symbol, delta, price);
    const double fee = static_cast<double>(order.units) / kUnit * price * fee_rate;
    wallet -= fee;
    order.commission = -fee;
    order.filled = order.units;
    order.avg = price;
    order.status = "FILLED";
    order.update = now();
  }

  Json order_json(const Order& order) const {
    const Contract* c = contract(order.symbol);
    const int decimals = c == nullptr ? 2 : c->price_precision;
    return Json{{"symbol", order.symbol},
                {"orderId", order.id},
                {"side", order.side},
                {"positionSide", "BOTH"},
                {"type", order.type},
                {"origQty", units_text(order.units)},
                {"price", order.price.empty() ? text_of(0.0, decimals) : order.price},
                {"executedQty", units_text(order.filled)},
                {"avgPrice", text_of(order.avg, decimals)},
                {"cumQuote", text_of(order.avg * static_cast<double>(order.filled) / kUnit, 4)},
                {"stopPrice", ""},
                {"profit", text_of(order.profit, 4)},
                {"commission", text_of(order.commission, 6)},
                {"status", order.status},
                {"time", order.time},
                {"updateTime", order.update},
                {"clientOrderId", order.client_id},
                {"leverage", std::to_string(leverage_of(order.symbol)) + "X"},
                {"workingType", "MARK_PRICE"},
                {"reduceOnly", order.reduce_only},
                {"stopGuaranteed", false}};
  }

  HttpReply check_signature(const HttpRequest& request);
  HttpReply market_data(const std::string& name, const Params& params) const;
  HttpReply place(const Params& params);
  HttpReply account(const std::string& name, const Params& params);
  HttpReply dispatch(const HttpRequest& request);
};

HttpReply FakeBingxVenue::State::check_signature(const HttpRequest& request) {
  const auto key = request.headers.find("x-bx-apikey");
  if (key == request.headers.end() || key->second.empty()) {
    ++signature_failures;
    return auth_failure(100413, "Incorrect apiKey");
  }
  if (key->second != kBingxTestApiKey) {
    ++signature_failures;
    return auth_failure(100413, "Incorrect apiKey");
  }
  std::string signature;
  const Pairs query = form_pairs(request.query);
  const Pairs body = form_pairs(request.body);
  // The query's string, then the body's, nothing between them.
  const std::string text = signed_text(query, &signature) + signed_text(body, &signature);
  if (signature.empty()) {
    ++signature_failures;
    return auth_failure(100412, "Null signature");
  }
  if (signature != hmac_hex(kBingxTestApiSecret, text)) {
    ++signature_failures;
    return auth_failure(100001,
                        "Signature verification failed due to signature mismatch, please check "
                        "your signature generation algorithm");
  }
  Params params;
  parse_form(request.query, params, true);
  parse_form(request.body, params, false);
  const auto stamp = to_int(params.count("timestamp") ? params.at("timestamp") : "");
  auto window = to_int(params.count("recvWindow") ? params.at("recvWindow") : "5000");
  if (!window || *window <= 0) window = 5000;
  const int64_t server = now();
  if (!stamp || *stamp < server - *window || *stamp > server + 1000) {
    return auth_failure(100421,
                        "Null timestamp or timestamp mismatch, try to run our sample code from "
                        "the link below");
  }
  return raw(0, "");
}

HttpReply FakeBingxVenue::State::market_data(const std::string& name, const Params& params) const {
  auto param = [&](const char* key) {
    const auto found = params.find(key);
    return found == params.end() ? std::string() : found->second;
  };
  if (name == "GET /openApi/swap/v2/quote/contracts") {
    Json rows = Json::array();
    for (const Contract& c : contracts) {
      if (!param("symbol").empty() && param("symbol") != c.symbol) continue;
      rows.push_back(Json{{"contractId", "100"},
                          {"symbol", c.symbol},
                          {"quantityPrecision", c.quantity_precision},
                          {"pricePrecision", c.price_precision},
                          {"makerFeeRate", 0.0002},
                          {"takerFeeRate", 0.0005},
                          {"tradeMinQuantity", c.min_qty},
                          {"tradeMinUSDT", c.min_usdt},
                          {"maxLongLeverage", 125},
                          {"maxShortLeverage", 125},
                          {"currency", "USDT"},
                          {"asset", c.asset},
                          {"status", 1},
                          {"apiStateOpen", "true"},
                          {"apiStateClose", "true"},
                          {"launchTime", 1586275200000},
                          {"maintainTime", 0},
                          {"offTime", 0}});
    }
    return answer(rows);
  }
  const Contract* c = contract(param("symbol"));
  if (c == nullptr)
    return failure(109400, param("symbol") + ",symbol not exist, please check symbol");
  const double price = mark(c->symbol);
  if (name == "GET /openApi/swap/v3/quote/klines") {
    const auto interval = kline_interval_ms(param("interval"));
    if (!interval) return failure(80014, "Invalid parameters, interval");
    const int64_t limit = std::clamp<int64_t>(to_int(param("limit")).value_or(500), 1, 1440);
    const int64_t start = to_int(param("startTime")).value_or(0);
    const int64_t newest = std::min(now(), to_int(param("endTime")).value_or(now()));
    // With a start time the oldest `limit` from it; without, the newest `limit`. Always listed
    // newest first, the still-open candle (when in range) at the top.
    int64_t last = newest / *interval * *interval;
    int64_t first = last - (limit - 1) * *interval;
    if (params.count("startTime") != 0) {
      first = (start + *interval - 1) / *interval * *interval;
      last = std::min(last, first + (limit - 1) * *interval);
    }
    Json rows = Json::array();
    for (int64_t open_time = last; open_time >= first && open_time >= 0; open_time -= *interval) {
      const double wave = std::cos(static_cast<double>(open_time / *interval) * 0.7);
      const double open = price * (1.0 + 0.004 * wave);
      const double close = price * (1.0 - 0.002 * wave);
      rows.push_back(Json{{"open", text_of(open, c->price_precision)},
                          {"close", text_of(close, c->price_precision)},
                          {"high", text_of(std::max(open, close) * 1.001, c->price_precision)},
                          {"low", text_of(std::min(open, close) * 0.999, c->price_precision)},
                          {"volume", "792.22"},
                          {"time", open_time}});
    }
    return answer(rows);
  }
  if (name == "GET /openApi/swap/v2/quote/premiumIndex") {
    return answer(Json{{"symbol", c->symbol},
                       {"markPrice", text_of(price, c->price_precision)},
                       {"indexPrice", text_of(price * 1.0001, c->price_precision)},
                       {"lastFundingRate", text_of(funding_rate, 8)},
                       {"nextFundingTime", (now() / kEightHoursMs + 1) * kEightHoursMs}});
  }
  if (name == "GET /openApi/swap/v2/quote/bookTicker") {
    const double tick = std::pow(10.0, -c->price_precision);
    return answer(
        Json{{"book_ticker", Json{{"symbol", c->symbol},
                                  {"bid_price", text_of(price - tick, c->price_precision)},
                                  {"bid_qty", "1.2"},
                                  {"ask_price", text_of(price + tick, c->price_precision)},
                                  {"ask_qty", "0.8"}}}});
  }
  // GET /openApi/swap/v2/quote/fundingRate: newest first.
  const int64_t limit = std::clamp<int64_t>(to_int(param("limit")).value_or(100), 1, 1000);
  const int64_t until = std::min(now(), to_int(param("endTime")).value_or(now()));
  const int64_t from = to_int(param("startTime")).value_or(0);
  Json rows = Json::array();
  for (int64_t time = until / kEightHoursMs * kEightHoursMs;
       time >= from && static_cast<int64_t>(rows.size()) < limit; time -= kEightHoursMs) {
    rows.push_back(Json{
        {"symbol", c->symbol}, {"fundingRate", text_of(funding_rate, 8)}, {"fundingTime", time}});
  }
  return answer(rows);
}

HttpReply FakeBingxVenue::State::place(const Params& params) {
  auto param = [&](const char* key) {
    const auto found = params.find(key);
    return found == params.end() ? std::string() : found->second;
  };
  const Contract* c = contract(param("symbol"));
  if (c == nullptr)
    return failure(109400, param("symbol") + ",symbol not exist, please check symbol");
  if (restricted.count(c->symbol) != 0)
    return failure(100421, "This pair is currently restricted from API trading");
  const std::string side = param("side");
  const std::string type = param("type");
  if (side != "BUY" && side != "SELL") return failure(80014, "Invalid parameters, side");
  if (type != "MARKET" && type != "LIMIT") return failure(80014, "Invalid parameters, type");
  const std::string position_side = param("positionSide").empty() ? "LONG" : param("positionSide");
  if (!dual_side && position_side != "BOTH")
    return failure(109400,
                   "In the One-way mode, the 'PositionSide' field can only be set to BOTH.");
  if (dual_side && position_side == "BOTH")
    return failure(109400,
                   "In the Hedge mode, the 'PositionSide' field can only be set to LONG or SHORT.");
  std::string client_id = param("clientOrderID");
  if (client_id.empty()) client_id = param("clientOrderId");
  std::transform(client_id.begin(), client_id.end(), client_id.begin(), [](char ch) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  });
  if (client_id.size() > 40) return failure(80014, "Invalid parameters, clientOrderID");
  for (const Order& order : orders) {
    if (!client_id.empty() && order.client_id == client_id)
      return failure(101481, "clientOrderID cannot be repeated");
  }
  const auto units = truncated_units(param("quantity"), c->quantity_precision);
  if (!units || *units == 0) return failure(80014, "Invalid parameters, quantity");
  const bool reduce_only = param("reduceOnly") == "true";
  const int64_t delta = side == "BUY" ? *units : -*units;
  const int64_t held = holdings.count(c->symbol) ? holdings.at(c->symbol).units : 0;
  if (reduce_only &&
      (held == 0 || (held > 0) == (delta > 0) || std::llabs(delta) > std::llabs(held)))
    return failure(101290,
                   "Reduce Only order can only decrease your position. Please check your positions "
                   "and open orders.");
  Order order;
  order.id = kFirstOrderId + orders.size();
  order.client_id = client_id;
  order.symbol = c->symbol;
  order.side = side;
  order.type = type;
  order.units = *units;
  order.reduce_only = reduce_only;
  order.time = order.update = now();
  double price = mark(c->symbol);
  bool crosses = true;
  if (type == "LIMIT") {
    auto limit = Decimal::parse(param("price"));
    if (!limit || !limit->is_positive() || limit->scale > c->price_precision)
      return failure(80014, "Invalid parameters, price");
    order.price = param("price");
    order.time_in_force = param("timeInForce").empty() ? "GTC" : param("timeInForce");
    const double tick = std::pow(10.0, -c->price_precision);
    const double touch = side == "BUY" ? mark(c->symbol) + tick : mark(c->symbol) - tick;
    crosses = side == "BUY" ? limit->to_double() >= touch : limit->to_double() <= touch;
    if (crosses && order.time_in_force == "PostOnly")
      return failure(101215, "Post Only order will be rejected as it would immediately match");
    if (crosses) price = touch;
  }
  const double notional = static_cast<double>(*units) / kUnit * price;
  if (!reduce_only && notional < c->min_usdt) {
    return failure(101400, "The minimum nominal value of an order is " + text_of(c->min_usdt, 0) +
                               "u, please increase the quantity");
  }
  const double available = wallet - used_margin() + std::min(0.0, unrealized());
  if (!reduce_only && notional / leverage_of(c->symbol) > available)
    return failure(101204, "Insufficient margin");
  if (crosses) {
    execute(order, price, kFakeTakerFee);
  } else {
    order.status = "PENDING";
  }
  ++placements[client_id];
  orders.push_back(order);
  const Order& kept = orders.back();
  return answer(Json{{"order", Json{{"symbol", kept.symbol},
                                    {"orderId", kept.id},
                                    {"side", kept.side},
                                    {"positionSide", "BOTH"},
                                    {"type", kept.type},
                                    {"clientOrderID", kept.client_id},
                                    {"workingType", "MARK_PRICE"},
                                    {"status", kept.status},
                                    {"avgPrice", text_of(kept.avg, c->price_precision)},
                                    {"executedQty", units_text(kept.filled)}}}});
}

HttpReply FakeBingxVenue::State::account(const std::string& name, const Params& params) {
  auto param = [&](const char* key) {
    const auto found = params.find(key);
    return found == params.end() ? std::string() : found->second;
  };
  if (name == "GET /openApi/swap/v3/user/balance") {
    const double upnl = unrealized();
    const double used = used_margin();
    return answer(
        Json::array({Json{{"userId", "116***295"},
                          {"asset", "USDT"},
                          {"balance", text_of(wallet, 4)},
                          {"equity", text_of(wallet + upnl, 4)},
                          {"unrealizedProfit", text_of(upnl, 4)},
                          {"realisedProfit", "0.0000"},
                          {"availableMargin", text_of(wallet - used + std::min(0.0, upnl), 4)},
                          {"usedMargin", text_of(used, 4)},
                          {"freezedMargin", "0.0000"},
                          {"shortUid", "12851936"}}}));
  }
  if (name == "GET /openApi/swap/v2/user/positions") {
    Json rows = Json::array();
    for (const auto& [symbol, holding] : holdings) {
      if (!param("symbol").empty() && param("symbol") != symbol) continue;
      const double qty = static_cast<double>(std::llabs(holding.units)) / kUnit;
      rows.push_back(Json{
          {"positionId", "1792480725958881280"},
          {"symbol", symbol},
          {"currency", "USDT"},
          {"positionAmt", units_text(std::llabs(holding.units))},
          {"availableAmt", units_text(std::llabs(holding.units))},
          {"positionSide", holding.units > 0 ? "LONG" : "SHORT"},
          {"isolated", margin_type_of(symbol) != "CROSSED"},
          {"avgPrice", text_of(holding.entry, 2)},
          {"leverage", leverage_of(symbol)},
          {"unrealizedProfit",
           text_of(static_cast<double>(holding.units) / kUnit * (mark(symbol) - holding.entry), 4)},
          {"liquidationPrice", 0},
          {"markPrice", text_of(mark(symbol), 2)},
          {"positionValue", text_of(qty * mark(symbol), 4)},
          {"onlyOnePosition", true},
          {"updateTime", now()}});
    }
    return answer(rows);
  }
  if (name == "GET /openApi/swap/v1/maintMarginRatio") {
    if (contract(param("symbol")) == nullptr) return failure(109400, "symbol not exist");
    return answer(Json::array({Json{{"tier", "Tier 1"},
                                    {"symbol", param("symbol")},
                                    {"minPositionVal", "0"},
                                    {"maxPositionVal", "150000"},
                                    {"maintMarginRatio", "0.004000"},
                                    {"maintAmount", "0.000000"}},
                               Json{{"tier", "Tier 2"},
                                    {"symbol", param("symbol")},
                                    {"minPositionVal", "150000"},
                                    {"maxPositionVal", "900000"},
                                    {"maintMarginRatio", "0.005000"},
                                    {"maintAmount", "150.000000"}}}));
  }
  if (name == "GET /openApi/spot/v1/account/balance") {
    Json rows = Json::array();
    for (const auto& [asset, amounts] : spot) {
      rows.push_back(Json{{"asset", asset},
                          {"free", text_of(amounts.first, 8)},
                          {"locked", text_of(amounts.second, 8)},
                          {"displayName", asset}});
    }
    return raw(200,
               Json{{"code", 0}, {"msg", ""}, {"debugMsg", ""}, {"data", Json{{"balances", rows}}}}
                   .dump());
  }
  if (name == "GET /openApi/swap/v1/positionSide/dual") {
    return raw(200, Json{{"code", 0},
                         {"msg", ""},
                         {"timestamp", now()},
                         {"data", Json{{"dualSidePosition", dual_side ? "true" : "false"}}}}
                        .dump());
  }
  const Contract* c = contract(param("symbol"));
  if (name == "GET /openApi/swap/v2/trade/openOrders") {
    Json rows = Json::array();
    for (const Order& order : orders) {
      if (order.status != "PENDING") continue;
      if (!param("symbol").empty() && order.symbol != param("symbol")) continue;
      rows.push_back(order_json(order));
    }
    return answer(Json{{"orders", rows}});
  }
  if (c == nullptr)
    return failure(109400, param("symbol") + ",symbol not exist, please check symbol");
  if (name == "GET /openApi/swap/v2/trade/leverage") {
    const int value = leverage_of(c->symbol);
    return answer(Json{{"longLeverage", value},
                       {"shortLeverage", value},
                       {"maxLongLeverage", 125},
                       {"maxShortLeverage", 125},
                       {"availableLongVol", "1.0"}});
  }
  if (name == "POST /openApi/swap/v2/trade/leverage") {
    const auto value = to_int(param("leverage"));
    if (!dual_side && param("side") != "BOTH")
      return failure(109400, "In the One-way mode, the 'Side' field can only be set to BOTH.");
    if (!value || *value < 1) return failure(80014, "Invalid parameters, leverage");
    if (*value > 125) return failure(101414, "leverage is above the maximum of this pair");
    leverage[c->symbol] = static_cast<int>(*value);
    return answer(Json{{"leverage", *value}, {"symbol", c->symbol}});
  }
  if (name == "GET /openApi/swap/v2/trade/marginType") {
    return answer(Json{{"marginType", margin_type_of(c->symbol)}});
  }
  if (name == "POST /openApi/swap/v2/trade/marginType") {
    if (holdings.count(c->symbol) != 0)
      return failure(109400, "the account has positions or pending orders");
    margin_types[c->symbol] = param("marginType");
    return raw(200, Json{{"code", 0}, {"msg", ""}}.dump());
  }
  if (name == "POST /openApi/swap/v2/trade/order") return place(params);
  // GET / DELETE /openApi/swap/v2/trade/order: by clientOrderId (either spelling) or orderId.
  std::string client_id = param("clientOrderId");
  if (client_id.empty()) client_id = param("clientOrderID");
  const std::string order_id = param("orderId");
  for (Order& order : orders) {
    if (order.symbol != c->symbol) continue;
    if (!(client_id.empty() ? std::to_string(order.id) == order_id : order.client_id == client_id))
      continue;
    if (name == "GET /openApi/swap/v2/trade/order")
      return answer(Json{{"order", order_json(order)}});
    if (order.status == "FILLED") return failure(80018, "order is already filled");
    if (order.status != "PENDING") return failure(109414, "order not exist");
    order.status = "CANCELLED";
    order.update = now();
    return answer(Json{{"order", order_json(order)}});
  }
  if (name == "GET /openApi/swap/v2/trade/order") return failure(80016, "order does not exist");
  return failure(109414, "order not exist");
}

HttpReply FakeBingxVenue::State::dispatch(const HttpRequest& request) {
  const std::string name = request.method + " " + request.path;
  Params params;
  parse_form(request.query, params, true);
  parse_form(request.body, params, false);  // a name in both: the query's value
  if (name == "GET /openApi/swap/v2/server/time") return answer(Json{{"serverTime", now()}});
  static const std::set<std::string> kPublic = {
      "GET /openApi/swap/v2/quote/contracts", "GET /openApi/swap/v3/quote/klines",
      "GET /openApi/swap/v2/quote/premiumIndex", "GET /openApi/swap/v2/quote/bookTicker",
      "GET /openApi/swap/v2/quote/fundingRate"};
  if (kPublic.count(name) != 0) return market_data(name, params);
  static const std::set<std::string> kSigned = {
      "GET /openApi/swap/v3/user/balance",      "GET /openApi/swap/v2/user/positions",
      "GET /openApi/swap/v1/maintMarginRatio",  "GET /openApi/spot/v1/account/balance",
      "GET /openApi/swap/v1/positionSide/dual", "GET /openApi/swap/v2/trade/openOrders",
      "GET /openApi/swap/v2/trade/leverage",    "POST /openApi/swap/v2/trade/leverage",
      "GET /openApi/swap/v2/trade/marginType",  "POST /openApi/swap/v2/trade/marginType",
      "POST /openApi/swap/v2/trade/order",      "GET /openApi/swap/v2/trade/order",
      "DELETE /openApi/swap/v2/trade/order"};
  if (kSigned.count(name) == 0) return raw(404, "{\"code\":404,\"msg\":\"api is not exist\"}");
  if (HttpReply refused = check_signature(request); refused.status != 0) return refused;
  return account(name, params);
}

FakeBingxVenue::FakeBingxVenue(uint16_t port) : state_(std::make_unique<State>()) {
  state_->contracts = {Contract{"BTC-USDT", "BTC", 1, 4, 0.0001, 5.0},
                       Contract{"ETH-USDT", "ETH", 2, 2, 0.01, 5.0}};
  state_->marks = {{"BTC-USDT", 60000.0}, {"ETH-USDT", 2457.31}};
  state_->spot = {{"BTC", {1.5, 0.0}}, {"ETH", {12.5, 0.5}}, {"USDT", {566.19, 2.18}}};
  server_ = std::make_unique<LoopbackHttpServer>(
      [this](const HttpRequest& request) { return handle(request); }, port);
}

FakeBingxVenue::~FakeBingxVenue() {
  stop();
}

void FakeBingxVenue::stop() {
  if (server_) server_->stop();
}

std::string FakeBingxVenue::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

HttpReply FakeBingxVenue::handle(const HttpRequest& request) {
  std::optional<Fault> fault;
  HttpReply reply;
  int64_t now = 0;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    ++state_->requests[request.method + " " + request.path];
    fault = take_fault(state_->faults, request.method, request.path);
    now = state_->now();
    const bool runs = !fault || fault->execute || fault->kind == FaultKind::DropAfter;
    if (runs &&
        !(fault && (fault->kind == FaultKind::Late || fault->kind == FaultKind::DropBefore)))
      reply = state_->dispatch(request);
  }
  // Every answer tells the requests left in the window and when it expires (ms from now).
  reply.headers.emplace_back("X-RateLimit-Requests-Remain", "998");
  reply.headers.emplace_back("X-RateLimit-Requests-Expire", "1000");
  if (!fault) return reply;
  auto limited = [&](int status, int code, const std::string& msg, int default_s) {
    HttpReply answer = raw(status, Json{{"code", code}, {"msg", msg}, {"timestamp", now}}.dump());
    if (fault->retry_after_s != -2) {
      const int64_t seconds = fault->retry_after_s == -1 ? default_s : fault->retry_after_s;
      answer.headers.emplace_back("X-RateLimit-Requests-Remain", "0");
      answer.headers.emplace_back("X-RateLimit-Requests-Expire", std::to_string(seconds * 1000));
    }
    return answer;
  };
  switch (fault->kind) {
    case FaultKind::Late: {
      // Held in the venue's queue, then run as if it arrived now (its timestamp checked then).
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
      std::lock_guard<std::mutex> lock(state_->mutex);
      return state_->dispatch(request);
    }
    case FaultKind::Http500:
      return raw(500, "Internal Server Error");
    case FaultKind::Http502:
      return raw(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
    case FaultKind::Http503Unknown:
    case FaultKind::Http503Unavailable:
      return raw(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
    case FaultKind::RateLimit429:
      return limited(429, 100410, "rate limited", 1);
    case FaultKind::Ban418:
      return limited(418, 100410, "banned: too many requests after a rate limit", 300);
    case FaultKind::Slow:
      if (!fault->execute) reply = raw(504, "Gateway Time-out");
      reply.delay_ms = fault->delay_ms;
      return reply;
    case FaultKind::DropBefore:
    case FaultKind::DropAfter:
      reply = HttpReply{};
      reply.drop_connection = true;
      return reply;
    case FaultKind::MalformedJson:
      return raw(200, R"({"code":0,"msg":"","data":{"order":{"orderId":17359)");
    case FaultKind::WrongShape:
      return raw(200, R"({"code":0,"msg":"","data":{"unexpected":[1,2,3]}})");
    case FaultKind::VenueCode:
      return state_->failure(fault->code, fault->msg, fault->http_status);
  }
  return reply;
}

void FakeBingxVenue::inject(const Fault& fault) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->faults.push_back(fault);
}

void FakeBingxVenue::set_mark_price(const std::string& symbol, double price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->marks[symbol] = price;
}

void FakeBingxVenue::set_clock_skew_ms(int64_t skew_ms) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->skew_ms = skew_ms;
}

void FakeBingxVenue::set_spot_balance(const std::string& asset, double free, double locked) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->spot[asset] = {free, locked};
}

void FakeBingxVenue::set_position(const std::string& symbol, double base_qty, double entry_price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto units = static_cast<int64_t>(std::llround(base_qty * kUnit));
  if (units == 0) {
    state_->holdings.erase(symbol);
  } else {
    state_->holdings[symbol] = Holding{units, entry_price > 0 ? entry_price : state_->mark(symbol)};
  }
}

void FakeBingxVenue::set_dual_side(bool enabled) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->dual_side = enabled;
}

void FakeBingxVenue::set_margin_type(const std::string& symbol, const std::string& type) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->margin_types[symbol] = type;
}

void FakeBingxVenue::set_leverage(const std::string& symbol, int leverage) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->leverage[symbol] = leverage;
}

void FakeBingxVenue::set_funding_rate(double rate) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->funding_rate = rate;
}

void FakeBingxVenue::set_api_restricted(const std::string& symbol, bool restricted) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (restricted) {
    state_->restricted.insert(symbol);
  } else {
    state_->restricted.erase(symbol);
  }
}

void FakeBingxVenue::fill_open_orders(const std::string& symbol) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (Order& order : state_->orders) {
    if (order.symbol != symbol || order.status != "PENDING") continue;
    state_->execute(order, Decimal::parse(order.price)->to_double(), kFakeMakerFee);
  }
}

int64_t FakeBingxVenue::requests(const std::string& name) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->requests.find(name);
  return found == state_->requests.end() ? 0 : found->second;
}

int64_t FakeBingxVenue::total_requests() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [name, count] : state_->requests) total += count;
  return total;
}

int64_t FakeBingxVenue::bad_signatures() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->signature_failures;
}

int64_t FakeBingxVenue::orders_placed(const std::string& client_id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->placements.find(client_id);
  return found == state_->placements.end() ? 0 : found->second;
}

int64_t FakeBingxVenue::total_orders_placed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [id, count] : state_->placements) total += count;
  return total;
}

double FakeBingxVenue::position(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->holdings.find(symbol);
  return found == state_->holdings.end() ? 0.0 : static_cast<double>(found->second.units) / kUnit;
}

int FakeBingxVenue::leverage(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->leverage_of(symbol);
}

std::string FakeBingxVenue::margin_type(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->margin_type_of(symbol);
}

int64_t FakeBingxVenue::server_time_ms() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->now();
}

}  // namespace hedgebot::fake
