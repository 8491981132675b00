#pragma once
// Request plumbing shared by the fake venues (Binance, Bybit, WEEX): form/query decoding, HMAC, and
// integer parsing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hedgebot::fake {

using Params = std::map<std::string, std::string>;

// Lowercase hex HMAC-SHA256 of `message` keyed with `key`.
std::string hmac_hex(const std::string& key, const std::string& message);

// Base64 of the HMAC-SHA256 of `message` keyed with `key` (WEEX).
std::string hmac_base64(const std::string& key, const std::string& message);

// "%41+b" -> "A b".
std::string percent_decode(const std::string& text);

// The name=value pairs of an application/x-www-form-urlencoded text (or a query string), in the
// order written, names and values decoded.
std::vector<std::pair<std::string, std::string>> form_pairs(const std::string& text);

// Adds the name=value pairs of an application/x-www-form-urlencoded text (or a query string) to
// `params`; an existing name is replaced only when `overwrite`.
void parse_form(const std::string& text, Params& params, bool overwrite);

// Whole decimal text -> integer; nullopt for anything else.
std::optional<int64_t> to_int(const std::string& text);

}  // namespace hedgebot::fake
