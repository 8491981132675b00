// `hedgebot once --live` against the fake Bybit v5 venue, chosen with `[exchange] venue =
// "bybit-linear"`: the venue checks every signature, timestamp and receive window (a bad one is
// a 10004 / 10002 refusal that would fail these runs), so a passing run is a signing test too.
// Also paper mode on Bybit's public data, and an order whose answer is lost.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fakevenue/bybit_venue.hpp"
#include "tests/live/live_fixture.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::live_test {
namespace {

class BybitLive : public ::testing::Test {
 protected:
  void SetUp() override {
    // Half past the hour on the venue's clock: every run of a test falls in one tick slot.
    skew_ms_ = kHour / 2 - wall_ms() % kHour;
    venue_.set_clock_skew_ms(skew_ms_);
  }

  void next_tick() { advance_venue_clock(kHour); }
  void advance_venue_clock(int64_t ms) {
    skew_ms_ += ms;
    venue_.set_clock_skew_ms(skew_ms_);
  }

  std::string state_dir() const { return dir_.file("state"); }

  // A Bybit config: `mode` live or paper, the hedge's spot fixed at `spot` BTC.
  // `spot` < 0: the coins of the unified wallet (source = "account").
  void write_config(double ratio, double spot, const std::string& mode = "live") {
    std::ostringstream text;
    text << "[bot]\nmode = \"" << mode << "\"\ninterval = \"1h\"\nstate_dir = \"" << state_dir()
         << "\"\n\n[exchange]\nvenue = \"bybit-linear\"\nfutures_url = \"" << venue_.url()
         << "\"\nspot_url = \"" << venue_.url()
         << "\"\napi_key_env = \"BYBIT_API_KEY\"\napi_secret_env = \"BYBIT_API_SECRET\"\n"
         << "timeout = \"1s\"\nconnect_timeout = \"1s\"\nrecv_window = \"5s\"\n\n"
         << "[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\nkill_switch = \""
         << state_dir() << "/STOP\"\n\n"
         << "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = "
         << (spot < 0 ? std::string("{ source = \"account\" }")
                      : "{ fixed = " + std::to_string(spot) + " }")
         << "\nbaseline_ratio = " << ratio << "\nmin_ratio = 0.0\nmax_ratio = 1.0\n"
         << "leverage = 3\n";
    config_ = dir_.write("bybit.toml", text.str());
  }

  CommandResult hedgebot(const std::string& arguments) {
    return run_command(std::string("BYBIT_API_KEY=") + fake::kBybitTestApiKey +
                       " BYBIT_API_SECRET=" + fake::kBybitTestApiSecret + " " +
                       hedgebot::testing::hedgebot_binary() + " " + arguments + " -c " + config_);
  }
  CommandResult once() { return hedgebot("once --live --json"); }

  static Json orders_of(const CommandResult& run) {
    const Json report = Json::parse(run.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
    return report.is_discarded() ? Json::array() : report["orders"];
  }

  fake::FakeBybitVenue venue_;
  TempDir dir_;
  int64_t skew_ms_ = 0;
  std::string config_;
};

TEST_F(BybitLive, OpensResizesReduceOnlyAndClosesAHedge) {
  // Open: 0.5 of 0.1 BTC -> Sell 0.05.
  write_config(0.5, 0.1);
  CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(orders[0]["status"], "FILLED");
  EXPECT_EQ(orders[0]["reduce_only"], false);
  EXPECT_EQ(orders[0]["qty"], "0.050");
  EXPECT_DOUBLE_EQ(venue_.position("BTCUSDT"), -0.05);
  EXPECT_EQ(venue_.leverage("BTCUSDT"), 3);

  // Resize: the spot falls to 0.06 BTC -> target -0.03 -> Buy 0.02 reduce-only.
  next_tick();
  write_config(0.5, 0.06);
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "BUY");
  EXPECT_EQ(orders[0]["qty"], "0.020");
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_DOUBLE_EQ(venue_.position("BTCUSDT"), -0.03);

  // Close: ratio 0 -> Buy 0.03 reduce-only, flat.
  next_tick();
  write_config(0.0, 0.06);
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_DOUBLE_EQ(venue_.position("BTCUSDT"), 0.0);
  EXPECT_EQ(venue_.total_orders_placed(), 3);
  // The leverage was right after the first run: set once, never again.
  EXPECT_EQ(venue_.requests("POST /v5/position/set-leverage"), 1);
}

// The venue executes the order and the answer is lost: the next run finds it by its orderLinkId
// and sends nothing again.
TEST_F(BybitLive, AnOrderWhoseAnswerIsLostIsNeverPlacedTwice) {
  write_config(0.5, 0.1);
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropAfter;
  lost.path = "/v5/order/create";
  lost.method = "POST";
  venue_.inject(lost);
  const CommandResult first = once();
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(venue_.position("BTCUSDT"), -0.05);

  // Whatever the first run concluded, later runs in the slot and after it place nothing more.
  const CommandResult second = once();
  EXPECT_EQ(second.exit_code, 0) << first.out << first.err << second.out << second.err;
  next_tick();
  const CommandResult third = once();
  EXPECT_EQ(third.exit_code, 0) << third.err << third.out;
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(venue_.position("BTCUSDT"), -0.05);
  EXPECT_EQ(venue_.requests("POST /v5/order/create"), 1);
}

// Bybit publishes no maintenance brackets to this adapter: the maintenance margin of the target
// is unknown, and the plan says so instead of showing 0.
TEST_F(BybitLive, ThePlanCallsTheTargetsMaintenanceMarginUnknownNotZero) {
  write_config(0.5, 0.1);
  const CommandResult json = hedgebot("plan --json");
  ASSERT_EQ(json.exit_code, 0) << json.err << json.out;
  const Json plan = Json::parse(json.out);
  const Json& target = plan["decisions"][0]["target_margin"];
  EXPECT_GT(target["initial_margin"].get<double>(), 0.0) << target.dump();
  EXPECT_TRUE(target["maint_margin"].is_null()) << target.dump();
  const CommandResult text = hedgebot("plan");
  ASSERT_EQ(text.exit_code, 0) << text.err << text.out;
  EXPECT_TRUE(contains(text.out, "maintenance unknown")) << text.out;
}

// A steady tick (on target, nothing to trade) on one process: as few requests as on Binance,
// one connection per host. The breakdown is printed for docs/performance.md.
TEST_F(BybitLive, ASteadyTickMakesAsFewRequestsAsOnBinance) {
  venue_.set_coin("BTC", 0.1);
  write_config(0.5, -1.0);  // the coins from the unified wallet
  ASSERT_EQ(once().exit_code, 0);
  ASSERT_DOUBLE_EQ(venue_.position("BTCUSDT"), -0.05);
  next_tick();
  const int64_t before = venue_.total_requests();
  const int64_t wallet_before = venue_.requests("GET /v5/account/wallet-balance");
  const CommandResult steady = once();
  ASSERT_EQ(steady.exit_code, 0) << steady.err << steady.out;
  EXPECT_EQ(orders_of(steady).size(), 0u) << steady.out;
  const int64_t requests = venue_.total_requests() - before;
  std::cout << "steady Bybit tick: " << requests << " requests\n";
  for (const char* name :
       {"GET /v5/market/time", "GET /v5/market/instruments-info", "GET /v5/market/kline",
        "GET /v5/market/tickers", "GET /v5/market/funding/history",
        "GET /v5/account/wallet-balance", "GET /v5/position/list", "GET /v5/order/realtime",
        "GET /v5/account/info"}) {
    std::cout << "  " << name << ": " << venue_.requests(name) << " in total\n";
  }
  // One wallet read serves both the account's margin and the coins.
  EXPECT_EQ(venue_.requests("GET /v5/account/wallet-balance") - wallet_before, 1);
  EXPECT_LE(requests, 6);
}

// Paper mode with no candle files reads Bybit's public data (no key, no signed request) and
// catches up between runs with ranged reads.
TEST_F(BybitLive, PaperModeRunsOnBybitPublicData) {
  write_config(0.5, 0.1, "paper");
  CommandResult run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " +
                                  config_);  // no keys in the environment
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  EXPECT_EQ(venue_.requests("GET /v5/account/wallet-balance"), 0);

  // Three hours later: the account catches up over every candle in between.
  advance_venue_clock(3 * kHour);
  run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " + config_);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_GE(venue_.requests("GET /v5/market/kline"), 3);
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  const Json report = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << run.out;
  EXPECT_TRUE(report["errors"].empty()) << run.out;
}

}  // namespace
}  // namespace hedgebot::live_test
