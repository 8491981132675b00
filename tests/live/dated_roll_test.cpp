// Dated (quarterly) hedges against the fake Binance venue: the venue's clock is moved to within
// roll_before of the current quarter's delivery, and `once --live` must close the expiring
// contract reduce-only and open the same target on the next quarter in one tick, place nothing
// on a re-run, never open on the expiring contract, and recover from a run that stopped between
// the two legs without doubling the hedge.
#include "exchange/dated_contract.hpp"
#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

constexpr int64_t kDay = 24 * kHour;
constexpr double kTarget = -0.5;  // baseline ratio 0.5 of a fixed 1 BTC

class DatedRoll : public LiveTest {
 protected:
  // The venue's clock to half past 05:00 UTC, two days and a half hour before the current
  // quarter's delivery (08:00): inside a roll_before of 3 days.
  void move_into_roll_window() {
    const int64_t now = venue().server_time_ms();
    const int64_t delivery = next_quarterly_delivery_ms(now);
    advance_venue_clock(delivery - 2 * kDay - kHour / 2 - now);
    expiring_ = dated_symbol("BTCUSDT", delivery);
    next_ = dated_symbol("BTCUSDT", next_quarterly_delivery_ms(delivery));
    venue().set_mark_price(expiring_, 60000.0);
    venue().set_mark_price(next_, 60600.0);
  }

  void write_dated_config() {
    write_config(HedgeSpec{}, "", "contract = \"quarter\"\nroll_before = \"3d\"\n");
  }

  void expect_rolled() {
    EXPECT_DOUBLE_EQ(venue().position(expiring_), 0.0);
    EXPECT_DOUBLE_EQ(venue().position(next_), kTarget);
    EXPECT_DOUBLE_EQ(venue().position("BTCUSDT"), 0.0);
    expect_each_id_placed_once();
  }

  std::string expiring_;
  std::string next_;
};

TEST_F(DatedRoll, ClosesReduceOnlyAndOpensTheNextQuarterInOneTickThenPlacesNothing) {
  move_into_roll_window();
  venue().set_position(expiring_, kTarget, 60000.0);
  write_dated_config();

  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  expect_rolled();
  EXPECT_EQ(venue().total_orders_placed(), 2);

  // The close leg: reduce-only, the whole expiring position, named as the roll's close.
  bool close_seen = false;
  for (const Json& order : journal_events("order")) {
    if (order.value("symbol", "") != expiring_ || order.value("status", "") != "SENDING") continue;
    close_seen = true;
    EXPECT_TRUE(order.value("reduce_only", false)) << order.dump();
    EXPECT_EQ(order.value("side", ""), "BUY");
    EXPECT_EQ(order.value("leg", ""), "roll-close");
  }
  EXPECT_TRUE(close_seen);
  // The journal's roll names both legs and the basis cost: the short bought back at 60000 and
  // sold again at 60600 on the next quarter, 0.5 BTC: -300 (earned).
  const std::vector<Json> rolls = journal_events("roll");
  ASSERT_FALSE(rolls.empty());
  const Json& done = rolls.back();
  EXPECT_EQ(done.value("status", ""), "rolled") << done.dump();
  EXPECT_EQ(done.value("from_symbol", ""), expiring_);
  EXPECT_EQ(done.value("to_symbol", ""), next_);
  ASSERT_EQ(done["close"].size(), 1U);
  ASSERT_EQ(done["open"].size(), 1U);
  EXPECT_EQ(done["open"][0].value("symbol", ""), next_);
  ASSERT_TRUE(done["basis_cost"].is_number()) << done.dump();
  EXPECT_NEAR(done["basis_cost"].get<double>(), -300.0, 1.0);
  // The tick report shows it too.
  const Json report = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << run.out;
  ASSERT_TRUE(report.contains("rolls")) << run.out;
  EXPECT_EQ(report["rolls"][0].value("to_symbol", ""), next_);
  EXPECT_EQ(report["decisions"][0].value("symbol", ""), next_);
  EXPECT_TRUE(report["decisions"][0]["days_to_delivery"].is_number());

  // Re-runs (the same tick, then the next) place nothing.
  const CommandResult again = once();
  EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
  next_tick();
  const CommandResult later = once();
  EXPECT_EQ(later.exit_code, 0) << later.err << later.out;
  EXPECT_EQ(venue().total_orders_placed(), 2);
  expect_rolled();

  // status names the contract and its days to delivery.
  const CommandResult status = hedgebot("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err << status.out;
  const Json shown = Json::parse(status.out, nullptr, false);
  ASSERT_FALSE(shown.is_discarded()) << status.out;
  EXPECT_EQ(shown["hedges"][0].value("symbol", ""), next_);
  EXPECT_GT(shown["hedges"][0].value("days_to_delivery", 0.0), 80.0);
}

TEST_F(DatedRoll, NeverOpensOnTheExpiringContractInsideRollBefore) {
  move_into_roll_window();
  write_dated_config();
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(venue().position(expiring_), 0.0);
  EXPECT_DOUBLE_EQ(venue().position(next_), kTarget);
  EXPECT_EQ(requests("POST /fapi/v1/order"), 1);
}

TEST_F(DatedRoll, KillSwitchRefusesTheRollByNameAndOpensNothing) {
  move_into_roll_window();
  venue().set_position(expiring_, kTarget, 60000.0);
  write_dated_config();
  write_file("state/STOP", "");
  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 4) << run.err << run.out;
  EXPECT_TRUE(contains(run.out + run.err, "roll of")) << run.out << run.err;
  EXPECT_TRUE(contains(run.out + run.err, expiring_)) << run.out << run.err;
  EXPECT_EQ(venue().total_orders_placed(), 0);
  EXPECT_DOUBLE_EQ(venue().position(next_), 0.0);
}

// A run that stops between the two legs, three ways: the snapshot after the close fails (the
// open is never sent), the close's request is lost before the venue (its fate unknown until the
// validity window closes), the close's answer is lost after the venue executed it.
struct BetweenLegs {
  std::string name;
  fake::FaultKind kind;
  std::string path;
  std::string method;
  int first_exit;
};

std::ostream& operator<<(std::ostream& out, const BetweenLegs& spec) {
  return out << spec.name;
}

class DatedRollInterrupted : public DatedRoll, public ::testing::WithParamInterface<BetweenLegs> {};

TEST_P(DatedRollInterrupted, ReRunOpensOnlyTheMissingLegAndNeverDoubles) {
  const BetweenLegs& spec = GetParam();
  move_into_roll_window();
  venue().set_position(expiring_, kTarget, 60000.0);
  write_dated_config();
  fake::Fault fault;
  fault.kind = spec.kind;
  fault.path = spec.path;
  fault.method = spec.method;
  fault.http_status = 400;
  fault.code = -1121;
  fault.msg = "Invalid symbol.";
  venue().inject(fault);

  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, spec.first_exit) << run.err << run.out;
  // Never both: the hedge is at most its target across both contracts.
  EXPECT_LE(std::fabs(venue().position(expiring_) + venue().position(next_)),
            std::fabs(kTarget) + 1e-9);
  expect_each_id_placed_once();

  advance_venue_clock(10'000);  // past any order's validity window, same tick slot
  for (int rerun = 0; rerun < 2; ++rerun) {
    const CommandResult again = once();
    EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
  }
  expect_rolled();
  EXPECT_EQ(venue().total_orders_placed(), 2);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, DatedRollInterrupted,
    ::testing::Values(BetweenLegs{"SnapshotFailsAfterTheClose", fake::FaultKind::VenueCode,
                                  "/fapi/v1/premiumIndex", "GET", 1},
                      BetweenLegs{"CloseLostBeforeTheVenue", fake::FaultKind::DropBefore,
                                  "/fapi/v1/order", "POST", 1},
                      BetweenLegs{"CloseAnswerLostAfterTheVenue", fake::FaultKind::DropAfter,
                                  "/fapi/v1/order", "POST", 0}),
    [](const ::testing::TestParamInfo<BetweenLegs>& info) { return info.param.name; });

}  // namespace
}  // namespace hedgebot::live_test
