// `order = "limit"` on the fake venue: post-only at the book's touch, repriced once when the venue
// refuses it as a taker, the rest to the market after `limit_timeout`, so the tick ends on
// target. Before: the order was priced at the mark, refused, and no hedge was ever placed.
#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class LimitOrders : public LiveTest {
 protected:
  void refuse_next_post_only(int times) {
    fake::Fault fault;
    fault.kind = fake::FaultKind::VenueCode;
    fault.path = "/fapi/v1/order";
    fault.method = "POST";
    fault.http_status = 400;
    fault.code = -5022;
    fault.msg =
        "Due to the order could not be executed as maker, the Post Only order will be rejected.";
    fault.times = times;
    venue().inject(fault);
  }
};

TEST_F(LimitOrders, RefusedAsTakerTwiceThenTheMarketEndsOnTarget) {
  write_config({}, "", "order = \"limit\"\nlimit_timeout = \"2s\"\n");
  refuse_next_post_only(2);
  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(position(), -0.5);
  EXPECT_EQ(venue().total_orders_placed(), 1);  // the refusals placed nothing
  EXPECT_GE(requests("GET /fapi/v1/ticker/bookTicker"), 2);
  expect_each_id_placed_once();
}

TEST_F(LimitOrders, ARestingOrderThatDoesNotFillGoesToTheMarketAfterTheTimeout) {
  write_config({}, "", "order = \"limit\"\nlimit_timeout = \"2s\"\n");
  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(position(), -0.5);
  EXPECT_EQ(requests("DELETE /fapi/v1/order"), 1);
  int fills = 0;
  for (const Json& fill : journal_events("fill")) fills += fill.value("qty", "") == "0.500";
  EXPECT_EQ(fills, 1);
}

}  // namespace
}  // namespace hedgebot::live_test
