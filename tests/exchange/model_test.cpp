#include "exchange/model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "exchange/decimal.hpp"
#include "exchange/instrument.hpp"

namespace hedgebot {
namespace {

Instrument btc_micro() {
  Instrument instrument;
  instrument.symbol = "BTCUSDT";
  instrument.contract_size = 0.01;
  instrument.qty_step = Decimal{1, 0};
  instrument.price_tick = Decimal{1, 1};
  return instrument;
}

TEST(Decimal, ParsesPlainDecimals) {
  auto value = Decimal::parse("2458.91");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->mantissa, 245891);
  EXPECT_EQ(value->scale, 2);
  EXPECT_EQ(Decimal::parse("-0.001")->mantissa, -1);
  EXPECT_EQ(Decimal::parse("0")->mantissa, 0);
  EXPECT_EQ(Decimal::parse("1.2500")->to_string(), "1.2500");
}

TEST(Decimal, RefusesExponentsNanAndEmpty) {
  EXPECT_FALSE(Decimal::parse("1e-5").ok());
  EXPECT_FALSE(Decimal::parse("nan").ok());
  EXPECT_FALSE(Decimal::parse("NaN").ok());
  EXPECT_FALSE(Decimal::parse("").ok());
  EXPECT_FALSE(Decimal::parse("inf").ok());
  EXPECT_FALSE(Decimal::parse("1.2.3").ok());
  EXPECT_FALSE(Decimal::parse("-").ok());
  EXPECT_FALSE(Decimal::parse("1234567890123456789").ok());
}

TEST(Decimal, FormatsWithoutExponentOrFloatNoise) {
  EXPECT_EQ((Decimal{1250, 3}.to_string()), "1.250");
  EXPECT_EQ((Decimal{1, 5}.to_string()), "0.00001");
  EXPECT_EQ((Decimal{5, 0}.to_string()), "5");
  EXPECT_EQ((Decimal{-35, 2}.to_string()), "-0.35");
  EXPECT_EQ((Decimal{1250, 3}.normalized().to_string()), "1.25");
  EXPECT_EQ((Decimal{3, 1}), (Decimal{30, 2}));
}

TEST(Instrument, FormatsStepsExactly) {
  Instrument instrument;
  instrument.qty_step = Decimal{1, 3};
  EXPECT_EQ(instrument.format_qty(1250), "1.250");
  instrument.qty_step = Decimal{1, 5};
  EXPECT_EQ(instrument.format_qty(1), "0.00001");
  instrument.qty_step = Decimal{1, 1};
  EXPECT_EQ(instrument.format_qty(3), "0.3");  // never 0.30000000000000004
}

TEST(Instrument, RoundsTowardZero) {
  Instrument instrument;
  instrument.qty_step = Decimal{1, 2};
  EXPECT_EQ(instrument.steps_toward_zero(0.35), 35);
  EXPECT_EQ(instrument.steps_toward_zero(0.359), 35);
  EXPECT_EQ(instrument.steps_toward_zero(-0.359), -35);
  EXPECT_EQ(instrument.steps_toward_zero(0.009), 0);
}

TEST(Instrument, WorkedHedgeExampleFromDesign) {
  // docs/design.md: 3.5 BTC spot, 0.01 BTC contracts, qty step 1 contract.
  const Instrument instrument = btc_micro();
  const double spot = 3.5;
  EXPECT_EQ(instrument.base_to_steps_toward_zero(-1.0 * spot), -350);
  EXPECT_EQ(instrument.base_to_steps_toward_zero(-0.5 * spot), -175);
  EXPECT_DOUBLE_EQ(instrument.steps_to_base(-350), -3.5);
}

TEST(Instrument, FormatsPricesFromTicks) {
  Instrument instrument;
  instrument.price_tick = Decimal{1, 2};
  EXPECT_EQ(instrument.format_price(245891), "2458.91");
  EXPECT_EQ(instrument.price_to_ticks(2458.914, PriceRounding::Down), 245891);
  EXPECT_EQ(instrument.price_to_ticks(2458.911, PriceRounding::Up), 245892);
  instrument.price_tick = Decimal{1, 1};
  EXPECT_EQ(instrument.format_price(600005), "60000.5");
}

TEST(Instrument, QtyToStepsRejectsOffGrid) {
  Instrument instrument;
  instrument.qty_step = Decimal{1, 3};
  EXPECT_EQ(*instrument.qty_to_steps(*Decimal::parse("-5.000")), -5000);
  EXPECT_EQ(*instrument.qty_to_steps(*Decimal::parse("1.25")), 1250);
  auto off_grid = instrument.qty_to_steps(*Decimal::parse("0.0005"));
  ASSERT_FALSE(off_grid.ok());
  EXPECT_EQ(off_grid.error().kind, ErrorKind::InvalidResponse);
}

TEST(Time, ParsesDurations) {
  EXPECT_EQ(*parse_duration_ms("30s"), 30 * kSecondMs);
  EXPECT_EQ(*parse_duration_ms("5m"), 5 * kMinuteMs);
  EXPECT_EQ(*parse_duration_ms("4h"), 4 * kHourMs);
  EXPECT_EQ(*parse_duration_ms("1d"), kDayMs);
  EXPECT_FALSE(parse_duration_ms("0m").ok());
  EXPECT_FALSE(parse_duration_ms("5").ok());
  EXPECT_FALSE(parse_duration_ms("-5m").ok());
  EXPECT_FALSE(parse_duration_ms("5x").ok());
  EXPECT_EQ(format_duration(5 * kMinuteMs), "5m");
  EXPECT_EQ(format_duration(kHourMs), "1h");
}

TEST(Time, ParsesAndFormatsIso8601) {
  EXPECT_EQ(*parse_time_ms("2024-01-01"), 1704067200000);
  EXPECT_EQ(*parse_time_ms("2024-01-01T08:00:00Z"), 1704067200000 + 8 * kHourMs);
  EXPECT_EQ(*parse_time_ms("2024-01-01T08:00"), 1704067200000 + 8 * kHourMs);
  EXPECT_EQ(*parse_time_ms("1704067200000"), 1704067200000);
  EXPECT_FALSE(parse_time_ms("2024-13-01").ok());
  EXPECT_FALSE(parse_time_ms("yesterday").ok());
  EXPECT_EQ(format_iso8601(1704067200000), "2024-01-01T00:00:00Z");
}

TEST(Account, MarginRatioAsBinanceDefinesIt) {
  Account account;
  account.maint_margin = 49.1782;
  account.margin_balance = 9962.40;
  EXPECT_NEAR(account.margin_ratio(), 0.004936, 1e-6);
  account.margin_balance = 0;
  EXPECT_TRUE(std::isinf(account.margin_ratio()));
  // Nothing held: no risk, whatever is left of the balance (a liquidated paper account).
  account.maint_margin = 0;
  EXPECT_EQ(account.margin_ratio(), 0.0);
}

}  // namespace
}  // namespace hedgebot
