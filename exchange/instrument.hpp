#pragma once
// A tradable futures instrument and the rounding it owns. Order quantities are whole
// numbers of `qty_step` contracts; prices whole numbers of `price_tick`. One contract is
// `contract_size` base units (1 for Binance USDⓈ-M linear, 0.01 for a micro contract), as the
// venue's instrument says. This struct is the only code that converts between contracts and
// base units.

#include <cstdint>
#include <optional>
#include <string>

#include "exchange/decimal.hpp"
#include "exchange/result.hpp"

namespace hedgebot {

enum class PriceRounding { Down, Up, Nearest };

struct Instrument {
  std::string symbol;
  std::string base_asset;
  std::string quote_asset;
  double contract_size = 1.0;  // base units per contract
  Decimal qty_step{1, 3};      // contracts per step (MARKET_LOT_SIZE on Binance)
  Decimal price_tick{1, 2};    // quote per tick
  int64_t min_qty_steps = 1;   // smallest order, in steps
  int64_t max_qty_steps = 0;   // largest single order, in steps; 0 = no limit
  double min_notional = 0.0;   // quote; reduce-only orders are exempt
  int64_t delivery_ms = 0;     // 0 = perpetual
  bool trading = true;         // false: status is not TRADING

  // The largest count of whole steps or ticks a conversion from a double gives (int64_t holds
  // 9.22e18); a count beyond it is out of range.
  static constexpr int64_t kMaxWholeCount = 9'000'000'000'000'000'000;

  double step_size() const { return qty_step.to_double(); }
  double tick_size() const { return price_tick.to_double(); }

  // This struct is the only code that turns a double into whole steps or ticks. Three forms:
  //   checked_*    std::nullopt when the input is not a finite number or the count is beyond
  //                ±kMaxWholeCount;
  //   the plain    the same, but std::overflow_error instead of std::nullopt;
  //   saturating   never fails: NaN gives 0, a count beyond range gives ±kMaxWholeCount.

  // Contracts -> whole steps, rounded toward zero (so a hedge never exceeds its target).
  // A value within 1e-9 of a step boundary counts as on it (0.35 / 0.01 is 35, not 34).
  std::optional<int64_t> checked_steps_toward_zero(double contracts) const;
  int64_t steps_toward_zero(double contracts) const;
  double steps_to_contracts(int64_t steps) const;
  double steps_to_base(int64_t steps) const { return contracts_to_base(steps_to_contracts(steps)); }
  std::optional<int64_t> checked_base_to_steps_toward_zero(double base_qty) const;
  int64_t base_to_steps_toward_zero(double base_qty) const {
    return or_throw(checked_base_to_steps_toward_zero(base_qty));
  }

  // Contracts <-> base units. A contract size that is not a positive finite number makes
  // every base -> contracts conversion fail (nullopt) rather than divide by it.
  bool quotes_in_contracts() const { return contract_size != 1.0; }  // contracts != base units
  double contracts_to_base(double contracts) const { return contracts * contract_size; }
  std::optional<double> checked_base_to_contracts(double base_qty) const;

  // Exact text of `steps` in base units: format_qty() when a contract is one base unit,
  // else steps x qty_step x contract_size ("350" contracts of 0.01 -> "3.50").
  std::string format_base_qty(int64_t steps) const;
  // For messages: the base quantity, with the contracts beside it when the venue counts in
  // contracts ("3.50 (350 contracts)"), so a reader never takes contracts for coins.
  std::string describe_qty(int64_t steps) const;

  // How many whole steps a notional (quote) amount buys at `price`: notional / (one step's
  // base quantity x price), toward zero, with the same 1e-9 boundary. Saturating: a price that
  // is not a positive number, or a NaN anywhere, gives 0 (no room); a huge budget gives
  // kMaxWholeCount rather than a wrapped number.
  int64_t notional_to_steps_toward_zero(double notional, double price) const;
  // A count of steps computed as a double (a budget over the cost of one step) -> whole steps
  // toward zero, with the 1e-9 boundary; saturating as above.
  static int64_t saturating_steps_toward_zero(double steps);

  std::optional<int64_t> checked_price_to_ticks(double price, PriceRounding rounding) const;
  int64_t price_to_ticks(double price, PriceRounding rounding) const;
  double ticks_to_price(int64_t ticks) const;

  // Exact text for the venue: steps 1250 with step 0.001 -> "1.250"; never "1e-05".
  std::string format_qty(int64_t steps) const;
  std::string format_price(int64_t ticks) const;

  // A decimal quantity from the venue -> whole steps; an error if it is not on the grid.
  Result<int64_t> qty_to_steps(const Decimal& contracts) const;

 private:
  static int64_t or_throw(std::optional<int64_t> count);
};

}  // namespace hedgebot
