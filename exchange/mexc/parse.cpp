#include "exchange/mexc/parse.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "exchange/binance/parse.hpp"
#include "exchange/binance/trades.hpp"

namespace hedgebot::mexc {
namespace {

using binance::get_bool;
using binance::get_int;
using binance::get_string;
using binance::shape_error;
using binance::text_or;

// Steps of a decimal bound: at most this many (toward zero) or at least (up).
Result<int64_t> steps_of(const Decimal& quantity, const Decimal& step, bool round_up,
                         std::string_view context, const char* what) {
  const double steps = quantity.to_double() / step.to_double();
  if (!std::isfinite(steps) || steps < 0 || steps > 9e15)
    return shape_error(context, std::string(what) + " out of range");
  const double rounded = round_up ? std::ceil(steps - 1e-9) : std::floor(steps + 1e-9);
  return static_cast<int64_t>(rounded);
}

Result<double> optional_number(const Json& object, const char* key, std::string_view context) {
  if (!object.is_object() || !object.contains(key) || object.at(key).is_null()) return 0.0;
  return get_number(object, key, context);
}

Result<const Json*> array_of(const Json& data, std::string_view context) {
  if (!data.is_array()) return shape_error(context, "data is not a list");
  return &data;
}

Result<Decimal> decimal_of(const Json& value, std::string_view context, const std::string& what) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return shape_error(context, what + " out of range");
    return Decimal{value.get<int64_t>(), 0};
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (!std::isfinite(number)) return shape_error(context, what + " is not finite");
    char text[64];
    const auto [end, ec] =
        std::to_chars(text, text + sizeof text, number, std::chars_format::fixed);
    if (ec != std::errc()) return shape_error(context, what + " out of range");
    auto parsed = Decimal::parse(std::string_view(text, static_cast<size_t>(end - text)));
    if (!parsed) return shape_error(context, what + " is not a plain decimal");
    return parsed;
  }
  if (value.is_string()) {
    auto parsed = Decimal::parse(value.get_ref<const std::string&>());
    if (!parsed) return shape_error(context, what + " is not a decimal");
    return parsed;
  }
  return shape_error(context, what + " is not a number");
}

Result<std::string> id_text(const Json& value, std::string_view context) {
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_number_integer() && value.get<int64_t>() > 0)
    return std::to_string(value.get<int64_t>());
  if (value.is_string() && !value.get_ref<const std::string&>().empty())
    return value.get<std::string>();
  return shape_error(context, "an order id that is not a positive integer");
}

}  // namespace

std::optional<std::string> venue_symbol(const std::string& symbol) {
  const auto plain = [](const std::string& part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
  };
  if (const size_t at = symbol.find('_'); at != std::string::npos) {
    if (plain(symbol.substr(0, at)) && plain(symbol.substr(at + 1))) return symbol;
    return std::nullopt;
  }
  for (const char* quote : {"USDT", "USDC", "USD"}) {
    const std::string q = quote;
    if (symbol.size() > q.size() && symbol.compare(symbol.size() - q.size(), q.size(), q) == 0) {
      const std::string base = symbol.substr(0, symbol.size() - q.size());
      if (plain(base)) {
        std::string name = base;
        name.append("_").append(q);
        return name;
      }
    }
  }
  return std::nullopt;
}

Result<Decimal> get_decimal(const Json& object, const char* key, std::string_view context) {
  if (!object.is_object() || !object.contains(key))
    return shape_error(context, std::string("field '") + key + "' is missing");
  return decimal_of(object.at(key), context, std::string("field '") + key + "'");
}

Result<double> get_number(const Json& object, const char* key, std::string_view context) {
  auto value = get_decimal(object, key, context);
  if (!value) return value.error();
  return value->to_double();
}

Result<int64_t> parse_server_time(const Json& data) {
  const std::string_view context = "GET /api/v1/contract/ping";
  if (!data.is_number_integer() || data.get<int64_t>() <= 0)
    return shape_error(context, "no positive server time");
  return data.get<int64_t>();
}

Result<Json> find_contract(const Json& data, const std::string& wire_symbol) {
  const std::string_view context = "GET /api/v1/contract/detail";
  if (data.is_object()) {
    if (text_or(data, "symbol") == wire_symbol) return data;
  } else if (data.is_array()) {
    for (const Json& item : data) {
      if (item.is_object() && text_or(item, "symbol") == wire_symbol) return item;
    }
  } else if (!data.is_null()) {
    return shape_error(context, "data is neither a contract nor a list of them");
  }
  return make_error(ErrorKind::NotFound,
                    wire_symbol + " is not listed (" + std::string(context) + ")");
}

Result<Instrument> parse_instrument(const Json& item, const std::string& symbol) {
  std::string context = "contract/detail";
  auto wire = get_string(item, "symbol", context);
  if (!wire) return wire.error();
  context += " symbol " + *wire;
  Instrument instrument;
  instrument.symbol = symbol;
  auto base = get_string(item, "baseCoin", context);
  if (!base) return base.error();
  auto quote = get_string(item, "quoteCoin", context);
  if (!quote) return quote.error();
  instrument.base_asset = *base;
  instrument.quote_asset = *quote;
  if (item.contains("settleCoin")) {
    auto settle = get_string(item, "settleCoin", context);
    if (!settle) return settle.error();
    instrument.quote_asset = *settle;
  }
  auto size = get_decimal(item, "contractSize", context);
  if (!size) return size.error();
  if (!size->is_positive()) return shape_error(context, "contractSize is not positive");
  instrument.contract_size = size->to_double();
  auto tick = get_decimal(item, "priceUnit", context);
  if (!tick) return tick.error();
  if (!tick->is_positive()) return shape_error(context, "priceUnit is not positive");
  instrument.price_tick = tick->normalized();
  auto step = get_decimal(item, "volUnit", context);
  if (!step) return step.error();
  if (!step->is_positive()) return shape_error(context, "volUnit is not positive");
  instrument.qty_step = step->normalized();
  auto min_vol = get_decimal(item, "minVol", context);
  if (!min_vol) return min_vol.error();
  if (min_vol->mantissa < 0) return shape_error(context, "negative minVol");
  auto min_steps = steps_of(*min_vol, instrument.qty_step, true, context, "minVol");
  if (!min_steps) return min_steps.error();
  instrument.min_qty_steps = std::max<int64_t>(1, *min_steps);
  if (item.contains("maxVol")) {
    auto max_vol = get_decimal(item, "maxVol", context);
    if (!max_vol) return max_vol.error();
    if (max_vol->is_positive()) {
      auto steps = steps_of(*max_vol, instrument.qty_step, false, context, "maxVol");
      if (!steps) return steps.error();
      instrument.max_qty_steps = *steps;
    }
  }
  instrument.min_notional = 0.0;
  auto state = get_int(item, "state", context);
  if (!state) return state.error();
  bool api_allowed = true;
  if (item.contains("apiAllowed")) {
    auto allowed = get_bool(item, "apiAllowed", context);
    if (!allowed) return allowed.error();
    api_allowed = *allowed;
  }
  instrument.trading = *state == 0 && api_allowed;
  return instrument;
}

Result<double> maintenance_margin_rate(const Json& item) {
  auto rate = optional_number(item, "maintenanceMarginRate", "contract/detail");
  if (!rate) return rate.error();
  if (*rate < 0 || *rate >= 1)
    return shape_error("contract/detail", "absurd maintenanceMarginRate");
  return *rate;
}

std::optional<std::string> kline_interval_name(int64_t interval_ms) {
  struct Name {
    int64_t ms;
    const char* name;
  };
  static constexpr Name kNames[] = {
      {kMinuteMs, "Min1"},       {5 * kMinuteMs, "Min5"}, {15 * kMinuteMs, "Min15"},
      {30 * kMinuteMs, "Min30"}, {kHourMs, "Min60"},      {4 * kHourMs, "Hour4"},
      {8 * kHourMs, "Hour8"},    {kDayMs, "Day1"},        {7 * kDayMs, "Week1"}};
  for (const Name& name : kNames) {
    if (name.ms == interval_ms) return std::string(name.name);
  }
  return std::nullopt;
}

Result<CandleSeries> parse_klines(const Json& data, int64_t interval_ms, int64_t server_now_ms,
                                  double contract_size, int limit) {
  const std::string_view context = "GET /api/v1/contract/kline";
  if (!data.is_object()) return shape_error(context, "data is not an object of columns");
  const char* keys[] = {"time", "open", "high", "low", "close", "vol"};
  const Json* columns[6] = {};
  for (size_t i = 0; i < 6; ++i) {
    const auto found = data.find(keys[i]);
    if (found == data.end() || !found->is_array())
      return shape_error(context, std::string("no ") + keys[i] + "[] column");
    columns[i] = &*found;
    if (found->size() != columns[0]->size())
      return shape_error(context, "kline columns of different lengths");
  }
  CandleSeries series;
  series.interval_ms = interval_ms;
  int64_t older_open = std::numeric_limits<int64_t>::min();
  for (size_t row = 0; row < columns[0]->size(); ++row) {
    const Json& time = (*columns[0])[row];
    if (!time.is_number_integer()) return shape_error(context, "a kline time is not whole");
    const int64_t seconds = time.get<int64_t>();
    if (seconds <= 0 || seconds > std::numeric_limits<int64_t>::max() / 1000)
      return shape_error(context, "kline time out of range");
    double values[5];
    for (size_t i = 1; i < 6; ++i) {
      auto value = decimal_of((*columns[i])[row], context, std::string("kline ") + keys[i]);
      if (!value) return value.error();
      values[i - 1] = value->to_double();
    }
    Candle candle;
    candle.open_time_ms = seconds * 1000;
    candle.open = values[0];
    candle.high = values[1];
    candle.low = values[2];
    candle.close = values[3];
    candle.volume = values[4] * contract_size;
    if (candle.open <= 0 || candle.high <= 0 || candle.low <= 0 || candle.close <= 0 ||
        candle.volume < 0 || candle.high < candle.low) {
      return shape_error(context,
                         "absurd kline prices at time " + std::to_string(candle.open_time_ms));
    }
    // MEXC lists the oldest first: each time is strictly after the one before it.
    if (candle.open_time_ms <= older_open) {
      return shape_error(context,
                         "klines not oldest first at time " + std::to_string(candle.open_time_ms));
    }
    older_open = candle.open_time_ms;
    if (candle.open_time_ms + interval_ms > server_now_ms) continue;  // still open
    series.candles.push_back(candle);
  }
  if (limit >= 0 && series.candles.size() > static_cast<size_t>(limit)) {
    series.candles.erase(series.candles.begin(),
                         series.candles.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return series;
}

Result<FairPrice> parse_fair_price(const Json& data) {
  const std::string_view context = "GET /api/v1/contract/fair_price";
  FairPrice fair;
  auto price = get_number(data, "fairPrice", context);
  if (!price) return price.error();
  if (*price <= 0) return shape_error(context, "fairPrice is not positive");
  fair.price = *price;
  if (data.is_object() && data.contains("timestamp")) {
    auto time = get_int(data, "timestamp", context);
    if (!time) return time.error();
    fair.time_ms = *time;
  }
  return fair;
}

Status parse_funding_rate(const Json& data, MarkAndFunding& mark) {
  const std::string_view context = "GET /api/v1/contract/funding_rate";
  auto rate = get_number(data, "fundingRate", context);
  if (!rate) return rate.error();
  auto next = get_int(data, "nextSettleTime", context);
  if (!next) return next.error();
  if (std::fabs(*rate) > 1.0 || *next <= 0)
    return shape_error(context, "absurd funding rate or next settlement");
  mark.predicted_rate = *rate;
  mark.next_funding_ms = *next;
  if (data.contains("collectCycle")) {
    auto hours = get_int(data, "collectCycle", context);
    if (!hours) return hours.error();
    if (*hours <= 0 || *hours > int64_t{7} * 24) return shape_error(context, "absurd collectCycle");
    mark.funding_interval_ms = *hours * kHourMs;
  }
  return ok_status();
}

Result<BookTop> parse_book(const Json& data, const std::string& symbol) {
  const std::string_view context = "GET /api/v1/contract/ticker";
  BookTop top;
  top.symbol = symbol;
  auto bid = get_number(data, "bid1", context);
  if (!bid) return bid.error();
  auto ask = get_number(data, "ask1", context);
  if (!ask) return ask.error();
  if (*bid <= 0 || *ask <= 0) return shape_error(context, "an empty side of the book");
  if (*bid >= *ask) return shape_error(context, "crossed book (bid at or above ask)");
  top.bid_price = *bid;
  top.ask_price = *ask;
  if (data.contains("timestamp")) {
    auto time = get_int(data, "timestamp", context);
    if (!time) return time.error();
    top.time_ms = *time;
  }
  return top;
}

Result<std::vector<FundingRate>> parse_funding_history(const Json& data, int64_t server_now_ms,
                                                       int limit) {
  const std::string_view context = "GET /api/v1/contract/funding_rate/history";
  const auto list = data.is_object() ? data.find("resultList") : data.end();
  if (!data.is_object() || list == data.end() || !list->is_array())
    return shape_error(context, "no resultList[] array");
  std::vector<FundingRate> rates;
  for (const Json& row : *list) {
    auto time = get_int(row, "settleTime", context);
    if (!time) return time.error();
    auto value = get_number(row, "fundingRate", context);
    if (!value) return value.error();
    if (std::fabs(*value) > 1.0) return shape_error(context, "absurd funding rate");
    if (*time > server_now_ms) continue;
    rates.push_back(FundingRate{*time, *value, 0.0});
  }
  if (Status ordered = binance::order_funding_rates(rates, limit, context); !ordered)
    return ordered.error();
  return rates;
}

bool is_last_page(const Json& data) {
  if (!data.is_object()) return true;
  const auto current = data.find("currentPage");
  const auto total = data.find("totalPage");
  if (current == data.end() || total == data.end() || !current->is_number_integer() ||
      !total->is_number_integer())
    return true;
  return current->get<int64_t>() >= total->get<int64_t>();
}

Result<Account> parse_account(const Json& data, const std::string& margin_asset) {
  const std::string_view context = "GET /api/v1/private/account/assets";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  const Json* row = nullptr;
  for (const Json& item : **rows) {
    if (item.is_object() && text_or(item, "currency") == margin_asset) row = &item;
  }
  if (row == nullptr)
    return make_error(ErrorKind::NotFound, "the MEXC contract account holds no " + margin_asset);
  Account account;
  account.asset = margin_asset;
  struct Field {
    const char* key;
    double* target;
  };
  double position_margin = 0;
  double frozen = 0;
  const Field fields[] = {
      {"cashBalance", &account.wallet_balance}, {"unrealized", &account.unrealized_pnl},
      {"equity", &account.margin_balance},      {"availableBalance", &account.available_balance},
      {"positionMargin", &position_margin},     {"frozenBalance", &frozen}};
  for (const Field& field : fields) {
    auto value = get_number(*row, field.key, context);
    if (!value) return value.error();
    *field.target = *value;
  }
  if (account.wallet_balance < 0 || position_margin < 0 || frozen < 0)
    return shape_error(context, "negative balance or margin");
  account.initial_margin = position_margin + frozen;
  return account;
}

Result<std::optional<PositionRow>> parse_position(const Json& data, const std::string& wire_symbol,
                                                  const Instrument& instrument) {
  const std::string_view context = "GET /api/v1/private/position/open_positions";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  std::optional<PositionRow> found;
  for (const Json& row : **rows) {
    auto symbol = get_string(row, "symbol", context);
    if (!symbol) return symbol.error();
    if (*symbol != wire_symbol) continue;
    auto volume = get_decimal(row, "holdVol", context);
    if (!volume) return volume.error();
    if (volume->mantissa < 0) return shape_error(context, "negative holdVol");
    auto steps = instrument.qty_to_steps(*volume);
    if (!steps) return steps.error();
    if (*steps == 0) continue;
    auto type = get_int(row, "positionType", context);
    if (!type) return type.error();
    if (*type != 1 && *type != 2) return shape_error(context, "unknown positionType");
    if (found) {
      return make_error(ErrorKind::Config,
                        "the MEXC account holds " + wire_symbol +
                            " both long and short (hedge position mode); hedgebot keeps one "
                            "signed position per contract and needs one-way mode");
    }
    PositionRow position;
    position.steps = *type == 2 ? -*steps : *steps;
    auto entry = optional_number(row, "holdAvgPrice", context);
    if (!entry) return entry.error();
    auto liquidation = optional_number(row, "liquidatePrice", context);
    if (!liquidation) return liquidation.error();
    auto leverage = optional_number(row, "leverage", context);
    if (!leverage) return leverage.error();
    auto open_type = get_int(row, "openType", context);
    if (!open_type) return open_type.error();
    if (*entry < 0) return shape_error(context, "negative holdAvgPrice");
    position.entry_price = *entry;
    position.liquidation_price = std::max(0.0, *liquidation);
    position.leverage = static_cast<int>(std::lround(std::clamp(*leverage, 0.0, 10000.0)));
    position.open_type = static_cast<int>(*open_type);
    found = position;
  }
  return found;
}

Result<std::vector<std::pair<std::string, double>>> held_contracts(const Json& data) {
  const std::string_view context = "GET /api/v1/private/position/open_positions";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  std::vector<std::pair<std::string, double>> held;
  for (const Json& row : **rows) {
    auto symbol = get_string(row, "symbol", context);
    if (!symbol) return symbol.error();
    auto volume = get_number(row, "holdVol", context);
    if (!volume) return volume.error();
    if (*volume < 0) return shape_error(context, "negative holdVol");
    if (*volume > 0) held.emplace_back(*symbol, *volume);
  }
  return held;
}

Result<bool> parse_one_way(const Json& data) {
  if (data.is_number_integer() && data.get<int64_t>() == 2) return true;
  if (data.is_number_integer() && data.get<int64_t>() == 1) return false;
  return shape_error("GET /api/v1/private/position/position_mode", "position mode not 1 or 2");
}

Result<std::vector<std::pair<int, int>>> parse_leverage(const Json& data) {
  const std::string_view context = "GET /api/v1/private/position/leverage";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  std::vector<std::pair<int, int>> levels;
  for (const Json& row : **rows) {
    auto type = get_int(row, "positionType", context);
    if (!type) return type.error();
    auto leverage = get_int(row, "leverage", context);
    if (!leverage) return leverage.error();
    if (*leverage < 0 || *leverage > 10000 || (*type != 1 && *type != 2))
      return shape_error(context, "absurd leverage row");
    levels.emplace_back(static_cast<int>(*type), static_cast<int>(*leverage));
  }
  return levels;
}

Result<OrderState> parse_order(const Json& item, const std::string& wire_symbol,
                               const Instrument& instrument) {
  const std::string context = "order " + wire_symbol;
  OrderState order;
  auto symbol = get_string(item, "symbol", context);
  if (!symbol) return symbol.error();
  if (*symbol != wire_symbol) return shape_error(context, "order is for " + *symbol);
  order.symbol = instrument.symbol;
  if (!item.contains("orderId")) return shape_error(context, "field 'orderId' is missing");
  auto id = id_text(item.at("orderId"), context);
  if (!id) return id.error();
  order.venue_order_id = *id;
  if (item.contains("externalOid") && item.at("externalOid").is_string())
    order.client_order_id = item.at("externalOid").get<std::string>();
  auto side = get_int(item, "side", context);
  if (!side) return side.error();
  if (*side < 1 || *side > 4) return shape_error(context, "unknown side");
  order.side = *side == 1 || *side == 2 ? Side::Buy : Side::Sell;
  order.reduce_only = *side == 2 || *side == 4;
  auto type = get_int(item, "orderType", context);
  if (!type) return type.error();
  if (*type < 1 || *type > 6) return shape_error(context, "unknown orderType");
  order.type = *type == 5 || *type == 6 ? OrderType::Market : OrderType::Limit;
  auto volume = get_decimal(item, "vol", context);
  if (!volume) return volume.error();
  auto dealt = get_decimal(item, "dealVol", context);
  if (!dealt) return dealt.error();
  if (volume->mantissa < 0 || dealt->mantissa < 0) return shape_error(context, "negative volumes");
  auto volume_steps = instrument.qty_to_steps(*volume);
  if (!volume_steps) return volume_steps.error();
  auto dealt_steps = instrument.qty_to_steps(*dealt);
  if (!dealt_steps) return dealt_steps.error();
  if (*dealt_steps > *volume_steps) return shape_error(context, "filled more than ordered");
  order.qty_steps = *volume_steps;
  order.filled_steps = *dealt_steps;
  auto state = get_int(item, "state", context);
  if (!state) return state.error();
  switch (*state) {
    case 1:
    case 2:
      order.status = order.filled_steps > 0 ? OrderStatus::PartiallyFilled : OrderStatus::New;
      break;
    case 3:
      if (order.filled_steps != order.qty_steps)
        return shape_error(context, "completed with volume left");
      order.status = OrderStatus::Filled;
      break;
    case 4:
      order.status = OrderStatus::Canceled;
      break;
    case 5:
      order.status = OrderStatus::Rejected;
      break;
    default:
      return shape_error(context, "unknown state " + std::to_string(*state));
  }
  if (order.type == OrderType::Limit) {
    auto price = get_decimal(item, "price", context);
    if (!price) return price.error();
    if (!price->is_positive()) return shape_error(context, "a limit order without a price");
    const auto ticks = binance::whole_units(*price, instrument.price_tick);
    if (!ticks)
      return shape_error(context, "price " + price->to_string() + " is not on the tick grid");
    order.price_ticks = *ticks;
  }
  auto average = optional_number(item, "dealAvgPrice", context);
  if (!average) return average.error();
  if (*average < 0) return shape_error(context, "negative dealAvgPrice");
  order.avg_fill_price = *average;
  auto taker = optional_number(item, "takerFee", context);
  if (!taker) return taker.error();
  auto maker = optional_number(item, "makerFee", context);
  if (!maker) return maker.error();
  order.fee = *taker + *maker;
  order.fee_known = true;
  if (item.contains("feeCurrency") && item.at("feeCurrency").is_string() &&
      item.at("feeCurrency").get<std::string>() != instrument.quote_asset && order.fee != 0.0) {
    binance::mark_fee_unknown(order);
  }
  if (item.contains("profit")) {
    auto profit = get_number(item, "profit", context);
    if (!profit) return profit.error();
    order.realized_pnl = *profit;
  }
  if (item.contains("updateTime")) {
    auto update = get_int(item, "updateTime", context);
    if (!update) return update.error();
    order.update_ms = *update;
  }
  return order;
}

Result<std::vector<OrderState>> parse_order_list(const Json& data, const std::string& wire_symbol,
                                                 const Instrument& instrument) {
  auto rows = array_of(data, "orders of " + wire_symbol);
  if (!rows) return rows.error();
  std::vector<OrderState> orders;
  for (const Json& item : **rows) {
    auto order = parse_order(item, wire_symbol, instrument);
    if (!order) return order.error();
    orders.push_back(std::move(*order));
  }
  return orders;
}

Result<std::string> parse_order_id(const Json& data) {
  const std::string_view context = "POST /api/v1/private/order/create";
  if (data.is_object()) {
    if (!data.contains("orderId")) return shape_error(context, "no orderId");
    return id_text(data.at("orderId"), context);
  }
  return id_text(data, context);
}

}  // namespace hedgebot::mexc
