#include "bot/pipeline/planner.hpp"

#include <gtest/gtest.h>

#include "tests/support/market_fixtures.hpp"

namespace hedgebot::bot {
namespace {

using testing::btcusdt_instrument;

// 0.01 BTC per contract, whole contracts.
Instrument btc_micro() {
  Instrument instrument = btcusdt_instrument();
  instrument.contract_size = 0.01;
  instrument.qty_step = Decimal{1, 0};
  instrument.min_notional = 0.0;
  return instrument;
}

PlanInput input_for(const Instrument& instrument, double spot, double ratio, int64_t position_steps,
                    double price = 60000.0) {
  PlanInput input;
  input.asset = "BTC";
  input.instrument = instrument;
  input.target_ratio = ratio;
  input.min_ratio = 0.0;
  input.max_ratio = 1.2;
  input.band = 0.0;
  input.spot_qty = spot;
  input.spot_price = price;
  input.mark_price = price;
  input.position_steps = position_steps;
  return input;
}

TEST(Planner, WorkedExampleFullHedgeOfMicroContractsIs350Short) {
  const Plan plan = plan_hedge(input_for(btc_micro(), 3.5, 1.0, 0));
  EXPECT_EQ(plan.target_steps, -350);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].side, Side::Sell);
  EXPECT_EQ(plan.orders[0].qty_steps, 350);
  EXPECT_FALSE(plan.orders[0].reduce_only);
}

TEST(Planner, WorkedExampleHalfHedgeOfMicroContractsIs175Short) {
  const Plan plan = plan_hedge(input_for(btc_micro(), 3.5, 0.5, 0));
  EXPECT_EQ(plan.target_steps, -175);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].qty_steps, 175);
}

// On a venue that counts in contracts, a message gives coins first and the contracts beside
// them. Before, "open of 3 is under the minimum quantity 5" read as 3 BTC, not 0.03 BTC.
TEST(Planner, MessagesOnContractsNameBaseUnitsAndContracts) {
  Instrument instrument = btc_micro();
  instrument.min_qty_steps = 5;
  const Plan plan = plan_hedge(input_for(instrument, 0.035, 1.0, 0));
  EXPECT_NE(plan.skip_reason.find("0.03 (3 contracts) is under the minimum quantity 0.05 (5 "
                                  "contracts)"),
            std::string::npos)
      << plan.skip_reason;
}

TEST(Planner, WorkedExampleInitialMarginAt50xIs4550) {
  EXPECT_DOUBLE_EQ(initial_margin(227500.0, 50.0), 4550.0);
}

TEST(Planner, RoundsTowardZeroSoTheHedgeNeverExceedsTarget) {
  // 0.3337 BTC x 1.0 -> 0.333 BTC, not 0.334.
  const Plan plan = plan_hedge(input_for(btcusdt_instrument(), 0.3337, 1.0, 0));
  EXPECT_EQ(plan.target_steps, -333);
}

TEST(Planner, InsideBandPlacesNothingAndSaysWhy) {
  PlanInput input = input_for(btcusdt_instrument(), 1.0, 0.5, -480);
  input.band = 0.05;
  const Plan plan = plan_hedge(input);
  EXPECT_TRUE(plan.orders.empty());
  EXPECT_NE(plan.skip_reason.find("inside band"), std::string::npos) << plan.skip_reason;
}

TEST(Planner, JustOutsideBandTrades) {
  PlanInput input = input_for(btcusdt_instrument(), 1.0, 0.5, -440);
  input.band = 0.05;
  const Plan plan = plan_hedge(input);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].qty_steps, 60);
  EXPECT_EQ(plan.orders[0].leg, "increase");
}

TEST(Planner, TargetThatRoundsToZeroPlacesNothingWithReason) {
  const Plan plan = plan_hedge(input_for(btcusdt_instrument(), 0.0015, 0.5, 0));
  EXPECT_TRUE(plan.orders.empty());
  EXPECT_NE(plan.skip_reason.find("rounds to zero"), std::string::npos) << plan.skip_reason;
}

TEST(Planner, OrderUnderMinNotionalIsRefusedWithReason) {
  // 0.001 BTC at 60 000 = 60 USDT < 100 USDT.
  const Plan plan = plan_hedge(input_for(btcusdt_instrument(), 0.002, 0.5, 0));
  EXPECT_TRUE(plan.orders.empty());
  EXPECT_TRUE(plan.below_minimum);
  EXPECT_NE(plan.skip_reason.find("minimum notional 100.00 USDT"), std::string::npos)
      << plan.skip_reason;
}

TEST(Planner, DecreaseIsReduceOnlyAndExemptFromMinNotional) {
  // From -0.500 to -0.499: a 60 USDT reduction still goes through, reduce-only.
  const Plan plan = plan_hedge(input_for(btcusdt_instrument(), 0.998, 0.5, -500));
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].side, Side::Buy);
  EXPECT_EQ(plan.orders[0].qty_steps, 1);
  EXPECT_TRUE(plan.orders[0].reduce_only);
  EXPECT_EQ(plan.orders[0].leg, "reduce");
}

TEST(Planner, CloseToZeroIsReduceOnlyClose) {
  const Plan plan = plan_hedge(input_for(btcusdt_instrument(), 1.0, 0.0, -500));
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_TRUE(plan.orders[0].reduce_only);
  EXPECT_EQ(plan.orders[0].leg, "close");
  EXPECT_EQ(plan.orders[0].qty_steps, 500);
}

TEST(Planner, FlipIsReduceOnlyCloseThenOpen) {
  PlanInput input = input_for(btcusdt_instrument(), 1.0, -0.2, -500);
  input.min_ratio = -0.5;
  const Plan plan = plan_hedge(input);
  ASSERT_EQ(plan.orders.size(), 2u);
  EXPECT_EQ(plan.orders[0].leg, "close");
  EXPECT_TRUE(plan.orders[0].reduce_only);
  EXPECT_EQ(plan.orders[0].side, Side::Buy);
  EXPECT_EQ(plan.orders[0].qty_steps, 500);
  EXPECT_EQ(plan.orders[1].leg, "open");
  EXPECT_FALSE(plan.orders[1].reduce_only);
  EXPECT_EQ(plan.orders[1].side, Side::Buy);
  EXPECT_EQ(plan.orders[1].qty_steps, 200);
}

TEST(Planner, RatioOutsideMinMaxIsClamped) {
  PlanInput input = input_for(btcusdt_instrument(), 1.0, 3.0, 0);
  input.max_ratio = 1.2;
  Plan plan = plan_hedge(input);
  EXPECT_DOUBLE_EQ(plan.target_ratio, 1.2);
  EXPECT_EQ(plan.target_steps, -1200);
  input.target_ratio = -1.0;
  input.min_ratio = 0.0;
  plan = plan_hedge(input);
  EXPECT_DOUBLE_EQ(plan.target_ratio, 0.0);
  EXPECT_TRUE(plan.orders.empty());
}

TEST(Planner, SplitsOrdersLargerThanTheVenueMaximum) {
  Instrument instrument = btcusdt_instrument();
  instrument.max_qty_steps = 400;
  const Plan plan = plan_hedge(input_for(instrument, 1.0, 1.0, 0));
  ASSERT_EQ(plan.orders.size(), 3u);
  EXPECT_EQ(plan.orders[0].qty_steps + plan.orders[1].qty_steps + plan.orders[2].qty_steps, 1000);
  EXPECT_EQ(plan.orders[2].qty_steps, 200);
}

TEST(Planner, ProxyHedgeScalesByBetaAndPrices) {
  PlanInput input = input_for(btcusdt_instrument(), 2.0, 1.0, 0, 50000.0);
  input.beta = 0.5;
  input.spot_price = 3000.0;  // hedging 2 ETH-like units worth 6 000 with half beta
  const Plan plan = plan_hedge(input);
  EXPECT_NEAR(plan.target_base, -2.0 * 0.5 * 3000.0 / 50000.0, 1e-12);
  EXPECT_EQ(plan.target_steps, -60);
}

}  // namespace
}  // namespace hedgebot::bot
