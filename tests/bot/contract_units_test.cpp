// Paper mode with a micro contract (`contract_size = 0.01`, no `qty_step`): the step is one whole
// contract, and `plan`, `once` and `status` print quantities in base units with the count of
// contracts beside them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

std::string micro_config(const TempDir& dir) {
  return "[bot]\nmode = \"paper\"\ninterval = \"1h\"\nstate_dir = \"" + dir.file("state") +
         "\"\n\n[paper]\nbalance = 100000.0\ncandles = \"" +
         source_path("data/binance-btcusdt-perp-1h.csv") + "\"\nmark = \"" +
         source_path("data/binance-btcusdt-perp-mark-1h.csv") +
         "\"\n\n[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\n\n"
         "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\ncontract_size = 0.01\n"
         "spot = { fixed = 3.5 }\nbaseline_ratio = 1.0\nleverage = 5\n";
}

CommandResult hedgebot(const std::string& arguments) {
  return run_command(hedgebot_binary() + " " + arguments);
}

TEST(ContractUnits, PaperMicroContractsTradeWholeContractsAndPrintBaseUnits) {
  TempDir dir;
  const std::string config = dir.write("micro.toml", micro_config(dir));
  const std::string at = " --at 2025-01-01T00:00:00Z -c " + config;

  const CommandResult plan = hedgebot("plan --json" + at);
  ASSERT_EQ(plan.exit_code, 0) << plan.err << plan.out;
  const nlohmann::json planned = nlohmann::json::parse(plan.out);
  ASSERT_EQ(planned["orders"].size(), 1u) << plan.out;
  EXPECT_EQ(planned["orders"][0]["qty"], "3.50");
  EXPECT_EQ(planned["orders"][0]["contracts"], "350");

  const CommandResult text = hedgebot("plan" + at);
  EXPECT_NE(text.out.find("SELL 3.50 BTCUSDT (350 contracts)"), std::string::npos) << text.out;

  const CommandResult once = hedgebot("once --json" + at);
  ASSERT_EQ(once.exit_code, 0) << once.err << once.out;
  const nlohmann::json report = nlohmann::json::parse(once.out);
  ASSERT_EQ(report["orders"].size(), 1u);
  EXPECT_EQ(report["orders"][0]["qty"], "3.50");
  EXPECT_EQ(report["orders"][0]["contracts"], "350");
  EXPECT_DOUBLE_EQ(report["positions_after"][0]["position_qty"].get<double>(), -3.5);
  EXPECT_DOUBLE_EQ(report["positions_after"][0]["position_contracts"].get<double>(), -350.0);

  const CommandResult status = hedgebot("status --json -c " + config);
  ASSERT_EQ(status.exit_code, 0) << status.err << status.out;
  const nlohmann::json state = nlohmann::json::parse(status.out);
  EXPECT_DOUBLE_EQ(state["hedges"][0]["position_qty"].get<double>(), -3.5);
  EXPECT_DOUBLE_EQ(state["hedges"][0]["position_contracts"].get<double>(), -350.0);
}

}  // namespace
}  // namespace hedgebot::testing
