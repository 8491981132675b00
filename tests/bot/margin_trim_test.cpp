// The risk guard's margin trim against the paper venue's own margin check: an order the
// available margin cannot carry is cut to a size the venue then fills (not rejected with
// "margin is insufficient", which would leave the account with no hedge at all).

#include <gtest/gtest.h>

#include "bot/pipeline/risk_guard.hpp"
#include "paper/fill_model.hpp"
#include "paper/margin_model.hpp"
#include "paper/paper_exchange.hpp"
#include "tests/paper/paper_fixtures.hpp"
#include "tests/support/market_fixtures.hpp"

namespace hedgebot::bot {
namespace {

using paper::testing::btc_market;
using paper::testing::flat_hours;
using paper::testing::hour;

Plan open_short(int64_t steps) {
  Plan plan;
  plan.asset = "BTC";
  plan.symbol = "BTCUSDT";
  plan.orders.push_back({Side::Sell, steps, false, "open"});
  return plan;
}

config::RiskConfig loose_limits() {
  config::RiskConfig risk;
  risk.max_order_notional = 1e9;
  risk.max_leverage = 5.0;
  return risk;
}

RiskContext context_at(double price, const Account& account, int leverage, double taker_fee,
                       double slippage_bps) {
  RiskContext context;
  context.now_ms = hour(4);
  context.newest_close_ms = hour(4);
  context.last_close = price;
  context.mark_price = price;
  context.account = account;
  context.leverage = leverage;
  context.taker_fee = taker_fee;
  context.slippage_bps = slippage_bps;
  return context;
}

TEST(MarginTrim, TrimmedOrderCoversFeeSlippageAndATick) {
  // 3.5 BTC short at 60 000 and 2x needs 105 000 USDT of initial margin; 100 000 is
  // available. The trimmed order must still fit when it fills one tick worse than the
  // slipped price and pays the taker fee.
  Account account;
  account.wallet_balance = account.margin_balance = account.available_balance = 100000.0;
  const Instrument instrument = testing::btcusdt_instrument();
  const RiskVerdict verdict = check_plan(open_short(3500), instrument, loose_limits(),
                                         context_at(60000.0, account, 2, 0.0004, 1.0));
  ASSERT_EQ(verdict.approved.size(), 1u);
  const int64_t steps = verdict.approved[0].qty_steps;
  EXPECT_LT(steps, 3500);
  EXPECT_GT(steps, 3200);  // trimmed by the cost of the order, not refused or halved
  const int64_t fill_ticks = paper::market_fill_ticks(instrument, Side::Sell, 60000.0, 1.0) - 1;
  const double fill_price = instrument.ticks_to_price(fill_ticks);
  const double base = instrument.steps_to_base(steps);
  const paper::OrderCost cost =
      paper::order_cost(Side::Sell, base, fill_price, 60000.0, 2, 0.0004 * base * fill_price);
  EXPECT_LE(cost.total(), 100000.0);
  // ...and the safety margin costs at most a step: two more would not fit.
  const double bigger = instrument.steps_to_base(steps + 2);
  EXPECT_GT(
      paper::order_cost(Side::Sell, bigger, fill_price, 60000.0, 2, 0.0004 * bigger * fill_price)
          .total(),
      100000.0);
  ASSERT_EQ(verdict.notes.size(), 1u);
  EXPECT_NE(verdict.notes[0].find("with fee, slippage and one tick"), std::string::npos)
      << verdict.notes[0];
}

TEST(MarginTrim, PaperFillsTheTrimmedHedge) {
  // The whole path on the paper venue: 3.5 BTC to short at 2x on a 100 000 USDT wallet gets
  // a smaller hedge, not nothing.
  paper::PaperSettings settings;
  settings.initial_balance = 100000.0;
  settings.taker_fee = 0.0004;
  settings.slippage_bps = 1.0;
  paper::PaperExchange exchange(settings, {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(4)));
  ASSERT_TRUE(exchange.prepare_symbol("BTCUSDT", 2));
  const auto account = exchange.account();
  ASSERT_TRUE(account);
  const Instrument instrument = *exchange.instrument("BTCUSDT");
  const RiskVerdict verdict =
      check_plan(open_short(3500), instrument, loose_limits(),
                 context_at(60000.0, *account, 2, settings.taker_fee, settings.slippage_bps));
  ASSERT_EQ(verdict.approved.size(), 1u);
  OrderRequest request;
  request.symbol = "BTCUSDT";
  request.side = Side::Sell;
  request.type = OrderType::Market;
  request.qty_steps = verdict.approved[0].qty_steps;
  request.client_order_id = "trimmed";
  const auto placed = exchange.place_order(request);
  ASSERT_TRUE(placed) << placed.error().describe();
  EXPECT_EQ(placed->status, OrderStatus::Filled);
  EXPECT_EQ(exchange.position("BTCUSDT")->qty_steps, -verdict.approved[0].qty_steps);
}

TEST(MarginTrim, InsufficientMarginSaysWhatWasNeededWithTheFee) {
  paper::PaperSettings settings;
  settings.initial_balance = 100000.0;
  settings.slippage_bps = 0.0;
  paper::PaperExchange exchange(settings, {btc_market(flat_hours(10, 60000.0))});
  ASSERT_TRUE(exchange.advance_to(hour(4)));
  ASSERT_TRUE(exchange.prepare_symbol("BTCUSDT", 2));
  OrderRequest request;
  request.symbol = "BTCUSDT";
  request.side = Side::Sell;
  request.type = OrderType::Market;
  request.qty_steps = 3333;  // 99 990 of initial margin + 80 of fee > 100 000
  request.client_order_id = "too-big";
  const auto placed = exchange.place_order(request);
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().kind, ErrorKind::InsufficientMargin);
  const std::string& message = placed.error().message;
  EXPECT_NE(message.find("needs 100069.99 USDT"), std::string::npos) << message;
  EXPECT_NE(message.find("fee 79.99"), std::string::npos) << message;
  EXPECT_NE(message.find("available 100000.00 USDT"), std::string::npos) << message;
}

}  // namespace
}  // namespace hedgebot::bot
