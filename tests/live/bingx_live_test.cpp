// `hedgebot once --live` against the fake BingX venue, chosen with `[exchange] venue = "bingx"`:
// the venue checks every signature, API key and timestamp (a bad one is a 100001 / 100413 /
// 100421 refusal that would fail these runs, and is counted), so a passing run is a signing test
// too. Also an order whose answer is lost, paper mode on BingX's public data, the symbol written
// BingX's way, and coins on the fake Binance hedged on BingX.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "fakevenue/bingx_venue.hpp"
#include "fakevenue/fake_venue.hpp"
#include "tests/live/live_fixture.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::live_test {
namespace {

class BingxLive : public ::testing::Test {
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

  // A BingX config: `mode` live or paper, the hedge's spot fixed at `spot` BTC (< 0: the spot
  // account's coins, source = "account").
  void write_config(double ratio, double spot, const std::string& mode = "live",
                    const std::string& symbol = "BTCUSDT") {
    std::ostringstream text;
    text << "[bot]\nmode = \"" << mode << "\"\ninterval = \"1h\"\nstate_dir = \"" << state_dir()
         << "\"\n\n[exchange]\nvenue = \"bingx\"\nfutures_url = \"" << venue_.url()
         << "\"\napi_key_env = \"BINGX_API_KEY\"\napi_secret_env = \"BINGX_API_SECRET\"\n"
         << "timeout = \"1s\"\nconnect_timeout = \"1s\"\nrecv_window = \"5s\"\n\n"
         << "[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\nkill_switch = \""
         << state_dir() << "/STOP\"\n\n"
         << "[[hedge]]\nasset = \"BTC\"\nsymbol = \"" << symbol << "\"\nspot = "
         << (spot < 0 ? std::string("{ source = \"account\" }")
                      : "{ fixed = " + std::to_string(spot) + " }")
         << "\nbaseline_ratio = " << ratio << "\nmin_ratio = 0.0\nmax_ratio = 1.0\n"
         << "leverage = 3\n";
    config_ = dir_.write("bingx.toml", text.str());
  }

  CommandResult hedgebot(const std::string& arguments) {
    return run_command(std::string("BINGX_API_KEY=") + fake::kBingxTestApiKey +
                       " BINGX_API_SECRET=" + fake::kBingxTestApiSecret + " " +
                       hedgebot::testing::hedgebot_binary() + " " + arguments + " -c " + config_);
  }
  CommandResult once() { return hedgebot("once --live --json"); }

  static Json orders_of(const CommandResult& run) {
    const Json report = Json::parse(run.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
    return report.is_discarded() ? Json::array() : report["orders"];
  }

  fake::FakeBingxVenue venue_;
  TempDir dir_;
  int64_t skew_ms_ = 0;
  std::string config_;
};

TEST_F(BingxLive, OpensResizesReduceOnlyAndClosesAHedge) {
  // Open: 0.5 of 0.1 BTC -> Sell 0.05.
  write_config(0.5, 0.1);
  CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(orders[0]["status"], "FILLED");
  EXPECT_EQ(orders[0]["reduce_only"], false);
  EXPECT_EQ(orders[0]["qty"], "0.0500");
  EXPECT_DOUBLE_EQ(venue_.position("BTC-USDT"), -0.05);
  EXPECT_EQ(venue_.leverage("BTC-USDT"), 3);

  // Resize: the spot falls to 0.06 BTC -> target -0.03 -> Buy 0.02 reduce-only.
  next_tick();
  write_config(0.5, 0.06);
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "BUY");
  EXPECT_EQ(orders[0]["qty"], "0.0200");
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_DOUBLE_EQ(venue_.position("BTC-USDT"), -0.03);

  // Close: ratio 0 -> Buy 0.03 reduce-only, flat.
  next_tick();
  write_config(0.0, 0.06);
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["reduce_only"], true);
  EXPECT_DOUBLE_EQ(venue_.position("BTC-USDT"), 0.0);
  EXPECT_EQ(venue_.total_orders_placed(), 3);
  EXPECT_EQ(venue_.requests("POST /openApi/swap/v2/trade/leverage"), 1);
  EXPECT_EQ(venue_.bad_signatures(), 0);  // every signed request was valid
}

TEST_F(BingxLive, SymbolWrittenTheVenuesWayAndCoinsFromTheSpotAccount) {
  venue_.set_spot_balance("BTC", 0.1);
  write_config(0.5, -1.0, "live", "BTC-USDT");
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(venue_.position("BTC-USDT"), -0.05);
  EXPECT_EQ(venue_.requests("GET /openApi/spot/v1/account/balance"), 1);
  EXPECT_TRUE(contains(run.out, "BTC-USDT")) << run.out;
  EXPECT_EQ(venue_.bad_signatures(), 0);
}

// The venue executes the order and the answer is lost: the next run finds it by its client id
// and sends nothing again.
TEST_F(BingxLive, AnOrderWhoseAnswerIsLostIsNeverPlacedTwice) {
  write_config(0.5, 0.1);
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropAfter;
  lost.path = "/openApi/swap/v2/trade/order";
  lost.method = "POST";
  venue_.inject(lost);
  const CommandResult first = once();
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(venue_.position("BTC-USDT"), -0.05);
  const CommandResult second = once();
  EXPECT_EQ(second.exit_code, 0) << first.out << first.err << second.out << second.err;
  next_tick();
  const CommandResult third = once();
  EXPECT_EQ(third.exit_code, 0) << third.err << third.out;
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(venue_.position("BTC-USDT"), -0.05);
  EXPECT_EQ(venue_.requests("POST /openApi/swap/v2/trade/order"), 1);
}

// A hedge-mode account: the run refuses by name, exit 1 or 2, and trades nothing.
TEST_F(BingxLive, AHedgeModeAccountIsRefusedByName) {
  venue_.set_dual_side(true);
  write_config(0.5, 0.1);
  const CommandResult run = once();
  EXPECT_NE(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out + run.err, "one-way")) << run.out << run.err;
  EXPECT_EQ(venue_.total_orders_placed(), 0);
}

// Paper mode with no candle files reads BingX's public data (no key, no signed request).
TEST_F(BingxLive, PaperModeRunsOnBingxPublicData) {
  write_config(0.5, 0.1, "paper");
  CommandResult run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " +
                                  config_);  // no keys in the environment
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  EXPECT_EQ(venue_.requests("GET /openApi/swap/v3/user/balance"), 0);

  advance_venue_clock(3 * kHour);
  run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " + config_);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_GE(venue_.requests("GET /openApi/swap/v3/quote/klines"), 2);
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  const Json report = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << run.out;
  EXPECT_TRUE(report["errors"].empty()) << run.out;
}

// Coins on the fake Binance, the short on the fake BingX.
TEST(BingxCrossVenue, HedgesTheBinanceCoinsOnBingx) {
  fake::FakeVenue binance;
  fake::FakeBingxVenue bingx;
  TempDir dir;
  const int64_t skew = kHour / 2 - wall_ms() % kHour;
  binance.set_clock_skew_ms(skew);
  bingx.set_clock_skew_ms(skew);
  binance.set_wallet_balance(100000.0);
  binance.set_spot_balance("BTC", 0.08);
  bingx.set_spot_balance("BTC", 1.5);  // BingX's own coins: not the ones this hedge covers
  std::ostringstream text;
  text << "[bot]\nmode = \"live\"\ninterval = \"1h\"\nstate_dir = \"" << dir.file("state")
       << "\"\n\n[venues.binance]\nkind = \"binance\"\nfutures_url = \"" << binance.url()
       << "\"\nspot_url = \"" << binance.url() << "\"\ntimeout = \"1s\"\n\n"
       << "[venues.bingx]\nkind = \"bingx\"\nfutures_url = \"" << bingx.url()
       << "\"\ntimeout = \"1s\"\n\n[risk]\nmax_order_notional = 1000000.0\n"
       << "max_leverage = 10.0\n\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
       << "venue = \"bingx\"\nspot = { source = \"account\", venue = \"binance\" }\n"
       << "baseline_ratio = 0.5\nmin_ratio = 0.0\nmax_ratio = 1.0\nleverage = 3\n";
  const std::string config = dir.write("cross.toml", text.str());
  const CommandResult run =
      run_command(std::string("BINANCE_API_KEY=") + fake::kTestApiKey + " BINANCE_API_SECRET=" +
                  fake::kTestApiSecret + " BINGX_API_KEY=" + fake::kBingxTestApiKey +
                  " BINGX_API_SECRET=" + fake::kBingxTestApiSecret + " " +
                  hedgebot::testing::hedgebot_binary() + " once --live --json -c " + config);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(bingx.position("BTC-USDT"), -0.04);
  EXPECT_EQ(bingx.total_orders_placed(), 1);
  EXPECT_EQ(binance.total_orders_placed(), 0);
  EXPECT_EQ(bingx.requests("GET /openApi/spot/v1/account/balance"), 0);
  EXPECT_EQ(bingx.bad_signatures(), 0);
}

}  // namespace
}  // namespace hedgebot::live_test
