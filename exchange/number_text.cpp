#include "exchange/number_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hedgebot {
namespace {

std::string convert(double value, std::chars_format format, int precision, bool plus) {
  // %.*f of 1e308 has 309 integer digits; 400 covers every double at the precisions we use.
  char text[400];
  char* first = text;
  if (plus && !std::signbit(value)) *first++ = '+';
  const auto [end, ec] = std::to_chars(first, text + sizeof text, value, format, precision);
  if (ec != std::errc()) return "?";
  // A value that rounds to zero is shown as zero, never "-0.00" (and "+0.00" when signed).
  if (*first == '-' && std::all_of(first + 1, end, [](char c) { return c == '0' || c == '.'; })) {
    std::string zero(plus ? "+" : "");
    zero.append(first + 1, end);
    return zero;
  }
  return std::string(text, end);
}

}  // namespace

std::string general_text(double value, int precision) {
  return convert(value, std::chars_format::general, precision, false);
}

std::string fixed_text(double value, int decimals, bool plus) {
  return convert(value, std::chars_format::fixed, decimals, plus);
}

}  // namespace hedgebot
