#pragma once
// Binance JSON -> the exchange model. Pure functions; every malformed, wrongly shaped or
// absurd answer (NaN, negative price, quantity off the step grid) is an InvalidResponse.
// Internal to exchange/.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/model.hpp"

namespace hedgebot::binance {

// GET /fapi/v1/time -> serverTime (ms).
Result<int64_t> parse_server_time(const Json& body);

// One entry of exchangeInfo `symbols[]` -> Instrument. The quantity step is MARKET_LOT_SIZE's
// (the coarser of MARKET_LOT_SIZE and LOT_SIZE when both are present, so every quantity is
// valid for both order types); min/max quantities are the stricter of the two filters.
Result<Instrument> parse_instrument(const Json& symbol_entry);

// exchangeInfo `symbols[]` trimmed to the fields parse_instrument() reads (for the disk cache).
Result<Json> trim_exchange_info_symbols(const Json& exchange_info);

// Interval in ms -> Binance's name ("1h"); nullopt when Binance has no such interval.
std::optional<std::string> kline_interval_name(int64_t interval_ms);

// Klines array -> closed candles only (close time < server_now_ms), oldest first, at most
// `limit` (the newest ones; a negative limit keeps them all).
Result<CandleSeries> parse_klines(const Json& body, int64_t interval_ms, int64_t server_now_ms,
                                  int limit);

Result<MarkAndFunding> parse_premium_index(const Json& body);

// GET /fapi/v1/ticker/bookTicker?symbol= -> the touch of `symbol`. A crossed or empty side
// (bid >= ask, a price <= 0) is an InvalidResponse.
Result<BookTop> parse_book_ticker(const Json& body, const std::string& symbol);

// fundingRate history -> settled at or before server_now_ms, oldest first, at most `limit`
// (the newest ones; a negative limit keeps them all).
Result<std::vector<FundingRate>> parse_funding_history(const Json& body, int64_t server_now_ms,
                                                       int limit);

// /fapi/v3/account. "USDT": the account totals (single-asset mode); another margin asset:
// that asset's row in assets[].
Result<Account> parse_account(const Json& body, const std::string& margin_asset);

// True when the account's totals are not the USDT row's (single-asset mode sums USDT only, so a
// difference means the venue sums several assets: Multi-Assets mode).
bool totals_span_assets(const Json& account_body);

// GET /fapi/v3/account assets[] with GET /fapi/v1/assetIndex -> the futures wallet's assets at
// collateral value: each row with a non-zero walletBalance, priced by the index row
// "<ASSET>USD" (`index`, and `bidRate`, the price after the haircut); a stablecoin the index
// does not list counts at 1. A coin without an index row is an error (its value is unknown).
Result<std::vector<CollateralAsset>> parse_collateral(const Json& account_body,
                                                      const Json& asset_index);

// /fapi/v3/positionRisk?symbol= -> the signed position in steps (flat when no row). Rows with
// positionSide LONG/SHORT mean hedge mode, which is refused (Config error).
Result<Position> parse_position(const Json& body, const Instrument& instrument);

// GET /fapi/v1/leverageBracket?symbol= -> the symbol's brackets, lowest first (an array of
// {symbol, brackets[]} or one such object; numbers as JSON numbers or decimal strings). A table
// that check_brackets() refuses is an InvalidResponse; no row for the symbol is NotFound.
Result<std::vector<MarginBracket>> parse_leverage_brackets(const Json& body,
                                                           const std::string& symbol);

// /api/v3/account balances[] (free + locked per asset).
Result<std::vector<SpotBalance>> parse_spot_balances(const Json& body);

// An order object (new order RESULT, query, cancel, openOrders items). With a filled quantity
// its fee is unknown (fee_known false, fee NaN): order objects carry no commission.
Result<OrderState> parse_order(const Json& body, const Instrument& instrument);

// `value` as a whole number of `unit`s; nullopt when it is not on the grid.
std::optional<int64_t> whole_units(const Decimal& value, const Decimal& unit);

}  // namespace hedgebot::binance
