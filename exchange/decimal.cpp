#include "exchange/decimal.hpp"

#include <cmath>
#include <limits>

namespace hedgebot {
namespace {

int64_t pow10(int exponent) {
  int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

}  // namespace

Result<Decimal> Decimal::parse(std::string_view text) {
  const std::string shown(text.substr(0, 40));
  if (text.empty()) return make_error(ErrorKind::InvalidInput, "empty number");
  bool negative = false;
  size_t pos = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    pos = 1;
  }
  int64_t mantissa = 0;
  int scale = 0;
  int digits = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '.') {
      if (seen_point)
        return make_error(ErrorKind::InvalidInput, "not a decimal number: '" + shown + "'");
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9')
      return make_error(ErrorKind::InvalidInput, "not a decimal number: '" + shown + "'");
    seen_digit = true;
    if (mantissa != 0 || c != '0') ++digits;
    if (digits > 18)
      return make_error(ErrorKind::InvalidInput, "number has too many digits: '" + shown + "'");
    mantissa = mantissa * 10 + (c - '0');
    if (seen_point) ++scale;
    if (scale > 18)
      return make_error(ErrorKind::InvalidInput, "number has too many decimals: '" + shown + "'");
  }
  if (!seen_digit)
    return make_error(ErrorKind::InvalidInput, "not a decimal number: '" + shown + "'");
  return Decimal{negative ? -mantissa : mantissa, scale};
}

double Decimal::to_double() const {
  return static_cast<double>(mantissa) / static_cast<double>(pow10(scale));
}

std::string Decimal::to_string() const {
  const bool negative = mantissa < 0;
  // mantissa is never INT64_MIN: parse() caps it at 18 digits.
  const std::string digits = std::to_string(negative ? -mantissa : mantissa);
  std::string text = negative ? "-" : "";
  if (scale <= 0) return text + digits;
  const auto decimals = static_cast<size_t>(scale);
  if (digits.size() <= decimals) {
    text += "0.";
    text.append(decimals - digits.size(), '0');
    text += digits;
  } else {
    text.append(digits, 0, digits.size() - decimals);
    text += '.';
    text.append(digits, digits.size() - decimals, decimals);
  }
  return text;
}

Decimal Decimal::normalized() const {
  Decimal result = *this;
  while (result.scale > 0 && result.mantissa % 10 == 0) {
    result.mantissa /= 10;
    --result.scale;
  }
  return result;
}

bool operator==(const Decimal& a, const Decimal& b) {
  const Decimal left = a.normalized();
  const Decimal right = b.normalized();
  return left.mantissa == right.mantissa && left.scale == right.scale;
}

}  // namespace hedgebot
