#include "exchange/instrument.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hedgebot {
namespace {

constexpr double kOnBoundary = 1e-9;

// 10^scale. Every power up to 10^22 is exact in a double, so the table gives the very value
// std::pow(10.0, scale) does, without its cost (the paper exchange values positions per candle).
double exact_pow10(int scale) {
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (scale >= 0 && scale <= 22) return kPowers[scale];
  return std::pow(10.0, scale);
}

std::string format_multiple(int64_t count, const Decimal& unit) {
  const Decimal unit_normal = unit;
  if (unit_normal.mantissa != 0 &&
      std::llabs(count) > std::numeric_limits<int64_t>::max() / std::llabs(unit_normal.mantissa)) {
    throw std::overflow_error("quantity or price out of range: " + std::to_string(count) +
                              " steps");
  }
  return Decimal{count * unit_normal.mantissa, unit_normal.scale}.to_string();
}

int64_t checked_llround(double value) {
  if (!std::isfinite(value) || std::fabs(value) > 9.0e18) {
    throw std::overflow_error("number out of range for whole steps");
  }
  return static_cast<int64_t>(value);
}

}  // namespace

int64_t Instrument::steps_toward_zero(double contracts) const {
  const double steps = contracts / step_size();
  if (steps >= 0) return checked_llround(std::floor(steps + kOnBoundary));
  return checked_llround(std::ceil(steps - kOnBoundary));
}

double Instrument::steps_to_contracts(int64_t steps) const {
  return static_cast<double>(steps) * static_cast<double>(qty_step.mantissa) /
         exact_pow10(qty_step.scale);
}

int64_t Instrument::price_to_ticks(double price, PriceRounding rounding) const {
  const double ticks = price / tick_size();
  switch (rounding) {
    case PriceRounding::Down:
      return checked_llround(std::floor(ticks + kOnBoundary));
    case PriceRounding::Up:
      return checked_llround(std::ceil(ticks - kOnBoundary));
    case PriceRounding::Nearest:
      return checked_llround(std::round(ticks));
  }
  return 0;
}

double Instrument::ticks_to_price(int64_t ticks) const {
  return static_cast<double>(ticks) * static_cast<double>(price_tick.mantissa) /
         exact_pow10(price_tick.scale);
}

std::string Instrument::format_qty(int64_t steps) const {
  return format_multiple(steps, qty_step);
}

std::string Instrument::format_price(int64_t ticks) const {
  return format_multiple(ticks, price_tick);
}

Result<int64_t> Instrument::qty_to_steps(const Decimal& contracts) const {
  // Bring both to the same scale, then divide exactly.
  Decimal value = contracts;
  Decimal step = qty_step;
  // A quantity of 18 digits times 10^scale overflows int64: out of range, not a wrapped number.
  while (value.scale < step.scale) {
    if (__builtin_mul_overflow(value.mantissa, 10, &value.mantissa)) {
      return make_error(ErrorKind::InvalidResponse,
                        symbol + ": quantity " + contracts.to_string() + " is out of range");
    }
    ++value.scale;
  }
  while (step.scale < value.scale) {
    if (__builtin_mul_overflow(step.mantissa, 10, &step.mantissa)) {
      return make_error(ErrorKind::InvalidResponse,
                        symbol + ": quantity " + contracts.to_string() + " is out of range");
    }
    ++step.scale;
  }
  if (step.mantissa == 0)
    return make_error(ErrorKind::Internal, symbol + ": quantity step is zero");
  if (value.mantissa % step.mantissa != 0) {
    return make_error(ErrorKind::InvalidResponse, symbol + ": quantity " + contracts.to_string() +
                                                      " is not a multiple of the step " +
                                                      qty_step.to_string());
  }
  return value.mantissa / step.mantissa;
}

}  // namespace hedgebot
