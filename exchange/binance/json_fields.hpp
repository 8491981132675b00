#pragma once
// Reading venue JSON defensively: every accessor checks presence and type and returns an
// InvalidResponse error naming the field, so a malformed or surprising answer is an error
// value, never an exception or a crash. Internal to exchange/ (nlohmann_json is PRIVATE).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/decimal.hpp"
#include "exchange/model.hpp"
#include "exchange/result.hpp"

namespace hedgebot::binance {

using Json = nlohmann::json;

Error shape_error(std::string_view context, std::string_view what);

// Parses `body`; InvalidResponse when it is not JSON.
Result<Json> parse_json(std::string_view body, std::string_view context);

Result<std::string> get_string(const Json& object, const char* key, std::string_view context);
// Integers sent as JSON numbers or as digit strings ("1751299200000").
Result<int64_t> get_int(const Json& object, const char* key, std::string_view context);
// Decimal strings ("2458.91"); a JSON integer is accepted too. Refuses NaN/exponents.
Result<Decimal> get_decimal(const Json& object, const char* key, std::string_view context);
// A decimal as double; `allow_empty` maps "" to 0 (funding fields of dated contracts).
Result<double> get_number(const Json& object, const char* key, std::string_view context,
                          bool allow_empty = false);

// Funding settlements as read -> oldest first, at most `limit` (the newest; negative keeps all).
// A row repeated verbatim is kept once; two different rates at one settlement time are an
// InvalidResponse (a window would count the settlement twice, paper would charge it twice).
Status order_funding_rates(std::vector<FundingRate>& rates, int limit, std::string_view context);
// As get_number, and refuses values <= 0.
Result<double> get_positive(const Json& object, const char* key, std::string_view context);
Result<bool> get_bool(const Json& object, const char* key, std::string_view context);
// The text at `key` when `object` is an object holding a string there, else `fallback`. For
// matching rows ("the row whose symbol is X"): unlike Json::value it never throws when the
// venue sends a number or a list where a string belongs.
std::string text_or(const Json& object, const char* key, std::string_view fallback = "");

}  // namespace hedgebot::binance
