// `hedgebot once --live` opens, resizes, flips and closes a hedge on the fake venue. The venue
// verifies every signature and timestamp (a bad one is a -1022/-1021 rejection, which would
// fail these runs), so a passing run is also a signing test.
#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class Lifecycle : public LiveTest {};

// The orders a --json report lists.
Json orders_of(const CommandResult& run) {
  const Json report = Json::parse(run.out, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
  return report.is_discarded() ? Json::array() : report["orders"];
}

TEST_F(Lifecycle, OpenResizeFlipCloseKeepsThePositionExactlyOnTarget) {
  // Open: no position, ratio 0.5 of 1 BTC -> SELL 0.500.
  write_config({.baseline_ratio = 0.5, .min_ratio = -1.0});
  CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(orders[0]["qty"], "0.500");
  EXPECT_EQ(orders[0]["status"], "FILLED");
  EXPECT_EQ(orders[0]["reduce_only"], false);
  EXPECT_DOUBLE_EQ(position(), -0.5);
  const std::string open_id = orders[0]["client_order_id"];
  EXPECT_EQ(venue().orders_placed(open_id), 1);
  EXPECT_EQ(venue().total_orders_placed(), 1);

  // Resize: the ratio goes to 0.8 in the next tick -> SELL 0.300 more.
  next_tick();
  write_config({.baseline_ratio = 0.8, .min_ratio = -1.0});
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(orders[0]["qty"], "0.300");
  EXPECT_EQ(orders[0]["reduce_only"], false);
  EXPECT_DOUBLE_EQ(position(), -0.8);

  // Resize through the spot held: spot 0.625 BTC at ratio 0.8 -> target -0.5 -> BUY 0.300
  // reduce-only.
  next_tick();
  write_config({.baseline_ratio = 0.8, .min_ratio = -1.0, .spot = 0.625});
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "BUY");
  EXPECT_EQ(orders[0]["qty"], "0.300");
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_DOUBLE_EQ(position(), -0.5);

  // Flip: a negative ratio (net long future) -> a reduce-only close, then an open.
  next_tick();
  write_config({.baseline_ratio = -0.5, .min_ratio = -1.0});
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 2u) << run.out;
  EXPECT_EQ(orders[0]["side"], "BUY");
  EXPECT_EQ(orders[0]["qty"], "0.500");
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_EQ(orders[1]["side"], "BUY");
  EXPECT_EQ(orders[1]["qty"], "0.500");
  EXPECT_EQ(orders[1]["reduce_only"], false);
  EXPECT_DOUBLE_EQ(position(), 0.5);
  // What the venue received: the close carried reduceOnly=true, the open did not.
  const auto close_leg = venue_order(orders[0]["client_order_id"]);
  const auto open_leg = venue_order(orders[1]["client_order_id"]);
  ASSERT_TRUE(close_leg && open_leg);
  EXPECT_TRUE(close_leg->reduce_only);
  EXPECT_FALSE(open_leg->reduce_only);
  EXPECT_EQ(close_leg->filled_steps, 500);
  EXPECT_EQ(open_leg->filled_steps, 500);

  // Close: ratio 0 -> a reduce-only SELL 0.500 back to flat.
  next_tick();
  write_config({.baseline_ratio = 0.0, .min_ratio = -1.0});
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(orders[0]["qty"], "0.500");
  EXPECT_EQ(orders[0]["reduce_only"], true);
  const auto close = venue_order(orders[0]["client_order_id"]);
  ASSERT_TRUE(close);
  EXPECT_TRUE(close->reduce_only);
  EXPECT_DOUBLE_EQ(position(), 0.0);

  // Six orders in all, each client id placed exactly once.
  EXPECT_EQ(venue().total_orders_placed(), 6);
  expect_each_id_placed_once();

  // The journal: five decisions, an announcement (SENDING) before every order and its
  // outcome after, a fill per order, no error.
  EXPECT_EQ(journal_events("decision").size(), 5u);
  EXPECT_EQ(journal_events("fill").size(), 6u);
  EXPECT_TRUE(journal_events("error").empty());
  int sending = 0;
  int filled = 0;
  for (const Json& order : journal_events("order")) {
    if (order["status"] == "SENDING") ++sending;
    if (order["status"] == "FILLED") ++filled;
  }
  EXPECT_EQ(sending, 6);
  EXPECT_EQ(filled, 6);
}

TEST_F(Lifecycle, ARerunInTheSameTickPlacesNothing) {
  write_config();
  ASSERT_EQ(once().exit_code, 0);
  ASSERT_DOUBLE_EQ(position(), -0.5);
  const CommandResult again = once();
  EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
  EXPECT_TRUE(orders_of(again).empty()) << again.out;
  EXPECT_DOUBLE_EQ(position(), -0.5);
  EXPECT_EQ(venue().total_orders_placed(), 1);
}

TEST_F(Lifecycle, APositionChangedOutsideTheBotIsReadFromTheVenue) {
  // Someone sold 0.2 by hand: the bot tops up to the target, not by the whole target.
  venue().set_position("BTCUSDT", -0.2);
  write_config();
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const Json orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["qty"], "0.300");
  EXPECT_DOUBLE_EQ(position(), -0.5);
}

TEST_F(Lifecycle, PlanAndStatusPlaceNothing) {
  write_config();
  const CommandResult plan = hedgebot("plan --json");
  ASSERT_EQ(plan.exit_code, 0) << plan.err << plan.out;
  const Json orders = orders_of(plan);
  ASSERT_EQ(orders.size(), 1u) << plan.out;
  EXPECT_EQ(orders[0]["status"], "PLANNED");
  const CommandResult status = hedgebot("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err << status.out;
  EXPECT_EQ(requests("POST /fapi/v1/order"), 0);
  EXPECT_EQ(venue().total_orders_placed(), 0);
  // Without --live, a live config places nothing either: exit 2.
  EXPECT_EQ(hedgebot("once").exit_code, 2);
  EXPECT_EQ(requests("POST /fapi/v1/order"), 0);
}

}  // namespace
}  // namespace hedgebot::live_test
