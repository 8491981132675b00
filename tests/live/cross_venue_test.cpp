// Coins on one venue, the short on another: `hedgebot once --live` with [venues.binance] (the
// fake Binance, holding the coins) and [venues.bybit] (the fake Bybit, where the perpetual is).
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fakevenue/bybit_venue.hpp"
#include "fakevenue/fake_venue.hpp"
#include "tests/live/live_fixture.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::live_test {
namespace {

class CrossVenue : public ::testing::Test {
 protected:
  void SetUp() override {
    const int64_t skew = kHour / 2 - wall_ms() % kHour;
    binance_.set_clock_skew_ms(skew);
    bybit_.set_clock_skew_ms(skew);
    binance_.set_wallet_balance(100000.0);
    binance_.set_spot_balance("BTC", 0.08);  // the coins
    bybit_.set_coin("BTC", 1.5);             // Bybit's own coins: not the ones this hedge covers
    std::ostringstream text;
    text << "[bot]\nmode = \"live\"\ninterval = \"1h\"\nstate_dir = \"" << dir_.file("state")
         << "\"\n\n[venues.binance]\nkind = \"binance\"\nfutures_url = \"" << binance_.url()
         << "\"\nspot_url = \"" << binance_.url() << "\"\ntimeout = \"1s\"\n\n"
         << "[venues.bybit]\nkind = \"bybit\"\nfutures_url = \"" << bybit_.url()
         << "\"\ntimeout = \"1s\"\n\n[risk]\nmax_order_notional = 1000000.0\n"
         << "max_leverage = 10.0\n\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
         << "venue = \"bybit\"\nspot = { source = \"account\", venue = \"binance\" }\n"
         << "baseline_ratio = 0.5\nmin_ratio = 0.0\nmax_ratio = 1.0\nleverage = 3\n";
    config_ = dir_.write("cross.toml", text.str());
  }

  CommandResult hedgebot(const std::string& arguments) {
    return run_command(std::string("BINANCE_API_KEY=") + fake::kTestApiKey +
                       " BINANCE_API_SECRET=" + fake::kTestApiSecret +
                       " BYBIT_API_KEY=" + fake::kBybitTestApiKey +
                       " BYBIT_API_SECRET=" + fake::kBybitTestApiSecret + " " +
                       hedgebot::testing::hedgebot_binary() + " " + arguments + " -c " + config_);
  }

  fake::FakeVenue binance_;
  fake::FakeBybitVenue bybit_;
  TempDir dir_;
  std::string config_;
};

TEST_F(CrossVenue, HedgesTheBinanceCoinsOnBybitAndPlacesNothingOnBinance) {
  const CommandResult run = hedgebot("once --live --json");
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  // 0.5 of the 0.08 BTC on Binance, not of the 1.5 BTC in Bybit's wallet.
  EXPECT_DOUBLE_EQ(bybit_.position("BTCUSDT"), -0.04);
  EXPECT_EQ(bybit_.total_orders_placed(), 1);
  EXPECT_EQ(binance_.total_orders_placed(), 0);
  EXPECT_EQ(binance_.requests("POST /fapi/v1/order"), 0);
  EXPECT_EQ(binance_.requests("POST /fapi/v1/leverage"), 0);
  EXPECT_EQ(binance_.requests("GET /api/v3/account"), 1);  // the coins, and nothing else signed
  EXPECT_EQ(bybit_.requests("GET /v5/account/wallet-balance"), 1);  // the margin, not the coins

  // The journal names the venue of the order.
  bool named = false;
  std::istringstream journal(hedgebot::testing::read_file(dir_.file("state/journal.jsonl")));
  for (std::string line; std::getline(journal, line);) {
    const Json entry = Json::parse(line, nullptr, false);
    if (!entry.is_discarded() && entry.value("event", "") == "order")
      named |= contains(entry.value("venue", ""), "bybit");
  }
  EXPECT_TRUE(named) << "no order line names the bybit venue";

  // status names both venues of the hedge.
  const CommandResult status = hedgebot("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err << status.out;
  const Json report = Json::parse(status.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << status.out;
  EXPECT_EQ(report["hedges"][0]["venue"], "bybit");
  EXPECT_EQ(report["hedges"][0]["spot_venue"], "binance");
  EXPECT_DOUBLE_EQ(report["hedges"][0]["spot_qty"].get<double>(), 0.08);
}

// The coins cannot be read: the tick fails naming the venue, and nothing is traded anywhere.
TEST_F(CrossVenue, AFailureOfTheSpotVenueFailsTheTickNamingIt) {
  fake::Fault down;
  down.kind = fake::FaultKind::Http500;
  down.path = "/api/v3/account";
  down.times = 5;
  binance_.inject(down);
  const CommandResult run = hedgebot("once --live");
  EXPECT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_TRUE(contains(run.out + run.err, "venue `binance`")) << run.out << run.err;
  EXPECT_EQ(bybit_.total_orders_placed(), 0);
  EXPECT_EQ(binance_.total_orders_placed(), 0);
}

// `check` names a missing key of a venue the run needs, at that venue's table.
TEST_F(CrossVenue, CheckNamesTheMissingKeysOfTheVenueTheRunNeeds) {
  const CommandResult check =
      run_command(std::string("BYBIT_API_KEY=k BYBIT_API_SECRET=s ") +
                  hedgebot::testing::hedgebot_binary() + " check -c " + config_);
  EXPECT_EQ(check.exit_code, 2) << check.err << check.out;
  EXPECT_TRUE(contains(check.out + check.err, "cross.toml:6:1"))
      << check.out << check.err;  // [venues.binance]
  EXPECT_TRUE(contains(check.out + check.err, "BINANCE_API_KEY (`venues.binance.api_key_env`)"))
      << check.out << check.err;
}

}  // namespace
}  // namespace hedgebot::live_test
