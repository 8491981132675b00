// Live, the contract size is the venue's: a `contract_size` in the config is an assertion about
// it. One that differs from the venue's instrument is a config error naming both values, and
// nothing is sent.
#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class ContractSize : public LiveTest {};

TEST_F(ContractSize, AMismatchWithTheVenueIsAConfigErrorAndNothingIsSent) {
  // The fake venue lists BTCUSDT as Binance does: linear, one contract = 1 BTC.
  write_config({}, "", "contract_size = 0.01\n");
  for (const char* command : {"once --live --json", "plan --json"}) {
    const CommandResult run = hedgebot(command);
    EXPECT_EQ(run.exit_code, 2) << command << ": " << run.err << run.out;
    const std::string said = run.out + run.err;
    EXPECT_TRUE(contains(said, "contract_size = 0.01")) << said;
    EXPECT_TRUE(contains(said, "contract is 1 BTC")) << said;
  }
  const CommandResult status = hedgebot("status --json");
  EXPECT_EQ(status.exit_code, 2) << status.err << status.out;
  EXPECT_TRUE(contains(status.err, "contract_size = 0.01")) << status.err;
  EXPECT_EQ(venue().total_orders_placed(), 0);
  EXPECT_DOUBLE_EQ(position(), 0.0);
}

TEST_F(ContractSize, AnAssertionTheVenueConfirmsTrades) {
  write_config({}, "", "contract_size = 1\n");
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_DOUBLE_EQ(position(), -0.5);
  const Json report = Json::parse(run.out);
  EXPECT_EQ(report["orders"][0]["qty"], "0.500");
  EXPECT_FALSE(report["orders"][0].contains("contracts"));
}

}  // namespace
}  // namespace hedgebot::live_test
