#include "exchange/weex/signing.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <stdexcept>

namespace hedgebot::weex {

std::string prehash(std::string_view timestamp_ms, std::string_view method, std::string_view path,
                    std::string_view query, std::string_view body) {
  std::string text;
  text.reserve(timestamp_ms.size() + method.size() + path.size() + query.size() + body.size() + 1);
  text += timestamp_ms;
  for (const char c : method) text += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  text += path;
  if (!query.empty()) {
    text += '?';
    text += query;
  }
  text += body;
  return text;
}

std::string signature(std::string_view secret, std::string_view prehash) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(prehash.data()), prehash.size(), digest, &length);
  if (result == nullptr) throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  std::string encoded(4 * ((length + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest,
                                      static_cast<int>(length));
  encoded.resize(static_cast<size_t>(written));
  return encoded;
}

http::Headers signed_headers(std::string_view api_key, std::string_view api_secret,
                             std::string_view passphrase, int64_t timestamp_ms,
                             std::string_view method, std::string_view path, std::string_view query,
                             std::string_view body) {
  const std::string timestamp = std::to_string(timestamp_ms);
  http::Headers headers;
  headers.emplace_back("ACCESS-KEY", std::string(api_key));
  headers.emplace_back("ACCESS-SIGN",
                       signature(api_secret, prehash(timestamp, method, path, query, body)));
  headers.emplace_back("ACCESS-TIMESTAMP", timestamp);
  headers.emplace_back("ACCESS-PASSPHRASE", std::string(passphrase));
  return headers;
}

bool is_valid_client_order_id(std::string_view id) {
  if (id.empty() || id.size() > 36) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || c == '/';
  });
}

}  // namespace hedgebot::weex
