#pragma once
// WEEX contract API V3 answers -> the exchange model. Pure functions; every malformed, wrongly
// shaped or absurd answer (a missing field, NaN, a negative price, a quantity off the step grid,
// two candles at one time with different prices) is an InvalidResponse. WEEX answers bare
// payloads (no envelope); decimals come as strings or as JSON numbers, ids as strings or as
// bare integers above 2^53 (read exactly, never through a double). Internal to exchange/.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/model.hpp"

namespace hedgebot::weex {

using binance::Json;

// GET /capi/v3/market/time -> serverTime (ms).
Result<int64_t> parse_server_time(const Json& body);

// The contract item of `symbol` in an exchangeInfo answer (a list of contracts, or an object
// whose `symbols` is that list); NotFound when absent.
Result<Json> find_contract(const Json& body, const std::string& symbol);

// One exchangeInfo contract -> Instrument in base units (contract_size 1: WEEX orders are in
// the base coin). Step 10^-quantityPrecision, tick 10^-pricePrecision, the smallest order
// minOrderSize (rounded up to the step), the largest the smaller of maxOrderSize and
// marketOpenLimitSize; no minimum notional.
Result<Instrument> parse_instrument(const Json& item);

// Interval in ms -> WEEX's name ("1m" ... "1w"); nullopt when WEEX has no such interval.
std::optional<std::string> kline_interval_name(int64_t interval_ms);

// A klines / historyKlines answer (rows [openTime, open, high, low, close, volume, ...]) ->
// closed candles (open + interval <= server_now_ms), oldest first whatever order the rows came
// in, a row listed twice kept once, at most `limit` (the newest; negative keeps them all).
Result<CandleSeries> parse_klines(const Json& body, int64_t interval_ms, int64_t server_now_ms,
                                  int limit);

// A premiumIndex answer (a list or one object) -> mark, index, the forecast rate of the next
// settlement, its time and the interval (collectCycle minutes).
Result<MarkAndFunding> parse_premium_index(const Json& body, const std::string& wire_symbol);

// A bookTicker answer (a list or one object: bidPrice, bidQty, askPrice, askQty, time).
Result<BookTop> parse_book_ticker(const Json& body, const std::string& wire_symbol);

// A fundingRate answer (rows {fundingRate, fundingTime, markPrice}, in any order) -> settled at
// or before server_now_ms, oldest first, at most `limit` (the newest; negative keeps all).
Result<std::vector<FundingRate>> parse_funding_history(const Json& body, int64_t server_now_ms,
                                                       int limit);

// The account's positions, from allPosition / singlePosition rows (one per side held).
struct PositionRows {
  double margin = 0.0;  // marginSize summed over every row (every symbol)
  std::vector<Json> rows;
};
Result<PositionRows> parse_position_rows(const Json& body);

// balance rows + the positions' margin -> Account of `margin_asset`: wallet = balance,
// unrealised = unrealizePnl, available = availableBalance. WEEX publishes no maintenance
// margin: the positions' margin (marginSize, never below the maintenance margin) stands for it
// and for the initial margin, so the margin ratio errs high, never low.
Result<Account> parse_account(const Json& body, const std::string& margin_asset,
                              double positions_margin);

// The rows of `wire_symbol` -> the signed position in steps (+size LONG, -size SHORT), flat
// when no row. A separated (hedge-mode) row, or a long and a short held at once, is a Config
// error: hedgebot keeps one net position.
Result<Position> parse_position(const PositionRows& positions, const std::string& wire_symbol,
                                const Instrument& instrument);

// A symbolConfig answer (a list or one object) for `wire_symbol`.
struct SymbolConfig {
  std::string margin_type;     // CROSSED / ISOLATED
  std::string separated_type;  // COMBINED / SEPARATED
  int cross_leverage = 0;
};
Result<SymbolConfig> parse_symbol_config(const Json& body, const std::string& wire_symbol);

// One order object (query, openOrders, history). `symbol` is the caller's name of the contract
// (put in the OrderState); the row must name `instrument.symbol`. With a filled quantity its fee
// is unknown (fee_known false, fee NaN): WEEX's order object carries none.
Result<OrderState> parse_order(const Json& item, const Instrument& instrument,
                               const std::string& symbol);

// An order list (openOrders, order/history: a list, or an object with `list` / `items` /
// `orders`).
Result<std::vector<OrderState>> parse_order_list(const Json& body, const Instrument& instrument,
                                                 const std::string& symbol);

// A placement or cancel acknowledgement: {orderId, clientOrderId | origClientOrderId, success,
// errorCode, errorMessage}. A `success: false` is returned as the in-band code and message.
struct Ack {
  bool success = false;
  std::string order_id;
  std::string client_order_id;
  int error_code = 0;  // errorCode when it is a number, else 0
  std::string error_message;
};
Result<Ack> parse_ack(const Json& body, std::string_view context);

// A JSON id (string, or a bare integer of any size) as text; "" when neither.
std::string id_text(const Json& value);

}  // namespace hedgebot::weex
