#include "exchange/instrument.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "exchange/number_text.hpp"

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

// A whole number held in a double (already floored, ceiled or rounded) -> int64_t;
// std::nullopt when it is not finite or beyond ±kMaxWholeCount.
std::optional<int64_t> checked_whole(double whole) {
  if (!std::isfinite(whole) || std::fabs(whole) > static_cast<double>(Instrument::kMaxWholeCount)) {
    return std::nullopt;
  }
  return static_cast<int64_t>(whole);
}

// A count as a double -> whole count toward zero; within 1e-9 of a boundary counts as on it.
double whole_toward_zero(double count) {
  return count >= 0 ? std::floor(count + kOnBoundary) : std::ceil(count - kOnBoundary);
}

}  // namespace

std::optional<int64_t> Instrument::checked_steps_toward_zero(double contracts) const {
  return checked_whole(whole_toward_zero(contracts / step_size()));
}

int64_t Instrument::or_throw(std::optional<int64_t> count) {
  if (!count) throw std::overflow_error("number out of range for whole steps");
  return *count;
}

std::optional<double> Instrument::checked_base_to_contracts(double base_qty) const {
  if (!std::isfinite(contract_size) || !(contract_size > 0.0)) return std::nullopt;
  const double contracts = base_qty / contract_size;
  if (!std::isfinite(contracts)) return std::nullopt;
  return contracts;
}

std::optional<int64_t> Instrument::checked_base_to_steps_toward_zero(double base_qty) const {
  const std::optional<double> contracts = checked_base_to_contracts(base_qty);
  if (!contracts) return std::nullopt;
  return checked_steps_toward_zero(*contracts);
}

std::string Instrument::describe_qty(int64_t steps) const {
  std::string text = format_base_qty(steps);
  if (quotes_in_contracts()) text.append(" (").append(format_qty(steps)).append(" contracts)");
  return text;
}

std::string Instrument::format_base_qty(int64_t steps) const {
  if (!quotes_in_contracts()) return format_qty(steps);
  // The contract size as the short decimal it was written as (0.01, not 0.01000000000000000021),
  // then steps x step x size exactly; a size with no short decimal form, or a product beyond
  // int64, is written as the double's 15 significant digits.
  const Result<Decimal> size = Decimal::parse(general_text(contract_size, 15));
  if (size && size->scale + qty_step.scale <= 18) {
    int64_t mantissa = 0;
    if (!__builtin_mul_overflow(steps, qty_step.mantissa, &mantissa) &&
        !__builtin_mul_overflow(mantissa, size->mantissa, &mantissa)) {
      return Decimal{mantissa, size->scale + qty_step.scale}.to_string();
    }
  }
  return general_text(steps_to_base(steps), 15);
}

int64_t Instrument::steps_toward_zero(double contracts) const {
  return or_throw(checked_steps_toward_zero(contracts));
}

int64_t Instrument::saturating_steps_toward_zero(double steps) {
  if (std::isnan(steps)) return 0;
  const double whole = whole_toward_zero(steps);
  const auto limit = static_cast<double>(kMaxWholeCount);
  if (whole >= limit) return kMaxWholeCount;
  if (whole <= -limit) return -kMaxWholeCount;
  return static_cast<int64_t>(whole);
}

int64_t Instrument::notional_to_steps_toward_zero(double notional, double price) const {
  if (!(price > 0.0)) return 0;
  return saturating_steps_toward_zero(notional / (steps_to_base(1) * price));
}

double Instrument::steps_to_contracts(int64_t steps) const {
  return static_cast<double>(steps) * static_cast<double>(qty_step.mantissa) /
         exact_pow10(qty_step.scale);
}

std::optional<int64_t> Instrument::checked_price_to_ticks(double price,
                                                          PriceRounding rounding) const {
  const double ticks = price / tick_size();
  switch (rounding) {
    case PriceRounding::Down:
      return checked_whole(std::floor(ticks + kOnBoundary));
    case PriceRounding::Up:
      return checked_whole(std::ceil(ticks - kOnBoundary));
    case PriceRounding::Nearest:
      return checked_whole(std::round(ticks));
  }
  return std::nullopt;
}

int64_t Instrument::price_to_ticks(double price, PriceRounding rounding) const {
  return or_throw(checked_price_to_ticks(price, rounding));
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
