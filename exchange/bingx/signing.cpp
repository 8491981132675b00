#include "exchange/bingx/signing.hpp"

#include <algorithm>
#include <cctype>

#include "exchange/binance/signing.hpp"

namespace hedgebot::bingx {
namespace {

bool is_upper_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool all_upper_alnum(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_upper_alnum);
}

}  // namespace

std::string string_to_sign(const Params& params) {
  std::string text;
  for (const auto& [name, value] : params) {
    if (!text.empty()) text += '&';
    text += name;
    text += '=';
    text += value;
  }
  return text;
}

std::string string_to_sign(const Params& query, const Params& body) {
  return string_to_sign(query) + string_to_sign(body);
}

std::string signature(std::string_view secret, std::string_view text) {
  return signing::hmac_sha256_hex(secret, text);
}

std::string signed_query(std::string_view secret, const Params& params) {
  std::string query;
  for (const auto& [name, value] : params) {
    if (!query.empty()) query += '&';
    query += name;
    query += '=';
    query += signing::percent_encode(value);
  }
  if (!query.empty()) query += '&';
  return query + "signature=" + signature(secret, string_to_sign(params));
}

std::string wire_client_order_id(std::string_view id) {
  std::string wire(id);
  std::transform(wire.begin(), wire.end(), wire.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return wire;
}

bool is_valid_client_order_id(std::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string wire_symbol(std::string_view symbol) {
  if (const size_t dash = symbol.find('-'); dash != std::string_view::npos) {
    if (all_upper_alnum(symbol.substr(0, dash)) && all_upper_alnum(symbol.substr(dash + 1)))
      return std::string(symbol);
    return "";
  }
  for (const std::string_view quote : {"USDT", "USDC"}) {
    if (symbol.size() > quote.size() && symbol.substr(symbol.size() - quote.size()) == quote &&
        all_upper_alnum(symbol)) {
      return std::string(symbol.substr(0, symbol.size() - quote.size())) + "-" + std::string(quote);
    }
  }
  return "";
}

}  // namespace hedgebot::bingx
