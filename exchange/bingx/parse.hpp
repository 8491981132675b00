#pragma once
// BingX `data` values -> the exchange model. Pure functions; every malformed, wrongly shaped or
// absurd answer (a missing field, NaN, a negative price, a quantity off the step grid, a candle
// listed twice) is an InvalidResponse. Decimals arrive as strings, ids and times as integers
// (order ids above 2^53 are read exactly). Results carry the symbol as the caller wrote it
// (Instrument::symbol); `wire` is BingX's name of it ("BTC-USDT"). Internal to exchange/.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/model.hpp"

namespace hedgebot::bingx {

using binance::Json;

// GET /openApi/swap/v2/server/time -> data.serverTime (ms).
Result<int64_t> parse_server_time(const Json& data);

// The contracts[] row of `wire`; NotFound when absent.
Result<Json> find_contract(const Json& data, const std::string& wire);

// One contracts row -> Instrument named `symbol`. BingX counts in coins (contract size 1): the
// step is 10^-quantityPrecision, the tick 10^-pricePrecision, the smallest order
// tradeMinQuantity (rounded up to the step), the minimum value tradeMinUSDT. Tradable only when
// status is 1 and apiStateOpen is "true".
Result<Instrument> parse_instrument(const Json& row, const std::string& symbol);

// The pair's leverage cap (the smaller of maxLongLeverage and maxShortLeverage); 0 when the row
// does not say.
int max_leverage_of(const Json& row);

// Interval in ms -> BingX's name ("1h", "1d"); nullopt when BingX has no such interval.
std::optional<std::string> kline_interval_name(int64_t interval_ms);

// Kline rows (objects with open/high/low/close/volume strings and the open `time`), in any order
// (BingX lists the newest first, the still-open candle at the top) -> the closed ones
// (time + interval <= server_now_ms), oldest first, at most `limit` (the newest ones; a
// negative limit keeps them all). A start time listed twice is an InvalidResponse.
Result<CandleSeries> parse_klines(const Json& data, int64_t interval_ms, int64_t server_now_ms,
                                  int limit);

// premiumIndex of `wire` -> mark, index, the rate of the coming settlement (lastFundingRate),
// nextFundingTime (absolute ms) and the interval (fundingIntervalHours when given, else 8 h);
// time_ms is `time_ms` (the venue's clock as estimated: the answer carries none).
Result<MarkAndFunding> parse_premium_index(const Json& data, const std::string& wire,
                                           int64_t time_ms);

// bookTicker -> the touch. A crossed or empty side is an InvalidResponse.
Result<BookTop> parse_book_ticker(const Json& data, const std::string& wire,
                                  const std::string& symbol);

// fundingRate rows (newest first) -> settled at or before server_now_ms, oldest first, at most
// `limit` (the newest; negative keeps them all).
Result<std::vector<FundingRate>> parse_funding_history(const Json& data, int64_t server_now_ms,
                                                       int limit);

// One open position as BingX lists it.
struct VenuePosition {
  std::string wire;
  std::string side;        // LONG, SHORT or BOTH
  Decimal amount{0, 0};    // signed: + long, - short
  double entry_price = 0;  // avgPrice
  double unrealized_pnl = 0;
  double position_value = 0;  // at the mark, unsigned
  double liquidation_price = 0;
  int leverage = 0;
  bool isolated = false;
};

// user/positions -> the rows (flat symbols are not listed).
Result<std::vector<VenuePosition>> parse_positions(const Json& data);

// The position of `instrument` (named `wire` at BingX) from the rows; flat when absent. A long
// and a short row of one symbol (hedge mode) is a Config error.
Result<Position> position_of(const std::vector<VenuePosition>& rows, const std::string& wire,
                             const Instrument& instrument);

// maintMarginRatio tiers -> brackets, lowest first (maintenance = value x rate - amount). BingX
// gives no leverage cap per tier: max_leverage is 1 here, for the caller to set.
Result<std::vector<MarginBracket>> parse_margin_tiers(const Json& data);
// The maintenance margin of a position worth `value` under `tiers` (the tier holding the value;
// beyond the last one, the last one).
double maintenance_margin(const std::vector<MarginBracket>& tiers, double value);

// user/balance (v3: a list of rows) -> the `margin_asset` row: wallet balance, unrealised PnL,
// equity as margin balance, availableMargin, usedMargin + freezedMargin as initial margin. The
// maintenance margin is not in the answer (the client adds it from the positions).
Result<Account> parse_balance(const Json& data, const std::string& margin_asset);

// spot/v1/account/balance -> one SpotBalance per asset (free, locked).
Result<std::vector<SpotBalance>> parse_spot_balances(const Json& data);

// positionSide/dual -> true when the account is in hedge (dual-side) mode.
Result<bool> parse_dual_side(const Json& data);

// GET trade/leverage -> the leverage a one-way position uses (longLeverage; when it differs
// from shortLeverage, 0: it must be set).
Result<int> parse_leverage(const Json& data);

// GET trade/marginType -> "CROSSED", "ISOLATED", ...
Result<std::string> parse_margin_type(const Json& data);

// One order object -> OrderState of `instrument` (named `wire` at BingX). The client order id
// is BingX's (lowercase). commission is negative when paid: fee = -commission (fee_known false
// and NaN when absent); profit is the realised PnL.
Result<OrderState> parse_order(const Json& item, const std::string& wire,
                               const Instrument& instrument);

// openOrders -> the MARKET and LIMIT orders of `wire` (others, such as a trader's stop orders,
// are not hedgebot's and are skipped).
Result<std::vector<OrderState>> parse_open_orders(const Json& data, const std::string& wire,
                                                  const Instrument& instrument);

// The order object of a place / query / cancel answer: data.order when present, else data.
Result<Json> order_object(const Json& data, std::string_view context);

}  // namespace hedgebot::bingx
