// number_text must write exactly what printf writes: journal explanations and messages changed
// from snprintf to it, and replays promise byte-identical output.
#include "exchange/number_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace hedgebot {
namespace {

// printf's text, except that a zero is never negative: hedgebot never prints "-0" (nor "-0.00"
// for a value that rounds to zero), where printf keeps the sign.
std::string printf_text(const char* format, int precision, double value) {
  char text[512];
  std::snprintf(text, sizeof text, format, precision, value);
  std::string printed = text;
  const bool zero = printed.find_first_of("123456789") == std::string::npos &&
                    printed.find_first_of("0") != std::string::npos;
  if (zero && printed.front() == '-') {
    if (std::string(format).find('+') != std::string::npos) {
      printed.front() = '+';
    } else {
      printed.erase(0, 1);
    }
  }
  return printed;
}

std::vector<double> sample_values() {
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                -1.0,
                                0.5,
                                0.005,
                                0.015,
                                0.125,
                                2.675,
                                999999.5,
                                1234567.0,
                                0.0001234,
                                1e-5,
                                1e21,
                                -3.14159265358979,
                                60000.123456789,
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN(),
                                -std::numeric_limits<double>::quiet_NaN()};
  std::mt19937_64 random(20261121);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> exponent(-12, 12);
  for (int i = 0; i < 20000; ++i) {
    values.push_back(mantissa(random) * std::pow(10.0, exponent(random)));
  }
  return values;
}

TEST(NumberText, GeneralMatchesPrintfG) {
  for (const double value : sample_values()) {
    for (const int precision : {1, 3, 6, 10, 17}) {
      ASSERT_EQ(general_text(value, precision), printf_text("%.*g", precision, value))
          << "value " << printf_text("%.*g", 17, value) << " precision " << precision;
    }
  }
}

TEST(NumberText, FixedMatchesPrintfF) {
  for (const double value : sample_values()) {
    for (const int decimals : {0, 2, 8}) {
      ASSERT_EQ(fixed_text(value, decimals), printf_text("%.*f", decimals, value))
          << "value " << printf_text("%.*g", 17, value) << " decimals " << decimals;
      ASSERT_EQ(fixed_text(value, decimals, true), printf_text("%+.*f", decimals, value))
          << "value " << printf_text("%.*g", 17, value) << " decimals " << decimals;
    }
  }
}

TEST(NumberText, DefaultPrecisionIsSix) {
  EXPECT_EQ(general_text(60000.123456789), "60000.1");
  EXPECT_EQ(general_text(0.00001234567), "1.23457e-05");
  EXPECT_EQ(fixed_text(-0.25, 2, true), "-0.25");
  EXPECT_EQ(fixed_text(0.25, 2, true), "+0.25");
}

}  // namespace
}  // namespace hedgebot
