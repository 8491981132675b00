#include "exchange/model.hpp"

#include <charconv>
#include <ctime>
#include <limits>

namespace hedgebot {
namespace {

bool parse_int(std::string_view text, int64_t& out) {
  if (text.empty()) return false;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

Result<int64_t> parse_duration_ms(std::string_view text) {
  const std::string shown(text.substr(0, 40));
  if (text.size() < 2) {
    return make_error(ErrorKind::InvalidInput,
                      "not a duration: '" + shown + "' (use 30s, 5m, 1h, 1d or 1w)");
  }
  const char unit = text.back();
  int64_t unit_ms = 0;
  switch (unit) {
    case 's':
      unit_ms = kSecondMs;
      break;
    case 'm':
      unit_ms = kMinuteMs;
      break;
    case 'h':
      unit_ms = kHourMs;
      break;
    case 'd':
      unit_ms = kDayMs;
      break;
    case 'w':
      unit_ms = 7 * kDayMs;
      break;
    default:
      return make_error(ErrorKind::InvalidInput,
                        "not a duration: '" + shown + "' (use 30s, 5m, 1h, 1d or 1w)");
  }
  int64_t count = 0;
  if (!parse_int(text.substr(0, text.size() - 1), count) || count <= 0 ||
      count > std::numeric_limits<int64_t>::max() / unit_ms / 1000) {
    return make_error(
        ErrorKind::InvalidInput,
        "not a duration: '" + shown + "' (a positive whole number and s, m, h, d or w)");
  }
  return count * unit_ms;
}

std::string format_duration(int64_t ms) {
  struct Unit {
    int64_t size;
    const char* suffix;
  };
  constexpr Unit kUnits[] = {
      {7 * kDayMs, "w"}, {kDayMs, "d"}, {kHourMs, "h"}, {kMinuteMs, "m"}, {kSecondMs, "s"}};
  for (const Unit& unit : kUnits) {
    if (ms != 0 && ms % unit.size == 0) return std::to_string(ms / unit.size) + unit.suffix;
  }
  return std::to_string(ms) + "ms";
}

std::string format_iso8601(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

Result<int64_t> parse_time_ms(std::string_view text) {
  const std::string shown(text.substr(0, 40));
  int64_t digits_only = 0;
  if (parse_int(text, digits_only)) {
    if (digits_only < 0) return make_error(ErrorKind::InvalidInput, "negative time: " + shown);
    return digits_only;
  }
  // YYYY-MM-DD[THH:MM[:SS]][Z]
  auto field = [&](size_t pos, size_t len, int64_t& out) {
    return pos + len <= text.size() && parse_int(text.substr(pos, len), out);
  };
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const std::string error =
      "not a time: '" + shown + "' (use 2024-01-31, 2024-01-31T08:00:00Z or milliseconds)";
  if (!field(0, 4, year) || text.size() < 10 || text[4] != '-' || !field(5, 2, month) ||
      text[7] != '-' || !field(8, 2, day)) {
    return make_error(ErrorKind::InvalidInput, error);
  }
  size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    if (!field(pos + 1, 2, hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !field(pos + 4, 2, minute)) {
      return make_error(ErrorKind::InvalidInput, error);
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!field(pos + 1, 2, second)) return make_error(ErrorKind::InvalidInput, error);
      pos += 3;
    }
  }
  if (pos < text.size() && text[pos] == 'Z') ++pos;
  if (pos != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 59) {
    return make_error(ErrorKind::InvalidInput, error);
  }
  const int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute) * kMinuteMs + second * kSecondMs;
}

double funding_cash_flow(double qty_base, double mark_price, double rate) {
  const double flow = -qty_base * mark_price * rate;
  return flow == 0.0 ? 0.0 : flow;  // no negative zero in reports
}

double Account::collateral_value() const {
  double total = 0.0;
  for (const CollateralAsset& held : collateral) total += held.value();
  return total;
}

double Account::margin_ratio() const {
  if (maint_margin <= 0.0) return 0.0;
  if (margin_balance <= 0.0) return std::numeric_limits<double>::infinity();
  return maint_margin / margin_balance;
}

const char* to_string(Side side) {
  return side == Side::Buy ? "BUY" : "SELL";
}
const char* to_string(OrderType type) {
  return type == OrderType::Market ? "MARKET" : "LIMIT";
}

const char* to_string(OrderStatus status) {
  switch (status) {
    case OrderStatus::New:
      return "NEW";
    case OrderStatus::PartiallyFilled:
      return "PARTIALLY_FILLED";
    case OrderStatus::Filled:
      return "FILLED";
    case OrderStatus::Canceled:
      return "CANCELED";
    case OrderStatus::Rejected:
      return "REJECTED";
    case OrderStatus::Expired:
      return "EXPIRED";
  }
  return "UNKNOWN";
}

bool is_final(OrderStatus status) {
  return status == OrderStatus::Filled || status == OrderStatus::Canceled ||
         status == OrderStatus::Rejected || status == OrderStatus::Expired;
}

}  // namespace hedgebot
