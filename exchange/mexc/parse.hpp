#pragma once
// MEXC contract API `data` payloads -> the exchange model. Pure functions; every malformed,
// wrongly shaped or absurd answer (a missing field, a negative price, a volume off the contract
// grid, klines out of order, columns of different lengths) is an InvalidResponse. MEXC sends
// numbers as JSON numbers: they are read back as the shortest decimal that gives the same double,
// which is the text MEXC wrote. Volumes are in contracts. Internal to exchange/.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/model.hpp"

namespace hedgebot::mexc {

using binance::Json;

// "BTCUSDT" or "BTC_USDT" -> "BTC_USDT" (the quote is USDT, USDC or USD at the end); nullopt for a
// name that is neither.
std::optional<std::string> venue_symbol(const std::string& symbol);

// A number field (JSON number, or a decimal string) as an exact decimal.
Result<Decimal> get_decimal(const Json& object, const char* key, std::string_view context);
Result<double> get_number(const Json& object, const char* key, std::string_view context);

// GET /api/v1/contract/ping data -> ms.
Result<int64_t> parse_server_time(const Json& data);

// The contract/detail item of `wire_symbol` in `data` (an object, or a list of them); NotFound
// when absent.
Result<Json> find_contract(const Json& data, const std::string& wire_symbol);

// One contract/detail item -> Instrument named `symbol` (as the caller wrote it): one contract is
// contractSize base units, the step volUnit contracts, the smallest order minVol, the largest
// maxVol, the tick priceUnit; no minimum notional. Tradable when state is 0 and apiAllowed is not
// false.
Result<Instrument> parse_instrument(const Json& item, const std::string& symbol);
// The item's maintenanceMarginRate (0 when absent).
Result<double> maintenance_margin_rate(const Json& item);

// Interval in ms -> MEXC's name ("Min1", "Hour4", "Day1", "Week1"); nullopt when MEXC has none.
std::optional<std::string> kline_interval_name(int64_t interval_ms);

// A kline data object (columns time[] in seconds, open[], close[], high[], low[], vol[] in
// contracts, oldest first) -> closed candles (open + interval <= server_now_ms), oldest first,
// volume in base units (x contract_size), at most `limit` (the newest; negative keeps them all).
Result<CandleSeries> parse_klines(const Json& data, int64_t interval_ms, int64_t server_now_ms,
                                  double contract_size, int limit);

// fair_price data -> the mark price and its time.
struct FairPrice {
  double price = 0.0;
  int64_t time_ms = 0;
};
Result<FairPrice> parse_fair_price(const Json& data);

// funding_rate data -> the current rate, next settlement and interval (collectCycle hours) into
// `mark` (whose mark price comes from parse_fair_price).
Status parse_funding_rate(const Json& data, MarkAndFunding& mark);

// ticker data -> the touch (bid1 / ask1; MEXC gives no sizes there: 0).
Result<BookTop> parse_book(const Json& data, const std::string& symbol);

// funding_rate/history data (resultList newest first) -> settled at or before server_now_ms,
// oldest first, at most `limit` (the newest; negative keeps them all).
Result<std::vector<FundingRate>> parse_funding_history(const Json& data, int64_t server_now_ms,
                                                       int limit);
// The paging of a funding history page: true when there is no page after this one.
bool is_last_page(const Json& data);

// account/assets data -> the `margin_asset` row: wallet = cashBalance, unrealized, margin
// balance = equity, initial margin = positionMargin + frozenBalance, available = availableBalance.
// The maintenance margin is not in this answer: the caller adds it from the positions.
Result<Account> parse_account(const Json& data, const std::string& margin_asset);

// One open position row of a contract.
struct PositionRow {
  int64_t steps = 0;  // signed: positionType 2 (short) is negative
  double entry_price = 0.0;
  double liquidation_price = 0.0;
  int leverage = 0;
  int open_type = 0;  // 1 isolated, 2 cross
};

// open_positions data -> the rows of `wire_symbol` with a held volume. More than one row is a
// Config error (a hedge-mode account holding both sides).
Result<std::optional<PositionRow>> parse_position(const Json& data, const std::string& wire_symbol,
                                                  const Instrument& instrument);

// The symbols with an open position in open_positions data, with their held volume (contracts,
// unsigned).
Result<std::vector<std::pair<std::string, double>>> held_contracts(const Json& data);

// position_mode data -> true for one-way (2), false for hedge (1).
Result<bool> parse_one_way(const Json& data);

// position/leverage data -> (positionType, leverage) rows.
Result<std::vector<std::pair<int, int>>> parse_leverage(const Json& data);

// One order object -> OrderState for `instrument` (named as the caller wrote it). Fees are
// takerFee + makerFee (in feeCurrency; another coin leaves the fee unknown), the realized PnL
// `profit`. Sides 2 and 4 (close short / close long) are reduce-only.
Result<OrderState> parse_order(const Json& item, const std::string& wire_symbol,
                               const Instrument& instrument);
Result<std::vector<OrderState>> parse_order_list(const Json& data, const std::string& wire_symbol,
                                                 const Instrument& instrument);

// order/create data ({"orderId": "...", "ts": ...}) or order/submit data (a bare id) -> the id.
Result<std::string> parse_order_id(const Json& data);

}  // namespace hedgebot::mexc
