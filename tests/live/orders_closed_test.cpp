// A venue with `orders_enabled = false` (a read-only key, or a venue that closed order placement
// to ordinary keys): a live run plans as usual, places nothing, names why and exits 4.
#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class OrdersClosed : public LiveTest {};

TEST_F(OrdersClosed, ALiveRunPlansRefusesAndPlacesNothing) {
  write_config({}, "orders_enabled = false\n");
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 4) << run.err << run.out;
  const Json report = Json::parse(run.out);
  EXPECT_EQ(report["outcome"], "refused");
  ASSERT_EQ(report["refusals"].size(), 1u) << report.dump(2);
  EXPECT_TRUE(contains(report["refusals"][0]["reason"].get<std::string>(),
                       "[exchange] has orders_enabled = false"))
      << report.dump(2);
  // What would have been placed is shown, marked as planned.
  ASSERT_EQ(report["orders"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["orders"][0]["status"], "PLANNED");
  EXPECT_EQ(report["orders"][0]["qty"], "0.500");
  EXPECT_EQ(venue().total_orders_placed(), 0);
  EXPECT_DOUBLE_EQ(position(), 0.0);

  const CommandResult text = hedgebot("once --live");
  EXPECT_EQ(text.exit_code, 4) << text.err << text.out;
  EXPECT_TRUE(contains(text.out + text.err, "orders_enabled = false")) << text.out << text.err;
  EXPECT_EQ(venue().total_orders_placed(), 0);
}

TEST_F(OrdersClosed, OrdersEnabledTrueTrades) {
  write_config({}, "orders_enabled = true\n");
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(position(), -0.5);
}

}  // namespace
}  // namespace hedgebot::live_test
