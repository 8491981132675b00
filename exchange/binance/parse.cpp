#include "exchange/binance/parse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "exchange/margin_brackets.hpp"

namespace hedgebot::binance {
namespace {

__extension__ typedef __int128 Wide;

Wide scaled(const Decimal& value, int scale) {
  Wide result = value.mantissa;
  for (int i = value.scale; i < scale; ++i) result *= 10;
  return result;
}

// a <=> b for decimals.
int compare(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale, b.scale);
  const Wide left = scaled(a, scale);
  const Wide right = scaled(b, scale);
  return left < right ? -1 : (left > right ? 1 : 0);
}

// ceil / floor of value / unit for positive unit, or nullopt when out of range.
std::optional<int64_t> divide(const Decimal& value, const Decimal& unit, bool round_up) {
  const int scale = std::max(value.scale, unit.scale);
  const Wide numerator = scaled(value, scale);
  const Wide denominator = scaled(unit, scale);
  if (denominator <= 0) return std::nullopt;
  Wide quotient = numerator / denominator;
  if (round_up && numerator % denominator != 0 && numerator > 0) ++quotient;
  if (quotient > std::numeric_limits<int64_t>::max() ||
      quotient < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(quotient);
}

Result<Decimal> element_decimal(const Json& row, size_t index, std::string_view context) {
  if (!row.is_array() || row.size() <= index || !row[index].is_string()) {
    return shape_error(context,
                       "kline field " + std::to_string(index) + " is missing or not a string");
  }
  auto parsed = Decimal::parse(row[index].get_ref<const std::string&>());
  if (!parsed) {
    return shape_error(context,
                       "kline field " + std::to_string(index) + ": " + parsed.error().message);
  }
  return parsed;
}

Result<int64_t> element_int(const Json& row, size_t index, std::string_view context) {
  if (!row.is_array() || row.size() <= index || !row[index].is_number_integer()) {
    return shape_error(context,
                       "kline field " + std::to_string(index) + " is missing or not an integer");
  }
  return row[index].get<int64_t>();
}

struct LotFilter {
  Decimal min_qty;
  Decimal max_qty;
  Decimal step;
};

Result<LotFilter> lot_filter(const Json& filter, std::string_view context) {
  LotFilter lot;
  auto step = get_decimal(filter, "stepSize", context);
  if (!step) return step.error();
  auto min_qty = get_decimal(filter, "minQty", context);
  if (!min_qty) return min_qty.error();
  auto max_qty = get_decimal(filter, "maxQty", context);
  if (!max_qty) return max_qty.error();
  if (!step->is_positive() || min_qty->mantissa < 0 || max_qty->mantissa < 0) {
    return shape_error(context, "lot size filter with a non-positive step or a negative bound");
  }
  lot.step = step->normalized();
  lot.min_qty = *min_qty;
  lot.max_qty = *max_qty;
  return lot;
}

Result<OrderStatus> order_status(const std::string& text, std::string_view context) {
  if (text == "NEW") return OrderStatus::New;
  if (text == "PARTIALLY_FILLED") return OrderStatus::PartiallyFilled;
  if (text == "FILLED") return OrderStatus::Filled;
  if (text == "CANCELED") return OrderStatus::Canceled;
  if (text == "REJECTED") return OrderStatus::Rejected;
  if (text == "EXPIRED" || text == "EXPIRED_IN_MATCH") return OrderStatus::Expired;
  return shape_error(context, "unknown order status '" + text.substr(0, 30) + "'");
}

}  // namespace

std::optional<int64_t> whole_units(const Decimal& value, const Decimal& unit) {
  const int scale = std::max(value.scale, unit.scale);
  const Wide numerator = scaled(value, scale);
  const Wide denominator = scaled(unit, scale);
  if (denominator <= 0 || numerator % denominator != 0) return std::nullopt;
  return divide(value, unit, false);
}

Result<int64_t> parse_server_time(const Json& body) {
  auto time = get_int(body, "serverTime", "GET /fapi/v1/time");
  if (!time) return time;
  if (*time <= 0) return shape_error("GET /fapi/v1/time", "serverTime is not positive");
  return time;
}

Result<Instrument> parse_instrument(const Json& entry) {
  std::string context = "exchangeInfo";
  auto symbol = get_string(entry, "symbol", context);
  if (!symbol) return symbol.error();
  context += " symbol " + *symbol;
  Instrument instrument;
  instrument.symbol = *symbol;
  auto base = get_string(entry, "baseAsset", context);
  if (!base) return base.error();
  auto quote = get_string(entry, "quoteAsset", context);
  if (!quote) return quote.error();
  auto status = get_string(entry, "status", context);
  if (!status) return status.error();
  instrument.base_asset = *base;
  instrument.quote_asset = *quote;
  instrument.trading = *status == "TRADING";
  instrument.contract_size = 1.0;
  const bool perpetual = !entry.contains("contractType") || entry["contractType"] == "PERPETUAL";
  if (!perpetual) {
    auto delivery = get_int(entry, "deliveryDate", context);
    if (!delivery) return delivery.error();
    instrument.delivery_ms = *delivery;
  }
  const auto filters = entry.find("filters");
  if (filters == entry.end() || !filters->is_array()) return shape_error(context, "no filters[]");
  std::optional<LotFilter> lot;
  std::optional<LotFilter> market_lot;
  std::optional<Decimal> tick;
  for (const Json& filter : *filters) {
    auto type = get_string(filter, "filterType", context);
    if (!type) return type.error();
    if (*type == "PRICE_FILTER") {
      auto tick_size = get_decimal(filter, "tickSize", context);
      if (!tick_size) return tick_size.error();
      if (!tick_size->is_positive()) return shape_error(context, "tickSize is not positive");
      tick = tick_size->normalized();
    } else if (*type == "LOT_SIZE" || *type == "MARKET_LOT_SIZE") {
      auto parsed = lot_filter(filter, context);
      if (!parsed) return parsed.error();
      (*type == "LOT_SIZE" ? lot : market_lot) = *parsed;
    } else if (*type == "MIN_NOTIONAL") {
      auto notional = get_number(filter, "notional", context);
      if (!notional) return notional.error();
      if (*notional < 0) return shape_error(context, "negative MIN_NOTIONAL");
      instrument.min_notional = *notional;
    }
  }
  if (!tick) return shape_error(context, "no PRICE_FILTER");
  if (!lot && !market_lot) return shape_error(context, "no LOT_SIZE / MARKET_LOT_SIZE filter");
  instrument.price_tick = *tick;
  Decimal step = market_lot ? market_lot->step : lot->step;
  if (lot && market_lot && compare(lot->step, market_lot->step) > 0) step = lot->step;
  instrument.qty_step = step;
  Decimal min_qty{0, 0};
  std::optional<Decimal> max_qty;
  for (const auto* filter : {&lot, &market_lot}) {
    if (!*filter) continue;
    if (compare((*filter)->min_qty, min_qty) > 0) min_qty = (*filter)->min_qty;
    if ((*filter)->max_qty.is_positive() &&
        (!max_qty || compare((*filter)->max_qty, *max_qty) < 0)) {
      max_qty = (*filter)->max_qty;
    }
  }
  const auto min_steps = divide(min_qty, step, true);
  if (!min_steps) return shape_error(context, "minQty out of range");
  instrument.min_qty_steps = std::max<int64_t>(1, *min_steps);
  if (max_qty) {
    const auto max_steps = divide(*max_qty, step, false);
    if (!max_steps) return shape_error(context, "maxQty out of range");
    instrument.max_qty_steps = *max_steps;
  }
  return instrument;
}

Result<Json> trim_exchange_info_symbols(const Json& exchange_info) {
  const auto symbols =
      exchange_info.is_object() ? exchange_info.find("symbols") : exchange_info.end();
  if (!exchange_info.is_object() || symbols == exchange_info.end() || !symbols->is_array()) {
    return shape_error("GET /fapi/v1/exchangeInfo", "no symbols[] array");
  }
  Json trimmed = Json::array();
  for (const Json& entry : *symbols) {
    if (!entry.is_object())
      return shape_error("GET /fapi/v1/exchangeInfo", "a symbols[] entry is not an object");
    Json kept = Json::object();
    for (const char* key : {"symbol", "status", "baseAsset", "quoteAsset", "contractType",
                            "deliveryDate", "filters"}) {
      if (entry.contains(key)) kept[key] = entry[key];
    }
    trimmed.push_back(std::move(kept));
  }
  return trimmed;
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

Result<CandleSeries> parse_klines(const Json& body, int64_t interval_ms, int64_t server_now_ms,
                                  int limit) {
  const std::string_view context = "GET /fapi/v1/klines";
  if (!body.is_array()) return shape_error(context, "expected an array of klines");
  CandleSeries series;
  series.interval_ms = interval_ms;
  int64_t previous_open = std::numeric_limits<int64_t>::min();
  for (const Json& row : body) {
    auto open_time = element_int(row, 0, context);
    if (!open_time) return open_time.error();
    auto close_time = element_int(row, 6, context);
    if (!close_time) return close_time.error();
    Candle candle;
    candle.open_time_ms = *open_time;
    double* targets[] = {&candle.open, &candle.high, &candle.low, &candle.close, &candle.volume};
    for (size_t i = 0; i < 5; ++i) {
      auto value = element_decimal(row, i + 1, context);
      if (!value) return value.error();
      *targets[i] = value->to_double();
    }
    if (candle.open <= 0 || candle.high <= 0 || candle.low <= 0 || candle.close <= 0 ||
        candle.volume < 0 || candle.high < candle.low) {
      return shape_error(context, "absurd kline prices at open time " + std::to_string(*open_time));
    }
    if (*open_time <= previous_open || *close_time < *open_time) {
      return shape_error(context, "klines out of order at open time " + std::to_string(*open_time));
    }
    previous_open = *open_time;
    if (*close_time >= server_now_ms) continue;  // still open: never used by a rule
    series.candles.push_back(candle);
  }
  if (limit >= 0 && series.candles.size() > static_cast<size_t>(limit)) {
    series.candles.erase(series.candles.begin(),
                         series.candles.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return series;
}

Result<MarkAndFunding> parse_premium_index(const Json& body) {
  const std::string_view context = "GET /fapi/v1/premiumIndex";
  MarkAndFunding mark;
  auto mark_price = get_positive(body, "markPrice", context);
  if (!mark_price) return mark_price.error();
  auto index_price = get_number(body, "indexPrice", context, true);
  if (!index_price) return index_price.error();
  auto rate = get_number(body, "lastFundingRate", context, true);
  if (!rate) return rate.error();
  auto next = get_int(body, "nextFundingTime", context);
  if (!next) return next.error();
  auto time = get_int(body, "time", context);
  if (!time) return time.error();
  if (*index_price < 0 || std::fabs(*rate) > 1.0)
    return shape_error(context, "absurd index price or funding rate");
  mark.mark_price = *mark_price;
  mark.index_price = *index_price;
  mark.predicted_rate = *rate;
  mark.next_funding_ms = *next;
  mark.time_ms = *time;
  return mark;
}

Result<std::vector<FundingRate>> parse_funding_history(const Json& body, int64_t server_now_ms,
                                                       int limit) {
  const std::string_view context = "GET /fapi/v1/fundingRate";
  if (!body.is_array()) return shape_error(context, "expected an array");
  std::vector<FundingRate> rates;
  for (const Json& row : body) {
    FundingRate rate;
    auto time = get_int(row, "fundingTime", context);
    if (!time) return time.error();
    auto value = get_number(row, "fundingRate", context);
    if (!value) return value.error();
    if (std::fabs(*value) > 1.0) return shape_error(context, "absurd funding rate");
    rate.funding_time_ms = *time;
    rate.rate = *value;
    if (row.contains("markPrice")) {
      auto mark = get_number(row, "markPrice", context, true);
      if (!mark) return mark.error();
      if (*mark < 0) return shape_error(context, "negative markPrice");
      rate.mark_price = *mark;
    }
    if (rate.funding_time_ms > server_now_ms) continue;
    rates.push_back(rate);
  }
  if (Status ordered = order_funding_rates(rates, limit, context); !ordered) return ordered.error();
  return rates;
}

Result<Account> parse_account(const Json& body, const std::string& margin_asset) {
  const std::string_view context = "GET /fapi/v3/account";
  Account account;
  account.asset = margin_asset;
  struct Field {
    const char* total_key;
    const char* asset_key;
    double* target;
  };
  const Field fields[] = {
      {"totalWalletBalance", "walletBalance", &account.wallet_balance},
      {"totalUnrealizedProfit", "unrealizedProfit", &account.unrealized_pnl},
      {"totalMarginBalance", "marginBalance", &account.margin_balance},
      {"totalMaintMargin", "maintMargin", &account.maint_margin},
      {"totalInitialMargin", "initialMargin", &account.initial_margin},
      {"availableBalance", "availableBalance", &account.available_balance},
  };
  const Json* source = &body;
  if (margin_asset != "USDT") {
    source = nullptr;
    const auto assets = body.is_object() ? body.find("assets") : body.end();
    if (!body.is_object() || assets == body.end() || !assets->is_array()) {
      return shape_error(context, "no assets[] array");
    }
    for (const Json& row : *assets) {
      if (row.is_object() && text_or(row, "asset") == margin_asset) source = &row;
    }
    if (source == nullptr) {
      return make_error(ErrorKind::NotFound,
                        "the futures account has no " + margin_asset + " balance");
    }
  }
  for (const Field& field : fields) {
    auto value =
        get_number(*source, margin_asset == "USDT" ? field.total_key : field.asset_key, context);
    if (!value) return value.error();
    *field.target = *value;
  }
  if (account.maint_margin < 0 || account.initial_margin < 0 || account.wallet_balance < 0) {
    return shape_error(context, "negative wallet balance or margin");
  }
  return account;
}

bool totals_span_assets(const Json& account_body) {
  if (!account_body.is_object()) return false;
  const auto assets = account_body.find("assets");
  if (assets == account_body.end() || !assets->is_array()) return false;
  for (const Json& row : *assets) {
    if (!row.is_object() || text_or(row, "asset") != "USDT") continue;
    const auto total = get_number(account_body, "totalMarginBalance", "");
    const auto usdt = get_number(row, "marginBalance", "");
    if (!total || !usdt) return false;
    return std::fabs(*total - *usdt) > 1e-6 * std::max(1.0, std::fabs(*usdt));
  }
  return false;
}

Result<std::vector<CollateralAsset>> parse_collateral(const Json& account_body,
                                                      const Json& asset_index) {
  static constexpr const char* kStable[] = {"USDT", "USDC", "FDUSD", "BUSD", "TUSD", "DAI"};
  const std::string_view context = "GET /fapi/v3/account";
  const std::string_view index_context = "GET /fapi/v1/assetIndex";
  const auto assets = account_body.is_object() ? account_body.find("assets") : account_body.end();
  if (!account_body.is_object() || assets == account_body.end() || !assets->is_array())
    return shape_error(context, "no assets[] array");
  if (!asset_index.is_array()) return shape_error(index_context, "expected an array");
  std::vector<CollateralAsset> held;
  for (const Json& row : *assets) {
    if (!row.is_object()) return shape_error(context, "an assets[] item is not an object");
    auto quantity = get_number(row, "walletBalance", context);
    if (!quantity) return quantity.error();
    if (*quantity == 0.0) continue;
    CollateralAsset asset;
    asset.asset = text_or(row, "asset");
    asset.quantity = *quantity;
    const Json* rate_row = nullptr;
    for (const Json& item : asset_index) {
      if (item.is_object() && text_or(item, "symbol") == asset.asset + "USD") rate_row = &item;
    }
    if (rate_row != nullptr) {
      auto price = get_number(*rate_row, "index", index_context);
      if (!price) return price.error();
      auto bid_rate = get_number(*rate_row, "bidRate", index_context);
      if (!bid_rate) return bid_rate.error();
      if (*price <= 0.0 || *bid_rate < 0.0)
        return shape_error(index_context, asset.asset + "USD: index or bidRate out of range");
      asset.price = *price;
      asset.collateral_price = *bid_rate;
    } else if (std::find(std::begin(kStable), std::end(kStable), asset.asset) !=
               std::end(kStable)) {
      asset.price = 1.0;
      asset.collateral_price = 1.0;
    } else {
      return make_error(ErrorKind::InvalidResponse,
                        std::string(index_context) + " has no " + asset.asset +
                            "USD row: the collateral value of the futures wallet's " + asset.asset +
                            " is unknown");
    }
    held.push_back(std::move(asset));
  }
  // Coins first, then stablecoins, each by name: the order status lists them in.
  std::stable_sort(held.begin(), held.end(), [](const auto& a, const auto& b) {
    const bool a_stable = a.price == 1.0 && a.collateral_price == 1.0;
    const bool b_stable = b.price == 1.0 && b.collateral_price == 1.0;
    return a_stable != b_stable ? b_stable : a.asset < b.asset;
  });
  return held;
}

Result<Position> parse_position(const Json& body, const Instrument& instrument) {
  const std::string context = "GET /fapi/v3/positionRisk";
  if (!body.is_array()) return shape_error(context, "expected an array");
  Position position;
  position.symbol = instrument.symbol;
  for (const Json& row : body) {
    auto symbol = get_string(row, "symbol", context);
    if (!symbol) return symbol.error();
    if (*symbol != instrument.symbol) continue;
    auto side = get_string(row, "positionSide", context);
    if (!side) return side.error();
    if (*side != "BOTH") {
      return make_error(ErrorKind::Config, "the futures account is in hedge mode (positionSide " +
                                               *side + "); hedgebot needs one-way mode");
    }
    auto amount = get_decimal(row, "positionAmt", context);
    if (!amount) return amount.error();
    auto steps = instrument.qty_to_steps(*amount);
    if (!steps) return steps.error();
    position.qty_steps = *steps;
    auto entry = get_number(row, "entryPrice", context);
    if (!entry) return entry.error();
    if (*entry < 0) return shape_error(context, "negative entryPrice");
    position.entry_price = *entry;
    auto pnl = get_number(row, "unRealizedProfit", context);
    if (!pnl) return pnl.error();
    position.unrealized_pnl = *pnl;
    if (row.contains("maintMargin")) {
      auto maint = get_number(row, "maintMargin", context);
      if (!maint) return maint.error();
      position.maint_margin = *maint;
    }
    if (row.contains("liquidationPrice")) {
      auto liquidation = get_number(row, "liquidationPrice", context);
      if (!liquidation) return liquidation.error();
      position.liquidation_price = std::max(0.0, *liquidation);
    }
    if (row.contains("leverage")) {
      auto leverage = get_int(row, "leverage", context);
      if (leverage) position.leverage = static_cast<int>(*leverage);
    }
  }
  return position;
}

namespace {

// leverageBracket sends plain JSON numbers (0.0065, 0.0); accept decimal strings too.
Result<double> bracket_number(const Json& row, const char* key, std::string_view context) {
  const auto it = row.find(key);
  if (it != row.end() && it->is_number()) {
    const double value = it->get<double>();
    if (std::isfinite(value)) return value;
  }
  return get_number(row, key, context);
}

}  // namespace

Result<std::vector<MarginBracket>> parse_leverage_brackets(const Json& body,
                                                           const std::string& symbol) {
  const std::string context = "GET /fapi/v1/leverageBracket";
  const Json* entry = nullptr;
  if (body.is_object()) {
    entry = &body;
  } else if (body.is_array()) {
    for (const Json& item : body) {
      if (item.is_object() && text_or(item, "symbol") == symbol) entry = &item;
    }
  } else {
    return shape_error(context, "expected an array or an object");
  }
  if (entry == nullptr || text_or(*entry, "symbol") != symbol) {
    return make_error(ErrorKind::NotFound, context + ": no brackets for " + symbol);
  }
  const auto rows = entry->find("brackets");
  if (rows == entry->end() || !rows->is_array()) return shape_error(context, "no brackets[]");
  std::vector<std::pair<int64_t, MarginBracket>> numbered;
  for (const Json& row : *rows) {
    if (!row.is_object()) return shape_error(context, "a bracket is not an object");
    auto number = get_int(row, "bracket", context);
    if (!number) return number.error();
    auto leverage = get_int(row, "initialLeverage", context);
    if (!leverage) return leverage.error();
    auto floor = bracket_number(row, "notionalFloor", context);
    if (!floor) return floor.error();
    auto cap = bracket_number(row, "notionalCap", context);
    if (!cap) return cap.error();
    auto rate = bracket_number(row, "maintMarginRatio", context);
    if (!rate) return rate.error();
    auto cum = bracket_number(row, "cum", context);
    if (!cum) return cum.error();
    if (*leverage < 1 || *leverage > 1000)
      return shape_error(context, "initialLeverage out of range");
    numbered.emplace_back(*number,
                          MarginBracket{*floor, *cap, static_cast<int>(*leverage), *rate, *cum});
  }
  std::sort(numbered.begin(), numbered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<MarginBracket> brackets;
  brackets.reserve(numbered.size());
  for (auto& [number, bracket] : numbered) brackets.push_back(bracket);
  if (const Status checked = check_brackets(brackets); !checked) {
    return shape_error(context, symbol + ": " + checked.error().message);
  }
  return brackets;
}

Result<std::vector<SpotBalance>> parse_spot_balances(const Json& body) {
  const std::string_view context = "GET /api/v3/account";
  const auto balances = body.is_object() ? body.find("balances") : body.end();
  if (!body.is_object() || balances == body.end() || !balances->is_array()) {
    return shape_error(context, "no balances[] array");
  }
  std::vector<SpotBalance> result;
  for (const Json& row : *balances) {
    SpotBalance balance;
    auto asset = get_string(row, "asset", context);
    if (!asset) return asset.error();
    auto free = get_number(row, "free", context);
    if (!free) return free.error();
    auto locked = get_number(row, "locked", context);
    if (!locked) return locked.error();
    if (*free < 0 || *locked < 0) return shape_error(context, "negative balance for " + *asset);
    balance.asset = *asset;
    balance.free = *free;
    balance.locked = *locked;
    result.push_back(balance);
  }
  return result;
}

Result<BookTop> parse_book_ticker(const Json& body, const std::string& symbol) {
  const std::string context = "GET /fapi/v1/ticker/bookTicker";
  if (!body.is_object()) return shape_error(context, "expected an object");
  auto name = get_string(body, "symbol", context);
  if (!name) return name.error();
  if (*name != symbol) return shape_error(context, "book is for " + name->substr(0, 30));
  BookTop top;
  top.symbol = *name;
  auto bid = get_positive(body, "bidPrice", context);
  if (!bid) return bid.error();
  auto ask = get_positive(body, "askPrice", context);
  if (!ask) return ask.error();
  auto bid_qty = get_number(body, "bidQty", context);
  if (!bid_qty) return bid_qty.error();
  auto ask_qty = get_number(body, "askQty", context);
  if (!ask_qty) return ask_qty.error();
  if (*bid >= *ask) return shape_error(context, "crossed book (bid at or above ask)");
  if (*bid_qty < 0 || *ask_qty < 0) return shape_error(context, "negative quantity");
  top.bid_price = *bid;
  top.ask_price = *ask;
  top.bid_qty = *bid_qty;
  top.ask_qty = *ask_qty;
  if (body.contains("time")) {
    auto time = get_int(body, "time", context);
    if (!time) return time.error();
    top.time_ms = *time;
  }
  return top;
}

Result<OrderState> parse_order(const Json& body, const Instrument& instrument) {
  const std::string context = "order " + instrument.symbol;
  OrderState order;
  auto symbol = get_string(body, "symbol", context);
  if (!symbol) return symbol.error();
  if (*symbol != instrument.symbol) return shape_error(context, "order is for " + *symbol);
  order.symbol = *symbol;
  auto client_id = get_string(body, "clientOrderId", context);
  if (!client_id) return client_id.error();
  order.client_order_id = *client_id;
  auto order_id = get_int(body, "orderId", context);
  if (!order_id) return order_id.error();
  order.venue_order_id = std::to_string(*order_id);
  auto side = get_string(body, "side", context);
  if (!side) return side.error();
  if (*side != "BUY" && *side != "SELL") return shape_error(context, "unknown side");
  order.side = *side == "BUY" ? Side::Buy : Side::Sell;
  auto type = get_string(body, "type", context);
  if (!type) return type.error();
  if (*type != "MARKET" && *type != "LIMIT")
    return shape_error(context, "unsupported order type " + type->substr(0, 30));
  order.type = *type == "MARKET" ? OrderType::Market : OrderType::Limit;
  auto status_text = get_string(body, "status", context);
  if (!status_text) return status_text.error();
  auto status = order_status(*status_text, context);
  if (!status) return status.error();
  order.status = *status;
  auto quantity = get_decimal(body, "origQty", context);
  if (!quantity) return quantity.error();
  auto executed = get_decimal(body, "executedQty", context);
  if (!executed) return executed.error();
  if (quantity->mantissa < 0 || executed->mantissa < 0 || compare(*executed, *quantity) > 0) {
    return shape_error(context, "absurd quantities");
  }
  auto quantity_steps = instrument.qty_to_steps(*quantity);
  if (!quantity_steps) return quantity_steps.error();
  auto executed_steps = instrument.qty_to_steps(*executed);
  if (!executed_steps) return executed_steps.error();
  order.qty_steps = *quantity_steps;
  order.filled_steps = *executed_steps;
  auto price = get_decimal(body, "price", context);
  if (!price) return price.error();
  if (price->mantissa < 0) return shape_error(context, "negative price");
  const auto ticks = whole_units(*price, instrument.price_tick);
  if (!ticks)
    return shape_error(context, "price " + price->to_string() + " is not on the tick grid");
  order.price_ticks = *ticks;
  if (body.contains("avgPrice")) {
    auto average = get_number(body, "avgPrice", context);
    if (!average) return average.error();
    if (*average < 0) return shape_error(context, "negative avgPrice");
    order.avg_fill_price = *average;
  }
  if (body.contains("reduceOnly")) {
    auto reduce_only = get_bool(body, "reduceOnly", context);
    if (!reduce_only) return reduce_only.error();
    order.reduce_only = *reduce_only;
  }
  if (body.contains("updateTime")) {
    auto update = get_int(body, "updateTime", context);
    if (!update) return update.error();
    order.update_ms = *update;
  }
  // An order object never carries the commission: unknown until the trades are read.
  if (order.filled_steps > 0) {
    order.fee_known = false;
    order.fee = std::numeric_limits<double>::quiet_NaN();
  }
  return order;
}

}  // namespace hedgebot::binance
