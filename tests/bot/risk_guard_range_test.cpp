// The risk guard's limits on numbers far beyond whole steps: a huge room is no limit (not a
// wrapped negative count that refuses the order), a NaN room is no room.
#include <gtest/gtest.h>

#include <limits>

#include "bot/risk_guard.hpp"
#include "tests/support/market_fixtures.hpp"

namespace hedgebot::bot {
namespace {

Plan sell_plan(int64_t steps) {
  Plan plan;
  plan.asset = "BTC";
  plan.symbol = "BTCUSDT";
  plan.orders.push_back({Side::Sell, steps, false, "open"});
  return plan;
}

RiskContext context_with_margin(double margin_balance) {
  RiskContext context;
  context.now_ms = 1'700'000'000'000;
  context.newest_close_ms = context.now_ms;
  context.last_close = 60000.0;
  context.mark_price = 60000.0;
  context.account.wallet_balance = margin_balance;
  context.account.margin_balance = margin_balance;
  context.account.available_balance = margin_balance;
  return context;
}

config::RiskConfig limits() {
  config::RiskConfig risk;
  risk.max_order_notional = 50000.0;
  risk.max_leverage = 3.0;
  risk.max_margin_ratio = 0.5;
  risk.stale_after_ms = 2 * kHourMs;
  risk.max_price_deviation = 0.05;
  return risk;
}

TEST(RiskGuardRange, RoomBeyondWholeStepsIsNoLimitNotARefusal) {
  // 3 x 1e30 USDT of leverage room is 5e28 steps of 60 USDT: more than int64_t holds.
  RiskContext context = context_with_margin(1e30);
  context.leverage = 2;
  const RiskVerdict verdict =
      check_plan(sell_plan(500), testing::btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.refusals.empty()) << verdict.refusals[0].reason;
  ASSERT_EQ(verdict.approved.size(), 1u);
  EXPECT_EQ(verdict.approved[0].qty_steps, 500);
}

TEST(RiskGuardRange, NaNAvailableMarginIsNoRoom) {
  RiskContext context = context_with_margin(30000.0);
  context.leverage = 2;
  context.account.available_balance = std::numeric_limits<double>::quiet_NaN();
  const RiskVerdict verdict =
      check_plan(sell_plan(500), testing::btcusdt_instrument(), limits(), context);
  EXPECT_TRUE(verdict.approved.empty());
  ASSERT_EQ(verdict.refusals.size(), 1u);
  EXPECT_NE(verdict.refusals[0].reason.find("refused by the available margin"), std::string::npos)
      << verdict.refusals[0].reason;
}

}  // namespace
}  // namespace hedgebot::bot
