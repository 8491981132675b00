// The fault matrix: every fault the fake venue can inject, against `hedgebot once --live`. For
// each: the exit code, the journal, no order on bad data, and a position that is never larger
// than the target — after the failing run and after clean re-runs of the same tick.
#include <thread>

#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

constexpr double kTarget = -0.5;  // ratio 0.5 of a fixed 1 BTC
constexpr const char* kOrderPath = "/fapi/v1/order";

struct FaultCase {
  std::string name;
  fake::FaultKind kind;
  std::string path = kOrderPath;
  std::string method = "POST";
  bool executed = false;
  int exit_code = 0;              // of the run that meets the fault
  std::string error_kind{};       // "" = the run recovers: no error in the journal
  std::string stderr_mentions{};  // part of the trader-facing message
  int http_status = 400;
  int code = 0;
  std::string msg{};
  int times = 1;
  int64_t delay_ms = 0;
};

std::ostream& operator<<(std::ostream& out, const FaultCase& fault) {
  return out << fault.name;
}

class FaultMatrix : public LiveTest, public ::testing::WithParamInterface<FaultCase> {
 protected:
  void inject(const FaultCase& spec) {
    fake::Fault fault;
    fault.kind = spec.kind;
    fault.path = spec.path;
    fault.method = spec.method;
    fault.execute = spec.executed;
    fault.times = spec.times;
    fault.delay_ms = spec.delay_ms;
    fault.retry_after_s = 1;
    fault.http_status = spec.http_status;
    fault.code = spec.code;
    fault.msg = spec.msg;
    venue().inject(fault);
  }

  void expect_never_beyond_target() {
    EXPECT_LE(std::fabs(position()), std::fabs(kTarget) + 1e-9) << "position " << position();
    expect_each_id_placed_once();
  }
};

TEST_P(FaultMatrix, ExitCodeJournalAndNeverADoubledPosition) {
  const FaultCase& spec = GetParam();
  write_config();
  inject(spec);

  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, spec.exit_code) << run.err << run.out;
  expect_never_beyond_target();
  if (!spec.stderr_mentions.empty()) {
    EXPECT_TRUE(contains(run.out + run.err, spec.stderr_mentions)) << run.err << run.out;
  }

  const std::vector<Json> errors = journal_events("error");
  if (spec.error_kind.empty()) {
    EXPECT_TRUE(errors.empty()) << errors.front().dump();
    EXPECT_DOUBLE_EQ(position(), kTarget);
    EXPECT_EQ(venue().total_orders_placed(), 1);
  } else {
    ASSERT_FALSE(errors.empty()) << "no error in the journal";
    bool kind_found = false;
    for (const Json& error : errors) kind_found |= error.value("kind", "") == spec.error_kind;
    EXPECT_TRUE(kind_found) << "no error of kind '" << spec.error_kind
                            << "' in the journal: " << errors.back().dump();
  }
  if (spec.path != kOrderPath && spec.exit_code != 0) {
    // Bad data: no order was even tried.
    EXPECT_EQ(requests("POST /fapi/v1/order"), 0);
    EXPECT_EQ(venue().total_orders_placed(), 0);
  }
  // An order journal entry always comes before the order reaches the venue.
  if (venue().total_orders_placed() > 0) {
    bool announced = false;
    for (const Json& order : journal_events("order")) announced |= order["status"] == "SENDING";
    EXPECT_TRUE(announced);
  }

  // Re-runs of the same tick, now without faults, once an order of unknown fate can no longer
  // execute: the hedge ends on target, never beyond.
  advance_venue_clock(10'000);
  // A ban (1 s here) is remembered in the state directory: wait for it to end.
  if (spec.kind == fake::FaultKind::Ban418)
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  for (int rerun = 0; rerun < 2; ++rerun) {
    const CommandResult again = once();
    EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
    expect_never_beyond_target();
  }
  EXPECT_DOUBLE_EQ(position(), kTarget);
  EXPECT_EQ(venue().total_orders_placed(), 1);
}

const FaultCase kFaults[] = {
    // The order's fate is unclear: the adapter asks by client id, then acts on the answer.
    {.name = "Http500NotExecuted",
     .kind = fake::FaultKind::Http500,
     .exit_code = 1,
     .error_kind = "unknown execution status"},
    {.name = "Http500Executed", .kind = fake::FaultKind::Http500, .executed = true},
    {.name = "Http502NotExecuted",
     .kind = fake::FaultKind::Http502,
     .exit_code = 1,
     .error_kind = "unknown execution status"},
    {.name = "Http502Executed", .kind = fake::FaultKind::Http502, .executed = true},
    {.name = "Http503UnknownNotExecuted",
     .kind = fake::FaultKind::Http503Unknown,
     .exit_code = 1,
     .error_kind = "unknown execution status"},
    {.name = "Http503UnknownExecuted", .kind = fake::FaultKind::Http503Unknown, .executed = true},
    {.name = "Http503Unavailable", .kind = fake::FaultKind::Http503Unavailable},
    {.name = "SlowPastTheTimeoutExecuted",
     .kind = fake::FaultKind::Slow,
     .executed = true,
     .delay_ms = 1500},
    {.name = "SlowBackendTimeoutNotExecuted",
     .kind = fake::FaultKind::Slow,
     .exit_code = 1,
     .error_kind = "unknown execution status",
     .delay_ms = 1500},
    {.name = "DroppedBeforeTheVenue",
     .kind = fake::FaultKind::DropBefore,
     .exit_code = 1,
     .error_kind = "unknown execution status"},
    {.name = "DroppedAfterTheVenue", .kind = fake::FaultKind::DropAfter},
    {.name = "MalformedOrderAnswerExecuted",
     .kind = fake::FaultKind::MalformedJson,
     .executed = true},
    {.name = "WrongShapeOrderAnswerExecuted",
     .kind = fake::FaultKind::WrongShape,
     .executed = true},
    {.name = "RateLimited429ThenSuccess", .kind = fake::FaultKind::RateLimit429},
    {.name = "RateLimited429OnKlinesThenSuccess",
     .kind = fake::FaultKind::RateLimit429,
     .path = "/fapi/v1/klines",
     .method = "GET"},
    // -1021: resynchronise the clock, re-sign, succeed.
    {.name = "ClockSkewedPastRecvWindow",
     .kind = fake::FaultKind::VenueCode,
     .http_status = 400,
     .code = -1021,
     .msg = "Timestamp for this request is outside of the recvWindow."},
    // Stop.
    {.name = "Banned418",
     .kind = fake::FaultKind::Ban418,
     .exit_code = 1,
     .error_kind = "banned",
     .stderr_mentions = "banned"},
    {.name = "MarginInsufficient",
     .kind = fake::FaultKind::VenueCode,
     .exit_code = 1,
     .error_kind = "insufficient margin",
     .stderr_mentions = "insufficient margin",
     .http_status = 400,
     .code = -2019,
     .msg = "Margin is insufficient."},
    // Bad data: exit 1, nothing placed.
    {.name = "MalformedAccount",
     .kind = fake::FaultKind::MalformedJson,
     .path = "/fapi/v3/account",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "invalid response"},
    {.name = "MalformedKlines",
     .kind = fake::FaultKind::MalformedJson,
     .path = "/fapi/v1/klines",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "invalid response"},
    {.name = "MalformedPremiumIndex",
     .kind = fake::FaultKind::MalformedJson,
     .path = "/fapi/v1/premiumIndex",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "invalid response"},
    {.name = "WrongShapeAccount",
     .kind = fake::FaultKind::WrongShape,
     .path = "/fapi/v3/account",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "invalid response"},
    {.name = "WrongShapeKlines",
     .kind = fake::FaultKind::WrongShape,
     .path = "/fapi/v1/klines",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "invalid response"},
    {.name = "WrongShapePremiumIndex",
     .kind = fake::FaultKind::WrongShape,
     .path = "/fapi/v1/premiumIndex",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "invalid response"},
    {.name = "WrongShapePosition",
     .kind = fake::FaultKind::WrongShape,
     .path = "/fapi/v3/positionRisk",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "invalid response"},
    {.name = "ServerErrorOnKlines",
     .kind = fake::FaultKind::Http500,
     .path = "/fapi/v1/klines",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "venue error"},
    {.name = "ServerErrorListingOpenOrders",
     .kind = fake::FaultKind::Http502,
     .path = "/fapi/v1/openOrders",
     .method = "GET",
     .exit_code = 1,
     .error_kind = "venue error"},
};

INSTANTIATE_TEST_SUITE_P(Live, FaultMatrix, ::testing::ValuesIn(kFaults),
                         [](const ::testing::TestParamInfo<FaultCase>& info) {
                           return info.param.name;
                         });

class OrderRejections : public LiveTest {};

TEST_F(OrderRejections, ReduceOnlyRejectedStopsAndTheRerunReplans) {
  // Over-hedged at -0.8: the plan is a reduce-only BUY 0.300, which the venue rejects.
  venue().set_position("BTCUSDT", -0.8);
  write_config();
  fake::Fault fault;
  fault.kind = fake::FaultKind::VenueCode;
  fault.path = kOrderPath;
  fault.method = "POST";
  fault.http_status = 400;
  fault.code = -2022;
  fault.msg = "ReduceOnly Order is rejected.";
  venue().inject(fault);

  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_TRUE(contains(run.out + run.err, "reduce-only")) << run.err << run.out;
  EXPECT_DOUBLE_EQ(position(), -0.8);  // nothing moved, in particular nothing was added
  const std::vector<Json> errors = journal_events("error");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.back().value("kind", ""), "reduce-only rejected") << errors.back().dump();

  const CommandResult again = once();
  EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
  EXPECT_DOUBLE_EQ(position(), kTarget);
  expect_each_id_placed_once();
}

TEST_F(OrderRejections, BadApiKeyIsAConfigProblemAndTheKeyIsNeverShown) {
  write_config();
  const std::string wrong_key = "wrong-api-key-4f9c2e";
  const CommandResult run =
      hedgebot("once --live", "HEDGEBOT_API_KEY=" + wrong_key +
                                  " HEDGEBOT_API_SECRET=" + fake::kTestApiSecret + " ");
  EXPECT_TRUE(run.exit_code == 1 || run.exit_code == 2) << run.exit_code << run.err;
  EXPECT_TRUE(contains(run.err + run.out, "API key")) << run.err << run.out;
  const std::string journal = read_file(journal_path());
  for (const std::string& text : {run.out, run.err, journal}) {
    EXPECT_FALSE(contains(text, wrong_key)) << text;
    EXPECT_FALSE(contains(text, fake::kTestApiSecret)) << text;
  }
  const std::vector<Json> errors = journal_events("error");
  ASSERT_FALSE(errors.empty()) << "no error in the journal";
  EXPECT_EQ(errors.back().value("kind", ""), "authentication") << errors.back().dump();
  EXPECT_EQ(venue().total_orders_placed(), 0);
  EXPECT_EQ(requests("POST /fapi/v1/order"), 0);
}

TEST_F(OrderRejections, RateLimitedThenBannedStopsEveryRequest) {
  // A 429 with Retry-After is honoured; the retry meets a 418: the run stops at once.
  write_config();
  fake::Fault limited;
  limited.kind = fake::FaultKind::RateLimit429;
  limited.path = "/fapi/v1/klines";
  limited.retry_after_s = 1;
  venue().inject(limited);
  fake::Fault banned;
  banned.kind = fake::FaultKind::Ban418;
  banned.path = "/fapi/v1/klines";
  banned.retry_after_s = 1;
  venue().inject(banned);

  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_TRUE(contains(run.out + run.err, "banned")) << run.err << run.out;
  EXPECT_EQ(requests("GET /fapi/v1/klines"), 2);
  const std::vector<Json> errors = journal_events("error");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.back().value("kind", ""), "banned") << errors.back().dump();
  EXPECT_EQ(requests("POST /fapi/v1/order"), 0);
  EXPECT_EQ(requests("GET /fapi/v1/order"), 0);

  // A run started during the ban sends nothing at all (a request would make the ban longer).
  const int64_t requests_before = venue().total_requests();
  const int64_t klines_before = requests("GET /fapi/v1/klines");
  const CommandResult during = once();
  EXPECT_EQ(during.exit_code, 1) << during.err << during.out;
  EXPECT_TRUE(contains(during.out + during.err, "remain")) << during.err << during.out;
  EXPECT_EQ(requests("GET /fapi/v1/time"), 1);
  EXPECT_EQ(requests("GET /fapi/v1/klines"), klines_before);
  EXPECT_EQ(venue().total_requests(), requests_before);

  // Once it has ended, the next run trades.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const CommandResult again = once();
  EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
  EXPECT_DOUBLE_EQ(position(), kTarget);
}

TEST_F(OrderRejections, ResyncsTheClockOnceOnMinus1021) {
  write_config();
  fake::Fault fault;
  fault.kind = fake::FaultKind::VenueCode;
  fault.path = "/fapi/v3/account";
  fault.http_status = 400;
  fault.code = -1021;
  fault.msg = "Timestamp for this request is outside of the recvWindow.";
  venue().inject(fault);
  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(requests("GET /fapi/v1/time"), 2);  // the start, and one resync
  EXPECT_DOUBLE_EQ(position(), kTarget);
}

TEST_F(OrderRejections, AClockStillSkewedAfterTheResyncStops) {
  write_config();
  fake::Fault fault;
  fault.kind = fake::FaultKind::VenueCode;
  fault.path = "/fapi/v3/account";
  fault.http_status = 400;
  fault.code = -1021;
  fault.msg = "Timestamp for this request is outside of the recvWindow.";
  fault.times = 2;
  venue().inject(fault);
  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_TRUE(contains(run.err + run.out, "recvWindow")) << run.err << run.out;
  EXPECT_EQ(venue().total_orders_placed(), 0);
}

TEST_F(OrderRejections, OrderLostAndEveryLookupFailsStopsThenTheRerunFindsIt) {
  // The placement's answer is lost and both look-ups after it fail: the fate stays unknown, the
  // run stops with exit 1, and the re-run reads the position instead of placing again.
  write_config();
  fake::Fault absent;  // the look-up before placing: the venue's true answer
  absent.kind = fake::FaultKind::VenueCode;
  absent.path = kOrderPath;
  absent.method = "GET";
  absent.http_status = 400;
  absent.code = -2013;
  absent.msg = "Order does not exist.";
  venue().inject(absent);
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropAfter;
  lost.path = kOrderPath;
  lost.method = "POST";
  venue().inject(lost);
  fake::Fault unknown;
  unknown.kind = fake::FaultKind::Http503Unknown;
  unknown.path = kOrderPath;
  unknown.method = "GET";
  unknown.times = 2;
  venue().inject(unknown);

  const CommandResult run = once();
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_DOUBLE_EQ(position(), kTarget);  // it did reach the venue
  const std::vector<Json> errors = journal_events("error");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.back().value("kind", ""), "unknown execution status") << errors.back().dump();

  for (int rerun = 0; rerun < 3; ++rerun) {
    const CommandResult again = once();
    EXPECT_EQ(again.exit_code, 0) << again.err << again.out;
    EXPECT_DOUBLE_EQ(position(), kTarget);
  }
  EXPECT_EQ(venue().total_orders_placed(), 1);
  expect_each_id_placed_once();
}

TEST_F(OrderRejections, ManyFaultsAndRerunsNeverDoubleTheHedge) {
  // Every unclear-fate fault in turn, each followed by a re-run: the position only ever
  // approaches the target.
  write_config();
  const fake::FaultKind kinds[] = {fake::FaultKind::DropAfter,
                                   fake::FaultKind::Http503Unknown,
                                   fake::FaultKind::Slow,
                                   fake::FaultKind::Http500,
                                   fake::FaultKind::DropBefore,
                                   fake::FaultKind::Http502,
                                   fake::FaultKind::MalformedJson,
                                   fake::FaultKind::WrongShape,
                                   fake::FaultKind::Http503Unavailable};
  int round = 0;
  for (const fake::FaultKind kind : kinds) {
    // A new tick each round, with the position moved away by hand so there is work to do.
    next_tick();
    venue().set_position("BTCUSDT", round % 2 == 0 ? 0.0 : -0.25);
    fake::Fault fault;
    fault.kind = kind;
    fault.path = kOrderPath;
    fault.execute = true;
    fault.delay_ms = 1200;
    fault.times = 2;  // the placement and the first look-up
    venue().inject(fault);
    for (int run = 0; run < 3; ++run) {
      (void)once();
      EXPECT_LE(std::fabs(position()), std::fabs(kTarget) + 1e-9)
          << "round " << round << " run " << run;
    }
    venue().clear_faults();
    advance_venue_clock(10'000);  // an order that never landed can no longer execute
    const CommandResult clean = once();
    EXPECT_EQ(clean.exit_code, 0) << clean.err << clean.out;
    EXPECT_DOUBLE_EQ(position(), kTarget) << "round " << round;
    expect_each_id_placed_once();
    ++round;
  }
}

}  // namespace
}  // namespace hedgebot::live_test
