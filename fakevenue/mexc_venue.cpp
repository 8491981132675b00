#include "fakevenue/mexc_venue.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "fakevenue/fault_queue.hpp"
#include "fakevenue/form.hpp"

namespace hedgebot::fake {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kFundingInterval = 8 * kHour;
constexpr int64_t kWindowMs = 10'000;
constexpr int kMaxKlines = 2000;

struct Spec {
  std::string symbol, base;
  double contract_size;
  double price_unit;
  int price_scale;
  int64_t min_vol, max_vol;  // volUnit is 1 contract
  double mmr;
};

struct PositionState {
  int64_t vol = 0;  // signed contracts
  double entry = 0.0;
};

struct Order {
  std::string id, external_oid, symbol;
  int side = 1, type = 5, state = 2;
  int64_t vol = 0, deal_vol = 0;
  double price = 0.0, avg = 0.0, fee = 0.0, profit = 0.0;
  int64_t created = 0, updated = 0;
};

std::optional<int64_t> interval_ms(const std::string& name) {
  static const std::map<std::string, int64_t> kIntervals = {
      {"Min1", kMinute},       {"Min5", 5 * kMinute}, {"Min15", 15 * kMinute},
      {"Min30", 30 * kMinute}, {"Min60", kHour},      {"Hour4", 4 * kHour},
      {"Hour8", 8 * kHour},    {"Day1", 24 * kHour},  {"Week1", 168 * kHour}};
  const auto found = kIntervals.find(name);
  if (found == kIntervals.end()) return std::nullopt;
  return found->second;
}

// Java's URLEncoder with "+" as "%20": what MEXC signs a GET parameter value as.
std::string java_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '.' || c == '-' || c == '*' || c == '_') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

HttpReply json_reply(const Json& body, int status = 200) {
  return HttpReply{status, body.dump(), {}, false, 0};
}

}  // namespace

struct FakeMexcVenue::State {
  mutable std::mutex mutex;
  std::vector<Spec> specs;
  std::map<std::string, double> fair;
  std::map<std::string, PositionState> positions;
  std::map<std::string, int> leverage;
  std::vector<Order> orders;
  std::vector<Fault> faults;
  std::map<std::string, int64_t> requests;
  std::map<std::string, int64_t> placements;
  int64_t bad_signatures = 0;
  int64_t skew_ms = 0;
  int64_t next_id = 739'000'000'000'000'001;  // above 2^53, as MEXC's ids are
  double cash = 10000.0;                      // USDT
  double fees = 0.0;
  double funding_rate = 0.0001;
  bool hedge_mode = false;
  bool isolated = false;
  bool orders_closed = false;

  int64_t now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           skew_ms;
  }

  static Json ok(const Json& data) { return Json{{"success", true}, {"code", 0}, {"data", data}}; }
  static HttpReply refuse(int code, const std::string& message) {
    return json_reply(Json{{"success", false}, {"code", code}, {"message", message}});
  }

  const Spec* spec(const std::string& symbol) const {
    for (const Spec& candidate : specs) {
      if (candidate.symbol == symbol) return &candidate;
    }
    return nullptr;
  }
  double price(const std::string& symbol) const {
    const auto found = fair.find(symbol);
    return found == fair.end() ? 0.0 : found->second;
  }
  int leverage_of(const std::string& symbol) const {
    const auto found = leverage.find(symbol);
    return found == leverage.end() ? 20 : found->second;
  }

  Json contract_json(const Spec& s) const {
    return Json{{"symbol", s.symbol},
                {"displayName", s.base + "_USDT PERPETUAL"},
                {"baseCoin", s.base},
                {"quoteCoin", "USDT"},
                {"settleCoin", "USDT"},
                {"contractSize", s.contract_size},
                {"minLeverage", 1},
                {"maxLeverage", 200},
                {"priceScale", s.price_scale},
                {"volScale", 0},
                {"priceUnit", s.price_unit},
                {"volUnit", 1},
                {"minVol", s.min_vol},
                {"maxVol", s.max_vol},
                {"takerFeeRate", kFakeMexcTakerFee},
                {"makerFeeRate", 0.0},
                {"maintenanceMarginRate", s.mmr},
                {"initialMarginRate", 0.005},
                {"state", 0},
                {"apiAllowed", true}};
  }

  double unrealized() const {
    double total = 0;
    for (const auto& [symbol, position] : positions) {
      const Spec* s = spec(symbol);
      total +=
          static_cast<double>(position.vol) * s->contract_size * (price(symbol) - position.entry);
    }
    return total;
  }
  double position_margin() const {
    double total = 0;
    for (const auto& [symbol, position] : positions) {
      const Spec* s = spec(symbol);
      total += std::fabs(static_cast<double>(position.vol) * s->contract_size * price(symbol)) /
               leverage_of(symbol);
    }
    return total;
  }

  Json order_json(const Order& order) const {
    return Json{{"orderId", order.id},
                {"symbol", order.symbol},
                {"positionId", 0},
                {"price", order.price},
                {"vol", order.vol},
                {"leverage", leverage_of(order.symbol)},
                {"side", order.side},
                {"category", 1},
                {"orderType", order.type},
                {"dealAvgPrice", order.avg},
                {"dealVol", order.deal_vol},
                {"orderMargin", 0},
                {"takerFee", order.fee},
                {"makerFee", 0},
                {"profit", order.profit},
                {"feeCurrency", "USDT"},
                {"openType", 2},
                {"state", order.state},
                {"externalOid", order.external_oid},
                {"errorCode", 0},
                {"usedMargin", 0},
                {"createTime", order.created},
                {"updateTime", order.updated}};
  }

  // Books a fill of `delta` contracts at `at` on the order's position: realised profit on the
  // part that closes, the taker fee on all of it.
  void fill(Order& order, int64_t delta, double at) {
    const Spec* s = spec(order.symbol);
    PositionState& position = positions[order.symbol];
    const int64_t before = position.vol;
    const int64_t after = before + delta;
    if (before != 0 && (before > 0) != (delta > 0)) {
      const int64_t closed = std::min(std::llabs(delta), std::llabs(before));
      order.profit = static_cast<double>(closed) * s->contract_size * (at - position.entry) *
                     (before > 0 ? 1.0 : -1.0);
      cash += order.profit;
    }
    if (after == 0) {
      position.entry = 0;
    } else if (before == 0 || (before > 0) != (after > 0)) {
      position.entry = at;
    } else if (std::llabs(after) > std::llabs(before)) {
      position.entry = (position.entry * static_cast<double>(std::llabs(before)) +
                        at * static_cast<double>(std::llabs(delta))) /
                       static_cast<double>(std::llabs(after));
    }
    position.vol = after;
    if (after == 0) positions.erase(order.symbol);
    order.fee = std::fabs(static_cast<double>(delta)) * s->contract_size * at * kFakeMexcTakerFee;
    cash -= order.fee;
    fees += order.fee;
    order.deal_vol = std::llabs(delta);
    order.avg = at;
    order.state = 3;
    order.updated = now();
  }

  // The signature check of a private request; an error reply when it fails.
  std::optional<HttpReply> check_signature(const HttpRequest& request, const Params& params) {
    const auto header = [&](const char* name) {
      const auto found = request.headers.find(name);
      return found == request.headers.end() ? std::string() : found->second;
    };
    const std::string key = header("apikey");
    const std::string time = header("request-time");
    const std::string signature = header("signature");
    if (key != kMexcTestApiKey) {
      ++bad_signatures;
      return refuse(401, "No authority!");
    }
    const auto sent = to_int(time);
    if (!sent || std::llabs(*sent - now()) > kWindowMs) {
      ++bad_signatures;
      return refuse(513, "Invalid request, please try again later");
    }
    std::string payload;
    if (request.method == "POST") {
      payload = request.body;
    } else {
      for (const auto& [name, value] : params) {  // std::map: sorted by name
        if (value.empty()) continue;
        payload += (payload.empty() ? "" : "&") + name + "=" + java_encode(value);
      }
    }
    if (signature != hmac_hex(kMexcTestApiSecret, key + time + payload)) {
      ++bad_signatures;
      return refuse(602, "Signature verification failed!");
    }
    return std::nullopt;
  }

  HttpReply klines(const Spec& s, const Params& params) {
    const auto param = [&](const char* name) {
      const auto found = params.find(name);
      return found == params.end() ? std::string() : found->second;
    };
    const auto interval = interval_ms(param("interval").empty() ? "Min1" : param("interval"));
    if (!interval) return refuse(600, "Parameter error: interval");
    const int64_t open_now = now() / *interval * *interval;
    const int64_t end = std::min(open_now, to_int(param("end")).value_or(now() / 1000) * 1000);
    const auto start_s = to_int(param("start"));
    int64_t first = start_s ? (*start_s * 1000 + *interval - 1) / *interval * *interval
                            : end / *interval * *interval - (kMaxKlines - 1) * *interval;
    Json columns{{"time", Json::array()},  {"open", Json::array()}, {"close", Json::array()},
                 {"high", Json::array()},  {"low", Json::array()},  {"vol", Json::array()},
                 {"amount", Json::array()}};
    for (int64_t open_time = first, count = 0; open_time <= end && count < kMaxKlines;
         open_time += *interval, ++count) {
      const double wave = std::sin(static_cast<double>(open_time / *interval) * 0.3);
      const double open = rounded(price(s.symbol) * (1.0 + 0.01 * wave), s.price_scale);
      const double close = rounded(open * (1.0 + 0.001 * wave), s.price_scale);
      columns["time"].push_back(open_time / 1000);
      columns["open"].push_back(open);
      columns["close"].push_back(close);
      columns["high"].push_back(rounded(std::max(open, close) * 1.002, s.price_scale));
      columns["low"].push_back(rounded(std::min(open, close) * 0.998, s.price_scale));
      columns["vol"].push_back(81244);
      columns["amount"].push_back(rounded(close * 81244 * s.contract_size, 2));
    }
    return json_reply(ok(columns));
  }

  HttpReply funding_history(const Spec& s, const Params& params) {
    const auto number = [&](const char* name, int64_t fallback) {
      const auto found = params.find(name);
      return found == params.end() ? fallback : to_int(found->second).value_or(fallback);
    };
    const int64_t page = std::max<int64_t>(1, number("page_num", 1));
    const int64_t size = std::clamp<int64_t>(number("page_size", 20), 1, 1000);
    constexpr int64_t kRows = 3000;  // about 1000 days of settlements
    const int64_t newest = now() / kFundingInterval * kFundingInterval;
    Json list = Json::array();
    for (int64_t i = (page - 1) * size; i < std::min(kRows, page * size); ++i) {
      const int64_t time = newest - i * kFundingInterval;
      list.push_back(Json{{"symbol", s.symbol},
                          {"fundingRate", i % 2 == 0 ? funding_rate : funding_rate / 2},
                          {"settleTime", time}});
    }
    return json_reply(ok(Json{{"pageSize", size},
                              {"totalCount", kRows},
                              {"totalPage", (kRows + size - 1) / size},
                              {"currentPage", page},
                              {"resultList", list}}));
  }

  HttpReply public_call(const std::string& path, const Params& params) {
    const auto param = [&](const char* name) {
      const auto found = params.find(name);
      return found == params.end() ? std::string() : found->second;
    };
    if (path == "/api/v1/contract/ping") return json_reply(ok(now()));
    if (path == "/api/v1/contract/detail") {
      if (param("symbol").empty()) {
        Json all = Json::array();
        for (const Spec& s : specs) all.push_back(contract_json(s));
        return json_reply(ok(all));
      }
      const Spec* s = spec(param("symbol"));
      if (s == nullptr) return refuse(1001, "Contract does not exist!");
      return json_reply(ok(contract_json(*s)));
    }
    const auto tail = [&](const std::string& prefix) -> const Spec* {
      if (path.rfind(prefix, 0) != 0) return nullptr;
      return spec(path.substr(prefix.size()));
    };
    if (path.rfind("/api/v1/contract/kline/", 0) == 0) {
      const Spec* s = tail("/api/v1/contract/kline/");
      if (s == nullptr) return refuse(1001, "Contract does not exist!");
      return klines(*s, params);
    }
    if (path.rfind("/api/v1/contract/fair_price/", 0) == 0) {
      const Spec* s = tail("/api/v1/contract/fair_price/");
      if (s == nullptr) return refuse(1001, "Contract does not exist!");
      return json_reply(
          ok(Json{{"symbol", s->symbol}, {"fairPrice", price(s->symbol)}, {"timestamp", now()}}));
    }
    if (path == "/api/v1/contract/funding_rate/history") {
      const Spec* s = spec(param("symbol"));
      if (s == nullptr) return refuse(1001, "Contract does not exist!");
      return funding_history(*s, params);
    }
    if (path.rfind("/api/v1/contract/funding_rate/", 0) == 0) {
      const Spec* s = tail("/api/v1/contract/funding_rate/");
      if (s == nullptr) return refuse(1001, "Contract does not exist!");
      return json_reply(
          ok(Json{{"symbol", s->symbol},
                  {"fundingRate", funding_rate},
                  {"maxFundingRate", 0.003},
                  {"minFundingRate", -0.003},
                  {"collectCycle", 8},
                  {"nextSettleTime", (now() / kFundingInterval + 1) * kFundingInterval},
                  {"timestamp", now()}}));
    }
    if (path == "/api/v1/contract/ticker") {
      const Spec* s = spec(param("symbol"));
      if (s == nullptr) return refuse(1001, "Contract does not exist!");
      const double mid = price(s->symbol);
      return json_reply(ok(Json{{"symbol", s->symbol},
                                {"lastPrice", mid},
                                {"bid1", rounded(mid - s->price_unit, s->price_scale)},
                                {"ask1", rounded(mid + s->price_unit, s->price_scale)},
                                {"fairPrice", mid},
                                {"indexPrice", mid},
                                {"fundingRate", funding_rate},
                                {"timestamp", now()}}));
    }
    return json_reply(Json{{"success", false}, {"code", 404}, {"message", "Not Found"}}, 404);
  }

  Order* find_order(const std::string& symbol, const std::string& external_oid) {
    for (Order& order : orders) {
      if (order.symbol == symbol && order.external_oid == external_oid) return &order;
    }
    return nullptr;
  }

  HttpReply create_order(const Json& body) {
    const Spec* s = spec(body.value("symbol", ""));
    if (s == nullptr) return refuse(1001, "Contract does not exist!");
    const std::string oid = body.value("externalOid", "");
    if (oid.size() > 32) return refuse(2030, "externalOid too long");
    if (!oid.empty()) {
      if (Order* existing = find_order(s->symbol, oid))
        return json_reply(ok(Json{{"orderId", existing->id}, {"ts", now()}}));
    }
    const Json vol_field = body.value("vol", Json());
    if (!vol_field.is_number()) return refuse(600, "Parameter error: vol");
    const double vol_value = vol_field.get<double>();
    if (vol_value != std::floor(vol_value))
      return refuse(2015, "Price or quantity precision error");
    const auto vol = static_cast<int64_t>(vol_value);
    if (vol < s->min_vol) return refuse(2011, "Order quantity error");
    if (vol > s->max_vol) return refuse(2028, "Above the maximum order quantity");
    const int side = body.value("side", 0);
    const int type = body.value("type", 0);
    if (side < 1 || side > 4) return refuse(2001, "Wrong direction");
    if (type != 1 && type != 2 && type != 5) return refuse(600, "Parameter error: type");
    if (body.value("openType", 0) != 2) return refuse(2002, "Wrong open type");
    const int64_t held = positions.count(s->symbol) ? positions[s->symbol].vol : 0;
    const int64_t delta = side == 1 || side == 2 ? vol : -vol;
    if (side == 2 || side == 4) {
      const bool reduces = held != 0 && (held > 0) != (delta > 0);
      if (!reduces) return refuse(2009, "Position does not exist or has been closed");
      if (vol > std::llabs(held)) return refuse(2008, "Insufficient close quantity");
    }
    Order order;
    order.id = std::to_string(next_id++);
    order.external_oid = oid;
    order.symbol = s->symbol;
    order.side = side;
    order.type = type;
    order.vol = vol;
    order.created = order.updated = now();
    const double mid = price(s->symbol);
    const double at = type == 5 ? mid : body.value("price", 0.0);
    if (type != 5 && at <= 0) return refuse(2007, "Price error");
    order.price = type == 5 ? 0.0 : at;
    // Opening needs the margin of what it adds.
    const int64_t added = std::max<int64_t>(0, std::llabs(held + delta) - std::llabs(held));
    const double equity = cash + unrealized();
    if (static_cast<double>(added) * s->contract_size * mid / leverage_of(s->symbol) >
        equity - position_margin())
      return refuse(2005, "Balance insufficient");
    const bool buy = delta > 0;
    const double bid = rounded(mid - s->price_unit, s->price_scale);
    const double ask = rounded(mid + s->price_unit, s->price_scale);
    const bool crosses = type == 5 || (buy ? at >= ask : at <= bid);
    ++placements[oid];
    if (type == 2 && crosses) {
      order.state = 5;  // post-only that would take: invalid, nothing traded
    } else if (crosses) {
      fill(order, delta, type == 5 ? mid : at);
    } else {
      order.state = 2;
    }
    orders.push_back(order);
    return json_reply(ok(Json{{"orderId", order.id}, {"ts", now()}}));
  }

  HttpReply private_call(const HttpRequest& request, const Params& params, const Json& body) {
    const std::string& path = request.path;
    const auto param = [&](const char* name) {
      const auto found = params.find(name);
      return found == params.end() ? std::string() : found->second;
    };
    if (request.method == "POST") {
      if (orders_closed) return refuse(1002, "Contract not allow place order!");
      if (path == "/api/v1/private/order/create" || path == "/api/v1/private/order/submit")
        return create_order(body);
      if (path == "/api/v1/private/order/cancel_with_external") {
        Order* order = find_order(body.value("symbol", ""), body.value("externalOid", ""));
        if (order == nullptr) return refuse(2040, "order not exist");
        if (order->state != 1 && order->state != 2)
          return refuse(2041, "order state cannot be cancelled");
        order->state = 4;
        order->updated = now();
        return json_reply(Json{{"success", true}, {"code", 0}});
      }
      if (path == "/api/v1/private/position/change_leverage") {
        const Spec* s = spec(body.value("symbol", ""));
        if (s == nullptr) return refuse(1001, "Contract does not exist!");
        const int value = body.value("leverage", 0);
        if (value < 1 || value > 200) return refuse(2006, "Leverage error");
        leverage[s->symbol] = value;
        return json_reply(Json{{"success", true}, {"code", 0}});
      }
      return refuse(404, "Not Found");
    }
    if (path == "/api/v1/private/account/assets") {
      const double open = unrealized();
      const double margin = position_margin();
      return json_reply(ok(Json::array({Json{{"currency", "USDT"},
                                             {"positionMargin", margin},
                                             {"availableBalance", cash + open - margin},
                                             {"cashBalance", cash},
                                             {"frozenBalance", 0},
                                             {"equity", cash + open},
                                             {"unrealized", open},
                                             {"bonus", 0}}})));
    }
    if (path == "/api/v1/private/position/open_positions") {
      Json rows = Json::array();
      for (const auto& [symbol, position] : positions) {
        if (!param("symbol").empty() && param("symbol") != symbol) continue;
        rows.push_back(Json{{"positionId", 1394650},
                            {"symbol", symbol},
                            {"positionType", position.vol > 0 ? 1 : 2},
                            {"openType", isolated ? 1 : 2},
                            {"state", 1},
                            {"holdVol", std::llabs(position.vol)},
                            {"frozenVol", 0},
                            {"closeVol", 0},
                            {"holdAvgPrice", position.entry},
                            {"openAvgPrice", position.entry},
                            {"liquidatePrice", 0},
                            {"leverage", leverage_of(symbol)},
                            {"realised", 0},
                            {"holdFee", 0}});
        if (hedge_mode) {
          Json other = rows.back();
          other["positionType"] = position.vol > 0 ? 2 : 1;
          rows.push_back(other);
        }
      }
      return json_reply(ok(rows));
    }
    if (path == "/api/v1/private/position/position_mode") return json_reply(ok(hedge_mode ? 1 : 2));
    if (path == "/api/v1/private/position/leverage") {
      const Spec* s = spec(param("symbol"));
      if (s == nullptr) return refuse(1001, "Contract does not exist!");
      Json rows = Json::array();
      for (int type : {1, 2}) {
        rows.push_back(Json{{"positionType", type},
                            {"level", 1},
                            {"imr", 0.005},
                            {"mmr", s->mmr},
                            {"leverage", leverage_of(s->symbol)}});
      }
      return json_reply(ok(rows));
    }
    const std::string external = "/api/v1/private/order/external/";
    if (path.rfind(external, 0) == 0) {
      const std::string rest = path.substr(external.size());
      const size_t slash = rest.find('/');
      if (slash == std::string::npos) return refuse(600, "Parameter error");
      const Order* order = find_order(rest.substr(0, slash), rest.substr(slash + 1));
      if (order == nullptr) return refuse(2040, "order not exist");
      return json_reply(ok(order_json(*order)));
    }
    const std::string open = "/api/v1/private/order/list/open_orders/";
    if (path.rfind(open, 0) == 0) {
      Json rows = Json::array();
      for (const Order& order : orders) {
        if (order.symbol == path.substr(open.size()) && (order.state == 1 || order.state == 2))
          rows.push_back(order_json(order));
      }
      return json_reply(ok(rows));
    }
    return refuse(404, "Not Found");
  }

  HttpReply dispatch(const HttpRequest& request, const Params& params, const Json& body) {
    if (request.path.rfind("/api/v1/private/", 0) == 0) {
      if (auto refused = check_signature(request, params)) return *refused;
      return private_call(request, params, body);
    }
    return public_call(request.path, params);
  }
};

FakeMexcVenue::FakeMexcVenue(uint16_t port) : state_(std::make_unique<State>()) {
  state_->specs = {
      Spec{"BTC_USDT", "BTC", 0.0001, 0.1, 1, 1, 1'000'000, 0.004},
      Spec{"ETH_USDT", "ETH", 0.01, 0.01, 2, 1, 500'000, 0.005},
  };
  state_->fair = {{"BTC_USDT", 60000.0}, {"ETH_USDT", 2457.31}};
  server_ = std::make_unique<LoopbackHttpServer>(
      [this](const HttpRequest& request) { return handle(request); }, port);
}

FakeMexcVenue::~FakeMexcVenue() {
  stop();
}

void FakeMexcVenue::stop() {
  if (server_) server_->stop();
}

std::string FakeMexcVenue::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

HttpReply FakeMexcVenue::handle(const HttpRequest& request) {
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
    if (request.method == "POST") {
      body = Json::parse(request.body, nullptr, false);
      if (body.is_discarded() || !body.is_object())
        return State::refuse(601, "Data decoding error");
    }
    const bool execute = !fault || fault->execute || fault->kind == FaultKind::DropAfter;
    const bool held = fault && fault->kind == FaultKind::Late;
    if (execute && !held && !(fault && fault->kind == FaultKind::DropBefore))
      reply = state.dispatch(request, params, body);
  }
  if (!fault) return reply;
  if (std::optional<HttpReply> common = common_fault_reply(*fault, reply)) return *common;
  switch (fault->kind) {
    case FaultKind::Late: {
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
      std::lock_guard<std::mutex> lock(state_->mutex);
      return state_->dispatch(request, params, body);
    }
    case FaultKind::RateLimit429:
      return State::refuse(510, "Requests are too frequent, please try again later");
    case FaultKind::Ban418:
      return HttpReply{403, "<html><body><h1>403 Forbidden</h1></body></html>", {}, false, 0};
    case FaultKind::MalformedJson:
      return HttpReply{200, R"({"success":true,"code":0,"data":{"orderId":"7390)", {}, false, 0};
    case FaultKind::WrongShape:
      return HttpReply{
          200, R"({"success":true,"code":0,"data":{"unexpected":[1,2,3]}})", {}, false, 0};
    case FaultKind::VenueCode:
      return json_reply(Json{{"success", false}, {"code", fault->code}, {"message", fault->msg}},
                        fault->http_status);
    default:
      break;
  }
  return reply;
}

void FakeMexcVenue::inject(const Fault& fault) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->faults.push_back(fault);
}

void FakeMexcVenue::set_fair_price(const std::string& symbol, double price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->fair[symbol] = price;
}

void FakeMexcVenue::set_clock_skew_ms(int64_t skew_ms) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->skew_ms = skew_ms;
}

void FakeMexcVenue::set_position(const std::string& symbol, int64_t contracts, double entry_price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (contracts == 0) {
    state_->positions.erase(symbol);
    return;
  }
  state_->positions[symbol] =
      PositionState{contracts, entry_price > 0 ? entry_price : state_->price(symbol)};
}

void FakeMexcVenue::set_hedge_mode(bool enabled) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->hedge_mode = enabled;
}

void FakeMexcVenue::set_isolated(bool isolated) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->isolated = isolated;
}

void FakeMexcVenue::set_leverage(const std::string& symbol, int leverage) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->leverage[symbol] = leverage;
}

void FakeMexcVenue::set_funding_rate(double rate) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->funding_rate = rate;
}

void FakeMexcVenue::set_orders_closed(bool closed) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->orders_closed = closed;
}

int64_t FakeMexcVenue::requests(const std::string& name) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->requests.find(name);
  return found == state_->requests.end() ? 0 : found->second;
}

int64_t FakeMexcVenue::total_requests() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [name, count] : state_->requests) total += count;
  return total;
}

int64_t FakeMexcVenue::bad_signatures() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->bad_signatures;
}

int64_t FakeMexcVenue::orders_placed(const std::string& external_oid) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->placements.find(external_oid);
  return found == state_->placements.end() ? 0 : found->second;
}

int64_t FakeMexcVenue::total_orders_placed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [id, count] : state_->placements) total += count;
  return total;
}

int64_t FakeMexcVenue::position(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->positions.find(symbol);
  return found == state_->positions.end() ? 0 : found->second.vol;
}

double FakeMexcVenue::fees_paid() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->fees;
}

int FakeMexcVenue::leverage(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->leverage_of(symbol);
}

int64_t FakeMexcVenue::server_time_ms() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->now();
}

}  // namespace hedgebot::fake
