#include "exchange/bybit/parse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "exchange/binance/parse.hpp"

namespace hedgebot::bybit {
namespace {

using binance::get_bool;
using binance::get_decimal;
using binance::get_int;
using binance::get_number;
using binance::get_positive;
using binance::get_string;
using binance::shape_error;
using binance::text_or;

Result<const Json*> list_of(const Json& result, std::string_view context) {
  const auto list = result.is_object() ? result.find("list") : result.end();
  if (!result.is_object() || list == result.end() || !list->is_array())
    return shape_error(context, "no list[] array in the result");
  return &*list;
}

// A decimal field that may be "" (Bybit's empty value): nullopt then.
Result<std::optional<double>> optional_number(const Json& object, const char* key,
                                              std::string_view context) {
  const auto found = object.find(key);
  if (found == object.end()) return std::optional<double>{};
  if (found->is_string() && found->get_ref<const std::string&>().empty())
    return std::optional<double>{};
  auto value = get_number(object, key, context);
  if (!value) return value.error();
  return std::optional<double>(*value);
}

// Steps for a decimal quantity: at most this many steps of `step` (toward zero for a bound).
Result<int64_t> steps_of(const Decimal& quantity, const Decimal& step, bool round_up,
                         std::string_view context, const char* what) {
  const double steps = quantity.to_double() / step.to_double();
  if (!std::isfinite(steps) || steps < 0 || steps > 9e15)
    return shape_error(context, std::string(what) + " out of range");
  const double rounded = round_up ? std::ceil(steps - 1e-9) : std::floor(steps + 1e-9);
  return static_cast<int64_t>(rounded);
}

Result<OrderStatus> order_status(const std::string& text, std::string_view context) {
  if (text == "New" || text == "Untriggered" || text == "Created") return OrderStatus::New;
  if (text == "PartiallyFilled") return OrderStatus::PartiallyFilled;
  if (text == "Filled") return OrderStatus::Filled;
  if (text == "Cancelled" || text == "PartiallyFilledCanceled" || text == "Deactivated")
    return OrderStatus::Canceled;
  if (text == "Rejected") return OrderStatus::Rejected;
  return shape_error(context, "unknown orderStatus '" + text.substr(0, 30) + "'");
}

}  // namespace

Result<int64_t> parse_server_time(const Json& result, int64_t envelope_time_ms) {
  const std::string_view context = "GET /v5/market/time";
  int64_t ms = 0;
  if (result.is_object() && result.contains("timeNano")) {
    auto nano = get_int(result, "timeNano", context);
    if (!nano) return nano.error();
    ms = *nano / 1'000'000;
  } else if (result.is_object() && result.contains("timeSecond")) {
    auto seconds = get_int(result, "timeSecond", context);
    if (!seconds) return seconds.error();
    if (*seconds > std::numeric_limits<int64_t>::max() / 1000)
      return shape_error(context, "timeSecond out of range");
    ms = *seconds * 1000;
  } else {
    ms = envelope_time_ms;
  }
  if (ms <= 0) return shape_error(context, "no positive server time");
  return ms;
}

Result<Json> find_list_item(const Json& result, const std::string& symbol,
                            const std::string& context) {
  auto list = list_of(result, context);
  if (!list) return list.error();
  for (const Json& item : **list) {
    if (item.is_object() && text_or(item, "symbol") == symbol) return item;
  }
  return make_error(ErrorKind::NotFound, symbol + " is not listed (" + context + ")");
}

Result<Instrument> parse_instrument(const Json& item) {
  std::string context = "instruments-info";
  auto symbol = get_string(item, "symbol", context);
  if (!symbol) return symbol.error();
  context += " symbol " + *symbol;
  Instrument instrument;
  instrument.symbol = *symbol;
  auto base = get_string(item, "baseCoin", context);
  if (!base) return base.error();
  auto quote = get_string(item, "quoteCoin", context);
  if (!quote) return quote.error();
  auto status = get_string(item, "status", context);
  if (!status) return status.error();
  auto contract_type = get_string(item, "contractType", context);
  if (!contract_type) return contract_type.error();
  instrument.base_asset = *base;
  instrument.quote_asset = *quote;
  instrument.trading = *status == "Trading";
  instrument.contract_size = 1.0;  // linear: quantities are in base units
  if (*contract_type == "LinearFutures") {
    auto delivery = get_int(item, "deliveryTime", context);
    if (!delivery) return delivery.error();
    if (*delivery <= 0) return shape_error(context, "a dated contract without deliveryTime");
    instrument.delivery_ms = *delivery;
  } else if (*contract_type != "LinearPerpetual") {
    return shape_error(
        context, "contractType " + contract_type->substr(0, 30) + " is not a linear contract");
  }
  const auto price_filter = item.find("priceFilter");
  const auto lot_filter = item.find("lotSizeFilter");
  if (price_filter == item.end() || !price_filter->is_object())
    return shape_error(context, "no priceFilter");
  if (lot_filter == item.end() || !lot_filter->is_object())
    return shape_error(context, "no lotSizeFilter");
  auto tick = get_decimal(*price_filter, "tickSize", context);
  if (!tick) return tick.error();
  if (!tick->is_positive()) return shape_error(context, "tickSize is not positive");
  instrument.price_tick = tick->normalized();
  auto step = get_decimal(*lot_filter, "qtyStep", context);
  if (!step) return step.error();
  if (!step->is_positive()) return shape_error(context, "qtyStep is not positive");
  instrument.qty_step = step->normalized();
  auto min_qty = get_decimal(*lot_filter, "minOrderQty", context);
  if (!min_qty) return min_qty.error();
  if (min_qty->mantissa < 0) return shape_error(context, "negative minOrderQty");
  auto min_steps = steps_of(*min_qty, instrument.qty_step, true, context, "minOrderQty");
  if (!min_steps) return min_steps.error();
  instrument.min_qty_steps = std::max<int64_t>(1, *min_steps);
  // The largest order: the smaller of the limit and the market maximum (hedgebot mostly sends
  // market orders), so every quantity is valid for both.
  std::optional<int64_t> max_steps;
  for (const char* key : {"maxOrderQty", "maxMktOrderQty"}) {
    if (!lot_filter->contains(key)) continue;
    auto max_qty = get_decimal(*lot_filter, key, context);
    if (!max_qty) return max_qty.error();
    if (!max_qty->is_positive()) continue;
    auto steps = steps_of(*max_qty, instrument.qty_step, false, context, key);
    if (!steps) return steps.error();
    if (!max_steps || *steps < *max_steps) max_steps = *steps;
  }
  instrument.max_qty_steps = max_steps.value_or(0);
  auto min_notional = optional_number(*lot_filter, "minNotionalValue", context);
  if (!min_notional) return min_notional.error();
  if (min_notional->value_or(0.0) < 0) return shape_error(context, "negative minNotionalValue");
  instrument.min_notional = min_notional->value_or(0.0);
  return instrument;
}

std::optional<std::string> kline_interval_name(int64_t interval_ms) {
  struct Name {
    int64_t ms;
    const char* name;
  };
  static constexpr Name kNames[] = {
      {kMinuteMs, "1"},       {3 * kMinuteMs, "3"},  {5 * kMinuteMs, "5"}, {15 * kMinuteMs, "15"},
      {30 * kMinuteMs, "30"}, {kHourMs, "60"},       {2 * kHourMs, "120"}, {4 * kHourMs, "240"},
      {6 * kHourMs, "360"},   {12 * kHourMs, "720"}, {kDayMs, "D"},        {7 * kDayMs, "W"}};
  for (const Name& name : kNames) {
    if (name.ms == interval_ms) return std::string(name.name);
  }
  return std::nullopt;
}

Result<CandleSeries> parse_klines(const Json& result, int64_t interval_ms, int64_t server_now_ms,
                                  int limit) {
  const std::string_view context = "GET /v5/market/kline";
  auto list = list_of(result, context);
  if (!list) return list.error();
  CandleSeries series;
  series.interval_ms = interval_ms;
  int64_t newer_open = std::numeric_limits<int64_t>::max();
  for (const Json& row : **list) {
    if (!row.is_array() || row.size() < 6) return shape_error(context, "a kline is not an array");
    Decimal fields[6];
    for (size_t i = 0; i < 6; ++i) {
      if (!row[i].is_string())
        return shape_error(context, "kline field " + std::to_string(i) + " is not a string");
      auto value = Decimal::parse(row[i].get_ref<const std::string&>());
      if (!value) return shape_error(context, "kline field " + std::to_string(i) + " malformed");
      fields[i] = *value;
    }
    if (fields[0].scale != 0) return shape_error(context, "kline start time is not whole");
    Candle candle;
    candle.open_time_ms = fields[0].mantissa;
    candle.open = fields[1].to_double();
    candle.high = fields[2].to_double();
    candle.low = fields[3].to_double();
    candle.close = fields[4].to_double();
    candle.volume = fields[5].to_double();
    if (candle.open <= 0 || candle.high <= 0 || candle.low <= 0 || candle.close <= 0 ||
        candle.volume < 0 || candle.high < candle.low) {
      return shape_error(
          context, "absurd kline prices at start time " + std::to_string(candle.open_time_ms));
    }
    // Bybit lists the newest first: each start time is strictly before the one above it.
    if (candle.open_time_ms >= newer_open) {
      return shape_error(
          context, "klines not newest first at start time " + std::to_string(candle.open_time_ms));
    }
    newer_open = candle.open_time_ms;
    if (candle.open_time_ms + interval_ms > server_now_ms) continue;  // still open
    series.candles.push_back(candle);
  }
  std::reverse(series.candles.begin(), series.candles.end());
  if (limit >= 0 && series.candles.size() > static_cast<size_t>(limit)) {
    series.candles.erase(series.candles.begin(),
                         series.candles.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return series;
}

Result<MarkAndFunding> parse_ticker(const Json& result, const std::string& symbol,
                                    int64_t time_ms) {
  const std::string context = "GET /v5/market/tickers";
  auto item = find_list_item(result, symbol, context);
  if (!item) {
    return item.error().kind == ErrorKind::NotFound
               ? shape_error(context, "no ticker for " + symbol)
               : item.error();
  }
  MarkAndFunding mark;
  auto mark_price = get_positive(*item, "markPrice", context);
  if (!mark_price) return mark_price.error();
  auto index_price = get_number(*item, "indexPrice", context, true);
  if (!index_price) return index_price.error();
  auto rate = get_number(*item, "fundingRate", context);
  if (!rate) return rate.error();
  auto next = get_int(*item, "nextFundingTime", context);
  if (!next) return next.error();
  if (*index_price < 0 || std::fabs(*rate) > 1.0 || *next <= 0)
    return shape_error(context, "absurd index price, funding rate or next funding time");
  mark.mark_price = *mark_price;
  mark.index_price = *index_price;
  mark.predicted_rate = *rate;
  mark.next_funding_ms = *next;
  if (item->contains("fundingIntervalHour")) {
    auto hours = get_int(*item, "fundingIntervalHour", context);
    if (!hours) return hours.error();
    if (*hours <= 0 || *hours > int64_t{7} * 24)
      return shape_error(context, "absurd fundingIntervalHour");
    mark.funding_interval_ms = static_cast<int64_t>(*hours) * kHourMs;
  }
  mark.time_ms = time_ms;
  return mark;
}

Result<BookTop> parse_book(const Json& result, const std::string& symbol, int64_t time_ms) {
  const std::string context = "GET /v5/market/tickers";
  auto item = find_list_item(result, symbol, context);
  if (!item) {
    return item.error().kind == ErrorKind::NotFound
               ? shape_error(context, "no ticker for " + symbol)
               : item.error();
  }
  BookTop top;
  top.symbol = symbol;
  auto bid = get_positive(*item, "bid1Price", context);
  if (!bid) return bid.error();
  auto ask = get_positive(*item, "ask1Price", context);
  if (!ask) return ask.error();
  auto bid_qty = get_number(*item, "bid1Size", context);
  if (!bid_qty) return bid_qty.error();
  auto ask_qty = get_number(*item, "ask1Size", context);
  if (!ask_qty) return ask_qty.error();
  if (*bid >= *ask) return shape_error(context, "crossed book (bid at or above ask)");
  if (*bid_qty < 0 || *ask_qty < 0) return shape_error(context, "negative quantity");
  top.bid_price = *bid;
  top.ask_price = *ask;
  top.bid_qty = *bid_qty;
  top.ask_qty = *ask_qty;
  top.time_ms = time_ms;
  return top;
}

Result<std::vector<FundingRate>> parse_funding_history(const Json& result, int64_t server_now_ms,
                                                       int limit) {
  const std::string_view context = "GET /v5/market/funding/history";
  auto list = list_of(result, context);
  if (!list) return list.error();
  std::vector<FundingRate> rates;
  for (const Json& row : **list) {
    auto time = get_int(row, "fundingRateTimestamp", context);
    if (!time) return time.error();
    auto value = get_number(row, "fundingRate", context);
    if (!value) return value.error();
    if (std::fabs(*value) > 1.0) return shape_error(context, "absurd funding rate");
    if (*time > server_now_ms) continue;
    FundingRate rate;
    rate.funding_time_ms = *time;
    rate.rate = *value;
    rates.push_back(rate);
  }
  if (Status ordered = binance::order_funding_rates(rates, limit, context); !ordered)
    return ordered.error();
  return rates;
}

namespace {

Result<const Json*> unified_wallet(const Json& result, std::string_view context) {
  auto list = list_of(result, context);
  if (!list) return list.error();
  for (const Json& item : **list) {
    if (item.is_object() && text_or(item, "accountType") == "UNIFIED") return &item;
  }
  return make_error(ErrorKind::Config, std::string(context) +
                                           ": no UNIFIED account in the answer; hedgebot needs "
                                           "a Bybit Unified Trading Account");
}

Result<const Json*> coins_of(const Json& wallet, std::string_view context) {
  const auto coins = wallet.find("coin");
  if (coins == wallet.end() || !coins->is_array())
    return shape_error(context, "no coin[] array in the wallet");
  return &*coins;
}

}  // namespace

Result<Account> parse_account(const Json& result, const std::string& margin_asset) {
  const std::string_view context = "GET /v5/account/wallet-balance";
  auto wallet = unified_wallet(result, context);
  if (!wallet) return wallet.error();
  auto coins = coins_of(**wallet, context);
  if (!coins) return coins.error();
  const Json* row = nullptr;
  for (const Json& coin : **coins) {
    if (coin.is_object() && text_or(coin, "coin") == margin_asset) row = &coin;
  }
  if (row == nullptr)
    return make_error(ErrorKind::NotFound, "the unified wallet holds no " + margin_asset);
  Account account;
  account.asset = margin_asset;
  auto wallet_balance = get_number(*row, "walletBalance", context);
  if (!wallet_balance) return wallet_balance.error();
  auto unrealized = get_number(*row, "unrealisedPnl", context, true);
  if (!unrealized) return unrealized.error();
  account.wallet_balance = *wallet_balance;
  account.unrealized_pnl = *unrealized;
  struct Field {
    const char* key;
    double* target;
  };
  const Field totals[] = {{"totalMarginBalance", &account.margin_balance},
                          {"totalMaintenanceMargin", &account.maint_margin},
                          {"totalInitialMargin", &account.initial_margin},
                          {"totalAvailableBalance", &account.available_balance}};
  for (const Field& field : totals) {
    auto value = optional_number(**wallet, field.key, context);
    if (!value) return value.error();
    if (!*value) {
      if ((**wallet).contains(field.key)) {
        return make_error(ErrorKind::Config,
                          std::string(context) + ": " + field.key +
                              " is empty: the account is in isolated margin mode, where Bybit "
                              "gives no account-wide margin; hedgebot needs cross (regular) or "
                              "portfolio margin");
      }
      return shape_error(context, std::string("field '") + field.key + "' is missing");
    }
    *field.target = **value;
  }
  if (account.maint_margin < 0 || account.initial_margin < 0 || account.wallet_balance < 0)
    return shape_error(context, "negative wallet balance or margin");
  return account;
}

Result<std::vector<CollateralAsset>> parse_collateral(const Json& result) {
  const std::string_view context = "GET /v5/account/wallet-balance";
  auto wallet = unified_wallet(result, context);
  if (!wallet) return wallet.error();
  auto coins = coins_of(**wallet, context);
  if (!coins) return coins.error();
  std::vector<CollateralAsset> held;
  for (const Json& coin : **coins) {
    if (!coin.is_object()) return shape_error(context, "a coin[] item is not an object");
    bool counts = true;
    for (const char* flag : {"marginCollateral", "collateralSwitch"}) {
      const auto found = coin.find(flag);
      if (found != coin.end() && found->is_boolean() && !found->get<bool>()) counts = false;
    }
    auto quantity = get_number(coin, "walletBalance", context);
    if (!quantity) return quantity.error();
    if (!counts || *quantity <= 0.0) continue;
    auto usd = get_number(coin, "usdValue", context);
    if (!usd) return usd.error();
    CollateralAsset asset;
    asset.asset = text_or(coin, "coin");
    asset.quantity = *quantity;
    asset.price = *usd / *quantity;
    asset.collateral_price = asset.price;
    held.push_back(std::move(asset));
  }
  return held;
}

Result<std::vector<SpotBalance>> parse_spot_balances(const Json& result) {
  const std::string_view context = "GET /v5/account/wallet-balance";
  auto wallet = unified_wallet(result, context);
  if (!wallet) return wallet.error();
  auto coins = coins_of(**wallet, context);
  if (!coins) return coins.error();
  std::vector<SpotBalance> balances;
  for (const Json& coin : **coins) {
    auto asset = get_string(coin, "coin", context);
    if (!asset) return asset.error();
    auto total = get_number(coin, "walletBalance", context);
    if (!total) return total.error();
    auto locked = optional_number(coin, "locked", context);
    if (!locked) return locked.error();
    auto borrowed = optional_number(coin, "borrowAmount", context);
    if (!borrowed) return borrowed.error();
    const double locked_qty = locked->value_or(0.0);
    const double held = *total - borrowed->value_or(0.0);
    if (*total < 0 || locked_qty < 0 || borrowed->value_or(0.0) < 0)
      return shape_error(context, "negative balance for " + *asset);
    SpotBalance balance;
    balance.asset = *asset;
    balance.locked = std::min(locked_qty, std::max(held, 0.0));
    balance.free = std::max(held, 0.0) - balance.locked;
    balances.push_back(balance);
  }
  return balances;
}

Result<Position> parse_position(const Json& result, const Instrument& instrument) {
  const std::string context = "GET /v5/position/list";
  auto list = list_of(result, context);
  if (!list) return list.error();
  Position position;
  position.symbol = instrument.symbol;
  for (const Json& row : **list) {
    auto symbol = get_string(row, "symbol", context);
    if (!symbol) return symbol.error();
    if (*symbol != instrument.symbol) continue;
    auto index = get_int(row, "positionIdx", context);
    if (!index) return index.error();
    if (*index != 0) {
      return make_error(ErrorKind::Config,
                        "the Bybit account holds " + instrument.symbol +
                            " in hedge mode (positionIdx " + std::to_string(*index) +
                            "); hedgebot keeps one signed position per symbol and needs one-way "
                            "mode");
    }
    auto size = get_decimal(row, "size", context);
    if (!size) return size.error();
    if (size->mantissa < 0) return shape_error(context, "negative size");
    auto side = get_string(row, "side", context);
    if (!side) return side.error();
    auto steps = instrument.qty_to_steps(*size);
    if (!steps) return steps.error();
    if (*steps != 0 && *side != "Buy" && *side != "Sell")
      return shape_error(context, "a position with size but side '" + side->substr(0, 10) + "'");
    position.qty_steps = *side == "Sell" ? -*steps : *steps;
    auto entry = optional_number(row, "avgPrice", context);
    if (!entry) return entry.error();
    if (entry->value_or(0.0) < 0) return shape_error(context, "negative avgPrice");
    position.entry_price = entry->value_or(0.0);
    auto pnl = optional_number(row, "unrealisedPnl", context);
    if (!pnl) return pnl.error();
    position.unrealized_pnl = pnl->value_or(0.0);
    auto maint = optional_number(row, "positionMM", context);
    if (!maint) return maint.error();
    position.maint_margin = maint->value_or(0.0);
    auto liquidation = optional_number(row, "liqPrice", context);
    if (!liquidation) return liquidation.error();
    position.liquidation_price = std::max(0.0, liquidation->value_or(0.0));
    auto leverage = optional_number(row, "leverage", context);
    if (leverage && *leverage) position.leverage = static_cast<int>(std::lround(**leverage));
  }
  return position;
}

Result<VenueOrder> parse_order(const Json& item, const Instrument& instrument) {
  const std::string context = "order " + instrument.symbol;
  VenueOrder parsed;
  OrderState& order = parsed.state;
  auto symbol = get_string(item, "symbol", context);
  if (!symbol) return symbol.error();
  if (*symbol != instrument.symbol) return shape_error(context, "order is for " + *symbol);
  order.symbol = *symbol;
  auto link_id = get_string(item, "orderLinkId", context);
  if (!link_id) return link_id.error();
  order.client_order_id = *link_id;
  auto order_id = get_string(item, "orderId", context);
  if (!order_id) return order_id.error();
  if (order_id->empty()) return shape_error(context, "empty orderId");
  order.venue_order_id = *order_id;
  auto side = get_string(item, "side", context);
  if (!side) return side.error();
  if (*side != "Buy" && *side != "Sell") return shape_error(context, "unknown side");
  order.side = *side == "Buy" ? Side::Buy : Side::Sell;
  auto type = get_string(item, "orderType", context);
  if (!type) return type.error();
  if (*type != "Market" && *type != "Limit")
    return shape_error(context, "unsupported orderType " + type->substr(0, 30));
  order.type = *type == "Market" ? OrderType::Market : OrderType::Limit;
  auto status_text = get_string(item, "orderStatus", context);
  if (!status_text) return status_text.error();
  auto status = order_status(*status_text, context);
  if (!status) return status.error();
  order.status = *status;
  auto quantity = get_decimal(item, "qty", context);
  if (!quantity) return quantity.error();
  auto executed = get_decimal(item, "cumExecQty", context);
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
    auto price = get_decimal(item, "price", context);
    if (!price) return price.error();
    if (!price->is_positive()) return shape_error(context, "a limit order without a price");
    const auto ticks = binance::whole_units(*price, instrument.price_tick);
    if (!ticks)
      return shape_error(context, "price " + price->to_string() + " is not on the tick grid");
    order.price_ticks = *ticks;
  }
  // A market order's price is the venue's slippage bound, not ours: not read.
  auto average = optional_number(item, "avgPrice", context);
  if (!average) return average.error();
  if (average->value_or(0.0) < 0) return shape_error(context, "negative avgPrice");
  order.avg_fill_price = average->value_or(0.0);
  if (item.contains("reduceOnly")) {
    auto reduce_only = get_bool(item, "reduceOnly", context);
    if (!reduce_only) return reduce_only.error();
    order.reduce_only = *reduce_only;
  }
  if (item.contains("updatedTime")) {
    auto update = get_int(item, "updatedTime", context);
    if (!update) return update.error();
    order.update_ms = *update;
  }
  if (item.contains("rejectReason")) {
    auto reason = get_string(item, "rejectReason", context);
    if (!reason) return reason.error();
    parsed.reject_reason = *reason;
  }
  if (order.filled_steps > 0) binance::mark_fee_unknown(order);
  return parsed;
}

Result<std::vector<VenueOrder>> parse_order_list(const Json& result, const Instrument& instrument) {
  auto list = list_of(result, "orders of " + instrument.symbol);
  if (!list) return list.error();
  std::vector<VenueOrder> orders;
  for (const Json& item : **list) {
    auto order = parse_order(item, instrument);
    if (!order) return order.error();
    orders.push_back(std::move(*order));
  }
  return orders;
}

Result<binance::OrderTrades> parse_executions(const Json& result, const Instrument& instrument,
                                              const std::string& venue_order_id) {
  const std::string context = "GET /v5/execution/list";
  auto list = list_of(result, context);
  if (!list) return list.error();
  binance::OrderTrades sums;
  for (const Json& row : **list) {
    if (!row.is_object()) return shape_error(context, "an execution is not an object");
    auto order_id = get_string(row, "orderId", context);
    if (!order_id) return order_id.error();
    if (*order_id != venue_order_id) continue;
    if (row.contains("execType")) {
      auto exec_type = get_string(row, "execType", context);
      if (!exec_type) return exec_type.error();
      if (*exec_type != "Trade") continue;  // funding and settlement rows are not fills
    }
    auto symbol = get_string(row, "symbol", context);
    if (!symbol) return symbol.error();
    if (*symbol != instrument.symbol) return shape_error(context, "execution is for " + *symbol);
    auto price = get_positive(row, "execPrice", context);
    if (!price) return price.error();
    auto qty = get_decimal(row, "execQty", context);
    if (!qty) return qty.error();
    if (qty->mantissa < 0) return shape_error(context, "negative execQty");
    auto steps = instrument.qty_to_steps(*qty);
    if (!steps) return steps.error();
    auto fee = get_number(row, "execFee", context);
    if (!fee) return fee.error();
    std::string fee_coin = instrument.quote_asset;  // linear contracts pay in the settle coin
    if (row.contains("feeCurrency")) {
      auto coin = get_string(row, "feeCurrency", context);
      if (!coin) return coin.error();
      if (!coin->empty()) fee_coin = *coin;
    }
    sums.qty_steps += *steps;
    sums.quote += *price * instrument.steps_to_base(*steps);
    if (fee_coin == instrument.quote_asset) {
      sums.commission += *fee;  // positive: paid; negative: a maker rebate
    } else if (*fee != 0.0) {
      sums.other_commission = true;
    }
  }
  return sums;
}

}  // namespace hedgebot::bybit
