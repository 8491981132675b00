// `hedgebot once --live` against the fake MEXC contract venue, chosen with `[exchange] venue =
// "mexc"`: the venue checks every signature and Request-Time (a bad one is a 602 / 513 refusal
// that would fail these runs), so a passing run is a signing test too. MEXC's default
// (orders_enabled = false) reads, plans, refuses by name and places nothing; with
// orders_enabled = true a hedge opens, resizes reduce-only and closes in contracts while every
// quantity printed stays in BTC. Also an order whose answer is lost, `status`, paper mode on
// MEXC's public data, and coins on Binance hedged on MEXC.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/mexc_venue.hpp"
#include "tests/live/live_fixture.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::live_test {
namespace {

constexpr const char* kCreate = "POST /api/v1/private/order/create";

class MexcLive : public ::testing::Test {
 protected:
  void SetUp() override {
    skew_ms_ = kHour / 2 - wall_ms() % kHour;
    venue_.set_clock_skew_ms(skew_ms_);
    venue_.set_leverage("BTC_USDT", 20);
  }

  void next_tick() { advance_venue_clock(kHour); }
  void advance_venue_clock(int64_t ms) {
    skew_ms_ += ms;
    venue_.set_clock_skew_ms(skew_ms_);
  }

  std::string state_dir() const { return dir_.file("state"); }

  // A MEXC config: `mode` live or paper, the hedge's spot fixed at `spot` BTC; `orders` is the
  // orders_enabled line ("" = MEXC's default); `symbol` as the config writes it.
  void write_config(double ratio, double spot, const std::string& orders = "",
                    const std::string& mode = "live", const std::string& symbol = "BTCUSDT") {
    std::ostringstream text;
    text << "[bot]\nmode = \"" << mode << "\"\ninterval = \"1h\"\nstate_dir = \"" << state_dir()
         << "\"\n\n[exchange]\nvenue = \"mexc\"\nfutures_url = \"" << venue_.url()
         << "\"\napi_key_env = \"MEXC_API_KEY\"\napi_secret_env = \"MEXC_API_SECRET\"\n"
         << "timeout = \"1s\"\nconnect_timeout = \"1s\"\n"
         << orders << "\n[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\n"
         << "kill_switch = \"" << state_dir() << "/STOP\"\n\n"
         << "[[hedge]]\nasset = \"BTC\"\nsymbol = \"" << symbol << "\"\nspot = { fixed = " << spot
         << " }\nbaseline_ratio = " << ratio << "\nmin_ratio = 0.0\nmax_ratio = 1.0\n"
         << "leverage = 3\n";
    config_ = dir_.write("mexc.toml", text.str());
  }

  CommandResult hedgebot(const std::string& arguments) {
    return run_command(std::string("MEXC_API_KEY=") + fake::kMexcTestApiKey +
                       " MEXC_API_SECRET=" + fake::kMexcTestApiSecret + " " +
                       hedgebot::testing::hedgebot_binary() + " " + arguments + " -c " + config_);
  }
  CommandResult once() { return hedgebot("once --live --json"); }

  static Json report_of(const CommandResult& run) {
    const Json report = Json::parse(run.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
    return report.is_discarded() ? Json::object() : report;
  }
  static double qty_of(const Json& order) { return std::stod(order["qty"].get<std::string>()); }

  fake::FakeMexcVenue venue_;
  TempDir dir_;
  int64_t skew_ms_ = 0;
  std::string config_;
};

TEST_F(MexcLive, ByDefaultALiveRunReadsPlansRefusesByNameAndPlacesNothing) {
  write_config(0.5, 0.1);
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 4) << run.err << run.out;
  const Json report = report_of(run);
  EXPECT_EQ(report["outcome"], "refused");
  ASSERT_EQ(report["refusals"].size(), 1u) << report.dump(2);
  EXPECT_TRUE(contains(report["refusals"][0]["reason"].get<std::string>(), "orders_enabled"))
      << report.dump(2);
  ASSERT_EQ(report["orders"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["orders"][0]["status"], "PLANNED");
  EXPECT_DOUBLE_EQ(qty_of(report["orders"][0]), 0.05);  // BTC, not contracts
  // Market and account were read; nothing was written.
  EXPECT_GE(venue_.requests("GET /api/v1/private/account/assets"), 1);
  EXPECT_GE(venue_.requests("GET /api/v1/contract/kline/BTC_USDT"), 1);
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  EXPECT_EQ(venue_.requests(kCreate), 0);
  EXPECT_EQ(venue_.requests("POST /api/v1/private/position/change_leverage"), 0);
  EXPECT_EQ(venue_.bad_signatures(), 0);

  const CommandResult text = hedgebot("once --live");
  EXPECT_EQ(text.exit_code, 4) << text.err << text.out;
  EXPECT_TRUE(contains(text.out + text.err, "orders_enabled = false")) << text.out << text.err;
  EXPECT_EQ(venue_.total_orders_placed(), 0);
}

TEST_F(MexcLive, OpensResizesReduceOnlyAndClosesAHedge) {
  // Open: 0.5 of 0.1 BTC -> Sell 0.05 BTC = 500 contracts of 0.0001 BTC.
  write_config(0.5, 0.1, "orders_enabled = true\n");
  CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = report_of(run)["orders"];
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(orders[0]["status"], "FILLED");
  EXPECT_EQ(orders[0]["reduce_only"], false);
  EXPECT_DOUBLE_EQ(qty_of(orders[0]), 0.05);
  EXPECT_EQ(venue_.position("BTC_USDT"), -500);
  EXPECT_EQ(venue_.leverage("BTC_USDT"), 3);

  // Resize: the spot falls to 0.06 BTC -> target -0.03 -> Buy 0.02 reduce-only (side 2).
  next_tick();
  write_config(0.5, 0.06, "orders_enabled = true\n", "live", "BTC_USDT");
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = report_of(run)["orders"];
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "BUY");
  EXPECT_DOUBLE_EQ(qty_of(orders[0]), 0.02);
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_EQ(venue_.position("BTC_USDT"), -300);

  // Close: ratio 0 -> Buy 0.03 reduce-only, flat.
  next_tick();
  write_config(0.0, 0.06, "orders_enabled = true\n");
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = report_of(run)["orders"];
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_EQ(venue_.position("BTC_USDT"), 0);
  EXPECT_EQ(venue_.total_orders_placed(), 3);
  EXPECT_EQ(venue_.bad_signatures(), 0);
  // The leverage was right after the first run: set once (per position type), never again.
  const int64_t writes = venue_.requests("POST /api/v1/private/position/change_leverage");
  EXPECT_GE(writes, 1);
  EXPECT_LE(writes, 2);
}

// The venue executes the order and the answer is lost: it is found by its externalOid and never
// sent again.
TEST_F(MexcLive, AnOrderWhoseAnswerIsLostIsNeverPlacedTwice) {
  write_config(0.5, 0.1, "orders_enabled = true\n");
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropAfter;
  lost.path = "/api/v1/private/order/create";
  lost.method = "POST";
  venue_.inject(lost);
  const CommandResult first = once();
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_EQ(venue_.position("BTC_USDT"), -500);

  const CommandResult second = once();
  EXPECT_EQ(second.exit_code, 0) << first.out << first.err << second.out << second.err;
  next_tick();
  const CommandResult third = once();
  EXPECT_EQ(third.exit_code, 0) << third.err << third.out;
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_EQ(venue_.position("BTC_USDT"), -500);
  EXPECT_EQ(venue_.requests(kCreate), 1);
}

TEST_F(MexcLive, StatusReadsTheAccountInBaseUnits) {
  venue_.set_position("BTC_USDT", -500, 60000.0);
  venue_.set_leverage("BTC_USDT", 3);
  write_config(0.5, 0.1);
  const CommandResult status = hedgebot("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err << status.out;
  const Json report = report_of(status);
  ASSERT_EQ(report["hedges"].size(), 1u) << status.out;
  const std::string shown = report["hedges"][0].dump();
  EXPECT_TRUE(contains(shown, "-0.05")) << report.dump(2);  // BTC, not -500 contracts
  EXPECT_EQ(venue_.bad_signatures(), 0);
  EXPECT_EQ(venue_.total_orders_placed(), 0);
}

// Paper mode with no candle files reads MEXC's public data (no key, no signed request) and
// catches up between runs.
TEST_F(MexcLive, PaperModeRunsOnMexcPublicData) {
  write_config(0.5, 0.1, "", "paper");
  CommandResult run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " +
                                  config_);  // no keys in the environment
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = report_of(run)["orders"];
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_DOUBLE_EQ(qty_of(orders[0]), 0.05);
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  EXPECT_EQ(venue_.requests("GET /api/v1/private/account/assets"), 0);

  advance_venue_clock(3 * kHour);
  run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " + config_);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_GE(venue_.requests("GET /api/v1/contract/kline/BTC_USDT"), 3);
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  const Json report = report_of(run);
  EXPECT_TRUE(report["errors"].empty()) << run.out;
}

// Coins on the fake Binance, the short on MEXC.
TEST(MexcCrossVenue, HedgesTheBinanceCoinsOnMexc) {
  fake::FakeVenue binance;
  fake::FakeMexcVenue mexc;
  TempDir dir;
  const int64_t skew = kHour / 2 - wall_ms() % kHour;
  binance.set_clock_skew_ms(skew);
  mexc.set_clock_skew_ms(skew);
  binance.set_wallet_balance(100000.0);
  binance.set_spot_balance("BTC", 0.08);
  std::ostringstream text;
  text << "[bot]\nmode = \"live\"\ninterval = \"1h\"\nstate_dir = \"" << dir.file("state")
       << "\"\n\n[venues.binance]\nkind = \"binance\"\nfutures_url = \"" << binance.url()
       << "\"\nspot_url = \"" << binance.url() << "\"\ntimeout = \"1s\"\n\n"
       << "[venues.mexc]\nkind = \"mexc\"\nfutures_url = \"" << mexc.url()
       << "\"\ntimeout = \"1s\"\norders_enabled = true\n\n[risk]\nmax_order_notional = "
          "1000000.0\nmax_leverage = 10.0\n\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
       << "venue = \"mexc\"\nspot = { source = \"account\", venue = \"binance\" }\n"
       << "baseline_ratio = 0.5\nmin_ratio = 0.0\nmax_ratio = 1.0\nleverage = 3\n";
  const std::string config = dir.write("cross.toml", text.str());
  const CommandResult run = run_command(
      std::string("BINANCE_API_KEY=") + fake::kTestApiKey +
      " BINANCE_API_SECRET=" + fake::kTestApiSecret + " MEXC_API_KEY=" + fake::kMexcTestApiKey +
      " MEXC_API_SECRET=" + fake::kMexcTestApiSecret + " " + hedgebot::testing::hedgebot_binary() +
      " once --live --json -c " + config);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(mexc.position("BTC_USDT"), -400);  // 0.04 BTC
  EXPECT_EQ(mexc.total_orders_placed(), 1);
  EXPECT_EQ(binance.total_orders_placed(), 0);
  EXPECT_EQ(mexc.bad_signatures(), 0);
}

}  // namespace
}  // namespace hedgebot::live_test
