#include "exchange/bingx/parse.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "exchange/binance/parse.hpp"
#include "exchange/binance/trades.hpp"

namespace hedgebot::bingx {
namespace {

using binance::get_bool;
using binance::get_decimal;
using binance::get_int;
using binance::get_positive;
using binance::get_string;
using binance::shape_error;

// A decimal sent as a string, an integer or (contracts, positions) a JSON float. A float is
// read through its shortest text, so 0.0001 is 0.0001 exactly.
Result<Decimal> any_decimal(const Json& object, const char* key, std::string_view context) {
  const auto found = object.is_object() ? object.find(key) : object.end();
  if (found != object.end() && found->is_number_float()) {
    const double value = found->get<double>();
    char text[64];
    std::snprintf(text, sizeof text, "%.15g", value);
    auto parsed = std::isfinite(value) ? Decimal::parse(text) : Result<Decimal>(Error{});
    if (!parsed) return shape_error(context, std::string("field '") + key + "' is not a decimal");
    return parsed->normalized();
  }
  return get_decimal(object, key, context);
}

Result<double> any_number(const Json& object, const char* key, std::string_view context) {
  auto value = any_decimal(object, key, context);
  if (!value) return value.error();
  return value->to_double();
}

// A decimal field that may be absent or "" (BingX's empty value): nullopt then.
Result<std::optional<double>> optional_number(const Json& object, const char* key,
                                              std::string_view context) {
  const auto found = object.find(key);
  if (found == object.end()) return std::optional<double>{};
  if (found->is_string() && found->get_ref<const std::string&>().empty())
    return std::optional<double>{};
  auto value = any_number(object, key, context);
  if (!value) return value.error();
  return std::optional<double>(*value);
}

Result<const Json*> array_of(const Json& data, std::string_view context) {
  if (!data.is_array()) return shape_error(context, "data is not an array");
  return &data;
}

// An id sent as a JSON integer (often above 2^53) or a string -> its exact decimal text.
Result<std::string> id_text(const Json& object, const char* key, std::string_view context) {
  const auto found = object.find(key);
  if (found == object.end())
    return shape_error(context, std::string("field '") + key + "' is missing");
  if (found->is_number_unsigned()) return std::to_string(found->get<uint64_t>());
  if (found->is_number_integer()) return std::to_string(found->get<int64_t>());
  if (found->is_string() && !found->get_ref<const std::string&>().empty())
    return found->get<std::string>();
  return shape_error(context, std::string("field '") + key + "' is not an id");
}

// Later than any real time in ms (year 2286): a time beyond it is garbage, and adding an interval
// to it cannot overflow.
constexpr int64_t kLatestTimeMs = 9'999'999'999'999;

Decimal power_of_ten_unit(int64_t decimals) {
  return Decimal{1, static_cast<int>(decimals)};
}

Result<OrderStatus> order_status(const std::string& text, std::string_view context) {
  if (text == "NEW" || text == "PENDING") return OrderStatus::New;
  if (text == "PARTIALLY_FILLED") return OrderStatus::PartiallyFilled;
  if (text == "FILLED") return OrderStatus::Filled;
  if (text == "CANCELLED" || text == "CANCELED") return OrderStatus::Canceled;
  if (text == "EXPIRED") return OrderStatus::Expired;
  if (text == "FAILED" || text == "REJECTED") return OrderStatus::Rejected;
  return shape_error(context, "unknown order status '" + text.substr(0, 30) + "'");
}

}  // namespace

Result<int64_t> parse_server_time(const Json& data) {
  const std::string_view context = "GET /openApi/swap/v2/server/time";
  if (!data.is_object()) return shape_error(context, "data is not an object");
  auto time = get_int(data, "serverTime", context);
  if (!time) return time;
  if (*time <= 0) return shape_error(context, "serverTime is not positive");
  return time;
}

Result<Json> find_contract(const Json& data, const std::string& wire) {
  const std::string_view context = "GET /openApi/swap/v2/quote/contracts";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  for (const Json& row : **rows) {
    if (binance::text_or(row, "symbol") == wire) return row;
  }
  return make_error(ErrorKind::NotFound, wire + " is not listed (" + std::string(context) + ")");
}

Result<Instrument> parse_instrument(const Json& row, const std::string& symbol) {
  std::string context = "contracts";
  auto wire = get_string(row, "symbol", context);
  if (!wire) return wire.error();
  context += " symbol " + *wire;
  Instrument instrument;
  instrument.symbol = symbol;
  auto asset = get_string(row, "asset", context);
  if (!asset) return asset.error();
  auto currency = get_string(row, "currency", context);
  if (!currency) return currency.error();
  instrument.base_asset = *asset;
  instrument.quote_asset = *currency;
  instrument.contract_size = 1.0;  // quantities are in coins
  auto price_precision = get_int(row, "pricePrecision", context);
  if (!price_precision) return price_precision.error();
  auto qty_precision = get_int(row, "quantityPrecision", context);
  if (!qty_precision) return qty_precision.error();
  if (*price_precision < 0 || *price_precision > 12 || *qty_precision < 0 || *qty_precision > 12)
    return shape_error(context, "precision out of range");
  instrument.price_tick = power_of_ten_unit(*price_precision);
  instrument.qty_step = power_of_ten_unit(*qty_precision);
  auto min_qty = any_number(row, "tradeMinQuantity", context);
  if (!min_qty) return min_qty.error();
  if (*min_qty < 0 || *min_qty > 1e12) return shape_error(context, "absurd tradeMinQuantity");
  const double min_steps = std::ceil(*min_qty / instrument.step_size() - 1e-9);
  if (!(min_steps <= 9e15)) return shape_error(context, "tradeMinQuantity out of range");
  instrument.min_qty_steps = std::max<int64_t>(1, static_cast<int64_t>(min_steps));
  auto min_notional = optional_number(row, "tradeMinUSDT", context);
  if (!min_notional) return min_notional.error();
  if (min_notional->value_or(0.0) < 0) return shape_error(context, "negative tradeMinUSDT");
  instrument.min_notional = min_notional->value_or(0.0);
  auto status = get_int(row, "status", context);
  if (!status) return status.error();
  bool api_open = true;
  if (row.contains("apiStateOpen")) {
    auto open = get_bool(row, "apiStateOpen", context);
    if (!open) return open.error();
    api_open = *open;
  }
  instrument.trading = *status == 1 && api_open;
  return instrument;
}

int max_leverage_of(const Json& row) {
  int64_t least = 0;
  for (const char* key : {"maxLongLeverage", "maxShortLeverage"}) {
    auto value = get_int(row, key, "contracts");
    if (!value || *value < 1 || *value > 1000) return 0;
    least = least == 0 ? *value : std::min(least, *value);
  }
  return static_cast<int>(least);
}

std::optional<std::string> kline_interval_name(int64_t interval_ms) {
  struct Name {
    int64_t ms;
    const char* name;
  };
  static constexpr Name kNames[] = {
      {kMinuteMs, "1m"},       {3 * kMinuteMs, "3m"},   {5 * kMinuteMs, "5m"},
      {15 * kMinuteMs, "15m"}, {30 * kMinuteMs, "30m"}, {kHourMs, "1h"},
      {2 * kHourMs, "2h"},     {4 * kHourMs, "4h"},     {6 * kHourMs, "6h"},
      {8 * kHourMs, "8h"},     {12 * kHourMs, "12h"},   {kDayMs, "1d"},
      {3 * kDayMs, "3d"},      {7 * kDayMs, "1w"}};
  for (const Name& name : kNames) {
    if (name.ms == interval_ms) return std::string(name.name);
  }
  return std::nullopt;
}

Result<CandleSeries> parse_klines(const Json& data, int64_t interval_ms, int64_t server_now_ms,
                                  int limit) {
  const std::string_view context = "GET /openApi/swap/v3/quote/klines";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  CandleSeries series;
  series.interval_ms = interval_ms;
  for (const Json& row : **rows) {
    if (!row.is_object()) return shape_error(context, "a kline is not an object");
    auto time = get_int(row, "time", context);
    if (!time) return time.error();
    Candle candle;
    candle.open_time_ms = *time;
    struct Field {
      const char* key;
      double* target;
    };
    const Field fields[] = {{"open", &candle.open},
                            {"high", &candle.high},
                            {"low", &candle.low},
                            {"close", &candle.close},
                            {"volume", &candle.volume}};
    for (const Field& field : fields) {
      auto value = any_number(row, field.key, context);
      if (!value) return value.error();
      *field.target = *value;
    }
    if (candle.open <= 0 || candle.high <= 0 || candle.low <= 0 || candle.close <= 0 ||
        candle.volume < 0 || candle.high < candle.low || candle.open_time_ms < 0 ||
        candle.open_time_ms > kLatestTimeMs) {
      return shape_error(context,
                         "absurd kline at open time " + std::to_string(candle.open_time_ms));
    }
    if (candle.open_time_ms + interval_ms > server_now_ms) continue;  // still open
    series.candles.push_back(candle);
  }
  std::sort(series.candles.begin(), series.candles.end(),
            [](const Candle& a, const Candle& b) { return a.open_time_ms < b.open_time_ms; });
  for (size_t i = 1; i < series.candles.size(); ++i) {
    if (series.candles[i].open_time_ms == series.candles[i - 1].open_time_ms) {
      return shape_error(
          context,
          "kline open time " + std::to_string(series.candles[i].open_time_ms) + " listed twice");
    }
  }
  if (limit >= 0 && series.candles.size() > static_cast<size_t>(limit)) {
    series.candles.erase(series.candles.begin(),
                         series.candles.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return series;
}

Result<MarkAndFunding> parse_premium_index(const Json& data, const std::string& wire,
                                           int64_t time_ms) {
  const std::string_view context = "GET /openApi/swap/v2/quote/premiumIndex";
  const Json* row = &data;
  if (data.is_array()) {
    row = nullptr;
    for (const Json& item : data) {
      if (binance::text_or(item, "symbol") == wire) row = &item;
    }
    if (row == nullptr) return shape_error(context, "no premium index for " + wire);
  }
  if (!row->is_object()) return shape_error(context, "data is not an object");
  auto symbol = get_string(*row, "symbol", context);
  if (!symbol) return symbol.error();
  if (*symbol != wire) return shape_error(context, "premium index is for " + *symbol);
  MarkAndFunding mark;
  auto mark_price = get_positive(*row, "markPrice", context);
  if (!mark_price) return mark_price.error();
  auto index_price = optional_number(*row, "indexPrice", context);
  if (!index_price) return index_price.error();
  auto rate = any_number(*row, "lastFundingRate", context);
  if (!rate) return rate.error();
  if (std::fabs(*rate) > 1.0) return shape_error(context, "absurd lastFundingRate");
  auto next = get_int(*row, "nextFundingTime", context);
  if (!next) return next.error();
  if (*next <= 0) return shape_error(context, "nextFundingTime is not a time");
  mark.mark_price = *mark_price;
  mark.index_price = std::max(0.0, index_price->value_or(0.0));
  mark.predicted_rate = *rate;
  mark.next_funding_ms = *next;
  if (row->contains("fundingIntervalHours")) {
    auto hours = any_number(*row, "fundingIntervalHours", context);
    if (!hours) return hours.error();
    if (*hours < 1 || *hours > 24 * 7 || *hours != std::floor(*hours))
      return shape_error(context, "absurd fundingIntervalHours");
    mark.funding_interval_ms = static_cast<int64_t>(*hours) * kHourMs;
  }
  mark.time_ms = time_ms;
  return mark;
}

Result<BookTop> parse_book_ticker(const Json& data, const std::string& wire,
                                  const std::string& symbol) {
  const std::string_view context = "GET /openApi/swap/v2/quote/bookTicker";
  const auto ticker = data.is_object() ? data.find("book_ticker") : data.end();
  if (!data.is_object() || ticker == data.end() || !ticker->is_object())
    return shape_error(context, "no book_ticker object");
  auto name = get_string(*ticker, "symbol", context);
  if (!name) return name.error();
  if (*name != wire) return shape_error(context, "book ticker is for " + *name);
  BookTop top;
  top.symbol = symbol;
  auto bid = get_positive(*ticker, "bid_price", context);
  if (!bid) return bid.error();
  auto ask = get_positive(*ticker, "ask_price", context);
  if (!ask) return ask.error();
  auto bid_qty = any_number(*ticker, "bid_qty", context);
  if (!bid_qty) return bid_qty.error();
  auto ask_qty = any_number(*ticker, "ask_qty", context);
  if (!ask_qty) return ask_qty.error();
  if (*bid >= *ask) return shape_error(context, "crossed book (bid at or above ask)");
  if (*bid_qty < 0 || *ask_qty < 0) return shape_error(context, "negative quantity");
  top.bid_price = *bid;
  top.ask_price = *ask;
  top.bid_qty = *bid_qty;
  top.ask_qty = *ask_qty;
  if (ticker->contains("time")) {
    auto time = get_int(*ticker, "time", context);
    if (!time) return time.error();
    top.time_ms = *time;
  }
  return top;
}

Result<std::vector<FundingRate>> parse_funding_history(const Json& data, int64_t server_now_ms,
                                                       int limit) {
  const std::string_view context = "GET /openApi/swap/v2/quote/fundingRate";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  std::vector<FundingRate> rates;
  for (const Json& row : **rows) {
    if (!row.is_object()) return shape_error(context, "a funding row is not an object");
    auto time = get_int(row, "fundingTime", context);
    if (!time) return time.error();
    auto value = any_number(row, "fundingRate", context);
    if (!value) return value.error();
    if (std::fabs(*value) > 1.0) return shape_error(context, "absurd funding rate");
    if (*time <= 0) return shape_error(context, "fundingTime is not a time");
    if (*time > server_now_ms) continue;
    FundingRate rate;
    rate.funding_time_ms = *time;
    rate.rate = *value;
    if (row.contains("markPrice")) {
      auto mark = optional_number(row, "markPrice", context);
      if (!mark) return mark.error();
      rate.mark_price = std::max(0.0, mark->value_or(0.0));
    }
    rates.push_back(rate);
  }
  if (Status ordered = binance::order_funding_rates(rates, limit, context); !ordered)
    return ordered.error();
  return rates;
}

Result<std::vector<VenuePosition>> parse_positions(const Json& data) {
  const std::string_view context = "GET /openApi/swap/v2/user/positions";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  std::vector<VenuePosition> positions;
  for (const Json& row : **rows) {
    if (!row.is_object()) return shape_error(context, "a position is not an object");
    VenuePosition position;
    auto wire = get_string(row, "symbol", context);
    if (!wire) return wire.error();
    position.wire = *wire;
    auto side = get_string(row, "positionSide", context);
    if (!side) return side.error();
    if (*side != "LONG" && *side != "SHORT" && *side != "BOTH")
      return shape_error(context, "unknown positionSide '" + side->substr(0, 10) + "'");
    position.side = *side;
    auto amount = any_decimal(row, "positionAmt", context);
    if (!amount) return amount.error();
    // LONG / SHORT rows carry an unsigned amount; a BOTH row its sign.
    if (*side != "BOTH" && amount->mantissa < 0)
      return shape_error(context, "negative positionAmt on a " + *side + " row");
    position.amount = *amount;
    if (*side == "SHORT") position.amount.mantissa = -position.amount.mantissa;
    auto entry = optional_number(row, "avgPrice", context);
    if (!entry) return entry.error();
    auto pnl = optional_number(row, "unrealizedProfit", context);
    if (!pnl) return pnl.error();
    auto value = optional_number(row, "positionValue", context);
    if (!value) return value.error();
    auto liquidation = optional_number(row, "liquidationPrice", context);
    if (!liquidation) return liquidation.error();
    if (entry->value_or(0.0) < 0 || value->value_or(0.0) < 0)
      return shape_error(context, "negative avgPrice or positionValue");
    position.entry_price = entry->value_or(0.0);
    position.unrealized_pnl = pnl->value_or(0.0);
    position.position_value = value->value_or(0.0);
    position.liquidation_price = std::max(0.0, liquidation->value_or(0.0));
    auto leverage = optional_number(row, "leverage", context);
    if (!leverage) return leverage.error();
    if (*leverage && **leverage >= 1 && **leverage <= 1000)
      position.leverage = static_cast<int>(std::lround(**leverage));
    if (row.contains("isolated")) {
      auto isolated = get_bool(row, "isolated", context);
      if (!isolated) return isolated.error();
      position.isolated = *isolated;
    }
    positions.push_back(position);
  }
  return positions;
}

Result<Position> position_of(const std::vector<VenuePosition>& rows, const std::string& wire,
                             const Instrument& instrument) {
  const std::string context = "GET /openApi/swap/v2/user/positions";
  Position position;
  position.symbol = instrument.symbol;
  const VenuePosition* held = nullptr;
  for (const VenuePosition& row : rows) {
    if (row.wire != wire || row.amount.is_zero()) continue;
    if (held != nullptr) {
      return make_error(ErrorKind::Config,
                        "the BingX account holds " + wire +
                            " both long and short (hedge mode); hedgebot keeps one signed "
                            "position per symbol and needs one-way mode");
    }
    held = &row;
  }
  if (held == nullptr) return position;
  Decimal magnitude = held->amount;
  magnitude.mantissa = std::llabs(magnitude.mantissa);
  auto steps = instrument.qty_to_steps(magnitude);
  if (!steps) return steps.error();
  position.qty_steps = held->amount.mantissa < 0 ? -*steps : *steps;
  position.entry_price = held->entry_price;
  position.unrealized_pnl = held->unrealized_pnl;
  position.leverage = held->leverage;
  position.liquidation_price = held->liquidation_price;
  return position;
}

Result<std::vector<MarginBracket>> parse_margin_tiers(const Json& data) {
  const std::string_view context = "GET /openApi/swap/v1/maintMarginRatio";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  std::vector<MarginBracket> tiers;
  for (const Json& row : **rows) {
    if (!row.is_object()) return shape_error(context, "a tier is not an object");
    MarginBracket tier;
    auto floor = any_number(row, "minPositionVal", context);
    if (!floor) return floor.error();
    auto cap = any_number(row, "maxPositionVal", context);
    if (!cap) return cap.error();
    auto rate = any_number(row, "maintMarginRatio", context);
    if (!rate) return rate.error();
    auto amount = optional_number(row, "maintAmount", context);
    if (!amount) return amount.error();
    if (*floor < 0 || *cap <= *floor || *rate <= 0 || *rate >= 1)
      return shape_error(context, "absurd maintenance tier");
    tier.notional_floor = *floor;
    tier.notional_cap = *cap;
    tier.maint_margin_rate = *rate;
    tier.maint_amount = amount->value_or(0.0);
    tier.max_leverage = 1;  // BingX's tiers carry none: set from the contract by the client
    tiers.push_back(tier);
  }
  if (tiers.empty()) return shape_error(context, "no maintenance tiers");
  std::sort(tiers.begin(), tiers.end(), [](const MarginBracket& a, const MarginBracket& b) {
    return a.notional_floor < b.notional_floor;
  });
  return tiers;
}

double maintenance_margin(const std::vector<MarginBracket>& tiers, double value) {
  if (tiers.empty() || value <= 0) return 0.0;
  const MarginBracket* tier = &tiers.back();
  for (const MarginBracket& candidate : tiers) {
    if (value < candidate.notional_cap) {
      tier = &candidate;
      break;
    }
  }
  return std::max(0.0, value * tier->maint_margin_rate - tier->maint_amount);
}

Result<Account> parse_balance(const Json& data, const std::string& margin_asset) {
  const std::string_view context = "GET /openApi/swap/v3/user/balance";
  auto rows = array_of(data, context);
  if (!rows) return rows.error();
  const Json* row = nullptr;
  for (const Json& item : **rows) {
    if (binance::text_or(item, "asset") == margin_asset) row = &item;
  }
  if (row == nullptr) {
    return make_error(ErrorKind::NotFound,
                      "the BingX perpetual account holds no " + margin_asset + " margin");
  }
  Account account;
  account.asset = margin_asset;
  struct Field {
    const char* key;
    double* target;
  };
  double used = 0, frozen = 0;
  const Field fields[] = {{"balance", &account.wallet_balance},
                          {"unrealizedProfit", &account.unrealized_pnl},
                          {"equity", &account.margin_balance},
                          {"availableMargin", &account.available_balance},
                          {"usedMargin", &used},
                          {"freezedMargin", &frozen}};
  for (const Field& field : fields) {
    auto value = any_number(*row, field.key, context);
    if (!value) return value.error();
    *field.target = *value;
  }
  if (account.wallet_balance < 0 || used < 0 || frozen < 0)
    return shape_error(context, "negative balance or margin");
  account.initial_margin = used + frozen;
  return account;
}

Result<std::vector<SpotBalance>> parse_spot_balances(const Json& data) {
  const std::string_view context = "GET /openApi/spot/v1/account/balance";
  const auto list = data.is_object() ? data.find("balances") : data.end();
  if (!data.is_object() || list == data.end() || !list->is_array())
    return shape_error(context, "no balances[] array");
  std::vector<SpotBalance> balances;
  for (const Json& row : *list) {
    if (!row.is_object()) return shape_error(context, "a balance is not an object");
    auto asset = get_string(row, "asset", context);
    if (!asset) return asset.error();
    auto free = any_number(row, "free", context);
    if (!free) return free.error();
    auto locked = any_number(row, "locked", context);
    if (!locked) return locked.error();
    if (*free < 0 || *locked < 0) return shape_error(context, "negative balance for " + *asset);
    balances.push_back(SpotBalance{*asset, *free, *locked});
  }
  return balances;
}

Result<bool> parse_dual_side(const Json& data) {
  const std::string_view context = "GET /openApi/swap/v1/positionSide/dual";
  if (!data.is_object()) return shape_error(context, "data is not an object");
  return get_bool(data, "dualSidePosition", context);
}

Result<int> parse_leverage(const Json& data) {
  const std::string_view context = "GET /openApi/swap/v2/trade/leverage";
  if (!data.is_object()) return shape_error(context, "data is not an object");
  auto long_leverage = get_int(data, "longLeverage", context);
  if (!long_leverage) return long_leverage.error();
  auto short_leverage = get_int(data, "shortLeverage", context);
  if (!short_leverage) return short_leverage.error();
  if (*long_leverage < 1 || *long_leverage > 1000 || *short_leverage < 1 || *short_leverage > 1000)
    return shape_error(context, "leverage out of range");
  return *long_leverage == *short_leverage ? static_cast<int>(*long_leverage) : 0;
}

Result<std::string> parse_margin_type(const Json& data) {
  const std::string_view context = "GET /openApi/swap/v2/trade/marginType";
  if (!data.is_object()) return shape_error(context, "data is not an object");
  return get_string(data, "marginType", context);
}

Result<Json> order_object(const Json& data, std::string_view context) {
  if (!data.is_object()) return shape_error(context, "data is not an object");
  if (const auto order = data.find("order"); order != data.end()) {
    if (!order->is_object()) return shape_error(context, "data.order is not an object");
    return *order;
  }
  return data;
}

Result<OrderState> parse_order(const Json& item, const std::string& wire,
                               const Instrument& instrument) {
  const std::string context = "order " + wire;
  if (!item.is_object()) return shape_error(context, "an order is not an object");
  OrderState order;
  auto symbol = get_string(item, "symbol", context);
  if (!symbol) return symbol.error();
  if (*symbol != wire) return shape_error(context, "order is for " + *symbol);
  order.symbol = instrument.symbol;
  const char* id_key = item.contains("clientOrderId") ? "clientOrderId" : "clientOrderID";
  auto client_id = get_string(item, id_key, context);
  if (!client_id) return client_id.error();
  order.client_order_id = *client_id;
  auto order_id = id_text(item, "orderId", context);
  if (!order_id) return order_id.error();
  order.venue_order_id = *order_id;
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
  auto quantity = any_decimal(item, "origQty", context);
  if (!quantity) return quantity.error();
  auto executed = any_decimal(item, "executedQty", context);
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
    auto price = any_decimal(item, "price", context);
    if (!price) return price.error();
    if (!price->is_positive()) return shape_error(context, "a limit order without a price");
    const auto ticks = binance::whole_units(*price, instrument.price_tick);
    if (!ticks)
      return shape_error(context, "price " + price->to_string() + " is not on the tick grid");
    order.price_ticks = *ticks;
  }
  auto average = optional_number(item, "avgPrice", context);
  if (!average) return average.error();
  if (average->value_or(0.0) < 0) return shape_error(context, "negative avgPrice");
  order.avg_fill_price = average->value_or(0.0);
  if (item.contains("reduceOnly")) {
    auto reduce_only = get_bool(item, "reduceOnly", context);
    if (!reduce_only) return reduce_only.error();
    order.reduce_only = *reduce_only;
  }
  if (item.contains("updateTime")) {
    auto update = get_int(item, "updateTime", context);
    if (!update) return update.error();
    order.update_ms = *update;
  }
  auto commission = optional_number(item, "commission", context);
  if (!commission) return commission.error();
  if (order.filled_steps > 0) {
    if (*commission) {
      order.fee = -**commission;  // BingX writes a paid fee as a negative amount
      order.fee_known = true;
    } else {
      binance::mark_fee_unknown(order);
    }
    auto profit = optional_number(item, "profit", context);
    if (!profit) return profit.error();
    if (*profit) order.realized_pnl = **profit;
  }
  return order;
}

Result<std::vector<OrderState>> parse_open_orders(const Json& data, const std::string& wire,
                                                  const Instrument& instrument) {
  const std::string_view context = "GET /openApi/swap/v2/trade/openOrders";
  const auto list = data.is_object() ? data.find("orders") : data.end();
  if (!data.is_object() || list == data.end() || !list->is_array())
    return shape_error(context, "no orders[] array");
  std::vector<OrderState> orders;
  for (const Json& item : *list) {
    if (!item.is_object()) return shape_error(context, "an order is not an object");
    if (binance::text_or(item, "symbol") != wire) continue;
    const std::string type = binance::text_or(item, "type");
    if (type != "MARKET" && type != "LIMIT") continue;  // stop orders are not hedgebot's
    auto order = parse_order(item, wire, instrument);
    if (!order) return order.error();
    orders.push_back(std::move(*order));
  }
  return orders;
}

}  // namespace hedgebot::bingx
