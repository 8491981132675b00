#pragma once
// WEEX contract API V3 request signing (docs/venues/weex.md, "Signing"). Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "exchange/http_client.hpp"

namespace hedgebot::weex {

// The string WEEX signs: timestamp (ms) + METHOD (upper case) + path (with its leading '/') +
// ("?" + query, only when there is one) + body (only when there is one).
std::string prehash(std::string_view timestamp_ms, std::string_view method, std::string_view path,
                    std::string_view query, std::string_view body);

// Base64 of the 32-byte HMAC-SHA256 of `prehash`, keyed with the secret.
std::string signature(std::string_view secret, std::string_view prehash);

// The headers of a private request: ACCESS-KEY, ACCESS-SIGN, ACCESS-TIMESTAMP and
// ACCESS-PASSPHRASE. `query` is the exact query string sent (without '?'), `body` the exact
// bytes of the body sent ("" when none).
http::Headers signed_headers(std::string_view api_key, std::string_view api_secret,
                             std::string_view passphrase, int64_t timestamp_ms,
                             std::string_view method, std::string_view path, std::string_view query,
                             std::string_view body);

// True when `id` is a valid newClientOrderId: 1 to 36 characters of [A-Za-z0-9._:/-].
bool is_valid_client_order_id(std::string_view id);

}  // namespace hedgebot::weex
