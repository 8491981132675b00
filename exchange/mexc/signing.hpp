#pragma once
// MEXC contract API v1 request signing (docs/venues/mexc.md, "Signing"). Pure. The HMAC is the
// shared one of exchange/binance/signing.hpp.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/http_client.hpp"

namespace hedgebot::mexc {

// One value encoded as Java's URLEncoder does it (letters, digits and ".-*_" kept, every other
// byte %XX in uppercase hex), with a space as "%20" rather than "+".
std::string url_encode(std::string_view text);

// The parameter string of a GET / DELETE: the pairs sorted by name, values url_encode()d, joined
// as name=value with '&'. Empty values are left out. This is both the query sent and the text
// signed, so the two cannot differ.
std::string sorted_query(std::vector<std::pair<std::string, std::string>> params);

// The signed text: api key + Request-Time + the parameter string (sorted_query() for a GET, the
// exact JSON body sent for a POST).
std::string string_to_sign(std::string_view api_key, std::string_view request_time_ms,
                           std::string_view payload);

// The headers of a private request: ApiKey, Request-Time and Signature, the lowercase hex
// HMAC-SHA256 (keyed with the secret) of string_to_sign().
http::Headers signed_headers(std::string_view api_key, std::string_view api_secret,
                             int64_t request_time_ms, std::string_view payload);

// True when `id` is a valid externalOid as hedgebot writes them: 1 to 32 characters of
// [A-Za-z0-9_-].
bool is_valid_external_oid(std::string_view id);

}  // namespace hedgebot::mexc
