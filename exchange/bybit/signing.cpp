#include "exchange/bybit/signing.hpp"

#include <algorithm>

#include "exchange/binance/signing.hpp"

namespace hedgebot::bybit {

http::Headers signed_headers(std::string_view api_key, std::string_view api_secret,
                             int64_t timestamp_ms, int64_t recv_window_ms,
                             std::string_view payload) {
  const std::string timestamp = std::to_string(timestamp_ms);
  const std::string recv_window = std::to_string(recv_window_ms);
  http::Headers headers;
  headers.emplace_back("X-BAPI-API-KEY", std::string(api_key));
  headers.emplace_back("X-BAPI-TIMESTAMP", timestamp);
  headers.emplace_back("X-BAPI-RECV-WINDOW", recv_window);
  headers.emplace_back("X-BAPI-SIGN", signing::bybit_signature(api_secret, timestamp, api_key,
                                                               recv_window, payload));
  return headers;
}

bool is_valid_order_link_id(std::string_view id) {
  if (id.empty() || id.size() > 36) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

}  // namespace hedgebot::bybit
