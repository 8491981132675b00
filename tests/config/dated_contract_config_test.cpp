// [[hedge]] contract = "perpetual" | "quarter" | "next_quarter" and roll_before: defaults, the
// venues that list no dated contracts, roll_before on a perpetual, funding rules on a dated hedge,
// and [paper] dated_basis.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/loader.hpp"
#include "tests/config/load_helpers.hpp"

namespace hedgebot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::problems;

TEST(DatedContractConfig, QuarterDefaultsToARollThreeDaysBeforeDelivery) {
  const LoadResult result = load_config_text(
      "[paper]\ndated_basis = 0.08\n"
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\ncontract = \"quarter\"\n"
      "[[hedge]]\nasset = \"ETH\"\nsymbol = \"ETHUSDT\"\ncontract = \"next_quarter\"\n"
      "roll_before = \"5d\"\n"
      "[[hedge]]\nasset = \"SOL\"\nsymbol = \"SOLUSDT\"\n",
      "test.toml");
  ASSERT_TRUE(result.ok()) << result.diagnostics[0].to_string();
  const Config& config = *result.config;
  EXPECT_EQ(config.hedges[0].contract, ContractKind::Quarter);
  EXPECT_EQ(config.hedges[0].roll_before_ms, 3 * kDayMs);
  EXPECT_EQ(config.hedges[1].contract, ContractKind::NextQuarter);
  EXPECT_EQ(config.hedges[1].roll_before_ms, 5 * kDayMs);
  EXPECT_EQ(config.hedges[2].contract, ContractKind::Perpetual);
  EXPECT_EQ(config.hedges[2].roll_before_ms, 0);
  EXPECT_DOUBLE_EQ(config.paper.dated_basis, 0.08);
}

TEST(DatedContractConfig, RollBeforeOnAPerpetualAndOutOfRangeAreRefused) {
  EXPECT_THAT(problems("[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nroll_before = \"3d\"\n"),
              ElementsAre(HasSubstr("test.toml:4:15: `hedge[0].roll_before` is only used with a "
                                    "dated contract")));
  EXPECT_THAT(problems("[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\ncontract = "
                       "\"quarter\"\nroll_before = \"90d\"\n"),
              ElementsAre(HasSubstr("must be between 1h and 60d")));
  EXPECT_THAT(problems("[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\ncontract = \"weekly\"\n"),
              ElementsAre(HasSubstr("contract")));
}

TEST(DatedContractConfig, VenuesWithoutDatedContractsAreRefusedByName) {
  for (const std::string kind : {"bybit", "bingx", "weex", "mexc"}) {
    const std::vector<std::string> found =
        problems("[venues.v]\nkind = \"" + kind +
                 "\"\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nvenue = \"v\"\n"
                 "contract = \"quarter\"\n");
    ASSERT_EQ(found.size(), 1U) << kind;
    EXPECT_THAT(found[0], HasSubstr("venue v (" + kind + ") lists no dated futures")) << kind;
  }
  for (const std::string kind : {"binance"}) {
    EXPECT_TRUE(problems("[venues.v]\nkind = \"" + kind +
                         "\"\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nvenue = \"v\"\n"
                         "contract = \"quarter\"\n")
                    .empty())
        << kind;
  }
}

TEST(DatedContractConfig, AFundingRuleOnADatedHedgeIsRefused) {
  const std::string hedges =
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\ncontract = \"quarter\"\n"
      "[[hedge]]\nasset = \"ETH\"\nsymbol = \"ETHUSDT\"\n";
  const std::string rule =
      "[[rule]]\nname = \"carry\"\nhedge = \"*\"\nwhen = \"funding_above\"\nthreshold = 0.0001\n"
      "action = \"set_ratio\"\nratio = 1.0\n";
  EXPECT_THAT(problems(hedges + rule),
              ElementsAre(HasSubstr("rule \"carry\" reads funding, but hedge BTC trades a dated "
                                    "contract")));
  // Limited to the perpetual hedge, it loads.
  std::string eth_only = rule;
  eth_only.replace(eth_only.find("\"*\""), 3, "\"ETH\"");
  EXPECT_TRUE(problems(hedges + eth_only).empty());
}

}  // namespace
}  // namespace hedgebot::config
