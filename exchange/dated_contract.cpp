#include "exchange/dated_contract.hpp"

#include <algorithm>
#include <cstdio>

#include "exchange/model.hpp"

namespace hedgebot {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// The last Friday of `month` of `year` at 08:00 UTC.
int64_t last_friday_0800(int64_t year, unsigned month) {
  const int64_t first_next =
      month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
  const int64_t last = first_next - 1;
  // 1970-01-01 was a Thursday: weekday 0 = Thursday, 1 = Friday.
  const int64_t weekday = ((last % 7) + 7) % 7;
  const int64_t back = ((weekday - 1) % 7 + 7) % 7;
  return (last - back) * kDayMs + 8 * kHourMs;
}

}  // namespace

const char* to_string(ContractKind kind) {
  switch (kind) {
    case ContractKind::Perpetual:
      return "perpetual";
    case ContractKind::Quarter:
      return "quarter";
    case ContractKind::NextQuarter:
      return "next_quarter";
  }
  return "perpetual";
}

int64_t next_quarterly_delivery_ms(int64_t time_ms) {
  const Civil today = civil_from_days(floor_div(time_ms, kDayMs));
  int64_t year = today.year;
  unsigned month = ((today.month + 2) / 3) * 3;  // this quarter's last month
  for (int i = 0; i < 3; ++i) {
    const int64_t delivery = last_friday_0800(year, month);
    if (delivery > time_ms) return delivery;
    month += 3;
    if (month > 12) {
      month = 3;
      ++year;
    }
  }
  return last_friday_0800(year, month);
}

bool is_quarterly_delivery(int64_t delivery_ms) {
  return next_quarterly_delivery_ms(delivery_ms - 1) == delivery_ms;
}

std::string dated_symbol(const std::string& perpetual, int64_t delivery_ms) {
  const Civil day = civil_from_days(floor_div(delivery_ms, kDayMs));
  char text[16];
  std::snprintf(text, sizeof text, "_%02d%02u%02u", static_cast<int>(day.year % 100), day.month,
                day.day);
  return perpetual + text;
}

std::optional<DatedSymbol> parse_dated_symbol(const std::string& symbol) {
  const size_t cut = symbol.rfind('_');
  if (cut == std::string::npos || cut == 0 || symbol.size() - cut != 7) return std::nullopt;
  int digits[6];
  for (size_t i = 0; i < 6; ++i) {
    const char c = symbol[cut + 1 + i];
    if (c < '0' || c > '9') return std::nullopt;
    digits[i] = c - '0';
  }
  const int64_t year = 2000 + digits[0] * 10 + digits[1];
  const auto month = static_cast<unsigned>(digits[2] * 10 + digits[3]);
  const auto day = static_cast<unsigned>(digits[4] * 10 + digits[5]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const int64_t delivery = days_from_civil(year, month, day) * kDayMs + 8 * kHourMs;
  if (!is_quarterly_delivery(delivery)) return std::nullopt;
  return DatedSymbol{symbol.substr(0, cut), delivery};
}

double dated_basis_factor(double annual_basis, int64_t time_ms, int64_t delivery_ms) {
  const int64_t left = std::max<int64_t>(0, delivery_ms - time_ms);
  return 1.0 + annual_basis * static_cast<double>(left) / static_cast<double>(365 * kDayMs);
}

Result<DatedContract> choose_dated_contract(const std::vector<DatedContract>& contracts,
                                            ContractKind kind, int64_t now_ms,
                                            int64_t roll_before_ms, const std::string& pair) {
  const auto find = [&](ContractPeriod period) -> const DatedContract* {
    for (const DatedContract& contract : contracts) {
      if (contract.period == period) return &contract;
    }
    return nullptr;
  };
  const DatedContract* current = find(ContractPeriod::CurrentQuarter);
  const DatedContract* next = find(ContractPeriod::NextQuarter);
  const auto usable = [&](const DatedContract* contract) {
    return contract != nullptr && contract->instrument.trading &&
           now_ms < contract->instrument.delivery_ms - roll_before_ms;
  };
  const auto describe = [&](const DatedContract* contract, const char* what) {
    if (contract == nullptr)
      return std::string("no ") + what + " contract of " + pair + " is listed";
    std::string text = std::string(what) + " contract " + contract->instrument.symbol;
    if (!contract->instrument.trading) return text + " is not trading";
    return text + " delivers at " + format_iso8601(contract->instrument.delivery_ms) +
           ", within roll_before of now (" + format_iso8601(now_ms) + ")";
  };
  if (kind == ContractKind::Quarter) {
    if (usable(current)) return *current;
    if (usable(next)) return *next;
    return make_error(ErrorKind::NotFound, "no quarterly contract of " + pair +
                                               " to hold: " + describe(current, "current-quarter") +
                                               "; " + describe(next, "next-quarter"));
  }
  if (kind == ContractKind::NextQuarter) {
    if (usable(next)) return *next;
    return make_error(ErrorKind::NotFound, "no next-quarter contract of " + pair +
                                               " to hold: " + describe(next, "next-quarter"));
  }
  return make_error(ErrorKind::Internal, "a perpetual hedge has no dated contract to choose");
}

}  // namespace hedgebot
