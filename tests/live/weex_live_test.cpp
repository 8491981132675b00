// `hedgebot once --live` against the fake WEEX venue, chosen with `[exchange] venue =
// "weex-contract"`: the venue checks every signature, passphrase and timestamp (a bad one is a
// -1047 / -1049 / -1046 refusal that would fail these runs), so a passing run is a signing test
// too. Also: an order whose answer is lost, paper mode on WEEX's public data, coins on the fake
// Binance hedged on WEEX, spot from the WEEX account refused by name, and a scan of every output
// for the key, the secret and the passphrase.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/weex_venue.hpp"
#include "tests/live/live_fixture.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::live_test {
namespace {

class WeexLive : public ::testing::Test {
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

  // A WEEX config: `mode` live or paper, the hedge's spot `spot_line`.
  void write_config(double ratio, double spot, const std::string& mode = "live",
                    const std::string& extra = "") {
    const std::string spot_line = spot < 0 ? std::string("{ source = \"account\" }")
                                           : "{ fixed = " + std::to_string(spot) + " }";
    std::ostringstream text;
    text << "[bot]\nmode = \"" << mode << "\"\ninterval = \"1h\"\nstate_dir = \"" << state_dir()
         << "\"\n\n[exchange]\nvenue = \"weex-contract\"\nfutures_url = \"" << venue_.url()
         << "\"\napi_key_env = \"WEEX_API_KEY\"\napi_secret_env = \"WEEX_API_SECRET\"\n"
         << "api_passphrase_env = \"WEEX_API_PASSPHRASE\"\n"
         << "timeout = \"1s\"\nconnect_timeout = \"1s\"\n\n"
         << "[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\nkill_switch = \""
         << state_dir() << "/STOP\"\n\n"
         << extra << "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = " << spot_line
         << "\nbaseline_ratio = " << ratio << "\nmin_ratio = 0.0\nmax_ratio = 1.0\n"
         << "leverage = 3\n";
    config_ = dir_.write("weex.toml", text.str());
  }

  static std::string keys() {
    return std::string("WEEX_API_KEY=") + fake::kWeexTestApiKey +
           " WEEX_API_SECRET=" + fake::kWeexTestApiSecret +
           " WEEX_API_PASSPHRASE=" + fake::kWeexTestPassphrase + " ";
  }
  CommandResult hedgebot(const std::string& arguments) {
    return run_command(keys() + hedgebot::testing::hedgebot_binary() + " " + arguments + " -c " +
                       config_);
  }
  CommandResult once() { return hedgebot("once --live --json"); }

  static Json orders_of(const CommandResult& run) {
    const Json report = Json::parse(run.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
    return report.is_discarded() ? Json::array() : report["orders"];
  }

  fake::FakeWeexVenue venue_;
  TempDir dir_;
  int64_t skew_ms_ = 0;
  std::string config_;
};

TEST_F(WeexLive, OpensResizesReduceOnlyAndClosesAHedge) {
  // Open: 0.5 of 0.1 BTC -> Sell 0.05 (SELL + SHORT).
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

  // Resize: the spot falls to 0.06 BTC -> target -0.03 -> Buy 0.02 reduce-only (BUY + SHORT).
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
  EXPECT_EQ(venue_.requests("POST /capi/v3/account/leverage"), 1);
}

// The venue executes the order and the answer is lost: the next run finds it by its client id
// and sends nothing again.
TEST_F(WeexLive, AnOrderWhoseAnswerIsLostIsNeverPlacedTwice) {
  write_config(0.5, 0.1);
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropAfter;
  lost.path = "/capi/v3/order";
  lost.method = "POST";
  venue_.inject(lost);
  const CommandResult first = once();
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(venue_.position("BTCUSDT"), -0.05);

  const CommandResult second = once();
  EXPECT_EQ(second.exit_code, 0) << first.out << first.err << second.out << second.err;
  next_tick();
  const CommandResult third = once();
  EXPECT_EQ(third.exit_code, 0) << third.err << third.out;
  EXPECT_EQ(venue_.total_orders_placed(), 1);
  EXPECT_DOUBLE_EQ(venue_.position("BTCUSDT"), -0.05);
  EXPECT_EQ(venue_.requests("POST /capi/v3/order"), 1);
}

// Paper mode with no candle files reads WEEX's public data (no key, no signed request) and
// catches up between runs with ranged reads.
TEST_F(WeexLive, PaperModeRunsOnWeexPublicData) {
  write_config(0.5, 0.1, "paper");
  CommandResult run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " +
                                  config_);  // no keys in the environment
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json orders = orders_of(run);
  ASSERT_EQ(orders.size(), 1u) << run.out;
  EXPECT_EQ(orders[0]["side"], "SELL");
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  EXPECT_EQ(venue_.requests("GET /capi/v3/account/balance"), 0);

  advance_venue_clock(3 * kHour);
  run = run_command(hedgebot::testing::hedgebot_binary() + " once --json -c " + config_);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(venue_.total_orders_placed(), 0);
  const Json report = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << run.out;
  EXPECT_TRUE(report["errors"].empty()) << run.out;
}

// `spot = { source = "account" }` on WEEX: refused by name, nothing traded.
TEST_F(WeexLive, SpotFromTheWeexAccountIsRefusedByName) {
  write_config(0.5, -1.0);
  const CommandResult run = hedgebot("once --live");
  EXPECT_NE(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out + run.err, "WEEX coins cannot be read by this version"))
      << run.out << run.err;
  EXPECT_EQ(venue_.total_orders_placed(), 0);
}

// The key, the secret and the passphrase appear in no output, log, journal or state file.
TEST_F(WeexLive, SecretsAndThePassphraseArePrintedNowhere) {
  write_config(0.5, 0.1, "live", "[metrics]\ntextfile = \"" + state_dir() + "/hedgebot.prom\"\n\n");
  std::string printed;
  for (const std::string& logs :
       {std::string("--log-level debug"), std::string("--log-level trace --log-format json")}) {
    for (const std::string& command :
         {std::string("check"), std::string("plan --json"), std::string("once --live"),
          std::string("once --live --json"), std::string("status"), std::string("status --json")}) {
      const CommandResult run = hedgebot(logs + " " + command);
      EXPECT_EQ(run.exit_code, 0) << logs << " " << command << ": " << run.err << run.out;
      printed += run.out + run.err;
    }
  }
  EXPECT_EQ(venue_.total_orders_placed(), 1);  // it did trade with those secrets
  auto scan = [](const std::string& where, const std::string& text) {
    EXPECT_FALSE(contains(text, fake::kWeexTestApiKey)) << "the API key appears in " << where;
    EXPECT_FALSE(contains(text, fake::kWeexTestApiSecret)) << "the secret appears in " << where;
    EXPECT_FALSE(contains(text, fake::kWeexTestPassphrase))
        << "the passphrase appears in " << where;
  };
  scan("stdout/stderr", printed);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(state_dir())) {
    if (!entry.is_regular_file()) continue;
    ++files;
    scan(entry.path().string(), hedgebot::testing::read_file(entry.path().string()));
  }
  EXPECT_GE(files, 3);
}

// A live run without the passphrase: refused by name before any signed request.
TEST_F(WeexLive, AMissingPassphraseIsAConfigErrorNamingIt) {
  write_config(0.5, 0.1);
  const CommandResult run =
      run_command(std::string("WEEX_API_KEY=") + fake::kWeexTestApiKey +
                  " WEEX_API_SECRET=" + fake::kWeexTestApiSecret + " " +
                  hedgebot::testing::hedgebot_binary() + " once --live -c " + config_);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(contains(run.out + run.err, "WEEX_API_PASSPHRASE")) << run.out << run.err;
  EXPECT_EQ(venue_.requests("GET /capi/v3/account/balance"), 0);
  EXPECT_EQ(venue_.total_orders_placed(), 0);
}

// Coins on the fake Binance, the short on WEEX.
TEST(WeexCrossVenue, HedgesTheBinanceCoinsOnWeex) {
  fake::FakeVenue binance;
  fake::FakeWeexVenue weex;
  TempDir dir;
  const int64_t skew = kHour / 2 - wall_ms() % kHour;
  binance.set_clock_skew_ms(skew);
  weex.set_clock_skew_ms(skew);
  binance.set_wallet_balance(100000.0);
  binance.set_spot_balance("BTC", 0.08);
  std::ostringstream text;
  text << "[bot]\nmode = \"live\"\ninterval = \"1h\"\nstate_dir = \"" << dir.file("state")
       << "\"\n\n[venues.binance]\nkind = \"binance\"\nfutures_url = \"" << binance.url()
       << "\"\nspot_url = \"" << binance.url() << "\"\ntimeout = \"1s\"\n\n"
       << "[venues.weex]\nkind = \"weex\"\nfutures_url = \"" << weex.url()
       << "\"\ntimeout = \"1s\"\n\n[risk]\nmax_order_notional = 1000000.0\n"
       << "max_leverage = 10.0\n\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
       << "venue = \"weex\"\nspot = { source = \"account\", venue = \"binance\" }\n"
       << "baseline_ratio = 0.5\nmin_ratio = 0.0\nmax_ratio = 1.0\nleverage = 3\n";
  const std::string config = dir.write("cross.toml", text.str());
  const CommandResult run =
      run_command(std::string("BINANCE_API_KEY=") + fake::kTestApiKey + " BINANCE_API_SECRET=" +
                  fake::kTestApiSecret + " WEEX_API_KEY=" + fake::kWeexTestApiKey +
                  " WEEX_API_SECRET=" + fake::kWeexTestApiSecret +
                  " WEEX_API_PASSPHRASE=" + fake::kWeexTestPassphrase + " " +
                  hedgebot::testing::hedgebot_binary() + " once --live --json -c " + config);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(weex.position("BTCUSDT"), -0.04);
  EXPECT_EQ(weex.total_orders_placed(), 1);
  EXPECT_EQ(binance.total_orders_placed(), 0);
  EXPECT_EQ(binance.requests("GET /api/v3/account"), 1);  // the coins, and nothing else signed
  EXPECT_EQ(weex.requests("GET /capi/v3/account/balance"), 1);
}

}  // namespace
}  // namespace hedgebot::live_test
