#include "fakevenue/fake_venue.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <stdexcept>
#include <thread>

#include "exchange/dated_contract.hpp"
#include "exchange/decimal.hpp"
#include "exchange/margin_brackets.hpp"
#include "fakevenue/fault_spec.hpp"
#include "fakevenue/form.hpp"

namespace hedgebot::fake {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kFundingInterval = 8 * kHour;
constexpr int kQtyScale = 3;  // every fake symbol trades in steps of 0.001

struct SymbolSpec {
  std::string symbol, base, quote;
  Decimal tick;       // price tick
  int64_t min_steps;  // minQty in steps
  int64_t max_lot_steps;
  int64_t max_market_steps;
  double min_notional;
  int64_t delivery_ms;  // 0: the perpetual; else a quarterly contract's delivery
};

struct PositionState {
  int64_t steps = 0;  // signed, 0.001 base units
  double entry = 0.0;
};

// One fill of an order, as GET /fapi/v1/userTrades reports it.
struct Trade {
  int64_t id = 0, order_id = 0, qty_steps = 0, time = 0;
  std::string symbol, side;
  double price = 0.0, commission = 0.0, realized = 0.0;
  bool maker = false;
};

struct Order {
  int64_t id = 0;
  std::string symbol, client_id, side, type, time_in_force, status;
  int64_t qty_steps = 0, executed_steps = 0;
  Decimal price{0, 0};
  double avg_price = 0.0;
  bool reduce_only = false;
  int64_t time = 0, update_time = 0;
};

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string qty_text(int64_t steps) {
  return Decimal{steps, kQtyScale}.to_string();
}

// The signed bytes: everything before "&signature=..." (which must be the last parameter of
// the query string or of the body), query first, body after, no separator.
std::optional<std::pair<std::string, std::string>> split_signature(const std::string& query,
                                                                   const std::string& body) {
  auto strip = [](const std::string& text) -> std::optional<std::pair<std::string, std::string>> {
    size_t at = std::string::npos;
    if (text.rfind("signature=", 0) == 0) {
      at = 0;
    } else if (auto found = text.rfind("&signature="); found != std::string::npos) {
      at = found + 1;
    }
    if (at == std::string::npos) return std::nullopt;
    const std::string signature = text.substr(at + 10);
    if (signature.find('&') != std::string::npos) return std::nullopt;  // not last
    return std::make_pair(text.substr(0, at == 0 ? 0 : at - 1), signature);
  };
  if (auto in_query = strip(query)) return std::make_pair(in_query->first + body, in_query->second);
  if (auto in_body = strip(body)) return std::make_pair(query + in_body->first, in_body->second);
  return std::nullopt;
}

HttpReply json_reply(const Json& body, int status = 200) {
  return HttpReply{status, body.dump(), {}, false, 0};
}

HttpReply venue_error(int status, int code, const std::string& msg) {
  return json_reply(Json{{"code", code}, {"msg", msg}}, status);
}

std::optional<int64_t> interval_ms(const std::string& name) {
  static const std::map<std::string, int64_t> kIntervals = {
      {"1m", kMinute},       {"3m", 3 * kMinute}, {"5m", 5 * kMinute}, {"15m", 15 * kMinute},
      {"30m", 30 * kMinute}, {"1h", kHour},       {"2h", 2 * kHour},   {"4h", 4 * kHour},
      {"6h", 6 * kHour},     {"8h", 8 * kHour},   {"12h", 12 * kHour}, {"1d", 24 * kHour},
      {"3d", 72 * kHour},    {"1w", 168 * kHour}};
  const auto found = kIntervals.find(name);
  if (found == kIntervals.end()) return std::nullopt;
  return found->second;
}

}  // namespace

std::optional<FaultKind> fault_kind_from_name(const std::string& name) {
  static const std::map<std::string, FaultKind> kNames = {
      {"500", FaultKind::Http500},
      {"502", FaultKind::Http502},
      {"503-unknown", FaultKind::Http503Unknown},
      {"503-unavailable", FaultKind::Http503Unavailable},
      {"429", FaultKind::RateLimit429},
      {"418", FaultKind::Ban418},
      {"slow", FaultKind::Slow},
      {"late", FaultKind::Late},
      {"drop-before", FaultKind::DropBefore},
      {"drop-after", FaultKind::DropAfter},
      {"malformed", FaultKind::MalformedJson},
      {"wrong-shape", FaultKind::WrongShape},
      {"code", FaultKind::VenueCode}};
  const auto found = kNames.find(name);
  if (found == kNames.end()) return std::nullopt;
  return found->second;
}

struct FakeVenue::State {
  FakeVenueOptions options;
  mutable std::mutex mutex;
  std::vector<SymbolSpec> specs;
  std::map<std::string, double> marks;
  std::map<std::string, PositionState> positions;
  std::map<std::string, int> leverage;
  std::map<std::string, std::string> margin_types;
  std::map<std::string, std::pair<double, double>> spot;  // asset -> free, locked
  std::vector<Order> orders;
  std::vector<Trade> trades;
  std::map<std::string, std::pair<double, double>> books;  // symbol -> bid, ask (set by a test)
  std::vector<Fault> faults;
  std::map<std::string, int64_t> requests;
  std::map<std::string, int64_t> placements;  // client id -> executed placements
  std::set<int64_t> api_connections;
  int64_t skew_ms = 0;
  int64_t next_order_id = 8389765900000;
  int64_t next_trade_id = 698759000;
  // Universal transfers between the spot and the USDⓈ-M wallet, oldest first, as GET
  // /sapi/v1/asset/transfer lists them ({asset, amount, type, status, tranId, timestamp}).
  Json transfers = Json::array();
  int64_t next_transfer_id = 13526853623;
  double wallet = 10000.0;
  double funding_rate = 0.0001;
  bool dual_side = false;
  int64_t liquidations = 0;  // positions closed by liquidate_if_due
  bool multi_assets = false;
  std::map<std::string, double> futures_assets;  // coins in the futures wallet, asset -> qty
  int64_t weight_minute = 0;
  int64_t weight_used = 0;
  int64_t order_count = 0;
  int64_t funded_until = 0;  // the last funding time settled (settle_funding)

  int64_t now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           skew_ms;
  }

  // Funding of every 8-hour boundary passed since the last one settled (settle_funding). The
  // first call only notes the current boundary.
  void settle_funding() {
    if (!options.settle_funding) return;
    const int64_t boundary = now() / kFundingInterval * kFundingInterval;
    if (funded_until == 0 || funded_until > boundary) {
      funded_until = boundary;
      return;
    }
    for (int64_t time = funded_until + kFundingInterval; time <= boundary;
         time += kFundingInterval) {
      for (const auto& [symbol, position] : positions)
        wallet -= static_cast<double>(position.steps) / 1000.0 * mark(symbol) * funding_rate;
    }
    funded_until = boundary;
  }

  // Dated contracts: every perpetual's current and next quarterly (last Friday of Mar/Jun/Sep/Dec
  // 08:00 UTC), added as the clock reaches them at the perpetual's mark. A delivered one stays
  // known (its positions can still be read) but is no longer listed in exchangeInfo.
  void list_dated() {
    const int64_t current = next_quarterly_delivery_ms(now());
    const int64_t next = next_quarterly_delivery_ms(current);
    const size_t count = specs.size();
    for (size_t i = 0; i < count; ++i) {
      const SymbolSpec perpetual = specs[i];
      if (perpetual.delivery_ms != 0) continue;
      for (const int64_t delivery : {current, next}) {
        SymbolSpec dated = perpetual;
        dated.symbol = dated_symbol(perpetual.symbol, delivery);
        dated.delivery_ms = delivery;
        if (spec(dated.symbol) != nullptr) continue;
        if (marks.count(dated.symbol) == 0) marks[dated.symbol] = mark(perpetual.symbol);
        specs.push_back(dated);
      }
    }
  }

  const SymbolSpec* spec(const std::string& symbol) const {
    for (const auto& candidate : specs) {
      if (candidate.symbol == symbol) return &candidate;
    }
    return nullptr;
  }

  double mark(const std::string& symbol) const {
    const auto found = marks.find(symbol);
    return found == marks.end() ? 0.0 : found->second;
  }

  // The touch: set by a test, else the tick strictly below and the tick strictly above the mark.
  std::pair<double, double> book(const SymbolSpec& symbol_spec) const {
    if (const auto found = books.find(symbol_spec.symbol); found != books.end())
      return found->second;
    const double tick = symbol_spec.tick.to_double();
    const double price = mark(symbol_spec.symbol);
    double bid = std::floor(price / tick + 1e-9) * tick;
    if (bid >= price - tick * 1e-6) bid -= tick;
    double ask = std::ceil(price / tick - 1e-9) * tick;
    if (ask <= price + tick * 1e-6) ask += tick;
    return {bid, ask};
  }

  int leverage_of(const std::string& symbol) const {
    const auto found = leverage.find(symbol);
    return found == leverage.end() ? 20 : found->second;
  }

  // The account's margin is the paper engine's model (exchange/margin_brackets.hpp): tiered
  // maintenance margin from the brackets leverageBracket serves, Binance's cross-margin
  // liquidation price, and liquidation when the maintenance margin reaches the margin balance.
  static const MarginBrackets& brackets() {
    static const MarginBrackets table = [] {
      MarginBrackets rows;
      for (const FakeBracket& b : kFakeBrackets)
        rows.push_back({b.floor, b.cap, b.initial_leverage, b.rate, b.cum});
      return rows;
    }();
    return table;
  }
  static double maint_of(double notional) { return maint_margin(brackets(), std::fabs(notional)); }

  struct Totals {
    double unrealized = 0, maint = 0, initial = 0;
  };
  // Every position but `except` ("" for all).
  Totals totals(const std::string& except = "") const {
    Totals result;
    for (const auto& [symbol, position] : positions) {
      if (symbol == except) continue;
      const double qty = static_cast<double>(position.steps) / 1000.0;
      const double price = mark(symbol);
      result.unrealized += qty * (price - position.entry);
      result.maint += maint_of(qty * price);
      result.initial += std::fabs(qty * price) / leverage_of(symbol);
    }
    return result;
  }

  // Where `symbol`'s position is liquidated with the others at their marks; 0 when none.
  double liquidation_of(const std::string& symbol, const PositionState& position) const {
    const Totals others = totals(symbol);
    const double price =
        liquidation_price(static_cast<double>(position.steps) / 1000.0, position.entry,
                          wallet + coin_collateral(), others.maint, others.unrealized, brackets());
    return std::max(0.0, price);
  }

  // After a mark moves: when the maintenance margin has reached the margin balance, every
  // position closes at its mark and pays the clearance fee out of what is left of the wallet
  // (kFakeLiquidationFee, the paper engine's default), the wallet stops at zero and open
  // orders are cancelled, as the paper engine liquidates.
  void liquidate_if_due() {
    if (positions.empty()) return;
    const Totals sums = totals();
    if (sums.maint < wallet + sums.unrealized + coin_collateral()) return;
    const auto held = positions;
    for (const auto& [symbol, position] : held) {
      const double price = mark(symbol);
      apply_fill(symbol, -position.steps, price);
      const double fee =
          std::fabs(static_cast<double>(position.steps) / 1000.0) * price * kFakeLiquidationFee;
      wallet -= std::clamp(fee, 0.0, std::max(0.0, wallet));
      ++liquidations;
    }
    wallet = std::max(0.0, wallet);
    for (Order& order : orders) {
      if (order.status == "NEW" || order.status == "PARTIALLY_FILLED") order.status = "CANCELED";
    }
  }

  Json order_json(const Order& order) const {
    const SymbolSpec* symbol_spec = spec(order.symbol);
    const int price_scale = symbol_spec != nullptr ? symbol_spec->tick.scale : 2;
    Decimal price = order.price;
    while (price.scale < price_scale) {
      price.mantissa *= 10;
      ++price.scale;
    }
    return Json{{"orderId", order.id},
                {"symbol", order.symbol},
                {"status", order.status},
                {"clientOrderId", order.client_id},
                {"price", price.to_string()},
                {"avgPrice", fixed(order.avg_price, 5)},
                {"origQty", qty_text(order.qty_steps)},
                {"executedQty", qty_text(order.executed_steps)},
                {"cumQty", qty_text(order.executed_steps)},
                {"cumQuote",
                 fixed(order.avg_price * static_cast<double>(order.executed_steps) / 1000.0, 5)},
                {"timeInForce", order.time_in_force},
                {"type", order.type},
                {"origType", order.type},
                {"reduceOnly", order.reduce_only},
                {"closePosition", false},
                {"side", order.side},
                {"positionSide", "BOTH"},
                {"stopPrice", "0"},
                {"workingType", "CONTRACT_PRICE"},
                {"priceProtect", false},
                {"time", order.time},
                {"updateTime", order.update_time}};
  }

  // Moves the position by a fill; realises PnL into the wallet.
  void apply_fill(const std::string& symbol, int64_t delta, double price) {
    PositionState& position = positions[symbol];
    const int64_t before = position.steps;
    const int64_t after = before + delta;
    if (before != 0 && (before > 0) != (delta > 0)) {
      const int64_t closed = std::min(std::llabs(delta), std::llabs(before));
      const double sign = before > 0 ? 1.0 : -1.0;
      wallet += static_cast<double>(closed) / 1000.0 * (price - position.entry) * sign;
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
    position.steps = after;
    if (after == 0) positions.erase(symbol);
  }

  // Fills `delta` steps of `order` at `price`: moves the position, charges the commission
  // (taker or maker rate) to the wallet and books the trade.
  void fill(Order& order, int64_t delta, double price, bool maker) {
    const double wallet_before = wallet;
    apply_fill(order.symbol, delta, price);
    Trade trade;
    trade.id = next_trade_id++;
    trade.order_id = order.id;
    trade.symbol = order.symbol;
    trade.side = order.side;
    trade.price = price;
    trade.qty_steps = std::llabs(delta);
    trade.realized = wallet - wallet_before;
    trade.commission = static_cast<double>(trade.qty_steps) / 1000.0 * price *
                       (maker ? kFakeMakerFee : kFakeTakerFee);
    trade.maker = maker;
    trade.time = now();
    wallet -= trade.commission;
    trades.push_back(trade);
    order.status = "FILLED";
    order.executed_steps = trade.qty_steps;
    order.avg_price = price;
    order.update_time = trade.time;
  }

  Json user_trades(const Params& params) const {
    const auto symbol = params.find("symbol");
    const auto order_id = params.find("orderId");
    Json rows = Json::array();
    for (const Trade& trade : trades) {
      if (symbol == params.end() || trade.symbol != symbol->second) continue;
      if (order_id != params.end() && std::to_string(trade.order_id) != order_id->second) continue;
      const double qty = static_cast<double>(trade.qty_steps) / 1000.0;
      rows.push_back(Json{{"buyer", trade.side == "BUY"},
                          {"commission", fixed(trade.commission, 8)},
                          {"commissionAsset", "USDT"},
                          {"id", trade.id},
                          {"maker", trade.maker},
                          {"orderId", trade.order_id},
                          {"price", fixed(trade.price, 2)},
                          {"qty", qty_text(trade.qty_steps)},
                          {"quoteQty", fixed(trade.price * qty, 8)},
                          {"realizedPnl", fixed(trade.realized, 8)},
                          {"side", trade.side},
                          {"positionSide", "BOTH"},
                          {"symbol", trade.symbol},
                          {"time", trade.time}});
    }
    return rows;
  }

  HttpReply book_ticker(const Params& params) const {
    const auto symbol = params.find("symbol");
    const SymbolSpec* symbol_spec = symbol == params.end() ? nullptr : spec(symbol->second);
    if (symbol_spec == nullptr) return venue_error(400, -1121, "Invalid symbol.");
    const auto [bid, ask] = book(*symbol_spec);
    return json_reply(Json{{"lastUpdateId", 1027024},
                           {"symbol", symbol_spec->symbol},
                           {"bidPrice", fixed(bid, symbol_spec->tick.scale)},
                           {"bidQty", "4.000"},
                           {"askPrice", fixed(ask, symbol_spec->tick.scale)},
                           {"askQty", "9.000"},
                           {"time", now()}});
  }

  HttpReply new_order(const Params& params) {
    auto get = [&](const char* name) -> std::string {
      const auto found = params.find(name);
      return found == params.end() ? "" : found->second;
    };
    const SymbolSpec* symbol_spec = spec(get("symbol"));
    if (symbol_spec == nullptr) return venue_error(400, -1121, "Invalid symbol.");
    const std::string side = get("side");
    const std::string type = get("type");
    if (side != "BUY" && side != "SELL") return venue_error(400, -1117, "Invalid side.");
    if (type != "MARKET" && type != "LIMIT") return venue_error(400, -1116, "Invalid orderType.");
    std::string client_id = get("newClientOrderId");
    if (client_id.empty()) client_id = "autoclientid" + std::to_string(next_order_id);
    const bool id_ok =
        client_id.size() <= 36 && std::all_of(client_id.begin(), client_id.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == ':' ||
                 c == '/' || c == '_' || c == '-';
        });
    if (!id_ok) return venue_error(400, -4015, "Client order id is not valid.");
    for (const Order& open : orders) {
      if (open.client_id == client_id &&
          (open.status == "NEW" || open.status == "PARTIALLY_FILLED")) {
        return venue_error(400, -4116, "ClientOrderId is duplicated.");
      }
    }
    auto quantity = Decimal::parse(get("quantity"));
    if (!quantity)
      return venue_error(
          400, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    const Decimal qty = quantity->normalized();
    if (qty.scale > kQtyScale)
      return venue_error(400, -1111, "Precision is over the maximum defined for this asset.");
    int64_t steps = qty.mantissa;
    for (int i = qty.scale; i < kQtyScale; ++i) steps *= 10;
    if (steps <= 0) return venue_error(400, -4003, "Quantity less than or equal to zero.");
    if (steps < symbol_spec->min_steps)
      return venue_error(400, -4004, "Quantity less than min quantity.");
    const int64_t max_steps =
        type == "MARKET" ? symbol_spec->max_market_steps : symbol_spec->max_lot_steps;
    if (steps > max_steps) return venue_error(400, -4005, "Quantity greater than max quantity.");
    const bool reduce_only = get("reduceOnly") == "true";
    const double price_now = mark(symbol_spec->symbol);
    Order order;
    order.id = next_order_id++;
    order.symbol = symbol_spec->symbol;
    order.client_id = client_id;
    order.side = side;
    order.type = type;
    order.qty_steps = steps;
    order.reduce_only = reduce_only;
    order.time = order.update_time = now();
    order.time_in_force = type == "MARKET" ? "GTC" : get("timeInForce");
    double fill_price = price_now;
    bool fill_now = type == "MARKET";
    if (type == "LIMIT") {
      auto price = Decimal::parse(get("price"));
      if (!price || !price->is_positive())
        return venue_error(
            400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
      const Decimal normalized = price->normalized();
      if (normalized.scale > symbol_spec->tick.scale)
        return venue_error(400, -1111, "Precision is over the maximum defined for this asset.");
      int64_t units = normalized.mantissa;
      for (int i = normalized.scale; i < symbol_spec->tick.scale; ++i) units *= 10;
      if (units % symbol_spec->tick.mantissa != 0)
        return venue_error(400, -4014, "Price not increased by tick size.");
      if (order.time_in_force.empty())
        return venue_error(400, -1102, "Mandatory parameter 'timeInForce' was not sent.");
      order.price = normalized;
      const double limit = normalized.to_double();
      // Against the touch: a buy at or above the best ask (a sell at or below the best bid)
      // trades at once. A post-only one is then refused and not recorded, as Binance does.
      const auto [bid, ask] = book(*symbol_spec);
      const bool crosses = side == "BUY" ? limit >= ask : limit <= bid;
      if (crosses && order.time_in_force == "GTX") {
        return venue_error(400, -5022,
                           "Due to the order could not be executed as maker, the Post Only order "
                           "will be rejected. The order will not be recorded in the order "
                           "history");
      }
      fill_now = crosses;
    }
    const int64_t position = positions.count(order.symbol) ? positions[order.symbol].steps : 0;
    int64_t delta = side == "BUY" ? steps : -steps;
    if (reduce_only) {
      if (position == 0 || (position > 0) == (delta > 0)) {
        return venue_error(400, -2022, "ReduceOnly Order is rejected.");
      }
      if (std::llabs(delta) > std::llabs(position)) delta = -position;
    }
    const double reference = type == "LIMIT" ? order.price.to_double() : price_now;
    if (!reduce_only &&
        static_cast<double>(steps) / 1000.0 * reference < symbol_spec->min_notional) {
      return venue_error(400, -4164,
                         "Order's notional must be no smaller than " +
                             fixed(symbol_spec->min_notional, 0) +
                             " (unless you choose reduce only).");
    }
    if (std::llabs(position + delta) > std::llabs(position)) {
      const Totals current = totals();
      const double extra =
          static_cast<double>(std::llabs(position + delta) - std::llabs(position)) / 1000.0 *
          reference / leverage_of(order.symbol);
      if (current.initial + extra > wallet + current.unrealized + coin_collateral()) {
        return venue_error(400, -2019, "Margin is insufficient.");
      }
    }
    if (fill_now) {
      fill(order, delta, fill_price, false);
    } else {
      order.status = "NEW";
    }
    ++placements[client_id];
    ++order_count;
    orders.push_back(order);
    HttpReply reply = json_reply(order_json(order));
    reply.headers.emplace_back("X-MBX-ORDER-COUNT-10S", std::to_string(order_count));
    reply.headers.emplace_back("X-MBX-ORDER-COUNT-1M", std::to_string(order_count));
    return reply;
  }

  Order* find_order(const Params& params) {
    const auto symbol = params.find("symbol");
    const auto client_id = params.find("origClientOrderId");
    const auto order_id = params.find("orderId");
    for (auto it = orders.rbegin(); it != orders.rend(); ++it) {
      if (symbol != params.end() && it->symbol != symbol->second) continue;
      if (client_id != params.end() && it->client_id == client_id->second) return &*it;
      if (order_id != params.end() && std::to_string(it->id) == order_id->second) return &*it;
    }
    return nullptr;
  }

  Json exchange_info() const {
    Json symbols = Json::array();
    const int64_t current_quarter = next_quarterly_delivery_ms(now());
    for (const auto& s : specs) {
      if (s.delivery_ms != 0 && s.delivery_ms <= now()) continue;  // delivered: delisted
      const std::string pair =
          s.delivery_ms == 0 ? s.symbol : s.symbol.substr(0, s.symbol.find('_'));
      const char* contract_type = s.delivery_ms == 0                 ? "PERPETUAL"
                                  : s.delivery_ms == current_quarter ? "CURRENT_QUARTER"
                                                                     : "NEXT_QUARTER";
      symbols.push_back(Json{
          {"symbol", s.symbol},
          {"pair", pair},
          {"contractType", contract_type},
          {"deliveryDate", s.delivery_ms == 0 ? int64_t{4133404800000} : s.delivery_ms},
          {"onboardDate", 1569398400000},
          {"status", "TRADING"},
          {"baseAsset", s.base},
          {"quoteAsset", s.quote},
          {"marginAsset", s.quote},
          {"pricePrecision", 2},
          {"quantityPrecision", 3},
          {"filters",
           Json::array(
               {Json{{"filterType", "PRICE_FILTER"},
                     {"minPrice", "0.10"},
                     {"maxPrice", "1000000"},
                     {"tickSize", Decimal{s.tick.mantissa * 10, s.tick.scale + 1}.to_string()}},
                Json{{"filterType", "LOT_SIZE"},
                     {"minQty", qty_text(s.min_steps)},
                     {"maxQty", qty_text(s.max_lot_steps)},
                     {"stepSize", "0.001"}},
                Json{{"filterType", "MARKET_LOT_SIZE"},
                     {"minQty", qty_text(s.min_steps)},
                     {"maxQty", qty_text(s.max_market_steps)},
                     {"stepSize", "0.001"}},
                Json{{"filterType", "MAX_NUM_ORDERS"}, {"limit", 200}},
                Json{{"filterType", "MIN_NOTIONAL"}, {"notional", fixed(s.min_notional, 0)}},
                Json{{"filterType", "PERCENT_PRICE"},
                     {"multiplierUp", "1.0500"},
                     {"multiplierDown", "0.9500"},
                     {"multiplierDecimal", "4"}}})},
          {"orderTypes", Json::array({"LIMIT", "MARKET"})},
          {"timeInForce", Json::array({"GTC", "IOC", "FOK", "GTX"})}});
    }
    return Json{{"timezone", "UTC"},
                {"serverTime", now()},
                {"rateLimits", Json::array({Json{{"rateLimitType", "REQUEST_WEIGHT"},
                                                 {"interval", "MINUTE"},
                                                 {"intervalNum", 1},
                                                 {"limit", 2400}},
                                            Json{{"rateLimitType", "ORDERS"},
                                                 {"interval", "MINUTE"},
                                                 {"intervalNum", 1},
                                                 {"limit", 1200}}})},
                {"exchangeFilters", Json::array()},
                {"assets", Json::array()},
                {"symbols", symbols}};
  }

  HttpReply klines(const Params& params) const {
    const auto symbol = params.find("symbol");
    if (symbol == params.end() || spec(symbol->second) == nullptr)
      return venue_error(400, -1121, "Invalid symbol.");
    const auto interval_name = params.find("interval");
    const auto interval =
        interval_name == params.end() ? std::nullopt : interval_ms(interval_name->second);
    if (!interval) return venue_error(400, -1120, "Invalid interval.");
    int64_t limit = 500;
    if (auto found = params.find("limit"); found != params.end())
      limit = to_int(found->second).value_or(500);
    limit = std::clamp<int64_t>(limit, 1, 1500);
    // The newest `limit` bars (the last one still open), or with startTime the first `limit`
    // bars opening at or after it, as Binance serves them.
    const int64_t current_open = now() / *interval * *interval;
    int64_t first_open = current_open - (limit - 1) * *interval;
    int64_t last_open = current_open;
    if (auto start = params.find("startTime"); start != params.end()) {
      const int64_t start_ms = to_int(start->second).value_or(0);
      first_open = (start_ms + *interval - 1) / *interval * *interval;
      last_open = std::min(current_open, first_open + (limit - 1) * *interval);
    }
    const double base = mark(symbol->second);
    Json rows = Json::array();
    for (int64_t open_time = first_open; open_time <= last_open; open_time += *interval) {
      const double wave = std::sin(static_cast<double>(open_time / *interval) * 0.3);
      const double open = base * (1.0 + 0.01 * wave);
      const double close = open * (1.0 + 0.001 * wave);
      const double high = std::max(open, close) * 1.002;
      const double low = std::min(open, close) * 0.998;
      rows.push_back(Json::array({open_time, fixed(open, 2), fixed(high, 2), fixed(low, 2),
                                  fixed(close, 2), "1234.567", open_time + *interval - 1,
                                  fixed(close * 1234.567, 2), 1000, "600.000", "0", "0"}));
    }
    return json_reply(rows);
  }

  HttpReply funding_history(const Params& params) const {
    const auto symbol = params.find("symbol");
    if (symbol == params.end() || spec(symbol->second) == nullptr)
      return venue_error(400, -1121, "Invalid symbol.");
    int64_t limit = 100;
    if (auto found = params.find("limit"); found != params.end())
      limit = to_int(found->second).value_or(100);
    limit = std::clamp<int64_t>(limit, 1, 1000);
    // The newest `limit` settlements, or with startTime the first `limit` at or after it.
    const int64_t last = now() / kFundingInterval * kFundingInterval;
    int64_t first = last - (limit - 1) * kFundingInterval;
    int64_t end = last;
    if (auto start = params.find("startTime"); start != params.end()) {
      const int64_t start_ms = to_int(start->second).value_or(0);
      first = (start_ms + kFundingInterval - 1) / kFundingInterval * kFundingInterval;
      end = std::min(last, first + (limit - 1) * kFundingInterval);
    }
    Json rows = Json::array();
    for (int64_t time = first; time <= end; time += kFundingInterval) {
      rows.push_back(Json{{"symbol", symbol->second},
                          {"fundingRate", fixed(funding_rate, 8)},
                          {"fundingTime", time},
                          {"markPrice", fixed(mark(symbol->second), 8)}});
    }
    return json_reply(rows);
  }

  HttpReply premium_index(const Params& params) const {
    const auto symbol = params.find("symbol");
    if (symbol == params.end() || spec(symbol->second) == nullptr)
      return venue_error(400, -1121, "Invalid symbol.");
    const double price = mark(symbol->second);
    const int64_t time = now();
    return json_reply(Json{{"symbol", symbol->second},
                           {"markPrice", fixed(price, 8)},
                           {"indexPrice", fixed(price * 1.0004, 8)},
                           {"estimatedSettlePrice", fixed(price, 8)},
                           {"lastFundingRate", fixed(funding_rate, 8)},
                           {"interestRate", "0.00010000"},
                           {"nextFundingTime", (time / kFundingInterval + 1) * kFundingInterval},
                           {"time", time}});
  }

  // The index price of a coin: the mark of its USDT perpetual (0 when none is set).
  double coin_index(const std::string& asset) const { return mark(asset + "USDT"); }
  double coin_bid_rate(const std::string& asset) const {
    return coin_index(asset) * (1.0 - kFakeCollateralHaircut);
  }

  // GET /fapi/v1/assetIndex: every coin of the futures wallet and every coin with a mark.
  Json asset_index() const {
    std::set<std::string> coins;
    for (const auto& [asset, quantity] : futures_assets) coins.insert(asset);
    for (const auto& [symbol, price] : marks) {
      if (symbol.size() > 4 && symbol.compare(symbol.size() - 4, 4, "USDT") == 0)
        coins.insert(symbol.substr(0, symbol.size() - 4));
    }
    Json rows = Json::array();
    for (const std::string& asset : coins) {
      const double index = coin_index(asset);
      rows.push_back(
          Json{{"symbol", asset + "USD"},
               {"time", now()},
               {"index", fixed(index, 8)},
               {"bidBuffer", fixed(kFakeCollateralHaircut, 8)},
               {"askBuffer", fixed(kFakeCollateralHaircut, 8)},
               {"bidRate", fixed(coin_bid_rate(asset), 8)},
               {"askRate", fixed(index * (1.0 + kFakeCollateralHaircut), 8)},
               {"autoExchangeBidBuffer", fixed(kFakeCollateralHaircut / 2, 8)},
               {"autoExchangeAskBuffer", fixed(kFakeCollateralHaircut / 2, 8)},
               {"autoExchangeBidRate", fixed(index * (1.0 - kFakeCollateralHaircut / 2), 8)},
               {"autoExchangeAskRate", fixed(index * (1.0 + kFakeCollateralHaircut / 2), 8)}});
    }
    return rows;
  }

  // The coins of the futures wallet at their collateral price (USD); 0 in Single-Asset mode.
  double coin_collateral() const {
    if (!multi_assets) return 0.0;
    double total = 0.0;
    for (const auto& [asset, quantity] : futures_assets) total += quantity * coin_bid_rate(asset);
    return total;
  }

  Json account_json() const {
    const Totals sums = totals();
    const double usdt_margin = wallet + sums.unrealized;
    const double coins = coin_collateral();
    const double total_wallet = wallet + coins;
    const double margin_balance = usdt_margin + coins;
    Json positions_json = Json::array();
    for (const auto& [symbol, position] : positions) {
      const double qty = static_cast<double>(position.steps) / 1000.0;
      const double notional = qty * mark(symbol);
      positions_json.push_back(
          Json{{"symbol", symbol},
               {"positionSide", "BOTH"},
               {"positionAmt", qty_text(position.steps)},
               {"unrealizedProfit", fixed(qty * (mark(symbol) - position.entry), 8)},
               {"notional", fixed(notional, 8)},
               {"initialMargin", fixed(std::fabs(notional) / leverage_of(symbol), 8)},
               {"maintMargin", fixed(maint_of(notional), 8)},
               {"updateTime", now()}});
    }
    return Json{{"totalInitialMargin", fixed(sums.initial, 8)},
                {"totalMaintMargin", fixed(sums.maint, 8)},
                {"totalWalletBalance", fixed(total_wallet, 8)},
                {"totalUnrealizedProfit", fixed(sums.unrealized, 8)},
                {"totalMarginBalance", fixed(margin_balance, 8)},
                {"totalPositionInitialMargin", fixed(sums.initial, 8)},
                {"totalOpenOrderInitialMargin", "0.00000000"},
                {"totalCrossWalletBalance", fixed(total_wallet, 8)},
                {"totalCrossUnPnl", fixed(sums.unrealized, 8)},
                {"availableBalance", fixed(margin_balance - sums.initial, 8)},
                {"maxWithdrawAmount", fixed(margin_balance - sums.initial, 8)},
                {"assets", assets_json(sums, usdt_margin)},
                {"positions", positions_json}};
  }

  // assets[]: USDT, then every coin of the futures wallet in its own units.
  Json assets_json(const Totals& sums, double usdt_margin) const {
    Json rows = Json::array({Json{{"asset", "USDT"},
                                  {"walletBalance", fixed(wallet, 8)},
                                  {"unrealizedProfit", fixed(sums.unrealized, 8)},
                                  {"marginBalance", fixed(usdt_margin, 8)},
                                  {"maintMargin", fixed(sums.maint, 8)},
                                  {"initialMargin", fixed(sums.initial, 8)},
                                  {"availableBalance", fixed(usdt_margin - sums.initial, 8)},
                                  {"updateTime", now()}}});
    for (const auto& [asset, quantity] : futures_assets) {
      rows.push_back(Json{{"asset", asset},
                          {"walletBalance", fixed(quantity, 8)},
                          {"unrealizedProfit", "0.00000000"},
                          {"marginBalance", fixed(quantity, 8)},
                          {"maintMargin", "0.00000000"},
                          {"initialMargin", "0.00000000"},
                          {"availableBalance", fixed(quantity, 8)},
                          {"updateTime", now()}});
    }
    return rows;
  }

  Json position_risk(const Params& params) const {
    Json rows = Json::array();
    const auto wanted = params.find("symbol");
    for (const auto& [symbol, position] : positions) {
      if (wanted != params.end() && wanted->second != symbol) continue;
      const double qty = static_cast<double>(position.steps) / 1000.0;
      const double price = mark(symbol);
      Json row{{"symbol", symbol},
               {"positionSide", "BOTH"},
               {"positionAmt", qty_text(position.steps)},
               {"entryPrice", fixed(position.entry, 8)},
               {"breakEvenPrice", fixed(position.entry, 8)},
               {"markPrice", fixed(price, 8)},
               {"unRealizedProfit", fixed(qty * (price - position.entry), 8)},
               {"liquidationPrice", fixed(liquidation_of(symbol, position), 8)},
               {"notional", fixed(qty * price, 8)},
               {"marginAsset", "USDT"},
               {"initialMargin", fixed(std::fabs(qty * price) / leverage_of(symbol), 8)},
               {"maintMargin", fixed(maint_of(qty * price), 8)},
               {"adl", 1},
               {"updateTime", now()}};
      if (dual_side) {
        row["positionSide"] = position.steps > 0 ? "LONG" : "SHORT";
        row["positionAmt"] = qty_text(std::llabs(position.steps));
      }
      rows.push_back(row);
    }
    return rows;
  }

  HttpReply dispatch(const HttpRequest& request, const Params& params);
  HttpReply control(const HttpRequest& request);

  // POST /sapi/v1/asset/transfer: MAIN_UMFUTURE moves USDT from spot to the futures wallet,
  // UMFUTURE_MAIN back; another type or asset, or more than the wallet holds, is refused.
  HttpReply new_transfer(const Params& params) {
    const auto param = [&](const char* key) {
      const auto found = params.find(key);
      return found == params.end() ? std::string() : found->second;
    };
    const std::string type = param("type");
    if (type != "MAIN_UMFUTURE" && type != "UMFUTURE_MAIN")
      return venue_error(400, -1102, "Mandatory parameter 'type' was not sent or is not valid.");
    const std::string asset = param("asset");
    if (asset != "USDT") return venue_error(400, -5001, "Transfer of this asset is not supported.");
    char* end = nullptr;
    const std::string amount_text = param("amount");
    const double amount = std::strtod(amount_text.c_str(), &end);
    if (amount_text.empty() || end != amount_text.c_str() + amount_text.size() || !(amount > 0))
      return venue_error(400, -1102, "Mandatory parameter 'amount' was not sent or is not valid.");
    std::pair<double, double>& held = spot[asset];
    if (type == "MAIN_UMFUTURE") {
      if (held.first < amount - 1e-9) return venue_error(400, -5002, "Insufficient balance.");
      held.first -= amount;
      wallet += amount;
    } else {
      if (wallet < amount - 1e-9) return venue_error(400, -5002, "Insufficient balance.");
      wallet -= amount;
      held.first += amount;
    }
    const int64_t id = next_transfer_id++;
    transfers.push_back(Json{{"asset", asset},
                             {"amount", amount_text},
                             {"type", type},
                             {"status", "CONFIRMED"},
                             {"tranId", id},
                             {"timestamp", now()}});
    return json_reply(Json{{"tranId", id}});
  }

  // GET /sapi/v1/asset/transfer?type=&startTime=&endTime=&current=&size=: newest first, as
  // Binance pages them; `rows` absent when there are none.
  HttpReply transfer_history(const Params& params) {
    const auto param = [&](const char* key) {
      const auto found = params.find(key);
      return found == params.end() ? std::string() : found->second;
    };
    const std::string type = param("type");
    if (type.empty()) return venue_error(400, -1102, "Mandatory parameter 'type' was not sent.");
    const int64_t start = to_int(param("startTime")).value_or(0);
    const int64_t end = to_int(param("endTime")).value_or(std::numeric_limits<int64_t>::max());
    const int64_t current = std::max<int64_t>(1, to_int(param("current")).value_or(1));
    const int64_t size = std::clamp<int64_t>(to_int(param("size")).value_or(10), 1, 100);
    Json matching = Json::array();
    for (auto it = transfers.rbegin(); it != transfers.rend(); ++it) {
      const int64_t time = it->at("timestamp").get<int64_t>();
      if (it->at("type") == type && time >= start && time <= end) matching.push_back(*it);
    }
    Json answer{{"total", matching.size()}};
    if (matching.empty()) return json_reply(answer);
    Json rows = Json::array();
    for (int64_t i = (current - 1) * size;
         i < current * size && i < static_cast<int64_t>(matching.size()); ++i) {
      rows.push_back(matching[static_cast<size_t>(i)]);
    }
    answer["rows"] = rows;
    return json_reply(answer);
  }
  HttpReply check_auth(const HttpRequest& request, const Params& params) const;
};

HttpReply FakeVenue::State::check_auth(const HttpRequest& request, const Params& params) const {
  const auto key = request.headers.find("x-mbx-apikey");
  if (key == request.headers.end() || key->second.empty()) {
    return venue_error(401, -2014, "API-key format invalid.");
  }
  if (key->second != options.api_key) {
    return venue_error(401, -2015, "Invalid API-key, IP, or permissions for action.");
  }
  const auto signed_parts = split_signature(request.query, request.body);
  if (!signed_parts) return venue_error(400, -1022, "Signature for this request is not valid.");
  std::string given = signed_parts->second;
  for (char& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (given != hmac_hex(options.api_secret, signed_parts->first)) {
    return venue_error(400, -1022, "Signature for this request is not valid.");
  }
  const auto timestamp_text = params.find("timestamp");
  const auto timestamp =
      timestamp_text == params.end() ? std::nullopt : to_int(timestamp_text->second);
  if (!timestamp)
    return venue_error(
        400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  int64_t recv_window = 5000;
  if (auto found = params.find("recvWindow"); found != params.end())
    recv_window = to_int(found->second).value_or(5000);
  const int64_t server_time = now();
  if (!(*timestamp < server_time + 1000 && server_time - *timestamp <= recv_window)) {
    return venue_error(400, -1021, "Timestamp for this request is outside of the recvWindow.");
  }
  return HttpReply{0, "", {}, false, 0};
}

HttpReply FakeVenue::State::dispatch(const HttpRequest& request, const Params& params) {
  const std::string name = request.method + " " + request.path;
  if (name == "GET /fapi/v1/time" || name == "GET /api/v3/time")
    return json_reply(Json{{"serverTime", now()}});
  if (name == "GET /fapi/v1/exchangeInfo") return json_reply(exchange_info());
  if (name == "GET /fapi/v1/klines") return klines(params);
  if (name == "GET /fapi/v1/premiumIndex") return premium_index(params);
  if (name == "GET /fapi/v1/fundingRate") return funding_history(params);
  if (name == "GET /fapi/v1/ticker/bookTicker") return book_ticker(params);
  if (name == "GET /fapi/v1/assetIndex") return json_reply(asset_index());

  static const std::set<std::string> kSigned = {"GET /fapi/v3/account",
                                                "GET /fapi/v3/positionRisk",
                                                "GET /fapi/v1/positionSide/dual",
                                                "GET /fapi/v1/multiAssetsMargin",
                                                "GET /fapi/v1/symbolConfig",
                                                "POST /fapi/v1/leverage",
                                                "POST /fapi/v1/marginType",
                                                "POST /fapi/v1/order",
                                                "GET /fapi/v1/order",
                                                "DELETE /fapi/v1/order",
                                                "GET /fapi/v1/openOrders",
                                                "GET /api/v3/account",
                                                "GET /fapi/v1/userTrades",
                                                "GET /fapi/v1/leverageBracket",
                                                "POST /sapi/v1/asset/transfer",
                                                "GET /sapi/v1/asset/transfer"};
  if (kSigned.count(name) == 0) return venue_error(404, -1, "fake venue: no such endpoint " + name);
  if (HttpReply denied = check_auth(request, params); denied.status != 0) return denied;
  auto param = [&](const char* key) {
    const auto found = params.find(key);
    return found == params.end() ? std::string() : found->second;
  };

  if (name == "GET /fapi/v3/account") return json_reply(account_json());
  if (name == "GET /fapi/v3/positionRisk") return json_reply(position_risk(params));
  if (name == "GET /fapi/v1/positionSide/dual")
    return json_reply(Json{{"dualSidePosition", dual_side}});
  if (name == "GET /fapi/v1/multiAssetsMargin")
    return json_reply(Json{{"multiAssetsMargin", multi_assets}});
  if (name == "GET /fapi/v1/symbolConfig") {
    Json rows = Json::array();
    for (const auto& s : specs) {
      if (!param("symbol").empty() && param("symbol") != s.symbol) continue;
      rows.push_back(
          Json{{"symbol", s.symbol},
               {"marginType", margin_types.count(s.symbol) ? margin_types.at(s.symbol) : "CROSSED"},
               {"isAutoAddMargin", "false"},
               {"leverage", leverage_of(s.symbol)},
               {"maxNotionalValue", "1000000"}});
    }
    return json_reply(rows);
  }
  if (name == "GET /fapi/v1/leverageBracket") {
    // Binance's shape (plain JSON numbers); one table for every symbol (kFakeBrackets).
    if (!param("symbol").empty() && spec(param("symbol")) == nullptr)
      return venue_error(400, -1121, "Invalid symbol.");
    Json rows = Json::array();
    for (const auto& s : specs) {
      if (!param("symbol").empty() && param("symbol") != s.symbol) continue;
      Json brackets = Json::array();
      int number = 1;
      for (const FakeBracket& b : kFakeBrackets) {
        brackets.push_back(Json{{"bracket", number++},
                                {"initialLeverage", b.initial_leverage},
                                {"notionalCap", b.cap},
                                {"notionalFloor", b.floor},
                                {"maintMarginRatio", b.rate},
                                {"cum", b.cum}});
      }
      rows.push_back(Json{{"symbol", s.symbol}, {"brackets", std::move(brackets)}});
    }
    return json_reply(rows);
  }
  if (name == "POST /fapi/v1/leverage") {
    const auto value = to_int(param("leverage"));
    if (spec(param("symbol")) == nullptr) return venue_error(400, -1121, "Invalid symbol.");
    if (!value || *value < 1 || *value > 125)
      return venue_error(400, -4028, "Leverage is not valid.");
    leverage[param("symbol")] = static_cast<int>(*value);
    return json_reply(
        Json{{"leverage", *value}, {"maxNotionalValue", "1000000"}, {"symbol", param("symbol")}});
  }
  if (name == "POST /fapi/v1/marginType") {
    if (spec(param("symbol")) == nullptr) return venue_error(400, -1121, "Invalid symbol.");
    const std::string wanted = param("marginType") == "CROSSED" ? "CROSSED" : "ISOLATED";
    const std::string current =
        margin_types.count(param("symbol")) ? margin_types[param("symbol")] : "CROSSED";
    if (wanted == current) return venue_error(400, -4046, "No need to change margin type.");
    margin_types[param("symbol")] = wanted;
    return json_reply(Json{{"code", 200}, {"msg", "success"}});
  }
  if (name == "POST /fapi/v1/order") return new_order(params);
  if (name == "POST /sapi/v1/asset/transfer") return new_transfer(params);
  if (name == "GET /sapi/v1/asset/transfer") return transfer_history(params);
  if (name == "GET /fapi/v1/userTrades") {
    if (spec(param("symbol")) == nullptr) return venue_error(400, -1121, "Invalid symbol.");
    return json_reply(user_trades(params));
  }
  if (name == "GET /fapi/v1/order") {
    Order* order = find_order(params);
    if (order == nullptr) return venue_error(400, -2013, "Order does not exist.");
    return json_reply(order_json(*order));
  }
  if (name == "DELETE /fapi/v1/order") {
    Order* order = find_order(params);
    if (order == nullptr || (order->status != "NEW" && order->status != "PARTIALLY_FILLED")) {
      return venue_error(400, -2011, "Unknown order sent.");
    }
    order->status = "CANCELED";
    order->update_time = now();
    return json_reply(order_json(*order));
  }
  if (name == "GET /fapi/v1/openOrders") {
    Json rows = Json::array();
    for (const Order& order : orders) {
      if (order.symbol == param("symbol") &&
          (order.status == "NEW" || order.status == "PARTIALLY_FILLED")) {
        rows.push_back(order_json(order));
      }
    }
    return json_reply(rows);
  }
  // GET /api/v3/account
  Json balances = Json::array();
  const bool omit_zero = param("omitZeroBalances") == "true";
  for (const auto& [asset, amounts] : spot) {
    if (omit_zero && amounts.first == 0 && amounts.second == 0) continue;
    balances.push_back(Json{
        {"asset", asset}, {"free", fixed(amounts.first, 8)}, {"locked", fixed(amounts.second, 8)}});
  }
  return json_reply(Json{{"makerCommission", 10},
                         {"takerCommission", 10},
                         {"canTrade", true},
                         {"canWithdraw", true},
                         {"canDeposit", true},
                         {"updateTime", now()},
                         {"accountType", "SPOT"},
                         {"balances", balances},
                         {"permissions", Json::array({"SPOT"})},
                         {"uid", 354937868}});
}

FakeVenue::FakeVenue(FakeVenueOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->specs = {
      SymbolSpec{"BTCUSDT", "BTC", "USDT", Decimal{1, 1}, 1, 1000000, 120000, 100.0, 0},
      SymbolSpec{"ETHUSDT", "ETH", "USDT", Decimal{1, 2}, 1, 10000000, 2000000, 20.0, 0},
  };
  state_->marks = {{"BTCUSDT", 60000.0}, {"ETHUSDT", 2458.91}};
  state_->list_dated();
  state_->spot = {
      {"BTC", {1.5, 0.0}}, {"ETH", {12.4821, 0.5}}, {"USDT", {1520.33, 0.0}}, {"BNB", {0.0, 0.0}}};
  const uint16_t port = state_->options.port;
  server_ = std::make_unique<LoopbackHttpServer>(
      [this](const HttpRequest& request) { return handle_and_report(request); }, port,
      state_->options.host);
}

FakeVenue::~FakeVenue() {
  stop();
}

void FakeVenue::stop() {
  if (server_) server_->stop();
}

uint16_t FakeVenue::port() const {
  return server_->port();
}
std::string FakeVenue::url() const {
  const std::string& host = state_->options.host;
  return "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port());
}

HttpReply FakeVenue::handle_and_report(const HttpRequest& request) {
  if (!state_->options.on_account_change) return handle(request);
  const bool changes = request.method != "GET" || request.path.rfind("/__fake/", 0) == 0;
  if (!changes) return handle(request);
  std::lock_guard<std::mutex> order(report_mutex_);
  HttpReply reply = handle(request);
  state_->options.on_account_change(account_state());
  return reply;
}

HttpReply FakeVenue::handle(const HttpRequest& request) {
  if (request.path.rfind("/__fake/", 0) == 0) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->control(request);
  }
  std::optional<Fault> fault;
  HttpReply reply;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    State& state = *state_;
    ++state.requests[request.method + " " + request.path];
    state.api_connections.insert(request.connection_id);
    state.settle_funding();
    state.list_dated();
    const int64_t minute = state.now() / kMinute;
    if (minute != state.weight_minute) {
      state.weight_minute = minute;
      state.weight_used = 0;
    }
    ++state.weight_used;
    fault = take_fault(state.faults, request.method, request.path);
    Params params;
    parse_form(request.query, params, true);
    parse_form(request.body, params, false);  // the query-string value wins
    const bool execute = !fault || fault->execute || fault->kind == FaultKind::DropAfter;
    const bool held = fault && fault->kind == FaultKind::Late;
    if (execute && !held && !(fault && fault->kind == FaultKind::DropBefore))
      reply = state.dispatch(request, params);
    reply.headers.emplace_back("X-MBX-USED-WEIGHT-1M", std::to_string(state.weight_used));
  }
  if (!fault) return reply;
  if (fault->kind == FaultKind::Late) {
    // Held in the venue's queue, then run as if it arrived now: the signature's timestamp is
    // checked against the recvWindow at that moment, as the matching engine does.
    std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
    std::lock_guard<std::mutex> lock(state_->mutex);
    Params params;
    parse_form(request.query, params, true);
    parse_form(request.body, params, false);
    return state_->dispatch(request, params);
  }
  switch (fault->kind) {
    case FaultKind::Http500:
      return HttpReply{500, "Internal Server Error", {}, false, 0};
    case FaultKind::Http502:
      return HttpReply{502, "<html><body><h1>502 Bad Gateway</h1></body></html>", {}, false, 0};
    case FaultKind::Http503Unknown:
      return venue_error(503, -1000,
                         "Unknown error, please check your request or try again later.");
    case FaultKind::Http503Unavailable:
      return venue_error(503, -1000, "Service Unavailable.");
    case FaultKind::RateLimit429: {
      HttpReply limited = venue_error(
          429, -1003, "Too many requests; current limit of IP is 2400 requests per minute.");
      if (fault->retry_after_s != -2) {
        limited.headers.emplace_back(
            "Retry-After", std::to_string(fault->retry_after_s == -1 ? 1 : fault->retry_after_s));
      }
      return limited;
    }
    case FaultKind::Ban418: {
      HttpReply banned =
          venue_error(418, -1003, "Way too many requests; IP banned until 1751288400000.");
      if (fault->retry_after_s != -2) {
        banned.headers.emplace_back(
            "Retry-After", std::to_string(fault->retry_after_s == -1 ? 120 : fault->retry_after_s));
      }
      return banned;
    }
    case FaultKind::Slow:
      if (!fault->execute)
        reply = venue_error(408, -1007,
                            "Timeout waiting for response from backend server. Send status "
                            "unknown; execution status unknown.");
      reply.delay_ms = fault->delay_ms;
      return reply;
    case FaultKind::DropBefore:
    case FaultKind::DropAfter:
      return HttpReply{0, "", {}, true, 0};
    case FaultKind::Late:
      break;  // answered above
    case FaultKind::MalformedJson:
      return HttpReply{200, R"({"orderId": 12, "symbol": "BTC)", {}, false, 0};
    case FaultKind::WrongShape:
      return HttpReply{200, R"({"result": {"unexpected": [1, 2, 3]}})", {}, false, 0};
    case FaultKind::VenueCode:
      return venue_error(fault->http_status, fault->code, fault->msg);
  }
  return reply;
}

HttpReply FakeVenue::State::control(const HttpRequest& request) {
  Params params;
  parse_form(request.query, params, true);
  parse_form(request.body, params, false);
  auto param = [&](const char* key, const std::string& fallback = "") {
    const auto found = params.find(key);
    return found == params.end() ? fallback : found->second;
  };
  const std::string what = request.path.substr(8);
  try {
    if (what == "fault") {
      const auto kind = fault_kind_from_name(param("kind"));
      if (!kind) return venue_error(400, -1, "unknown fault kind '" + param("kind") + "'");
      Fault fault;
      fault.kind = *kind;
      fault.path = param("path");
      fault.method = param("method");
      fault.times = std::stoi(param("times", "1"));
      fault.execute = param("executed", "0") == "1" || param("executed") == "true";
      fault.delay_ms = std::stoll(param("delay_ms", "0"));
      fault.retry_after_s =
          param("retry_after") == "none" ? -2 : std::stoi(param("retry_after", "-1"));
      fault.http_status = std::stoi(param("status", "400"));
      fault.code = std::stoi(param("code", "0"));
      fault.msg = param("msg");
      faults.push_back(fault);
    } else if (what == "clear") {
      faults.clear();
    } else if (what == "price") {
      marks[param("symbol")] = std::stod(param("price"));
      books.erase(param("symbol"));
      liquidate_if_due();
    } else if (what == "book") {
      books[param("symbol")] = {std::stod(param("bid")), std::stod(param("ask"))};
    } else if (what == "skew") {
      skew_ms = std::stoll(param("ms"));
    } else if (what == "spot") {
      spot[param("asset")] = {std::stod(param("free", "0")), std::stod(param("locked", "0"))};
    } else if (what == "position") {
      const auto steps = static_cast<int64_t>(std::llround(std::stod(param("qty")) * 1000.0));
      if (steps == 0) {
        positions.erase(param("symbol"));
      } else {
        positions[param("symbol")] = PositionState{steps, mark(param("symbol"))};
      }
    } else if (what == "dual") {
      dual_side = param("enabled") == "true";
    } else if (what == "multi_assets") {
      multi_assets = param("enabled") == "true";
    } else if (what == "futures_asset") {
      const double quantity = std::stod(param("qty"));
      if (quantity == 0.0) {
        futures_assets.erase(param("asset"));
      } else {
        futures_assets[param("asset")] = quantity;
      }
    } else if (what == "fill") {
      for (Order& order : orders) {
        if (order.symbol != param("symbol") || order.status != "NEW") continue;
        const int64_t delta = order.side == "BUY" ? order.qty_steps : -order.qty_steps;
        fill(order, delta, order.price.to_double(), true);  // a resting order: maker
      }
    } else if (what != "stats") {
      return venue_error(404, -1, "unknown control endpoint " + request.path);
    }
  } catch (const std::exception& error) {
    return venue_error(400, -1, std::string("bad control parameters: ") + error.what());
  }
  Json requests_json = requests;
  Json placements_json = placements;
  Json positions_json = Json::object();
  for (const auto& [symbol, position] : positions)
    positions_json[symbol] = qty_text(position.steps);
  int64_t total = 0;
  for (const auto& [name, count] : requests) total += count;
  int64_t placed = 0;
  for (const auto& [id, count] : placements) placed += count;
  return json_reply(Json{{"connections", static_cast<int64_t>(api_connections.size())},
                         {"requests", requests_json},
                         {"total_requests", total},
                         {"orders_placed", placements_json},
                         {"total_orders_placed", placed},
                         {"positions", positions_json},
                         {"wallet", wallet},
                         {"liquidations", liquidations},
                         {"server_time", now()}});
}

void FakeVenue::inject(const Fault& fault) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->faults.push_back(fault);
}

void FakeVenue::clear_faults() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->faults.clear();
}

void FakeVenue::set_mark_price(const std::string& symbol, double price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->marks[symbol] = price;
  state_->books.erase(symbol);
  state_->liquidate_if_due();
}

void FakeVenue::set_book(const std::string& symbol, double bid, double ask) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->books[symbol] = {bid, ask};
}

double FakeVenue::fees_paid() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  double total = 0.0;
  for (const Trade& trade : state_->trades) total += trade.commission;
  return total;
}

void FakeVenue::set_clock_skew_ms(int64_t skew_ms) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->skew_ms = skew_ms;
  state_->list_dated();
}

void FakeVenue::set_spot_balance(const std::string& asset, double free, double locked) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->spot[asset] = {free, locked};
}

void FakeVenue::set_position(const std::string& symbol, double base_qty, double entry_price) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto steps = static_cast<int64_t>(std::llround(base_qty * 1000.0));
  if (steps == 0) {
    state_->positions.erase(symbol);
    return;
  }
  state_->positions[symbol] =
      PositionState{steps, entry_price > 0 ? entry_price : state_->mark(symbol)};
}

void FakeVenue::set_dual_side(bool enabled) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->dual_side = enabled;
}

void FakeVenue::set_multi_assets(bool enabled) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->multi_assets = enabled;
}

void FakeVenue::set_futures_asset(const std::string& asset, double quantity) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (quantity == 0.0) {
    state_->futures_assets.erase(asset);
  } else {
    state_->futures_assets[asset] = quantity;
  }
}

void FakeVenue::set_wallet_balance(double usdt) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->wallet = usdt;
}

void FakeVenue::set_symbol_config(const std::string& symbol, int leverage,
                                  const std::string& margin_type) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->leverage[symbol] = leverage;
  state_->margin_types[symbol] = margin_type;
}

void FakeVenue::set_funding_rate(double rate) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->funding_rate = rate;
}

void FakeVenue::fill_open_orders(const std::string& symbol) {
  HttpRequest request;
  request.method = "POST";
  request.path = "/__fake/fill";
  request.query = "symbol=" + symbol;
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->control(request);
}

int64_t FakeVenue::requests(const std::string& name) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->requests.find(name);
  return found == state_->requests.end() ? 0 : found->second;
}

int64_t FakeVenue::total_requests() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [name, count] : state_->requests) total += count;
  return total;
}

int64_t FakeVenue::connections() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return static_cast<int64_t>(state_->api_connections.size());
}

int64_t FakeVenue::orders_placed(const std::string& client_order_id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->placements.find(client_order_id);
  return found == state_->placements.end() ? 0 : found->second;
}

int64_t FakeVenue::total_orders_placed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  int64_t total = 0;
  for (const auto& [id, count] : state_->placements) total += count;
  return total;
}

double FakeVenue::position(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->positions.find(symbol);
  return found == state_->positions.end() ? 0.0 : static_cast<double>(found->second.steps) / 1000.0;
}

int FakeVenue::leverage(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->leverage_of(symbol);
}

std::string FakeVenue::margin_type(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->margin_types.find(symbol);
  return found == state_->margin_types.end() ? "CROSSED" : found->second;
}

int64_t FakeVenue::server_time_ms() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->now();
}

nlohmann::json FakeVenue::account_state() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const State& state = *state_;
  Json positions = Json::object();
  for (const auto& [symbol, position] : state.positions)
    positions[symbol] = {{"steps", position.steps}, {"entry", position.entry}};
  Json spot = Json::object();
  for (const auto& [asset, amounts] : state.spot)
    spot[asset] = {{"free", amounts.first}, {"locked", amounts.second}};
  Json orders = Json::array();
  for (const Order& order : state.orders) {
    orders.push_back({{"id", order.id},
                      {"symbol", order.symbol},
                      {"client_id", order.client_id},
                      {"side", order.side},
                      {"type", order.type},
                      {"time_in_force", order.time_in_force},
                      {"status", order.status},
                      {"qty_steps", order.qty_steps},
                      {"executed_steps", order.executed_steps},
                      {"price_mantissa", order.price.mantissa},
                      {"price_scale", order.price.scale},
                      {"avg_price", order.avg_price},
                      {"reduce_only", order.reduce_only},
                      {"time", order.time},
                      {"update_time", order.update_time}});
  }
  Json trades = Json::array();
  for (const Trade& trade : state.trades) {
    trades.push_back({{"id", trade.id},
                      {"order_id", trade.order_id},
                      {"qty_steps", trade.qty_steps},
                      {"time", trade.time},
                      {"symbol", trade.symbol},
                      {"side", trade.side},
                      {"price", trade.price},
                      {"commission", trade.commission},
                      {"realized", trade.realized},
                      {"maker", trade.maker}});
  }
  return Json{{"venue", "binance"},
              {"wallet", state.wallet},
              {"positions", positions},
              {"spot", spot},
              {"orders", orders},
              {"trades", trades},
              {"leverage", state.leverage},
              {"margin_types", state.margin_types},
              {"marks", state.marks},
              {"dual_side", state.dual_side},
              {"multi_assets", state.multi_assets},
              {"futures_assets", state.futures_assets},
              {"funding_rate", state.funding_rate},
              {"funded_until", state.funded_until},
              {"placements", state.placements},
              {"next_order_id", state.next_order_id},
              {"next_trade_id", state.next_trade_id},
              {"transfers", state.transfers},
              {"next_transfer_id", state.next_transfer_id}};
}

void FakeVenue::restore_account_state(const nlohmann::json& saved) {
  if (saved.value("venue", "") != "binance")
    throw std::runtime_error("not the state of a fake Binance venue (\"venue\": \"binance\")");
  // Parsed in full before anything changes, so a bad document leaves the account as it was.
  std::map<std::string, PositionState> positions;
  for (const auto& [symbol, position] : saved.at("positions").items())
    positions[symbol] = {position.at("steps").get<int64_t>(), position.at("entry").get<double>()};
  std::map<std::string, std::pair<double, double>> spot;
  for (const auto& [asset, amounts] : saved.at("spot").items())
    spot[asset] = {amounts.at("free").get<double>(), amounts.at("locked").get<double>()};
  std::vector<Order> orders;
  for (const Json& row : saved.at("orders")) {
    Order order;
    order.id = row.at("id").get<int64_t>();
    order.symbol = row.at("symbol").get<std::string>();
    order.client_id = row.at("client_id").get<std::string>();
    order.side = row.at("side").get<std::string>();
    order.type = row.at("type").get<std::string>();
    order.time_in_force = row.at("time_in_force").get<std::string>();
    order.status = row.at("status").get<std::string>();
    order.qty_steps = row.at("qty_steps").get<int64_t>();
    order.executed_steps = row.at("executed_steps").get<int64_t>();
    order.price =
        Decimal{row.at("price_mantissa").get<int64_t>(), row.at("price_scale").get<int>()};
    order.avg_price = row.at("avg_price").get<double>();
    order.reduce_only = row.at("reduce_only").get<bool>();
    order.time = row.at("time").get<int64_t>();
    order.update_time = row.at("update_time").get<int64_t>();
    orders.push_back(order);
  }
  std::vector<Trade> trades;
  for (const Json& row : saved.at("trades")) {
    Trade trade;
    trade.id = row.at("id").get<int64_t>();
    trade.order_id = row.at("order_id").get<int64_t>();
    trade.qty_steps = row.at("qty_steps").get<int64_t>();
    trade.time = row.at("time").get<int64_t>();
    trade.symbol = row.at("symbol").get<std::string>();
    trade.side = row.at("side").get<std::string>();
    trade.price = row.at("price").get<double>();
    trade.commission = row.at("commission").get<double>();
    trade.realized = row.at("realized").get<double>();
    trade.maker = row.at("maker").get<bool>();
    trades.push_back(trade);
  }
  const auto leverage = saved.at("leverage").get<std::map<std::string, int>>();
  const auto margin_types = saved.at("margin_types").get<std::map<std::string, std::string>>();
  const auto marks = saved.at("marks").get<std::map<std::string, double>>();
  const auto placements = saved.at("placements").get<std::map<std::string, int64_t>>();
  const double wallet = saved.at("wallet").get<double>();
  const bool dual_side = saved.at("dual_side").get<bool>();
  // Multi-Assets came later: a state saved before it is in Single-Asset mode with no coins.
  const bool multi_assets = saved.value("multi_assets", false);
  const auto futures_assets =
      saved.value("futures_assets", Json::object()).get<std::map<std::string, double>>();
  const double funding_rate = saved.at("funding_rate").get<double>();
  const int64_t funded_until = saved.value("funded_until", int64_t{0});
  const int64_t next_order_id = saved.at("next_order_id").get<int64_t>();
  const int64_t next_trade_id = saved.at("next_trade_id").get<int64_t>();
  // Transfers came later: a state saved before them has none.
  const Json transfers = saved.value("transfers", Json::array());
  if (!transfers.is_array()) throw std::runtime_error("\"transfers\" is not an array");
  const int64_t next_transfer_id = saved.value("next_transfer_id", int64_t{13526853623});

  std::lock_guard<std::mutex> lock(state_->mutex);
  State& state = *state_;
  state.positions = std::move(positions);
  state.spot = std::move(spot);
  state.orders = std::move(orders);
  state.trades = std::move(trades);
  state.leverage = leverage;
  state.margin_types = margin_types;
  for (const auto& [symbol, price] : marks) state.marks[symbol] = price;
  state.placements = placements;
  state.wallet = wallet;
  state.dual_side = dual_side;
  state.multi_assets = multi_assets;
  state.futures_assets = futures_assets;
  state.funding_rate = funding_rate;
  state.funded_until = funded_until;
  state.next_order_id = next_order_id;
  state.next_trade_id = next_trade_id;
  state.transfers = transfers;
  state.next_transfer_id = next_transfer_id;
}

int64_t FakeVenue::transfers_made() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return static_cast<int64_t>(state_->transfers.size());
}

nlohmann::json FakeVenue::stats() const {
  HttpRequest request;
  request.method = "GET";
  request.path = "/__fake/stats";
  std::lock_guard<std::mutex> lock(state_->mutex);
  return nlohmann::json::parse(state_->control(request).body);
}

}  // namespace hedgebot::fake
