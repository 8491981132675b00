#include "bot/pipeline/risk_guard.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "exchange/margin_brackets.hpp"
#include "tests/support/market_fixtures.hpp"

namespace hedgebot::bot {
namespace {

using testing::btcusdt_instrument;

Plan sell_plan(int64_t steps, bool reduce_only = false, int64_t current = 0) {
  Plan plan;
  plan.asset = "BTC";
  plan.symbol = "BTCUSDT";
  plan.current_steps = current;
  plan.orders.push_back(
      {reduce_only ? Side::Buy : Side::Sell, steps, reduce_only, reduce_only ? "reduce" : "open"});
  return plan;
}

RiskContext fresh_context() {
  RiskContext context;
  context.now_ms = 1'700'000'000'000;
  context.newest_close_ms = context.now_ms;
  context.last_close = 60000.0;
  context.mark_price = 60000.0;
  context.account.wallet_balance = 30000.0;
  context.account.margin_balance = 30000.0;
  context.account.maint_margin = 0.0;
  return context;
}

config::RiskConfig limits() {
  config::RiskConfig risk;
  risk.max_order_notional = 50000.0;
  risk.max_leverage = 3.0;
  risk.max_margin_ratio = 0.5;
  risk.stale_after_ms = 2 * kHourMs;
  risk.max_price_deviation = 0.05;
  risk.kill_switch = "state/STOP";
  return risk;
}

TEST(RiskGuard, ApprovesOrderWithinLimits) {
  const RiskVerdict verdict =
      check_plan(sell_plan(500), btcusdt_instrument(), limits(), fresh_context());
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_EQ(verdict.approved[0].qty_steps, 500);
  EXPECT_TRUE(verdict.refusals.empty());
}

TEST(RiskGuard, KillSwitchRefusesEverythingEvenReductions) {
  RiskContext context = fresh_context();
  context.kill_switch_present = true;
  context.kill_switch_path = "state/STOP";
  const RiskVerdict verdict =
      check_plan(sell_plan(100, true, -500), btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
  EXPECT_NE(verdict.refusals[0].reason.find("kill switch state/STOP exists"), std::string::npos);
}

TEST(RiskGuard, StaleCandlesRefuse) {
  RiskContext context = fresh_context();
  context.newest_close_ms = context.now_ms - 3 * kHourMs;
  const RiskVerdict verdict = check_plan(sell_plan(100), btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
  EXPECT_NE(verdict.refusals[0].reason.find("stale data"), std::string::npos)
      << verdict.refusals[0].reason;
}

TEST(RiskGuard, MarkFarFromLastCloseRefusesAsBadData) {
  RiskContext context = fresh_context();
  context.mark_price = 6000.0;  // a misplaced decimal point from the venue
  const RiskVerdict verdict = check_plan(sell_plan(100), btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
  EXPECT_NE(verdict.refusals[0].reason.find("price sanity"), std::string::npos);
}

TEST(RiskGuard, NonPositiveMarkRefuses) {
  RiskContext context = fresh_context();
  context.mark_price = 0.0;
  EXPECT_TRUE(check_plan(sell_plan(100), btcusdt_instrument(), limits(), context).approved.empty());
}

TEST(RiskGuard, TrimsIncreaseToMaxOrderNotional) {
  // 1.000 BTC at 60 000 = 60 000 > 50 000 -> 0.833 BTC.
  const RiskVerdict verdict =
      check_plan(sell_plan(1000), btcusdt_instrument(), limits(), fresh_context());
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_EQ(verdict.approved[0].qty_steps, 833);
  ASSERT_EQ(verdict.notes.size(), 1u);
  EXPECT_NE(verdict.notes[0].find("risk.max_order_notional"), std::string::npos);
}

TEST(RiskGuard, TrimsIncreaseToMaxLeverage) {
  config::RiskConfig risk = limits();
  risk.max_order_notional = 1e9;
  risk.max_leverage = 1.0;  // 30 000 USDT of margin -> 0.5 BTC at 60 000
  const RiskVerdict verdict =
      check_plan(sell_plan(800), btcusdt_instrument(), risk, fresh_context());
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_EQ(verdict.approved[0].qty_steps, 500);
}

TEST(RiskGuard, TrimsIncreaseToTheVenueBracketCapAtTheLeverage) {
  // At 125x the bundled BTCUSDT brackets allow 50 000 of notional: holding 0.5 BTC (30 000 at
  // 60 000), a sell of 0.5 BTC is cut to 0.333 BTC (19 980), what is left under the cap.
  config::RiskConfig risk = limits();
  risk.max_order_notional = 1e9;
  risk.max_leverage = 100.0;
  RiskContext context = fresh_context();
  context.leverage = 125;
  context.account.available_balance = 30000.0;
  context.bracket_max_notional = max_notional_at_leverage(
      {{0, 50'000, 125, 0.004, 0}, {50'000, 600'000, 100, 0.005, 50}}, 125);
  const RiskVerdict verdict =
      check_plan(sell_plan(500, false, -500), btcusdt_instrument(), risk, context);
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_EQ(verdict.approved[0].qty_steps, 333);
  ASSERT_EQ(verdict.notes.size(), 1u);
  EXPECT_NE(verdict.notes[0].find("the venue's margin brackets (at most 50000.00"),
            std::string::npos)
      << verdict.notes[0];
}

TEST(RiskGuard, LeverageCountsOtherHedges) {
  config::RiskConfig risk = limits();
  risk.max_order_notional = 1e9;
  risk.max_leverage = 1.0;
  RiskContext context = fresh_context();
  context.other_positions_notional = 30000.0;  // all the room is used by another hedge
  const RiskVerdict verdict = check_plan(sell_plan(100), btcusdt_instrument(), risk, context);
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
  EXPECT_NE(verdict.refusals[0].reason.find("risk.max_leverage"), std::string::npos);
}

TEST(RiskGuard, HighMarginRatioRefusesIncreasesButLetsReductionsThrough) {
  RiskContext context = fresh_context();
  context.account.maint_margin = 18000.0;  // 60 %
  RiskVerdict verdict = check_plan(sell_plan(100), btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
  EXPECT_NE(verdict.refusals[0].reason.find("margin ratio 60.0 %"), std::string::npos)
      << verdict.refusals[0].reason;

  verdict = check_plan(sell_plan(100, true, -500), btcusdt_instrument(), limits(), context);
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_TRUE(verdict.refusals.empty());
}

TEST(RiskGuard, TrimBelowMinimumsRefusesInstead) {
  config::RiskConfig risk = limits();
  risk.max_order_notional = 90.0;  // less than one min-notional order
  const RiskVerdict verdict =
      check_plan(sell_plan(100), btcusdt_instrument(), risk, fresh_context());
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
}

}  // namespace
}  // namespace hedgebot::bot

namespace hedgebot::bot {
namespace {

TEST(RiskGuard, TrimsIncreaseToTheAvailableInitialMargin) {
  // 1 BTC at 68 240 and 2x needs 34 120 USDT of initial margin; 30 000 is available, so the
  // order is trimmed to what the venue would accept (0.879 BTC) instead of being rejected.
  config::RiskConfig risk;
  risk.max_order_notional = 1e9;
  risk.max_leverage = 5.0;
  RiskContext context;
  context.now_ms = 1'700'000'000'000;
  context.newest_close_ms = context.now_ms;
  context.last_close = 68240.0;
  context.mark_price = 68240.0;
  context.leverage = 2;
  context.account.margin_balance = 30000.0;
  context.account.available_balance = 30000.0;
  Plan plan;
  plan.asset = "BTC";
  plan.symbol = "BTCUSDT";
  plan.orders.push_back({Side::Sell, 1000, false, "open"});
  Instrument instrument;
  instrument.symbol = "BTCUSDT";
  instrument.qty_step = Decimal{1, 3};
  instrument.min_notional = 100.0;
  const RiskVerdict verdict = check_plan(plan, instrument, risk, context);
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_EQ(verdict.approved[0].qty_steps, 879);
  ASSERT_EQ(verdict.notes.size(), 1u);
  EXPECT_NE(verdict.notes[0].find("available margin"), std::string::npos) << verdict.notes[0];
}

// Limits on numbers far beyond whole steps: a huge room is no limit (not a wrapped negative
// count that refuses the order), a NaN room is no room.
TEST(RiskGuardRange, RoomBeyondWholeStepsIsNoLimitNotARefusal) {
  // 3 x 1e30 USDT of leverage room is 5e28 steps of 60 USDT: more than int64_t holds.
  RiskContext context = fresh_context();
  context.account.wallet_balance = context.account.margin_balance = 1e30;
  context.account.available_balance = 1e30;
  context.leverage = 2;
  const RiskVerdict verdict = check_plan(sell_plan(500), btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.refusals.empty()) << verdict.refusals[0].reason;
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_EQ(verdict.approved[0].qty_steps, 500);
}

TEST(RiskGuardRange, NaNAvailableMarginIsNoRoom) {
  RiskContext context = fresh_context();
  context.leverage = 2;
  context.account.available_balance = std::numeric_limits<double>::quiet_NaN();
  const RiskVerdict verdict = check_plan(sell_plan(500), btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
  EXPECT_NE(verdict.refusals[0].reason.find("refused by the available margin"), std::string::npos)
      << verdict.refusals[0].reason;
}

}  // namespace
}  // namespace hedgebot::bot
