#pragma once
// Exact decimal numbers for what crosses the venue boundary: a mantissa and a count of
// decimals. "0.001" is {1, 3}; "2458.91" is {245891, 2}. Never a binary float.

#include <cstdint>
#include <string>
#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot {

struct Decimal {
  int64_t mantissa = 0;
  int scale = 0;  // number of digits after the point, 0..18

  // Parses "123", "-0.001", "1.2500", "0". Refuses exponents, NaN, empty, more than 18
  // significant digits, and anything that is not a plain decimal.
  static Result<Decimal> parse(std::string_view text);

  double to_double() const;
  // Exactly `scale` decimals: {1250, 3} -> "1.250"; {5, 0} -> "5".
  std::string to_string() const;
  // The same value without trailing zeros after the point: {1250, 3} -> "1.25".
  Decimal normalized() const;
  bool is_zero() const { return mantissa == 0; }
  bool is_positive() const { return mantissa > 0; }

  friend bool operator==(const Decimal& a, const Decimal& b);
};

}  // namespace hedgebot
