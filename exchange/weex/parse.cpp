#include "exchange/weex/parse.hpp"

#include <algorithm>
#include <cmath>

#include "exchange/binance/parse.hpp"
#include "exchange/binance/trades.hpp"

namespace hedgebot::weex {
namespace {

using binance::get_int;
using binance::get_string;
using binance::shape_error;
using binance::text_or;

// A decimal sent as a string ("0.001") or as a JSON number (0.001, 2); refuses anything else.
Result<Decimal> decimal_of(const Json& value, std::string_view context, std::string_view key) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number_integer() || value.is_number_float()) {
    text = value.dump();
  } else {
    return shape_error(context, std::string(key) + " is not a number");
  }
  auto parsed = Decimal::parse(text);
  if (!parsed) return shape_error(context, std::string(key) + " is not a decimal");
  return *parsed;
}

Result<Decimal> field_decimal(const Json& object, const char* key, std::string_view context) {
  const auto found = object.find(key);
  if (found == object.end()) return shape_error(context, std::string("no ") + key);
  return decimal_of(*found, context, key);
}

Result<double> field_number(const Json& object, const char* key, std::string_view context) {
  auto value = field_decimal(object, key, context);
  if (!value) return value.error();
  const double number = value->to_double();
  if (!std::isfinite(number)) return shape_error(context, std::string(key) + " is not finite");
  return number;
}

// An optional decimal field; nullopt when absent, null or "".
Result<std::optional<double>> optional_number(const Json& object, const char* key,
                                              std::string_view context) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null() ||
      (found->is_string() && found->get<std::string>().empty()))
    return std::optional<double>{};
  auto value = decimal_of(*found, context, key);
  if (!value) return value.error();
  return std::optional<double>(value->to_double());
}

// 10^-digits as a Decimal (digits 0..18).
Result<Decimal> power_step(const Json& object, const char* key, std::string_view context) {
  auto digits = field_decimal(object, key, context);
  if (!digits) return digits.error();
  if (digits->scale != 0 || digits->mantissa < 0 || digits->mantissa > 12)
    return shape_error(context, std::string(key) + " is not a precision of 0..12 digits");
  return Decimal{1, static_cast<int>(digits->mantissa)};
}

// `value` in whole `step`s; rounded up when `round_up`, else down.
std::optional<int64_t> steps_of(const Decimal& value, const Decimal& step, bool round_up) {
  if (auto exact = binance::whole_units(value, step)) return exact;
  const double ratio = value.to_double() / step.to_double();
  if (!std::isfinite(ratio) || std::fabs(ratio) > 9e15) return std::nullopt;
  return static_cast<int64_t>(round_up ? std::ceil(ratio) : std::floor(ratio));
}

// A list answer, or one object (as a list of one).
std::vector<const Json*> rows_of(const Json& body) {
  std::vector<const Json*> rows;
  if (body.is_array()) {
    for (const Json& row : body) rows.push_back(&row);
  } else if (body.is_object()) {
    rows.push_back(&body);
  }
  return rows;
}

Result<const Json*> row_of_symbol(const Json& body, const std::string& wire_symbol,
                                  std::string_view context) {
  if (!body.is_array() && !body.is_object()) return shape_error(context, "not a list or object");
  for (const Json* row : rows_of(body)) {
    if (!row->is_object()) return shape_error(context, "a row is not an object");
    if (text_or(*row, "symbol") == wire_symbol) return row;
  }
  // The symbol was asked for: an answer without it is not one about it.
  return shape_error(context, "no row for " + wire_symbol);
}

Result<OrderStatus> order_status(const std::string& text, std::string_view context) {
  if (text == "NEW" || text == "PENDING" || text == "UNTRIGGERED") return OrderStatus::New;
  if (text == "PARTIALLY_FILLED") return OrderStatus::PartiallyFilled;
  if (text == "FILLED") return OrderStatus::Filled;
  if (text == "CANCELED" || text == "CANCELLED" || text == "PARTIALLY_CANCELED")
    return OrderStatus::Canceled;
  if (text == "REJECTED") return OrderStatus::Rejected;
  if (text == "EXPIRED") return OrderStatus::Expired;
  return shape_error(context, "unknown order status " + text.substr(0, 30));
}

}  // namespace

std::string id_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  return "";
}

Result<int64_t> parse_server_time(const Json& body) {
  const std::string_view context = "GET /capi/v3/market/time";
  if (!body.is_object()) return shape_error(context, "not an object");
  auto time = get_int(body, "serverTime", context);
  if (!time) return time.error();
  if (*time <= 0) return shape_error(context, "serverTime is not positive");
  return *time;
}

Result<Json> find_contract(const Json& body, const std::string& symbol) {
  const std::string_view context = "GET /capi/v3/market/exchangeInfo";
  const Json* list = &body;
  if (body.is_object()) {
    const auto symbols = body.find("symbols");
    if (symbols == body.end()) return shape_error(context, "no symbols list");
    list = &*symbols;
  }
  if (!list->is_array()) return shape_error(context, "symbols is not a list");
  for (const Json& item : *list) {
    if (item.is_object() && text_or(item, "symbol") == symbol) return item;
  }
  return make_error(ErrorKind::NotFound, std::string(context) + ": no contract " + symbol);
}

Result<Instrument> parse_instrument(const Json& item) {
  std::string context = "exchangeInfo";
  if (!item.is_object()) return shape_error(context, "a contract is not an object");
  auto symbol = get_string(item, "symbol", context);
  if (!symbol) return symbol.error();
  context += " symbol " + *symbol;
  Instrument instrument;
  instrument.symbol = *symbol;
  auto base = get_string(item, "baseAsset", context);
  if (!base) return base.error();
  auto quote = get_string(item, "quoteAsset", context);
  if (!quote) return quote.error();
  instrument.base_asset = *base;
  instrument.quote_asset = *quote;
  instrument.contract_size = 1.0;  // orders and positions are in the base coin
  auto tick = power_step(item, "pricePrecision", context);
  if (!tick) return tick.error();
  instrument.price_tick = *tick;
  auto step = power_step(item, "quantityPrecision", context);
  if (!step) return step.error();
  instrument.qty_step = *step;
  auto min_size = field_decimal(item, "minOrderSize", context);
  if (!min_size) return min_size.error();
  if (min_size->mantissa < 0) return shape_error(context, "negative minOrderSize");
  const auto min_steps = steps_of(*min_size, instrument.qty_step, true);
  if (!min_steps) return shape_error(context, "minOrderSize out of range");
  instrument.min_qty_steps = std::max<int64_t>(1, *min_steps);
  // The largest order: the smaller of the order maximum and the market-open maximum (hedgebot
  // mostly sends market orders), so every quantity is valid for both.
  std::optional<int64_t> max_steps;
  for (const char* key : {"maxOrderSize", "marketOpenLimitSize"}) {
    if (!item.contains(key)) continue;
    auto max_size = field_decimal(item, key, context);
    if (!max_size) return max_size.error();
    if (!max_size->is_positive()) continue;
    const auto steps = steps_of(*max_size, instrument.qty_step, false);
    if (!steps) return shape_error(context, std::string(key) + " out of range");
    if (!max_steps || *steps < *max_steps) max_steps = *steps;
  }
  instrument.max_qty_steps = max_steps.value_or(0);
  if (instrument.max_qty_steps != 0 && instrument.max_qty_steps < instrument.min_qty_steps)
    return shape_error(context, "largest order below the smallest");
  return instrument;
}

std::optional<std::string> kline_interval_name(int64_t interval_ms) {
  switch (interval_ms) {
    case kMinuteMs:
      return "1m";
    case 5 * kMinuteMs:
      return "5m";
    case 15 * kMinuteMs:
      return "15m";
    case 30 * kMinuteMs:
      return "30m";
    case kHourMs:
      return "1h";
    case 4 * kHourMs:
      return "4h";
    case 12 * kHourMs:
      return "12h";
    case kDayMs:
      return "1d";
    case 7 * kDayMs:
      return "1w";
    default:
      return std::nullopt;
  }
}

Result<CandleSeries> parse_klines(const Json& body, int64_t interval_ms, int64_t server_now_ms,
                                  int limit) {
  const std::string_view context = "klines";
  if (!body.is_array()) return shape_error(context, "not a list");
  CandleSeries series;
  series.interval_ms = interval_ms;
  for (const Json& row : body) {
    if (!row.is_array() || row.size() < 6) return shape_error(context, "a row is not a kline");
    Candle candle;
    const auto open_time = binance::get_int(Json{{"t", row[0]}}, "t", context);
    if (!open_time) return open_time.error();
    candle.open_time_ms = *open_time;
    double* fields[] = {&candle.open, &candle.high, &candle.low, &candle.close, &candle.volume};
    for (size_t i = 0; i < 5; ++i) {
      auto value = decimal_of(row[i + 1], context, "a kline price");
      if (!value) return value.error();
      *fields[i] = value->to_double();
      if (!std::isfinite(*fields[i]) || *fields[i] < 0)
        return shape_error(context, "a kline value is not a non-negative number");
    }
    if (candle.open <= 0 || candle.high < candle.low || candle.high < candle.open ||
        candle.high < candle.close || candle.low > candle.open || candle.low > candle.close) {
      return shape_error(context, "inconsistent kline prices");
    }
    if (candle.open_time_ms + interval_ms > server_now_ms) continue;  // still open
    series.candles.push_back(candle);
  }
  std::sort(series.candles.begin(), series.candles.end(),
            [](const Candle& a, const Candle& b) { return a.open_time_ms < b.open_time_ms; });
  std::vector<Candle> unique;
  for (const Candle& candle : series.candles) {
    if (!unique.empty() && unique.back().open_time_ms == candle.open_time_ms) {
      const Candle& kept = unique.back();
      if (kept.open != candle.open || kept.high != candle.high || kept.low != candle.low ||
          kept.close != candle.close || kept.volume != candle.volume)
        return shape_error(context, "two different candles at one open time");
      continue;
    }
    unique.push_back(candle);
  }
  if (limit >= 0 && unique.size() > static_cast<size_t>(limit))
    unique.erase(unique.begin(), unique.end() - limit);
  series.candles = std::move(unique);
  return series;
}

Result<MarkAndFunding> parse_premium_index(const Json& body, const std::string& wire_symbol) {
  const std::string_view context = "GET /capi/v3/market/premiumIndex";
  auto row = row_of_symbol(body, wire_symbol, context);
  if (!row) return row.error();
  const Json& item = **row;
  MarkAndFunding mark;
  auto mark_price = field_number(item, "markPrice", context);
  if (!mark_price) return mark_price.error();
  if (*mark_price <= 0) return shape_error(context, "markPrice is not positive");
  mark.mark_price = *mark_price;
  auto index = optional_number(item, "indexPrice", context);
  if (!index) return index.error();
  mark.index_price = index->value_or(0.0);
  auto forecast = optional_number(item, "forecastFundingRate", context);
  if (!forecast) return forecast.error();
  std::optional<double> rate = *forecast;
  if (!rate) {
    auto last = field_number(item, "lastFundingRate", context);
    if (!last) return last.error();
    rate = *last;
  }
  if (std::fabs(*rate) > 1.0) return shape_error(context, "absurd funding rate");
  mark.predicted_rate = *rate;
  auto next = get_int(item, "nextFundingTime", context);
  if (!next) return next.error();
  mark.next_funding_ms = *next;
  if (item.contains("collectCycle")) {
    auto minutes = get_int(item, "collectCycle", context);
    if (!minutes) return minutes.error();
    if (*minutes <= 0 || *minutes > int64_t{7} * 24 * 60)
      return shape_error(context, "collectCycle out of range");
    mark.funding_interval_ms = *minutes * kMinuteMs;
  }
  auto time = get_int(item, "time", context);
  if (!time) return time.error();
  mark.time_ms = *time;
  return mark;
}

Result<BookTop> parse_book_ticker(const Json& body, const std::string& wire_symbol) {
  const std::string_view context = "GET /capi/v3/market/ticker/bookTicker";
  auto row = row_of_symbol(body, wire_symbol, context);
  if (!row) return row.error();
  const Json& item = **row;
  BookTop book;
  book.symbol = wire_symbol;
  double* fields[] = {&book.bid_price, &book.bid_qty, &book.ask_price, &book.ask_qty};
  const char* keys[] = {"bidPrice", "bidQty", "askPrice", "askQty"};
  for (size_t i = 0; i < 4; ++i) {
    auto value = field_number(item, keys[i], context);
    if (!value) return value.error();
    if (*value < 0) return shape_error(context, std::string(keys[i]) + " is negative");
    *fields[i] = *value;
  }
  if (book.bid_price <= 0 || book.ask_price <= 0) return shape_error(context, "an empty side");
  if (book.bid_price >= book.ask_price) return shape_error(context, "a crossed book");
  if (item.contains("time")) {
    auto time = get_int(item, "time", context);
    if (!time) return time.error();
    book.time_ms = *time;
  }
  return book;
}

Result<std::vector<FundingRate>> parse_funding_history(const Json& body, int64_t server_now_ms,
                                                       int limit) {
  const std::string_view context = "GET /capi/v3/market/fundingRate";
  if (!body.is_array()) return shape_error(context, "not a list");
  std::vector<FundingRate> rates;
  for (const Json& row : body) {
    if (!row.is_object()) return shape_error(context, "a row is not an object");
    auto time = get_int(row, "fundingTime", context);
    if (!time) return time.error();
    auto value = field_number(row, "fundingRate", context);
    if (!value) return value.error();
    if (std::fabs(*value) > 1.0) return shape_error(context, "absurd funding rate");
    auto mark = optional_number(row, "markPrice", context);
    if (!mark) return mark.error();
    if (mark->value_or(0.0) < 0) return shape_error(context, "negative markPrice");
    if (*time > server_now_ms) continue;
    FundingRate rate;
    rate.funding_time_ms = *time;
    rate.rate = *value;
    rate.mark_price = mark->value_or(0.0);
    rates.push_back(rate);
  }
  if (Status ordered = binance::order_funding_rates(rates, limit, context); !ordered)
    return ordered.error();
  return rates;
}

Result<PositionRows> parse_position_rows(const Json& body) {
  const std::string_view context = "positions";
  if (!body.is_array()) return shape_error(context, "not a list");
  PositionRows positions;
  for (const Json& row : body) {
    if (!row.is_object()) return shape_error(context, "a row is not an object");
    auto margin = optional_number(row, "marginSize", context);
    if (!margin) return margin.error();
    if (margin->value_or(0.0) < 0) return shape_error(context, "negative marginSize");
    positions.margin += margin->value_or(0.0);
    positions.rows.push_back(row);
  }
  return positions;
}

Result<Account> parse_account(const Json& body, const std::string& margin_asset,
                              double positions_margin) {
  const std::string_view context = "GET /capi/v3/account/balance";
  if (!body.is_array()) return shape_error(context, "not a list");
  for (const Json& row : body) {
    if (!row.is_object()) return shape_error(context, "a row is not an object");
    if (text_or(row, "asset") != margin_asset) continue;
    Account account;
    account.asset = margin_asset;
    auto wallet = field_number(row, "balance", context);
    if (!wallet) return wallet.error();
    auto available = field_number(row, "availableBalance", context);
    if (!available) return available.error();
    auto unrealized = optional_number(row, "unrealizePnl", context);
    if (!unrealized) return unrealized.error();
    account.wallet_balance = *wallet;
    account.unrealized_pnl = unrealized->value_or(0.0);
    account.margin_balance = account.wallet_balance + account.unrealized_pnl;
    account.available_balance = *available;
    account.maint_margin = positions_margin;
    account.initial_margin = positions_margin;
    return account;
  }
  // No row: nothing deposited in this asset yet.
  Account empty;
  empty.asset = margin_asset;
  empty.maint_margin = positions_margin;
  empty.initial_margin = positions_margin;
  return empty;
}

Result<Position> parse_position(const PositionRows& positions, const std::string& wire_symbol,
                                const Instrument& instrument) {
  const std::string context = "position " + wire_symbol;
  Position position;
  position.symbol = wire_symbol;
  int sides_held = 0;
  for (const Json& row : positions.rows) {
    if (text_or(row, "symbol") != wire_symbol) continue;
    const std::string mode = text_or(row, "separatedMode", "COMBINED");
    if (mode != "COMBINED") {
      return make_error(ErrorKind::Config,
                        "the WEEX position of " + wire_symbol + " is in " + mode.substr(0, 20) +
                            " (hedge) position mode; hedgebot keeps one net position and needs "
                            "the combined (one-way) mode");
    }
    auto side = get_string(row, "side", context);
    if (!side) return side.error();
    if (*side != "LONG" && *side != "SHORT") return shape_error(context, "unknown side");
    auto size = field_decimal(row, "size", context);
    if (!size) return size.error();
    if (size->mantissa < 0) return shape_error(context, "negative size");
    if (size->is_zero()) continue;
    auto steps = instrument.qty_to_steps(*size);
    if (!steps) return steps.error();
    if (++sides_held > 1) {
      return make_error(ErrorKind::Config,
                        "WEEX holds both a long and a short position in " + wire_symbol +
                            "; hedgebot keeps one net position. Close one side in WEEX first");
    }
    position.qty_steps = *side == "LONG" ? *steps : -*steps;
    auto open_value = field_number(row, "openValue", context);
    if (!open_value) return open_value.error();
    const double base = size->to_double();
    position.entry_price = base > 0 ? *open_value / base : 0.0;
    auto pnl = optional_number(row, "unrealizePnl", context);
    if (!pnl) return pnl.error();
    position.unrealized_pnl = pnl->value_or(0.0);
    auto margin = optional_number(row, "marginSize", context);
    if (!margin) return margin.error();
    position.maint_margin = margin->value_or(0.0);
    auto leverage = optional_number(row, "leverage", context);
    if (!leverage) return leverage.error();
    position.leverage = static_cast<int>(leverage->value_or(0.0));
    auto liquidation = optional_number(row, "liquidatePrice", context);
    if (!liquidation) return liquidation.error();
    if (liquidation->value_or(0.0) < 0) return shape_error(context, "negative liquidatePrice");
    position.liquidation_price = liquidation->value_or(0.0);
  }
  return position;
}

Result<SymbolConfig> parse_symbol_config(const Json& body, const std::string& wire_symbol) {
  const std::string_view context = "GET /capi/v3/account/symbolConfig";
  auto row = row_of_symbol(body, wire_symbol, context);
  if (!row) return row.error();
  const Json& item = **row;
  SymbolConfig config;
  auto margin = get_string(item, "marginType", context);
  if (!margin) return margin.error();
  config.margin_type = *margin;
  const char* mode_key = item.contains("separatedType") ? "separatedType" : "separatedMode";
  auto mode = get_string(item, mode_key, context);
  if (!mode) return mode.error();
  config.separated_type = *mode;
  auto leverage = field_decimal(item, "crossLeverage", context);
  if (!leverage) return leverage.error();
  const double value = leverage->to_double();
  if (!(value >= 0 && value <= 1000)) return shape_error(context, "crossLeverage out of range");
  config.cross_leverage = static_cast<int>(value);
  return config;
}

Result<OrderState> parse_order(const Json& item, const Instrument& instrument,
                               const std::string& symbol) {
  const std::string context = "order " + instrument.symbol;
  if (!item.is_object()) return shape_error(context, "not an object");
  OrderState order;
  auto wire = get_string(item, "symbol", context);
  if (!wire) return wire.error();
  if (*wire != instrument.symbol) return shape_error(context, "order is for " + *wire);
  order.symbol = symbol;
  auto client_id = get_string(item, "clientOrderId", context);
  if (!client_id) return client_id.error();
  order.client_order_id = *client_id;
  order.venue_order_id = id_text(item.value("orderId", Json()));
  if (order.venue_order_id.empty()) return shape_error(context, "no orderId");
  auto side = get_string(item, "side", context);
  if (!side) return side.error();
  if (*side != "BUY" && *side != "SELL") return shape_error(context, "unknown side");
  order.side = *side == "BUY" ? Side::Buy : Side::Sell;
  auto type = get_string(item, "type", context);
  if (!type) return type.error();
  if (*type != "MARKET" && *type != "LIMIT")
    return shape_error(context, "unsupported order type " + type->substr(0, 30));
  order.type = *type == "MARKET" ? OrderType::Market : OrderType::Limit;
  auto status_text = get_string(item, "status", context);
  if (!status_text) return status_text.error();
  auto status = order_status(*status_text, context);
  if (!status) return status.error();
  order.status = *status;
  auto quantity = field_decimal(item, "origQty", context);
  if (!quantity) return quantity.error();
  auto executed = field_decimal(item, "executedQty", context);
  if (!executed) return executed.error();
  if (quantity->mantissa < 0 || executed->mantissa < 0)
    return shape_error(context, "negative quantities");
  auto quantity_steps = instrument.qty_to_steps(*quantity);
  if (!quantity_steps) return quantity_steps.error();
  auto executed_steps = instrument.qty_to_steps(*executed);
  if (!executed_steps) return executed_steps.error();
  if (*executed_steps > *quantity_steps) return shape_error(context, "filled more than ordered");
  order.qty_steps = *quantity_steps;
  order.filled_steps = *executed_steps;
  if (order.type == OrderType::Limit) {
    auto price = field_decimal(item, "price", context);
    if (!price) return price.error();
    if (!price->is_positive()) return shape_error(context, "a limit order without a price");
    const auto ticks = binance::whole_units(*price, instrument.price_tick);
    if (!ticks) return shape_error(context, "price is not on the tick grid");
    order.price_ticks = *ticks;
  }
  auto average = optional_number(item, "avgPrice", context);
  if (!average) return average.error();
  if (average->value_or(0.0) < 0) return shape_error(context, "negative avgPrice");
  order.avg_fill_price = average->value_or(0.0);
  if (order.filled_steps > 0 && order.avg_fill_price <= 0)
    return shape_error(context, "a fill without an average price");
  if (const auto reduce = item.find("reduceOnly"); reduce != item.end() && reduce->is_boolean())
    order.reduce_only = reduce->get<bool>();
  if (item.contains("updateTime")) {
    auto update = get_int(item, "updateTime", context);
    if (!update) return update.error();
    order.update_ms = *update;
  }
  if (order.filled_steps > 0) binance::mark_fee_unknown(order);
  return order;
}

Result<std::vector<OrderState>> parse_order_list(const Json& body, const Instrument& instrument,
                                                 const std::string& symbol) {
  const Json* list = &body;
  if (body.is_object()) {
    for (const char* key : {"list", "items", "orders"}) {
      if (const auto found = body.find(key); found != body.end()) list = &*found;
    }
  }
  if (!list->is_array()) return shape_error("orders", "not a list");
  std::vector<OrderState> orders;
  for (const Json& item : *list) {
    auto order = parse_order(item, instrument, symbol);
    if (!order) return order.error();
    orders.push_back(std::move(*order));
  }
  return orders;
}

Result<Ack> parse_ack(const Json& body, std::string_view context) {
  if (!body.is_object()) return shape_error(context, "not an object");
  Ack ack;
  const auto success = body.find("success");
  if (success == body.end() || !success->is_boolean())
    return shape_error(context, "no boolean success");
  ack.success = success->get<bool>();
  ack.order_id = id_text(body.value("orderId", Json()));
  for (const char* key : {"clientOrderId", "origClientOrderId"}) {
    if (const auto found = body.find(key); found != body.end() && found->is_string())
      ack.client_order_id = found->get<std::string>();
  }
  if (const auto code = body.find("errorCode"); code != body.end()) {
    const std::string text = id_text(*code);
    const std::string digits = !text.empty() && text[0] == '-' ? text.substr(1) : text;
    if (!digits.empty() && digits.size() < 10 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      ack.error_code = std::stoi(text);
  }
  if (const auto message = body.find("errorMessage"); message != body.end() && message->is_string())
    ack.error_message = message->get<std::string>().substr(0, 200);
  if (!ack.success && ack.error_code == 0 && ack.error_message.empty())
    return shape_error(context, "success false without an error");
  return ack;
}

}  // namespace hedgebot::weex
