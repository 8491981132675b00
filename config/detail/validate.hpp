#pragma once
// Internal to config/: checks shared by several sections.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/detail/reader.hpp"

namespace hedgebot::config::detail {

// "1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d": the candle intervals both venues serve,
// and with `weekly` also 1w (weeks open on Monday 00:00 UTC, as the venues' weekly klines do).
// Weeks are for rule timeframes only: a schedule or a data file is at most daily.
bool is_candle_interval(int64_t ms, bool weekly = false);
std::string candle_interval_list(bool weekly = false);

// A duration that is also a candle interval.
bool read_candle_interval(const Section& section, std::string_view key, int64_t& out_ms,
                          bool weekly = false);

// Why `url` is not acceptable, or nullopt: it must be https://, or http:// to a loopback host
// (localhost, 127.x.x.x, [::1]) such as a local fake venue.
std::optional<std::string> url_problem(std::string_view url);
// Reads a URL-valued key and reports a bad one.
bool read_url(const Section& section, std::string_view key, std::string& out);

// A POSIX environment variable name: letters, digits and _, not starting with a digit.
bool is_env_name(std::string_view name);
// Reads a key that names an environment variable. A value that is not a name, or looks like an
// API key (16+ mixed-case letters and digits, no _), is reported without echoing it: it may be
// the secret itself pasted in by mistake.
bool read_env_name(const Section& section, std::string_view key, std::string& out);

// "host:port" with a port in 1..65535.
bool read_listen_address(const Section& section, std::string_view key, std::string& out);

}  // namespace hedgebot::config::detail
