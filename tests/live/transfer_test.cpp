// Transfer rules live: the real binary against the fake Binance venue, whose
// /sapi/v1/asset/transfer checks signatures like every signed call. One transfer per rule and
// tick, never past [risk] max_transfer_per_day over several runs, a lost answer found in the
// venue's history and never sent twice; and `check` refusing a transfer rule on Bybit, whose
// unified account has no separate wallets.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

constexpr const char* kTopUp =
    "[[rule]]\nname = \"top-up\"\nwhen = \"always\"\naction = \"transfer\"\nasset = \"USDT\"\n"
    "amount = 500\ndirection = \"to_futures\"\n";

class LiveTransfer : public LiveTest {
 protected:
  void SetUp() override {
    LiveTest::SetUp();
    venue().set_spot_balance("USDT", 5000.0);
    risk_extra_ = "max_transfer_per_day = 1200\n";
    // No hedge to open: the futures wallet moves only by the transfers (no order fees).
    HedgeSpec flat;
    flat.baseline_ratio = 0.0;
    write_config(flat, "", kTopUp);
  }

  static Json transfers_of(const CommandResult& run) {
    const Json report = Json::parse(run.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
    return report.is_discarded() ? Json::array() : report["transfers"];
  }

  double wallet() { return venue().account_state()["wallet"].get<double>(); }
};

TEST_F(LiveTransfer, OncePerTickAndNeverPastTheDailyCap) {
  CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  Json transfers = transfers_of(run);
  ASSERT_EQ(transfers.size(), 1u) << run.out;
  EXPECT_EQ(transfers[0]["rule"], "top-up");
  EXPECT_EQ(transfers[0]["asset"], "USDT");
  EXPECT_EQ(transfers[0]["amount"], 500.0);
  EXPECT_EQ(transfers[0]["direction"], "to_futures");
  EXPECT_EQ(transfers[0]["status"], "CONFIRMED");
  EXPECT_EQ(transfers[0]["id"], "13526853623");
  EXPECT_EQ(venue().transfers_made(), 1);
  EXPECT_DOUBLE_EQ(wallet(), 100500.0);

  // The same slot again: done, nothing sent.
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "DONE");
  EXPECT_EQ(venue().transfers_made(), 1);

  next_tick();
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "CONFIRMED");
  EXPECT_EQ(venue().transfers_made(), 2);

  // 1000 moved in 24 h; 500 more would pass 1200: refused whole, by name.
  next_tick();
  run = once();
  ASSERT_EQ(run.exit_code, 4) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "REFUSED");
  const Json report = Json::parse(run.out);
  ASSERT_EQ(report["refusals"].size(), 1u) << run.out;
  EXPECT_TRUE(contains(report["refusals"][0]["reason"].get<std::string>(),
                       "above [risk] max_transfer_per_day 1200.00"))
      << run.out;
  EXPECT_EQ(venue().transfers_made(), 2);

  // Text output names the transfer too.
  const CommandResult text = hedgebot("once --live");
  EXPECT_EQ(text.exit_code, 4) << text.out << text.err;
  EXPECT_TRUE(contains(text.out, "top-up: 500 USDT to_futures -> REFUSED")) << text.out;
  EXPECT_EQ(venue().transfers_made(), 2);
}

TEST_F(LiveTransfer, ALostAnswerIsFoundInTheHistoryAndNeverSentTwice) {
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropAfter;
  lost.path = "/sapi/v1/asset/transfer";
  lost.method = "POST";
  venue().inject(lost);
  CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "FOUND") << run.out;
  EXPECT_EQ(venue().transfers_made(), 1);

  // A run that died after the intent: the journal ends at SENDING. The re-run finds the
  // transfer in the history and sends nothing more.
  std::vector<std::string> kept;
  {
    std::ifstream in(journal_path());
    std::string line;
    bool dropping = false;
    while (std::getline(in, line)) {
      const Json entry = Json::parse(line);
      if (entry.value("event", "") == "transfer" && entry.value("status", "") == "FOUND")
        dropping = true;
      if (!dropping) kept.push_back(line);
    }
  }
  {
    std::ofstream out(journal_path(), std::ios::trunc);
    for (const std::string& line : kept) out << line << "\n";
  }
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "FOUND") << run.out;
  EXPECT_EQ(venue().transfers_made(), 1);
  run = once();
  EXPECT_EQ(transfers_of(run)[0]["status"], "DONE") << run.out;
  EXPECT_EQ(venue().transfers_made(), 1);
}

TEST_F(LiveTransfer, ARequestLostBeforeTheVenueIsSentAgainOnlyAfterItsWindow) {
  fake::Fault lost;
  lost.kind = fake::FaultKind::DropBefore;
  lost.path = "/sapi/v1/asset/transfer";
  lost.method = "POST";
  venue().inject(lost);
  CommandResult run = once();
  ASSERT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "UNKNOWN") << run.out;
  EXPECT_EQ(venue().transfers_made(), 0);

  run = once();  // inside recvWindow + clock margin: nothing sent
  ASSERT_EQ(run.exit_code, 1) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "UNKNOWN") << run.out;
  EXPECT_EQ(venue().transfers_made(), 0);

  advance_venue_clock(10'000);  // past 5 s + 2 s: it never executed
  run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(transfers_of(run)[0]["status"], "CONFIRMED") << run.out;
  EXPECT_EQ(venue().transfers_made(), 1);
}

TEST_F(LiveTransfer, NeverTakesMoreUsdtThanTheSpotWalletHolds) {
  venue().set_spot_balance("USDT", 100.0);
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 4) << run.err << run.out;
  EXPECT_TRUE(contains(run.out, "the spot wallet holds only 100 USDT free")) << run.out;
  EXPECT_EQ(venue().transfers_made(), 0);
}

TEST(TransferCheck, ABybitVenueHasNoWalletsToMoveBetween) {
  TempDir dir;
  const std::string config = dir.write(
      "bybit.toml", std::string("[bot]\nmode = \"live\"\nstate_dir = \"") + dir.file("state") +
                        "\"\n[exchange]\nvenue = \"bybit-linear\"\n"
                        "[risk]\nmax_transfer_per_day = 1000\n"
                        "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n" +
                        kTopUp);
  const std::string keys = "HEDGEBOT_API_KEY=k HEDGEBOT_API_SECRET=s ";
  const CommandResult check =
      run_command(keys + hedgebot::testing::hedgebot_binary() + " check -c " + config);
  EXPECT_EQ(check.exit_code, 2) << check.out << check.err;
  EXPECT_TRUE(contains(check.err, "rule `top-up`: action \"transfer\"")) << check.err;
  EXPECT_TRUE(contains(check.err, "has no separate spot and futures wallets")) << check.err;

  // The same rule on Binance passes.
  const std::string binance = dir.write(
      "binance.toml", std::string("[bot]\nmode = \"live\"\nstate_dir = \"") + dir.file("state") +
                          "\"\n[risk]\nmax_transfer_per_day = 1000\n"
                          "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n" +
                          kTopUp);
  const CommandResult ok =
      run_command(keys + hedgebot::testing::hedgebot_binary() + " check -c " + binance);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
}

}  // namespace
}  // namespace hedgebot::live_test
