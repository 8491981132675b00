// A venue that quotes in contracts of another size than one base unit (a micro contract of
// 0.01 BTC, as inverse and several linear venues list them): the contract size comes from the
// venue's instrument, orders go out in contracts, and every JSON quantity (the report, the
// journal) is in base units with the count of contracts beside it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/pipeline/report_output.hpp"
#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

const std::string kMicroConfig = std::string(kBtcHedge) + R"(
spot = { fixed = 3.5 }
baseline_ratio = 1.0
band = 0.0
leverage = 10

[risk]
max_order_notional = 1000000.0
max_leverage = 10.0
)";

// The venue's BTCUSDT: contracts of 0.01 BTC, whole contracts only. The config says nothing
// about the contract size (a live config need not: the venue says it).
void use_micro_contracts(Scenario& s) {
  Instrument& instrument = s.market("BTCUSDT").instrument;
  instrument.contract_size = 0.01;
  instrument.qty_step = Decimal{1, 0};
  s.config.bot.mode = config::Mode::Live;
  s.set_margin(200000.0, 0.0);
}

TEST(ContractUnits, TheVenuesContractSizeSetsTheOrderAndJsonSaysBaseUnits) {
  Scenario s(kMicroConfig);
  use_micro_contracts(s);
  // 3.5 BTC fully hedged is 350 contracts of 0.01 BTC.
  EXPECT_CALL(s.client, place_order(s.sell("350"))).Times(1);
  const bot::TickReport report = s.tick();
  ASSERT_EQ(report.orders.size(), 1u);
  EXPECT_EQ(s.market("BTCUSDT").position_steps, -350);

  const nlohmann::ordered_json json = bot::tick_report_json(report, {});
  EXPECT_EQ(json["orders"][0]["qty"], "3.50");
  EXPECT_EQ(json["orders"][0]["contracts"], "350");

  const std::vector<nlohmann::json> orders = s.journal("order");
  ASSERT_FALSE(orders.empty());
  for (const nlohmann::json& order : orders) {
    EXPECT_EQ(order["qty"], "3.50") << order.dump();
    EXPECT_EQ(order["contracts"], "350") << order.dump();
  }
  const std::vector<nlohmann::json> fills = s.journal("fill");
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0]["qty"], "3.50");
  EXPECT_EQ(fills[0]["contracts"], "350");
  EXPECT_DOUBLE_EQ(fills[0]["position_after"].get<double>(), -3.5);
  EXPECT_DOUBLE_EQ(fills[0]["position_after_contracts"].get<double>(), -350.0);
  const std::vector<nlohmann::json> decisions = s.journal("decision");
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_DOUBLE_EQ(decisions[0]["target_qty"].get<double>(), -3.5);
  EXPECT_DOUBLE_EQ(decisions[0]["target_contracts"].get<double>(), -350.0);

  // The next tick reads the position in contracts and shows it in base units.
  s.verify_orders();
  s.now_ms += 3600000;
  const bot::TickReport next = s.tick();
  const nlohmann::ordered_json again = bot::tick_report_json(next, {});
  EXPECT_DOUBLE_EQ(again["decisions"][0]["position_qty"].get<double>(), -3.5);
  EXPECT_DOUBLE_EQ(again["decisions"][0]["position_contracts"].get<double>(), -350.0);
}

// A contract of one base unit: the JSON is unchanged, no `contracts` beside the quantity.
TEST(ContractUnits, OneBaseUnitContractsHaveNoContractsField) {
  Scenario s(kMicroConfig);
  s.set_margin(200000.0, 0.0);
  EXPECT_CALL(s.client, place_order(s.sell("3.500"))).Times(1);
  const bot::TickReport report = s.tick();
  const nlohmann::ordered_json json = bot::tick_report_json(report, {});
  ASSERT_EQ(json["orders"].size(), 1u);
  EXPECT_EQ(json["orders"][0]["qty"], "3.500");
  EXPECT_FALSE(json["orders"][0].contains("contracts"));
  EXPECT_FALSE(json["decisions"][0].contains("position_contracts"));
  for (const nlohmann::json& fill : s.journal("fill")) EXPECT_FALSE(fill.contains("contracts"));
}

}  // namespace
}  // namespace hedgebot::behaviour
