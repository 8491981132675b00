#pragma once
// Bybit v5 `result` objects -> the exchange model. Pure functions; every malformed, wrongly
// shaped or absurd answer (a missing field, NaN, a negative price, a quantity off the step grid,
// candles out of order) is an InvalidResponse. Numbers arrive as decimal strings. Internal to
// exchange/.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/trades.hpp"
#include "exchange/model.hpp"

namespace hedgebot::bybit {

using binance::Json;

// GET /v5/market/time -> ms: result.timeNano / 10^6, else result.timeSecond x 1000, else the
// envelope's time (`envelope_time_ms`, 0 when absent).
Result<int64_t> parse_server_time(const Json& result, int64_t envelope_time_ms);

// The list[] item of `symbol` in an instruments-info result; NotFound when absent.
Result<Json> find_list_item(const Json& result, const std::string& symbol,
                            const std::string& context);

// One instruments-info item -> Instrument. Quantities are in base units (contract_size 1): the
// step is lotSizeFilter.qtyStep, the smallest order minOrderQty, the largest the smaller of
// maxOrderQty and maxMktOrderQty, the minimum value minNotionalValue (0 when absent); the tick
// is priceFilter.tickSize. Only status Trading is tradable; LinearFutures carry deliveryTime.
Result<Instrument> parse_instrument(const Json& item);

// Interval in ms -> Bybit's name ("60", "D", "W"); nullopt when Bybit has no such interval.
std::optional<std::string> kline_interval_name(int64_t interval_ms);

// A kline result (list[] newest first) -> closed candles (open + interval <= server_now_ms),
// oldest first, at most `limit` (the newest ones; a negative limit keeps them all).
Result<CandleSeries> parse_klines(const Json& result, int64_t interval_ms, int64_t server_now_ms,
                                  int limit);

// A tickers result -> mark, index, current funding rate, next funding time and interval.
Result<MarkAndFunding> parse_ticker(const Json& result, const std::string& symbol, int64_t time_ms);
// A tickers result -> the touch (bid1 / ask1). A crossed or empty side is an InvalidResponse.
Result<BookTop> parse_book(const Json& result, const std::string& symbol, int64_t time_ms);

// A funding history result (newest first) -> settled at or before server_now_ms, oldest first,
// at most `limit` (the newest ones; negative keeps them all).
Result<std::vector<FundingRate>> parse_funding_history(const Json& result, int64_t server_now_ms,
                                                       int limit);

// wallet-balance (accountType=UNIFIED) -> Account: wallet balance and unrealised PnL of the
// `margin_asset` coin row; margin balance, maintenance and initial margin and the available
// balance from the account-wide totals (cross margin). Empty account-wide fields (isolated
// margin) are a Config error: the margin ratio would be unknown.
Result<Account> parse_account(const Json& result, const std::string& margin_asset);

// wallet-balance coin[] -> the unified account's collateral (multi_assets = true): every coin
// with a positive walletBalance that counts as margin (`marginCollateral` and `collateralSwitch`
// not false), valued at its `usdValue`. Bybit's haircut is not among the documented fields, so
// collateral_price is the USD price (usdValue / walletBalance).
Result<std::vector<CollateralAsset>> parse_collateral(const Json& result);

// wallet-balance coin[] -> one SpotBalance per coin: locked as `locked`, the rest of
// walletBalance less borrowAmount as `free`.
Result<std::vector<SpotBalance>> parse_spot_balances(const Json& result);

// position/list -> the signed position (size x +1 for Buy, -1 for Sell) in steps; flat when no
// row. A row with positionIdx 1 or 2 (hedge mode) is a Config error.
Result<Position> parse_position(const Json& result, const Instrument& instrument);

struct VenueOrder {
  OrderState state;
  std::string reject_reason;  // rejectReason; "" or "EC_NoError" when none
};

inline constexpr const char* kPostOnlyWouldTake = "EC_PostOnlyWillTakeLiquidity";

// One order item (realtime, history). With a filled quantity its fee is unknown (fee_known
// false, fee NaN) until the executions are read.
Result<VenueOrder> parse_order(const Json& item, const Instrument& instrument);

// The order items of a realtime / history result.
Result<std::vector<VenueOrder>> parse_order_list(const Json& result, const Instrument& instrument);

// execution/list rows of `venue_order_id` (execType Trade only) summed. A fee paid in a coin
// other than the quote asset marks other_commission.
Result<binance::OrderTrades> parse_executions(const Json& result, const Instrument& instrument,
                                              const std::string& venue_order_id);

}  // namespace hedgebot::bybit
