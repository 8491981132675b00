#pragma once
// Request signing as the venues specify it (docs/venues/binance.md, "Signing"). Pure.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hedgebot::signing {

// Lowercase hex of HMAC-SHA256(key, message).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// RFC 3986 percent-encoding of one name or value (unreserved characters kept as they are).
std::string percent_encode(std::string_view text);

// "a=1&b=2" from ordered pairs, names and values percent-encoded.
std::string build_query(const std::vector<std::pair<std::string, std::string>>& params);

// Binance: totalParams is the query string concatenated with the body, no separator.
std::string binance_total_params(std::string_view query, std::string_view body);

// Binance: the signature of query + body.
std::string binance_signature(std::string_view secret, std::string_view query,
                              std::string_view body);

// Binance: `query` with "&signature=<hex>" appended (signature last), for a request whose
// parameters all travel in the query string and whose body is empty.
std::string binance_signed_query(std::string_view secret, std::string_view query);

// Bybit v5: timestamp + apiKey + recvWindow + (query string for GET | raw JSON body for POST).
std::string bybit_string_to_sign(std::string_view timestamp_ms, std::string_view api_key,
                                 std::string_view recv_window_ms, std::string_view payload);

std::string bybit_signature(std::string_view secret, std::string_view timestamp_ms,
                            std::string_view api_key, std::string_view recv_window_ms,
                            std::string_view payload);

}  // namespace hedgebot::signing
