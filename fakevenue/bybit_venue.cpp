#include "fakevenue/bybit_venue.hpp"

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
#include "fakevenue/fault_queue.hpp"
#include "fakevenue/fault_spec.hpp"
#include "fakevenue/form.hpp"

namespace hedgebot::fake {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kFundingInterval = 8 * kHour;
constexpr int kMilli = 1000;  // positions and quantities are kept in 0.001 base units

struct Spec {
  std::string symbol, base;
  Decimal tick;           // priceFilter.tickSize
  int64_t step_milli;     // qtyStep in 0.001 units
  int64_t min_milli;      // minOrderQty
  int64_t max_milli;      // maxOrderQty
  int64_t max_mkt_milli;  // maxMktOrderQty
  double min_notional;    // minNotionalValue
};

struct PositionState {
  int64_t milli = 0;  // signed
  double entry = 0.0;
};

struct Order {
  std::string id, link_id, symbol, side, type, time_in_force, status, reject_reason = "EC_NoError";
  int64_t qty_milli = 0, filled_milli = 0;
  Decimal price{0, 0};
  double avg_price = 0.0;
  bool reduce_only = false;
  int64_t created = 0, updated = 0;
};

struct Execution {
  std::string exec_id, order_id, link_id, symbol, side;
  int64_t qty_milli = 0, time = 0;
  double price = 0.0, fee = 0.0;
  bool maker = false;
};

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string milli_text(int64_t milli) {
  return Decimal{milli, 3}.to_string();
}

std::optional<int64_t> interval_ms(const std::string& name) {
  static const std::map<std::string, int64_t> kIntervals = {
      {"1", kMinute},       {"3", 3 * kMinute},  {"5", 5 * kMinute}, {"15", 15 * kMinute},
      {"30", 30 * kMinute}, {"60", kHour},       {"120", 2 * kHour}, {"240", 4 * kHour},
      {"360", 6 * kHour},   {"720", 12 * kHour}, {"D", 24 * kHour},  {"W", 168 * kHour}};
  const auto found = kIntervals.find(name);
  if (found == kIntervals.end()) return std::nullopt;
  return found->second;
}

// A decimal text -> 0.001 units; nullopt when it is not a whole number of them.
std::optional<int64_t> to_milli(const std::string& text) {
  auto parsed = Decimal::parse(text);
  if (!parsed) return std::nullopt;
  const Decimal value = parsed->normalized();
  if (value.scale > 3) return std::nullopt;
  int64_t milli = value.mantissa;
  for (int i = value.scale; i < 3; ++i) milli *= 10;
  return milli;
}

HttpReply plain(int status, const std::string& body) {
  return HttpReply{status, body, {}, false, 0};
}

}  // namespace

struct FakeBybitVenue::State {
  mutable std::mutex mutex;
  std::vector<Spec> specs;
  std::map<std::string, double> marks;
  std::map<std::string, std::pair<double, double>> books;
  std::map<std::string, PositionState> positions;
  std::map<std::string, int> leverage;
  struct Coin {
    double wallet = 0, locked = 0, borrowed = 0;
  };
  std::map<std::string, Coin> coins;
  std::vector<Order> orders;
  std::vector<Execution> executions;
  std::vector<Fault> faults;
  std::map<std::string, int64_t> requests;
  std::map<std::string, int64_t> placements;
  int64_t skew_ms = 0;
  int64_t next_id = 1;
  double wallet = 10000.0;  // USDT
  double funding_rate = 0.0001;
  bool hedge_mode = false;
  bool realtime_keeps_closed = true;
  std::string margin_mode = "REGULAR_MARGIN";

  int64_t now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           skew_ms;
  }

  HttpReply envelope(const Json& result, int code = 0, const std::string& msg = "OK",
                     int status = 200) const {
    Json body{{"retCode", code},
              {"retMsg", msg},
              {"result", result},
              {"retExtInfo", Json::object()},
              {"time", now()}};
    return HttpReply{status, body.dump(), {}, false, 0};
  }
  HttpReply refuse(int code, const std::string& msg, int status = 200) const {
    return envelope(Json::object(), code, msg, status);
  }

  const Spec* spec(const std::string& symbol) const {
    for (const Spec& candidate : specs) {
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
    return found == leverage.end() ? 10 : found->second;
  }
  std::pair<double, double> book(const Spec& s) const {
    if (const auto found = books.find(s.symbol); found != books.end()) return found->second;
    const double tick = s.tick.to_double();
    const double price = mark(s.symbol);
    double bid = std::floor(price / tick + 1e-9) * tick;
    if (bid >= price - tick * 1e-6) bid -= tick;
    double ask = std::ceil(price / tick - 1e-9) * tick;
    if (ask <= price + tick * 1e-6) ask += tick;
    return {bid, ask};
  }

  struct Totals {
    double unrealized = 0, maint = 0, initial = 0;
  };
  Totals totals() const {
    Totals result;
    for (const auto& [symbol, position] : positions) {
      const double qty = static_cast<double>(position.milli) / kMilli;
      result.unrealized += qty * (mark(symbol) - position.entry);
      result.maint += std::fabs(qty * mark(symbol)) * 0.005;
      result.initial += std::fabs(qty * mark(symbol)) / leverage_of(symbol);
    }
    return result;
  }

  void apply_fill(const std::string& symbol, int64_t delta, double price) {
    PositionState& position = positions[symbol];
    const int64_t before = position.milli;
    const int64_t after = before + delta;
    if (before != 0 && (before > 0) != (delta > 0)) {
      const int64_t closed = std::min(std::llabs(delta), std::llabs(before));
      wallet += static_cast<double>(closed) / kMilli * (price - position.entry) *
                (before > 0 ? 1.0 : -1.0);
    }
    if (after == 0) {
      position.entry = 0;
    } else if (before == 0 || (before > 0) != (after > 0)) {
      position.entry = price;
    } else if (std::llabs(after) > std::llabs(before)) {
      position.entry = (position.entry * static_cast<double>(std::llabs(before)) +
                        price * static_cast<double>(std::llabs(delta))) /
                       static_cast<double>(std::llabs(after));
    }
    position.milli = after;
    if (after == 0) positions.erase(symbol);
  }

  void fill(Order& order, int64_t delta, double price, bool maker) {
    apply_fill(order.symbol, delta, price);
    Execution execution;
    execution.exec_id = "exec-" + std::to_string(next_id++);
    execution.order_id = order.id;
    execution.link_id = order.link_id;
    execution.symbol = order.symbol;
    execution.side = order.side;
    execution.qty_milli = std::llabs(delta);
    execution.price = price;
    execution.fee = static_cast<double>(execution.qty_milli) / kMilli * price *
                    (maker ? kFakeMakerFee : kFakeTakerFee);
    execution.maker = maker;
    execution.time = now();
    wallet -= execution.fee;
    executions.push_back(execution);
    order.status = "Filled";
    order.filled_milli = execution.qty_milli;
    order.avg_price = price;
    order.updated = execution.time;
  }

  Json order_json(const Order& order) const {
    const Spec* s = spec(order.symbol);
    Decimal price = order.price;
    while (s != nullptr && price.scale < s->tick.scale) {
      price.mantissa *= 10;
      ++price.scale;
    }
    // A market order shows the venue's slippage bound as its price, off our grid on purpose.
    const std::string price_text =
        order.type == "Market" ? fixed(mark(order.symbol) * 1.0300007, 4) : price.to_string();
    return Json{{"orderId", order.id},
                {"orderLinkId", order.link_id},
                {"blockTradeId", ""},
                {"symbol", order.symbol},
                {"price", price_text},
                {"qty", milli_text(order.qty_milli)},
                {"side", order.side},
                {"isLeverage", ""},
                {"positionIdx", 0},
                {"orderStatus", order.status},
                {"cancelType", order.status == "Cancelled" ? "CancelByUser" : "UNKNOWN"},
                {"rejectReason", order.reject_reason},
                {"avgPrice", order.filled_milli > 0 ? fixed(order.avg_price, 2) : ""},
                {"leavesQty", milli_text(order.status == "New" || order.status == "PartiallyFilled"
                                             ? order.qty_milli - order.filled_milli
                                             : 0)},
                {"leavesValue", "0"},
                {"cumExecQty", milli_text(order.filled_milli)},
                {"cumExecValue",
                 fixed(order.avg_price * static_cast<double>(order.filled_milli) / kMilli, 4)},
                {"cumExecFee", "0"},
                {"timeInForce", order.time_in_force},
                {"orderType", order.type},
                {"stopOrderType", ""},
                {"reduceOnly", order.reduce_only},
                {"closeOnTrigger", false},
                {"createdTime", std::to_string(order.created)},
                {"updatedTime", std::to_string(order.updated)}};
  }

  bool is_open(const Order& order) const {
    return order.status == "New" || order.status == "PartiallyFilled";
  }

  HttpReply dispatch(const HttpRequest& request, const Params& params, const Json& body);
  HttpReply check_auth(const HttpRequest& request) const;
  HttpReply create_order(const Json& body);
  HttpReply market(const std::string& name, const Params& params) const;
  Json wallet_json() const;
  Json position_rows(const std::string& symbol) const;
};

HttpReply FakeBybitVenue::State::check_auth(const HttpRequest& request) const {
  auto header = [&](const char* name) -> std::optional<std::string> {
    const auto found = request.headers.find(name);
    if (found == request.headers.end() || found->second.empty()) return std::nullopt;
    return found->second;
  };
  const auto key = header("x-bapi-api-key");
  const auto timestamp = header("x-bapi-timestamp");
  const auto sign = header("x-bapi-sign");
  const auto recv_window_text = header("x-bapi-recv-window");
  if (!key || !timestamp || !sign) return plain(401, "401 Unauthorized");
  if (*key != kBybitTestApiKey) return refuse(10003, "API key is invalid.");
  const std::string recv_window = recv_window_text.value_or("5000");
  const std::string& payload = request.method == "GET" ? request.query : request.body;
  const std::string origin = *timestamp + *key + recv_window + payload;
  if (*sign != hmac_hex(kBybitTestApiSecret, origin)) {
    return refuse(10004, "error sign! origin_string[" + origin + "]");
  }
  const auto stamp = to_int(*timestamp);
  const auto window = to_int(recv_window);
  const int64_t server = now();
  if (!stamp || !window || !(server - *window <= *stamp && *stamp < server + 1000)) {
    return refuse(10002,
                  "invalid request, please check your server timestamp or recv_window "
                  "param. req_timestamp[" +
                      *timestamp + "],server_timestamp[" + std::to_string(server) +
                      "],recv_window[" + recv_window + "]");
  }
  return HttpReply{0, "", {}, false, 0};
}

HttpReply FakeBybitVenue::State::market(const std::string& name, const Params& params) const {
  auto param = [&](const char* key, const std::string& fallback = "") {
    const auto found = params.find(key);
    return found == params.end() ? fallback : found->second;
  };
  if (param("category") != "linear")
    return refuse(10001, "params error: category only support linear here");
  if (name == "GET /v5/market/instruments-info") {
    Json list = Json::array();
    for (const Spec& s : specs) {
      if (!param("symbol").empty() && param("symbol") != s.symbol) continue;
      list.push_back(Json{
          {"symbol", s.symbol},
          {"contractType", "LinearPerpetual"},
          {"status", "Trading"},
          {"baseCoin", s.base},
          {"quoteCoin", "USDT"},
          {"settleCoin", "USDT"},
          {"launchTime", "1585526400000"},
          {"deliveryTime", "0"},
          {"priceScale", std::to_string(s.tick.scale)},
          {"leverageFilter",
           Json{{"minLeverage", "1"}, {"maxLeverage", "100.00"}, {"leverageStep", "0.01"}}},
          {"priceFilter",
           Json{
               {"minPrice", "0.10"}, {"maxPrice", "1999999.80"}, {"tickSize", s.tick.to_string()}}},
          {"lotSizeFilter", Json{{"maxOrderQty", milli_text(s.max_milli)},
                                 {"maxMktOrderQty", milli_text(s.max_mkt_milli)},
                                 {"minOrderQty", milli_text(s.min_milli)},
                                 {"qtyStep", milli_text(s.step_milli)},
                                 {"minNotionalValue", fixed(s.min_notional, 0)}}},
          {"fundingInterval", 480},
          {"upperFundingRate", "0.005"},
          {"lowerFundingRate", "-0.005"}});
    }
    return envelope(Json{{"category", "linear"}, {"list", list}, {"nextPageCursor", ""}});
  }
  const Spec* s = spec(param("symbol"));
  if (s == nullptr) return refuse(10001, "params error: symbol invalid");
  if (name == "GET /v5/market/kline") {
    const auto interval = interval_ms(param("interval"));
    if (!interval) return refuse(10001, "params error: interval invalid");
    const int64_t limit = std::clamp<int64_t>(to_int(param("limit", "200")).value_or(200), 1, 1000);
    int64_t current_open = now() / *interval * *interval;
    // A range (start / end, bar start times): its newest bars, as Bybit answers one.
    const int64_t end = to_int(param("end", "")).value_or(current_open);
    const int64_t start = to_int(param("start", "")).value_or(0);
    current_open = std::min(current_open, end / *interval * *interval);
    Json list = Json::array();
    // Newest first, the first one still open, as Bybit lists them.
    for (int64_t i = 0; i < limit; ++i) {
      const int64_t open_time = current_open - i * *interval;
      if (open_time < start) break;
      const double wave = std::sin(static_cast<double>(open_time / *interval) * 0.3);
      const double open = mark(s->symbol) * (1.0 + 0.01 * wave);
      const double close = open * (1.0 + 0.001 * wave);
      list.push_back(Json::array({std::to_string(open_time), fixed(open, 2),
                                  fixed(std::max(open, close) * 1.002, 2),
                                  fixed(std::min(open, close) * 0.998, 2), fixed(close, 2),
                                  "812.44", fixed(close * 812.44, 2)}));
    }
    return envelope(Json{{"category", "linear"}, {"symbol", s->symbol}, {"list", list}});
  }
  if (name == "GET /v5/market/tickers") {
    const auto [bid, ask] = book(*s);
    const double price = mark(s->symbol);
    return envelope(Json{
        {"category", "linear"},
        {"list",
         Json::array({Json{
             {"symbol", s->symbol},
             {"lastPrice", fixed(price, s->tick.scale)},
             {"markPrice", fixed(price, s->tick.scale)},
             {"indexPrice", fixed(price * 1.0004, s->tick.scale)},
             {"bid1Price", fixed(bid, s->tick.scale)},
             {"bid1Size", "4.000"},
             {"ask1Price", fixed(ask, s->tick.scale)},
             {"ask1Size", "9.000"},
             {"fundingRate", fixed(funding_rate, 6)},
             {"nextFundingTime", std::to_string((now() / kFundingInterval + 1) * kFundingInterval)},
             {"fundingIntervalHour", "8"},
             {"fundingCap", "0.005"},
             {"openInterest", "52341.23"},
             {"volume24h", "183451.2"},
             {"turnover24h", "451234567.1"}}})}});
  }
  // GET /v5/market/funding/history: newest first.
  const int64_t limit = std::clamp<int64_t>(to_int(param("limit", "200")).value_or(200), 1, 200);
  // A range (startTime / endTime): Bybit refuses a startTime alone.
  if (!param("startTime", "").empty() && param("endTime", "").empty())
    return refuse(10001, "params error: startTime needs endTime");
  const int64_t end = std::min(now(), to_int(param("endTime", "")).value_or(now()));
  const int64_t start = to_int(param("startTime", "")).value_or(0);
  const int64_t last = end / kFundingInterval * kFundingInterval;
  Json list = Json::array();
  for (int64_t i = 0; i < limit; ++i) {
    if (last - i * kFundingInterval < start) break;
    list.push_back(Json{{"symbol", s->symbol},
                        {"fundingRate", fixed(funding_rate, 6)},
                        {"fundingRateTimestamp", std::to_string(last - i * kFundingInterval)}});
  }
  return envelope(Json{{"category", "linear"}, {"list", list}});
}

Json FakeBybitVenue::State::wallet_json() const {
  const Totals sums = totals();
  const double margin_balance = wallet + sums.unrealized;
  const bool isolated = margin_mode == "ISOLATED_MARGIN";
  auto account_wide = [&](double value, int decimals = 4) {
    return isolated ? std::string() : fixed(value, decimals);
  };
  Json coin_rows = Json::array();
  coin_rows.push_back(Json{{"coin", "USDT"},
                           {"equity", fixed(margin_balance, 4)},
                           {"usdValue", fixed(margin_balance, 4)},
                           {"walletBalance", fixed(wallet, 4)},
                           {"locked", "0"},
                           {"borrowAmount", "0"},
                           {"unrealisedPnl", fixed(sums.unrealized, 4)},
                           {"cumRealisedPnl", "0"},
                           {"totalPositionIM", fixed(sums.initial, 4)},
                           {"totalPositionMM", fixed(sums.maint, 4)},
                           {"totalOrderIM", "0"},
                           {"marginCollateral", true},
                           {"collateralSwitch", true}});
  for (const auto& [name, coin] : coins) {
    coin_rows.push_back(Json{{"coin", name},
                             {"equity", fixed(coin.wallet - coin.borrowed, 8)},
                             {"walletBalance", fixed(coin.wallet, 8)},
                             {"locked", fixed(coin.locked, 8)},
                             {"borrowAmount", fixed(coin.borrowed, 8)},
                             {"unrealisedPnl", "0"},
                             {"totalPositionMM", "0"},
                             // This fake's totals count USDT only: its coins are not collateral.
                             {"marginCollateral", false},
                             {"collateralSwitch", false}});
  }
  return Json{
      {"list",
       Json::array({Json{
           {"accountType", "UNIFIED"},
           {"accountIMRate", account_wide(margin_balance > 0 ? sums.initial / margin_balance : 0)},
           {"accountMMRate", account_wide(margin_balance > 0 ? sums.maint / margin_balance : 0)},
           {"totalEquity", fixed(margin_balance, 4)},
           {"totalWalletBalance", fixed(wallet, 4)},
           {"totalMarginBalance", account_wide(margin_balance)},
           {"totalAvailableBalance", account_wide(margin_balance - sums.initial)},
           {"totalPerpUPL", fixed(sums.unrealized, 4)},
           {"totalInitialMargin", account_wide(sums.initial)},
           {"totalMaintenanceMargin", account_wide(sums.maint)},
           {"coin", coin_rows}}})}};
}

Json FakeBybitVenue::State::position_rows(const std::string& symbol) const {
  Json list = Json::array();
  for (const Spec& s : specs) {
    if (!symbol.empty() && s.symbol != symbol) continue;
    const auto found = positions.find(s.symbol);
    const PositionState position = found == positions.end() ? PositionState{} : found->second;
    const double qty = static_cast<double>(position.milli) / kMilli;
    auto row = [&](int index, int64_t milli) {
      const double size = static_cast<double>(std::llabs(milli)) / kMilli;
      const double value = size * mark(s.symbol);
      return Json{
          {"positionIdx", index},
          {"symbol", s.symbol},
          {"side", milli == 0 ? "" : (milli > 0 ? "Buy" : "Sell")},
          {"size", milli_text(std::llabs(milli))},
          {"avgPrice", fixed(milli == 0 ? 0.0 : position.entry, 2)},
          {"positionValue", fixed(value, 4)},
          {"leverage", std::to_string(leverage_of(s.symbol))},
          {"markPrice", fixed(mark(s.symbol), 2)},
          {"liqPrice", milli == 0 ? "" : fixed(mark(s.symbol) * (milli > 0 ? 0.5 : 1.7), 2)},
          {"positionIM", fixed(value / leverage_of(s.symbol), 4)},
          {"positionMM", fixed(value * 0.005, 4)},
          {"unrealisedPnl", fixed(qty * (mark(s.symbol) - position.entry), 4)},
          {"curRealisedPnl", "0"},
          {"cumRealisedPnl", "0"},
          {"positionStatus", "Normal"},
          {"isReduceOnly", false},
          {"createdTime", "1751284790000"},
          {"updatedTime", std::to_string(now())},
          {"seq", 1}};
    };
    if (hedge_mode) {
      list.push_back(row(1, position.milli > 0 ? position.milli : 0));
      list.push_back(row(2, position.milli < 0 ? position.milli : 0));
    } else {
      list.push_back(row(0, position.milli));
    }
  }
  return Json{{"category", "linear"}, {"list", list}, {"nextPageCursor", ""}};
}

HttpReply FakeBybitVenue::State::create_order(const Json& body) {
  auto text = [&](const char* key) -> std::string {
    const auto found = body.find(key);
    return found != body.end() && found->is_string() ? found->get<std::string>() : "";
  };
  if (text("category") != "linear") return refuse(10001, "params error: category");
  const Spec* s = spec(text("symbol"));
  if (s == nullptr) return refuse(10001, "params error: symbol invalid");
  const std::string side = text("side");
  const std::string type = text("orderType");
  if (side != "Buy" && side != "Sell") return refuse(10001, "params error: side invalid");
  if (type != "Market" && type != "Limit") return refuse(10001, "params error: orderType invalid");
  const std::string link_id = text("orderLinkId");
  const bool link_ok =
      !link_id.empty() && link_id.size() <= 36 &&
      std::all_of(link_id.begin(), link_id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
      });
  if (!link_ok) return refuse(10001, "params error: orderLinkId invalid");
  for (const Order& order : orders) {
    if (order.link_id == link_id) return refuse(110072, "OrderLinkedID is duplicate");
  }
  const auto index = body.find("positionIdx");
  const int position_idx =
      index != body.end() && index->is_number_integer() ? index->get<int>() : 0;
  if (hedge_mode != (position_idx != 0))
    return refuse(10001, "position idx not match position mode");
  const auto qty = to_milli(text("qty"));
  if (!qty || *qty % s->step_milli != 0) return refuse(10001, "Qty invalid");
  if (*qty < s->min_milli)
    return refuse(10001, "The number of contracts exceeds minimum limit allowed");
  if (*qty > (type == "Market" ? s->max_mkt_milli : s->max_milli))
    return refuse(10001, "The number of contracts exceeds maximum limit allowed");
  const auto reduce_field = body.find("reduceOnly");
  if (reduce_field != body.end() && !reduce_field->is_boolean())
    return refuse(10001, "params error: reduceOnly invalid");
  const bool reduce_only = reduce_field != body.end() && reduce_field->get<bool>();

  Order order;
  order.id = "5f0c1d52-93b5-4a55-9f0e-" + std::to_string(next_id++);
  order.link_id = link_id;
  order.symbol = s->symbol;
  order.side = side;
  order.type = type;
  order.qty_milli = *qty;
  order.reduce_only = reduce_only;
  order.created = order.updated = now();
  order.time_in_force = type == "Market" ? "IOC" : text("timeInForce");
  if (order.time_in_force.empty()) order.time_in_force = "GTC";
  bool fill_now = type == "Market";
  double reference = mark(s->symbol);
  bool post_only_crossing = false;
  if (type == "Limit") {
    auto price = Decimal::parse(text("price"));
    if (!price || !price->is_positive()) return refuse(10001, "params error: price invalid");
    const Decimal normalized = price->normalized();
    int64_t units = normalized.mantissa;
    if (normalized.scale > s->tick.scale)
      return refuse(10001, "Order price has too many decimals.");
    for (int i = normalized.scale; i < s->tick.scale; ++i) units *= 10;
    if (units % s->tick.mantissa != 0)
      return refuse(10001, "price invalid: not a multiple of tickSize");
    order.price = normalized;
    reference = normalized.to_double();
    const auto [bid, ask] = book(*s);
    const bool crosses = side == "Buy" ? reference >= ask : reference <= bid;
    if (crosses && order.time_in_force == "PostOnly") post_only_crossing = true;
    fill_now = crosses && !post_only_crossing;
  }
  const int64_t position = positions.count(s->symbol) ? positions[s->symbol].milli : 0;
  int64_t delta = side == "Buy" ? *qty : -*qty;
  if (reduce_only) {
    if (position == 0 || (position > 0) == (delta > 0))
      return refuse(110017, "current position is zero, cannot fix reduce-only order qty");
    if (std::llabs(delta) > std::llabs(position)) delta = -position;
  }
  if (!reduce_only && static_cast<double>(*qty) / kMilli * reference < s->min_notional) {
    return refuse(110094,
                  "Order does not meet minimum order value " + fixed(s->min_notional, 0) + "USDT");
  }
  if (std::llabs(position + delta) > std::llabs(position)) {
    const Totals current = totals();
    const double extra = static_cast<double>(std::llabs(position + delta) - std::llabs(position)) /
                         kMilli * reference / leverage_of(s->symbol);
    if (current.initial + extra > wallet + current.unrealized)
      return refuse(110007, "ab not enough for new order");
  }
  if (post_only_crossing) {
    order.status = "Cancelled";
    order.reject_reason = "EC_PostOnlyWillTakeLiquidity";
  } else if (fill_now) {
    fill(order, delta, mark(s->symbol), false);
  } else {
    order.status = "New";
  }
  ++placements[link_id];
  orders.push_back(order);
  return envelope(Json{{"orderId", order.id}, {"orderLinkId", order.link_id}});
}

HttpReply FakeBybitVenue::State::dispatch(const HttpRequest& request, const Params& params,
                                          const Json& body) {
  const std::string name = request.method + " " + request.path;
  if (name == "GET /v5/market/time") {
    const int64_t time = now();
    return envelope(Json{{"timeSecond", std::to_string(time / 1000)},
                         {"timeNano", std::to_string(time) + "000000"}});
  }
  if (name == "GET /v5/market/instruments-info" || name == "GET /v5/market/kline" ||
      name == "GET /v5/market/tickers" || name == "GET /v5/market/funding/history") {
    return market(name, params);
  }
  static const std::vector<std::string> kPrivate = {
      "GET /v5/account/wallet-balance", "GET /v5/account/info",  "GET /v5/position/list",
      "GET /v5/order/realtime",         "GET /v5/order/history", "GET /v5/execution/list",
      "POST /v5/position/set-leverage", "POST /v5/order/create", "POST /v5/order/cancel"};
  if (std::find(kPrivate.begin(), kPrivate.end(), name) == kPrivate.end())
    return plain(404, "404 page not found");
  if (HttpReply denied = check_auth(request); denied.status != 0) return denied;
  auto param = [&](const char* key) {
    const auto found = params.find(key);
    return found == params.end() ? std::string() : found->second;
  };
  auto field = [&](const char* key) {
    const auto found = body.find(key);
    return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  if (name == "GET /v5/account/wallet-balance") {
    if (param("accountType") != "UNIFIED") return refuse(10001, "accountType only support UNIFIED");
    return envelope(wallet_json());
  }
  if (name == "GET /v5/account/info") {
    return envelope(Json{{"unifiedMarginStatus", 4},
                         {"marginMode", margin_mode},
                         {"isMasterTrader", false},
                         {"spotHedgingStatus", "OFF"},
                         {"updatedTime", std::to_string(now())}});
  }
  if (name == "GET /v5/position/list") {
    if (param("category") != "linear") return refuse(10001, "params error: category");
    return envelope(position_rows(param("symbol")));
  }
  if (name == "GET /v5/order/realtime" || name == "GET /v5/order/history") {
    const bool history = name == "GET /v5/order/history";
    const std::string link_id = param("orderLinkId");
    const std::string order_id = param("orderId");
    Json list = Json::array();
    for (auto it = orders.rbegin(); it != orders.rend(); ++it) {
      if (!param("symbol").empty() && it->symbol != param("symbol")) continue;
      if (!link_id.empty() && it->link_id != link_id) continue;
      if (!order_id.empty() && it->id != order_id) continue;
      const bool by_id = !link_id.empty() || !order_id.empty();
      if (!history && !is_open(*it) && (!by_id || !realtime_keeps_closed)) continue;
      list.push_back(order_json(*it));
    }
    return envelope(Json{{"category", "linear"}, {"list", list}, {"nextPageCursor", ""}});
  }
  if (name == "GET /v5/execution/list") {
    Json list = Json::array();
    for (const Execution& e : executions) {
      if (!param("symbol").empty() && e.symbol != param("symbol")) continue;
      if (!param("orderId").empty() && e.order_id != param("orderId")) continue;
      const double qty = static_cast<double>(e.qty_milli) / kMilli;
      list.push_back(Json{{"symbol", e.symbol},
                          {"orderId", e.order_id},
                          {"orderLinkId", e.link_id},
                          {"side", e.side},
                          {"execId", e.exec_id},
                          {"execPrice", fixed(e.price, 2)},
                          {"execQty", milli_text(e.qty_milli)},
                          {"execValue", fixed(e.price * qty, 6)},
                          {"execFee", fixed(e.fee, 8)},
                          {"feeRate", e.maker ? "0.0002" : "0.0005"},
                          {"execType", "Trade"},
                          {"isMaker", e.maker},
                          {"execTime", std::to_string(e.time)}});
    }
    // A funding settlement row of the same symbol, which is not a fill.
    if (!executions.empty()) {
      list.push_back(Json{{"symbol", executions.front().symbol},
                          {"orderId", ""},
                          {"orderLinkId", ""},
                          {"side", "Sell"},
                          {"execId", "funding-1"},
                          {"execPrice", "60000.00"},
                          {"execQty", "0.500"},
                          {"execValue", "30000"},
                          {"execFee", "3.00000000"},
                          {"execType", "Funding"},
                          {"isMaker", false},
                          {"execTime", std::to_string(now())}});
    }
    return envelope(Json{{"category", "linear"}, {"list", list}, {"nextPageCursor", ""}});
  }
  if (name == "POST /v5/position/set-leverage") {
    const Spec* s = spec(field("symbol"));
    if (s == nullptr) return refuse(10001, "params error: symbol invalid");
    const auto buy = to_int(field("buyLeverage"));
    const auto sell = to_int(field("sellLeverage"));
    if (!buy || !sell || *buy != *sell || *buy < 1 || *buy > 100)
      return refuse(10001, "params error: leverage invalid");
    if (*buy == leverage_of(s->symbol)) return refuse(110043, "Set leverage not modified");
    leverage[s->symbol] = static_cast<int>(*buy);
    return envelope(Json::object());
  }
  if (name == "POST /v5/order/create") return create_order(body);
  // POST /v5/order/cancel
  for (Order& order : orders) {
    if (order.symbol == field("symbol") && order.link_id == field("orderLinkId") &&
        is_open(order)) {
      order.status = "Cancelled";
      order.updated = now();
      return envelope(Json{{"orderId", order.id}, {"orderLinkId", order.link_id}});
    }
  }
  return refuse(110001, "Order does not exist.");
}

FakeBybitVenue::FakeBybitVenue(uint16_t port) : state_(std::make_unique<State>()) {
  state_->specs = {
      Spec{"BTCUSDT", "BTC", Decimal{10, 2}, 1, 1, 1190000, 119000, 5.0},
      Spec{"ETHUSDT", "ETH", Decimal{1, 2}, 10, 10, 7240000, 1500000, 5.0},
  };
  state_->marks = {{"BTCUSDT", 60000.0}, {"ETHUSDT", 2457.31}};
  state_->coins = {{"BTC", {1.5, 0.0, 0.0}}, {"ETH", {12.9821, 0.5, 0.0}}};
  server_ = std::make_unique<LoopbackHttpServer>(
      [this](const HttpRequest& request) { return handle(request); }, port);
}

FakeBybitVenue::~FakeBybitVenue() {
  stop();
}

void FakeBybitVenue::stop() {
  if (server_) server_->stop();
}

std::string FakeBybitVenue::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

HttpReply FakeBybitVenue::handle(const HttpRequest& request) {
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
    if (request.method == "GET" && !request.body.empty()) {
      return plain(403, "403 Forbidden: a GET request must not carry a body");
    }
    if (request.method == "POST") {
      body = Json::parse(request.body, nullptr, false);
      if (body.is_discarded() || !body.is_object())
        return state.refuse(10001, "params error: the body is not a JSON object");
    }
    const bool execute = !fault || fault->execute || fault->kind == FaultKind::DropAfter;
    const bool held = fault && fault->kind == FaultKind::Late;
    if (execute && !held && !(fault && fault->kind == FaultKind::DropBefore))
      reply = state.dispatch(request, params, body);
    reply.headers.emplace_back("X-Bapi-Limit", "50");
    reply.headers.emplace_back("X-Bapi-Limit-Status", "49");
    reply.headers.emplace_back("X-Bapi-Limit-Reset-Timestamp", std::to_string(state.now()));
  }
  if (!fault) return reply;
  const int64_t now = server_time_ms();
  auto reset_header = [&](HttpReply& answer, int default_s) {
    if (fault->retry_after_s == -2) return;
    const int64_t seconds = fault->retry_after_s == -1 ? default_s : fault->retry_after_s;
    answer.headers.emplace_back("X-Bapi-Limit-Reset-Timestamp",
                                std::to_string(now + seconds * 1000));
  };
  if (std::optional<HttpReply> common = common_fault_reply(*fault, reply)) return *common;
  switch (fault->kind) {
    case FaultKind::Late: {
      // Held in the venue's queue, then run as if it arrived now: the timestamp is checked
      // against the receive window at that moment.
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
      std::lock_guard<std::mutex> lock(state_->mutex);
      return state_->dispatch(request, params, body);
    }
    case FaultKind::RateLimit429: {
      HttpReply limited = state_->refuse(10006, "Too many visits!");
      reset_header(limited, 1);
      return limited;
    }
    case FaultKind::Ban418: {
      HttpReply banned = plain(403, "access too frequent");
      reset_header(banned, 120);
      return banned;
    }
    case FaultKind::MalformedJson:
      return plain(200, R"({"retCode":0,"retMsg":"OK","result":{"orderId":"5f0c)");
    case FaultKind::WrongShape:
      return plain(200, R"({"retCode":0,"retMsg":"OK","result":{"unexpected":[1,2,3]},"time":1})");
    case FaultKind::VenueCode:
      return state_->envelope(Json::object(), fault->code, fault->msg, fault->http_status);
    default:  // answered by common_fault_reply
      break;
  }
  return reply;
}

void FakeBybitVenue::inject(const Fault& fault) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->faults.push_back(fault);
}

void FakeBybitVenue::set_mark_price(const std::string& symbol, double price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->marks[symbol] = price;
  state_->books.erase(symbol);
}

void FakeBybitVenue::set_book(const std::string& symbol, double bid, double ask) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->books[symbol] = {bid, ask};
}

void FakeBybitVenue::set_clock_skew_ms(int64_t skew_ms) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->skew_ms = skew_ms;
}

void FakeBybitVenue::set_coin(const std::string& coin, double wallet_balance, double locked,
                              double borrowed) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->coins[coin] = {wallet_balance, locked, borrowed};
}

void FakeBybitVenue::set_position(const std::string& symbol, double base_qty, double entry_price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto milli = static_cast<int64_t>(std::llround(base_qty * kMilli));
  if (milli == 0) {
    state_->positions.erase(symbol);
    return;
  }
  state_->positions[symbol] =
      PositionState{milli, entry_price > 0 ? entry_price : state_->mark(symbol)};
}

void FakeBybitVenue::set_hedge_mode(bool enabled) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->hedge_mode = enabled;
}

void FakeBybitVenue::set_margin_mode(const std::string& mode) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->margin_mode = mode;
}

void FakeBybitVenue::set_leverage(const std::string& symbol, int leverage) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->leverage[symbol] = leverage;
}

void FakeBybitVenue::set_funding_rate(double rate) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->funding_rate = rate;
}

void FakeBybitVenue::set_realtime_keeps_closed(bool keeps) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->realtime_keeps_closed = keeps;
}

void FakeBybitVenue::fill_open_orders(const std::string& symbol) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (Order& order : state_->orders) {
    if (order.symbol != symbol || order.status != "New") continue;
    const int64_t delta = order.side == "Buy" ? order.qty_milli : -order.qty_milli;
    state_->fill(order, delta, order.price.to_double(), true);
  }
}

int64_t FakeBybitVenue::requests(const std::string& name) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->requests.find(name);
  return found == state_->requests.end() ? 0 : found->second;
}

int64_t FakeBybitVenue::total_requests() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [name, count] : state_->requests) total += count;
  return total;
}

int64_t FakeBybitVenue::orders_placed(const std::string& order_link_id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->placements.find(order_link_id);
  return found == state_->placements.end() ? 0 : found->second;
}

int64_t FakeBybitVenue::total_orders_placed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [id, count] : state_->placements) total += count;
  return total;
}

double FakeBybitVenue::position(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->positions.find(symbol);
  return found == state_->positions.end() ? 0.0 : static_cast<double>(found->second.milli) / kMilli;
}

double FakeBybitVenue::fees_paid() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  double total = 0.0;
  for (const Execution& execution : state_->executions) total += execution.fee;
  return total;
}

int FakeBybitVenue::leverage(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->leverage_of(symbol);
}

int64_t FakeBybitVenue::server_time_ms() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->now();
}

}  // namespace hedgebot::fake
