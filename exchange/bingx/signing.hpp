#pragma once
// BingX request signing (docs/venues/bingx.md, "Signing"). Pure. The HMAC and the percent
// encoding are the shared ones of exchange/binance/signing.hpp.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hedgebot::bingx {

using Params = std::vector<std::pair<std::string, std::string>>;

// The API key header of a signed request.
inline constexpr const char* kApiKeyHeader = "X-BX-APIKEY";

// The string BingX signs: every parameter as name=value with its raw (not encoded) value,
// joined with '&', in the order sent.
std::string string_to_sign(const Params& params);

// A request with parameters in both the query string and a form body: BingX signs the query's
// string followed by the body's, with nothing between them. (This adapter sends everything in
// the query string; the form is kept for the documented rule and its vector.)
std::string string_to_sign(const Params& query, const Params& body);

// Lowercase hex HMAC-SHA256 (keyed with the secret) of `text`.
std::string signature(std::string_view secret, std::string_view text);

// The query string sent: the parameters in the same order, values percent-encoded, then
// "&signature=<hex>" of string_to_sign(params). `params` should already hold timestamp (and
// recvWindow).
std::string signed_query(std::string_view secret, const Params& params);

// BingX lowercases client order ids; the id on the wire is the lowercase of the caller's.
std::string wire_client_order_id(std::string_view id);

// True when `id` is a client order id BingX keeps as it is once lowercased: 1 to 40 characters
// of [A-Za-z0-9-].
bool is_valid_client_order_id(std::string_view id);

// The venue's name of a symbol: "BTC-USDT" as it is, "BTCUSDT" -> "BTC-USDT" (the quote coin
// USDT or USDC split off). Empty when the text is neither.
std::string wire_symbol(std::string_view symbol);

}  // namespace hedgebot::bingx
