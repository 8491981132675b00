// A replay's journal adds up to its account: limit orders that rest and fill while the executor
// waits (simulated time moves on), funding, and the summary's wallet, fees, funding and realized
// PnL rebuilt from journal.jsonl alone.
#include "tests/support/journal_ledger.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "tests/replay/replay_fixtures.hpp"
#include "tests/support/run_command.hpp"

namespace hedgebot::testing {
namespace {

TEST(ReplayJournalLedger, RestingLimitFillsAreJournaledOnceAndAddUp) {
  TempDir dir;
  write_hourly_candles(dir, "candles.csv", 120,
                       [](int i) { return 50000.0 + 1500.0 * std::sin(i / 3.0); });
  write_funding(
      dir, "funding.csv", 15, [](int i) { return i % 2 == 0 ? 0.0003 : -0.0002; }, 50000.0);
  const std::string rule =
      "\n[[rule]]\nname = \"up\"\nhedge = \"BTC\"\nwhen = \"price_above_ma\"\ntimeframe = \"1h\"\n"
      "period = 5\naction = \"set_ratio\"\nratio = 0.9\n";
  const std::string config =
      write_btc_config(dir, "limit.toml", 0.2, 100000.0, true, "max_order_notional = 1000000.0\n",
                       "order = \"limit\"\nlimit_timeout = \"3h\"\n" + rule);
  const CommandResult run = run_command(hedgebot_binary() + " replay --json -c " + config +
                                        " --report " + dir.file("out"));
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const nlohmann::json summary = nlohmann::json::parse(run.out);

  const JournalLedger ledger = rebuild_from_journal(dir.file("out/journal.jsonl"));
  EXPECT_THAT(ledger.problems, ::testing::IsEmpty());
  EXPECT_GE(ledger.fills, 4);
  EXPECT_GE(ledger.funding_lines, 1);
  EXPECT_NEAR(ledger.fees, summary["fees"].get<double>(), 1e-6);
  EXPECT_NEAR(ledger.funding, summary["funding"].get<double>(), 1e-6);
  EXPECT_NEAR(ledger.realized_pnl, summary["realized_pnl"].get<double>(), 1e-6);
  EXPECT_NEAR(ledger.wallet(100000.0), summary["wallet_balance"].get<double>(), 1e-6);
}

}  // namespace
}  // namespace hedgebot::testing
