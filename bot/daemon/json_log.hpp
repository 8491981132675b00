#pragma once
// `--log-format json`: one JSON object per line on stderr, {"ts","level","msg"}, with the
// message escaped as a JSON string (quotes, backslashes, control characters, invalid UTF-8), so
// a log shipper can parse every line.

#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class formatter;
}

namespace hedgebot::bot {

// The formatter for spdlog::set_formatter().
std::unique_ptr<spdlog::formatter> make_json_log_formatter();

// `text` as the inside of a JSON string (without the quotes). Bytes that are not valid UTF-8
// become U+FFFD.
std::string json_escape(std::string_view text);

}  // namespace hedgebot::bot
