// Instrument's conversions from a double to whole steps or ticks: the checked forms refuse what
// does not fit, the throwing forms throw, the saturating forms never fail and never wrap.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "exchange/instrument.hpp"

namespace hedgebot {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kMax = Instrument::kMaxWholeCount;

// 0.001 BTC per step, 0.1 USDT per tick: one step at 60 000 is 60 USDT of notional.
Instrument btcusdt() {
  Instrument instrument;
  instrument.symbol = "BTCUSDT";
  instrument.qty_step = Decimal{1, 3};
  instrument.price_tick = Decimal{1, 1};
  return instrument;
}

TEST(InstrumentConversion, CheckedStepsRoundTowardZeroAndKeepExactMultiples) {
  const Instrument instrument = btcusdt();
  EXPECT_EQ(instrument.checked_steps_toward_zero(0.35), 350);
  EXPECT_EQ(instrument.checked_steps_toward_zero(0.3509), 350);
  EXPECT_EQ(instrument.checked_steps_toward_zero(-0.3509), -350);
  EXPECT_EQ(instrument.checked_steps_toward_zero(0.0), 0);
  EXPECT_EQ(instrument.checked_base_to_steps_toward_zero(-1.25), -1250);
}

TEST(InstrumentConversion, CheckedStepsRefuseNaNInfinityAndOverflow) {
  const Instrument instrument = btcusdt();
  EXPECT_EQ(instrument.checked_steps_toward_zero(kNaN), std::nullopt);
  EXPECT_EQ(instrument.checked_steps_toward_zero(kInf), std::nullopt);
  EXPECT_EQ(instrument.checked_steps_toward_zero(-kInf), std::nullopt);
  EXPECT_EQ(instrument.checked_steps_toward_zero(1e17), std::nullopt);  // 1e20 steps
  EXPECT_EQ(instrument.checked_base_to_steps_toward_zero(-1e17), std::nullopt);
  EXPECT_EQ(instrument.checked_steps_toward_zero(9e15), 9'000'000'000'000'000'000);
  EXPECT_THROW((void)instrument.steps_toward_zero(kNaN), std::overflow_error);
  EXPECT_THROW((void)instrument.base_to_steps_toward_zero(1e17), std::overflow_error);
}

TEST(InstrumentConversion, CheckedTicksFollowTheRoundingAndRefuseWhatDoesNotFit) {
  const Instrument instrument = btcusdt();
  EXPECT_EQ(instrument.checked_price_to_ticks(60000.05, PriceRounding::Down), 600000);
  EXPECT_EQ(instrument.checked_price_to_ticks(60000.05, PriceRounding::Up), 600001);
  EXPECT_EQ(instrument.checked_price_to_ticks(60000.0, PriceRounding::Up), 600000);
  EXPECT_EQ(instrument.checked_price_to_ticks(kNaN, PriceRounding::Nearest), std::nullopt);
  EXPECT_EQ(instrument.checked_price_to_ticks(kInf, PriceRounding::Down), std::nullopt);
  EXPECT_EQ(instrument.checked_price_to_ticks(1e18, PriceRounding::Down), std::nullopt);
  EXPECT_THROW((void)instrument.price_to_ticks(1e18, PriceRounding::Up), std::overflow_error);
}

TEST(InstrumentConversion, NotionalToStepsIsTowardZeroWithTheBoundaryTolerance) {
  const Instrument instrument = btcusdt();
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(600.0, 60000.0), 10);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(659.99, 60000.0), 10);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(59.99, 60000.0), 0);
  // 0.3 / 0.1 is 2.9999999999999996 in doubles: on the boundary, so 3 steps.
  EXPECT_EQ(Instrument::saturating_steps_toward_zero(0.3 / 0.1), 3);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(-659.99, 60000.0), -10);
}

TEST(InstrumentConversion, NotionalToStepsSaturatesInsteadOfWrapping) {
  const Instrument instrument = btcusdt();
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(1e300, 60000.0), kMax);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(-1e300, 60000.0), -kMax);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(kInf, 60000.0), kMax);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(kNaN, 60000.0), 0);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(600.0, 0.0), 0);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(600.0, -60000.0), 0);
  EXPECT_EQ(instrument.notional_to_steps_toward_zero(600.0, kNaN), 0);
  EXPECT_EQ(Instrument::saturating_steps_toward_zero(kNaN), 0);
  EXPECT_EQ(Instrument::saturating_steps_toward_zero(-kInf), -kMax);
  EXPECT_EQ(Instrument::saturating_steps_toward_zero(9.5e18), kMax);
}

// Contracts <-> base units: the instrument's contract size, in one place. A micro contract of
// 0.01 BTC traded in whole contracts: 350 contracts are 3.5 BTC, written exactly.
TEST(InstrumentConversion, ContractsAndBaseUnitsConvertThroughTheContractSize) {
  Instrument micro = btcusdt();
  micro.contract_size = 0.01;
  micro.qty_step = Decimal{1, 0};
  EXPECT_TRUE(micro.quotes_in_contracts());
  EXPECT_EQ(micro.format_qty(350), "350");
  EXPECT_EQ(micro.format_base_qty(350), "3.50");
  EXPECT_EQ(micro.format_base_qty(-7), "-0.07");
  EXPECT_DOUBLE_EQ(micro.steps_to_base(350), 3.5);
  EXPECT_EQ(micro.checked_base_to_steps_toward_zero(3.5), 350);
  EXPECT_EQ(micro.checked_base_to_contracts(3.5), 350.0);

  const Instrument linear = btcusdt();
  EXPECT_FALSE(linear.quotes_in_contracts());
  EXPECT_EQ(linear.format_base_qty(350), "0.350");  // the venue's text, unchanged

  // A contract size that is not a positive finite number converts nothing.
  for (const double size : {0.0, -0.01, kNaN, kInf}) {
    Instrument broken = micro;
    broken.contract_size = size;
    EXPECT_FALSE(broken.checked_base_to_contracts(3.5).has_value()) << size;
    EXPECT_FALSE(broken.checked_base_to_steps_toward_zero(3.5).has_value()) << size;
    EXPECT_THROW((void)broken.base_to_steps_toward_zero(3.5), std::overflow_error) << size;
  }
}

}  // namespace
}  // namespace hedgebot
