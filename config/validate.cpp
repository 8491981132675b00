#include "config/detail/validate.hpp"

#include <array>
#include <charconv>

#include "exchange/model.hpp"

namespace hedgebot::config::detail {
namespace {

constexpr std::array<int64_t, 12> kCandleIntervals{
    kMinuteMs,   3 * kMinuteMs, 5 * kMinuteMs, 15 * kMinuteMs, 30 * kMinuteMs, kHourMs,
    2 * kHourMs, 4 * kHourMs,   6 * kHourMs,   8 * kHourMs,    12 * kHourMs,   kDayMs,
};

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  // 127.a.b.c with a..c in 0..255
  int parts = 0;
  size_t start = 0;
  while (start <= host.size()) {
    size_t end = host.find('.', start);
    if (end == std::string_view::npos) end = host.size();
    const std::string_view part = host.substr(start, end - start);
    int number = 0;
    const auto result = std::from_chars(part.data(), part.data() + part.size(), number);
    if (part.empty() || result.ec != std::errc() || result.ptr != part.data() + part.size() ||
        number > 255) {
      return false;
    }
    ++parts;
    start = end + 1;
  }
  return parts == 4;
}

bool valid_port(std::string_view text) {
  int port = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), port);
  return !text.empty() && result.ec == std::errc() && result.ptr == text.data() + text.size() &&
         port >= 1 && port <= 65535;
}

// Host of an authority ("example.com:443" -> "example.com", "[::1]:80" -> "[::1]").
std::string_view host_of(std::string_view authority) {
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    return close == std::string_view::npos ? authority : authority.substr(0, close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

// A Binance or Bybit API key or secret: a long run of mixed-case letters and digits. No one names
// an environment variable like that, so such a value is treated as a pasted credential.
bool looks_like_credential(std::string_view text) {
  bool lower = false, upper = false, digit = false;
  for (const char c : text) {
    if (c == '_') return false;
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
    digit = digit || (c >= '0' && c <= '9');
  }
  return text.size() >= 16 && lower && upper && digit;
}

}  // namespace

bool is_candle_interval(int64_t ms, bool weekly) {
  if (weekly && ms == 7 * kDayMs) return true;
  for (const int64_t interval : kCandleIntervals) {
    if (interval == ms) return true;
  }
  return false;
}

std::string candle_interval_list(bool weekly) {
  std::string list;
  for (const int64_t interval : kCandleIntervals) {
    if (!list.empty()) list += ", ";
    list += format_duration(interval);
  }
  return weekly ? list + ", 1w" : list;
}

bool read_candle_interval(const Section& section, std::string_view key, int64_t& out_ms,
                          bool weekly) {
  int64_t ms = 0;
  if (!section.read_duration(key, ms)) return false;
  if (!is_candle_interval(ms, weekly)) {
    section.error(key, section.quoted_key(key) + " must be a candle interval (" +
                           candle_interval_list(weekly) + "), was " + format_duration(ms));
    return false;
  }
  out_ms = ms;
  return true;
}

std::optional<std::string> url_problem(std::string_view url) {
  bool plain_http = false;
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
    plain_http = true;
  } else {
    return std::string("must start with https:// (or http:// for a loopback test venue)");
  }
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::string_view host = host_of(authority);
  if (host.empty()) return std::string("has no host");
  if (authority.size() > host.size()) {
    if (authority[host.size()] != ':' || !valid_port(authority.substr(host.size() + 1))) {
      return std::string("has an invalid port");
    }
  }
  if (plain_http && !is_loopback_host(host)) {
    return "must use https:// for " + std::string(host) +
           " (http:// is allowed only for localhost, 127.x.x.x and [::1])";
  }
  return std::nullopt;
}

bool read_url(const Section& section, std::string_view key, std::string& out) {
  std::string url;
  if (!section.read_string(key, url)) return false;
  if (const auto problem = url_problem(url)) {
    section.error(key, section.quoted_key(key) + " " + *problem + ", was \"" + url + "\"");
    return false;
  }
  out = std::move(url);
  return true;
}

bool is_env_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const char c : name) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!letter && !(c >= '0' && c <= '9') && c != '_') return false;
  }
  return true;
}

bool read_env_name(const Section& section, std::string_view key, std::string& out) {
  std::string name;
  if (!section.read_string(key, name)) return false;
  if (!is_env_name(name) || looks_like_credential(name)) {
    section.error(key, section.quoted_key(key) +
                           " must be the name of an environment variable (letters, digits, _), "
                           "not the value itself");
    return false;
  }
  out = std::move(name);
  return true;
}

bool read_listen_address(const Section& section, std::string_view key, std::string& out) {
  std::string address;
  if (!section.read_string(key, address)) return false;
  const size_t colon = address.rfind(':');
  const std::string_view host =
      colon == std::string::npos ? std::string_view{} : std::string_view(address).substr(0, colon);
  if (colon == std::string::npos || host.empty() ||
      !valid_port(std::string_view(address).substr(colon + 1))) {
    section.error(key, section.quoted_key(key) +
                           " must be host:port such as \"127.0.0.1:9108\", was \"" + address +
                           "\"");
    return false;
  }
  out = std::move(address);
  return true;
}

}  // namespace hedgebot::config::detail
