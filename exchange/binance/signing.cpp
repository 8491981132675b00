#include "exchange/binance/signing.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace hedgebot::signing {

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  if (result == nullptr) throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(static_cast<std::size_t>(length) * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '_' ||
                            byte == '.' || byte == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    }
  }
  return out;
}

std::string build_query(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string query;
  for (const auto& [name, value] : params) {
    if (!query.empty()) query += '&';
    query += percent_encode(name);
    query += '=';
    query += percent_encode(value);
  }
  return query;
}

std::string binance_total_params(std::string_view query, std::string_view body) {
  std::string total(query);
  total += body;
  return total;
}

std::string binance_signature(std::string_view secret, std::string_view query,
                              std::string_view body) {
  return hmac_sha256_hex(secret, binance_total_params(query, body));
}

std::string binance_signed_query(std::string_view secret, std::string_view query) {
  std::string signed_query(query);
  if (!signed_query.empty()) signed_query += '&';
  signed_query += "signature=";
  signed_query += binance_signature(secret, query, "");
  return signed_query;
}

std::string bybit_string_to_sign(std::string_view timestamp_ms, std::string_view api_key,
                                 std::string_view recv_window_ms, std::string_view payload) {
  std::string text;
  text.reserve(timestamp_ms.size() + api_key.size() + recv_window_ms.size() + payload.size());
  text += timestamp_ms;
  text += api_key;
  text += recv_window_ms;
  text += payload;
  return text;
}

std::string bybit_signature(std::string_view secret, std::string_view timestamp_ms,
                            std::string_view api_key, std::string_view recv_window_ms,
                            std::string_view payload) {
  return hmac_sha256_hex(secret,
                         bybit_string_to_sign(timestamp_ms, api_key, recv_window_ms, payload));
}

}  // namespace hedgebot::signing
