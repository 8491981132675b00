// Orders whose fate the bot could not see, and client order ids that follow the intent:
// `hedgebot once --live` against the fake venue, where an order can land after the client gave
// up on it, a position can change by hand within a tick, and a second state directory can
// trade the same account.
#include <thread>

#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class InFlight : public LiveTest {
 protected:
  // A POST held by the venue for `delay_ms` before it executes (the client times out at 1 s).
  void hold_next_order(int64_t delay_ms) {
    fake::Fault fault;
    fault.kind = fake::FaultKind::Late;
    fault.path = "/fapi/v1/order";
    fault.method = "POST";
    fault.delay_ms = delay_ms;
    venue().inject(fault);
  }

  // Waits (real time) until the venue has executed `count` orders, at most `limit_ms`.
  bool wait_for_orders(int64_t count, int64_t limit_ms) {
    for (int64_t waited = 0; waited < limit_ms; waited += 50) {
      if (venue().total_orders_placed() >= count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return venue().total_orders_placed() >= count;
  }
};

// Before: the re-run found nothing by id yet, sent the order again, and both executed.
TEST_F(InFlight, AnOrderThatLandsAfterTheTimeoutIsNeverSentTwice) {
  write_config();  // timeout 1 s, recvWindow 5 s
  hold_next_order(2500);
  const CommandResult first = once();
  EXPECT_EQ(first.exit_code, 1) << first.err << first.out;
  EXPECT_TRUE(contains(first.out + first.err, "can still execute until")) << first.out;

  // An immediate re-run: the venue does not know the order yet, and the request is still valid.
  const CommandResult blocked = once();
  EXPECT_EQ(blocked.exit_code, 1) << blocked.err << blocked.out;
  EXPECT_TRUE(contains(blocked.out + blocked.err, "retry after")) << blocked.out;
  EXPECT_EQ(requests("POST /fapi/v1/order"), 1);

  // The held request executes inside its window; the next run finds it and sends nothing.
  ASSERT_TRUE(wait_for_orders(1, 5000));
  const CommandResult found = once();
  EXPECT_EQ(found.exit_code, 0) << found.err << found.out;
  EXPECT_EQ(venue().total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(position(), -0.5);
  bool reconciled = false;
  for (const Json& entry : journal_events("reconciled")) {
    reconciled |= entry.value("status", "") == "FILLED";
  }
  EXPECT_TRUE(reconciled) << "no reconciled FILLED line in the journal";
  expect_each_id_placed_once();
}

// The request expired at the venue: only after its window has closed is the hedge traded again.
// An order whose fill a later run finds is a trade like any other: the hedge's cooldown runs
// from the tick that sent it. Before, only a fill seen within its own run started the cooldown,
// so the run that found the fill could trade the hedge again at once.
TEST_F(InFlight, AFillFoundByALaterRunStartsTheCooldown) {
  write_config({}, "", "cooldown = \"3h\"\n");
  hold_next_order(2500);
  const CommandResult first = once();
  EXPECT_EQ(first.exit_code, 1) << first.err << first.out;
  ASSERT_TRUE(wait_for_orders(1, 5000));

  // The next tick finds the fill; the rules see the hedge in its cooldown (the baseline would
  // keep the same target, so the cooldown is what decides).
  next_tick();
  const CommandResult found = once();
  EXPECT_EQ(found.exit_code, 0) << found.err << found.out;
  const Json report = Json::parse(found.out);
  ASSERT_EQ(report["decisions"].size(), 1u) << found.out;
  EXPECT_EQ(report["decisions"][0]["decided_by"], "cooldown") << found.out;
  EXPECT_EQ(venue().total_orders_placed(), 1);
  expect_each_id_placed_once();
}

TEST_F(InFlight, AnOrderThatNeverLandsIsReplacedOnlyAfterItsValidityWindow) {
  write_config();
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropBefore;
  lost.path = "/fapi/v1/order";
  lost.method = "POST";
  venue().inject(lost);
  EXPECT_EQ(once().exit_code, 1);
  EXPECT_EQ(once().exit_code, 1);  // still inside recvWindow + the clock margin
  EXPECT_EQ(venue().total_orders_placed(), 0);

  advance_venue_clock(10'000);  // past timestamp + recvWindow (5 s) + 2 s
  const CommandResult later = once();
  EXPECT_EQ(later.exit_code, 0) << later.err << later.out;
  EXPECT_DOUBLE_EQ(position(), -0.5);
  EXPECT_EQ(venue().total_orders_placed(), 1);
  bool settled = false;
  for (const Json& entry : journal_events("reconciled")) {
    settled |= entry.value("status", "") == "NOT_FOUND";
  }
  EXPECT_TRUE(settled);
}

// Before: the second run in the slot found its id FILLED, printed ALREADY_SENT and exited 0
// with the account off target.
TEST_F(InFlight, NewTargetsWithinOneSlotEachEndOnTarget) {
  const double ratios[] = {1.0, 0.5, 1.0, 0.5};
  for (const double ratio : ratios) {
    write_config({.baseline_ratio = ratio});
    const CommandResult run = once();
    EXPECT_EQ(run.exit_code, 0) << "ratio " << ratio << ": " << run.err << run.out;
    EXPECT_DOUBLE_EQ(position(), -ratio);
  }
  EXPECT_EQ(venue().total_orders_placed(), 4);
  expect_each_id_placed_once();
}

TEST_F(InFlight, AHandCloseWithinTheSlotIsHedgedAgain) {
  write_config();
  ASSERT_EQ(once().exit_code, 0);
  venue().set_position("BTCUSDT", 0.0);  // the trader closed the short by hand
  const CommandResult again = once();
  EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
  EXPECT_DOUBLE_EQ(position(), -0.5);
  expect_each_id_placed_once();
}

// Before: the torn outcome was cut off without a trace and the order stayed SENDING forever.
TEST_F(InFlight, ATornJournalLineIsKeptAndItsOrderReconciled) {
  write_config();
  ASSERT_EQ(once().exit_code, 0);
  // Cut the journal in the middle of the line after the order's SENDING line (its outcome).
  const std::string text = read_file(journal_path());
  const size_t sending = text.find("\"status\":\"SENDING\"");
  ASSERT_NE(sending, std::string::npos);
  const size_t outcome = text.find('\n', sending) + 1;
  const std::string torn = text.substr(0, outcome + 40);
  write_file("state/journal.jsonl", torn);

  const CommandResult rerun = once();
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err << rerun.out;
  EXPECT_EQ(venue().total_orders_placed(), 1);
  const std::vector<Json> recovery = journal_events("recovery");
  ASSERT_EQ(recovery.size(), 1u);
  EXPECT_EQ(recovery[0]["torn_line"], text.substr(outcome, 40));
  const std::vector<Json> reconciled = journal_events("reconciled");
  ASSERT_EQ(reconciled.size(), 1u);
  EXPECT_EQ(reconciled[0]["status"], "FILLED");
  EXPECT_EQ(reconciled[0]["filled"], "0.500");
}

// One account, two state directories: the second finds the first's order for the same hedge,
// slot and intent, refuses, and places nothing.
TEST_F(InFlight, ASecondStateDirectoryOnTheSameAccountRefuses) {
  write_config();
  ASSERT_EQ(once().exit_code, 0);
  venue().set_position("BTCUSDT", 0.0);  // so the second bot needs the same open

  const std::string other_state = file("other-state");
  std::string other = read_file(config_path());
  other.replace(other.find(state_dir()), state_dir().size(), other_state);
  const std::string other_config = write_file("other.toml", other);
  const CommandResult second = run_command(env() + hedgebot::testing::hedgebot_binary() +
                                           " once --live --json -c " + other_config);
  EXPECT_EQ(second.exit_code, 1) << second.err << second.out;
  EXPECT_TRUE(contains(second.out + second.err, "another bot")) << second.out;
  EXPECT_EQ(venue().total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(position(), 0.0);
  const std::string other_journal = read_file(other_state + "/journal.jsonl");
  EXPECT_TRUE(contains(other_journal, "\"event\":\"refusal\"")) << other_journal;
}

}  // namespace
}  // namespace hedgebot::live_test
