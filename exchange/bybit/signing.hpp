#pragma once
// Bybit v5 request signing (docs/venues/bybit.md, "Signing"). Pure. The HMAC and the string
// assembly are the shared ones of exchange/binance/signing.hpp.

#include <cstdint>
#include <string>
#include <string_view>

#include "exchange/http_client.hpp"

namespace hedgebot::bybit {

// The four authentication headers of a private request: X-BAPI-API-KEY, X-BAPI-TIMESTAMP,
// X-BAPI-RECV-WINDOW and X-BAPI-SIGN, the lowercase hex HMAC-SHA256 (keyed with the secret) of
// timestamp + api key + receive window + payload. `payload` is the exact query string sent
// (without '?') for a GET, the exact JSON body sent for a POST.
http::Headers signed_headers(std::string_view api_key, std::string_view api_secret,
                             int64_t timestamp_ms, int64_t recv_window_ms,
                             std::string_view payload);

// True when `id` is a valid orderLinkId: 1 to 36 characters of [A-Za-z0-9_-].
bool is_valid_order_link_id(std::string_view id);

}  // namespace hedgebot::bybit
