#include "exchange/mexc/signing.hpp"

#include <algorithm>

#include "exchange/binance/signing.hpp"

namespace hedgebot::mexc {

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '*' || c == '_';
    if (kept) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::string sorted_query(std::vector<std::pair<std::string, std::string>> params) {
  std::stable_sort(params.begin(), params.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string query;
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    if (!query.empty()) query += '&';
    query += name + "=" + url_encode(value);
  }
  return query;
}

std::string string_to_sign(std::string_view api_key, std::string_view request_time_ms,
                           std::string_view payload) {
  std::string text;
  text.reserve(api_key.size() + request_time_ms.size() + payload.size());
  text += api_key;
  text += request_time_ms;
  text += payload;
  return text;
}

http::Headers signed_headers(std::string_view api_key, std::string_view api_secret,
                             int64_t request_time_ms, std::string_view payload) {
  const std::string time = std::to_string(request_time_ms);
  http::Headers headers;
  headers.emplace_back("ApiKey", std::string(api_key));
  headers.emplace_back("Request-Time", time);
  headers.emplace_back(
      "Signature", signing::hmac_sha256_hex(api_secret, string_to_sign(api_key, time, payload)));
  return headers;
}

bool is_valid_external_oid(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

}  // namespace hedgebot::mexc
