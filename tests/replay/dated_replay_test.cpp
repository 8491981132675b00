// `hedgebot replay` of a quarterly hedge over 2024 on the bundled perpetual data, priced with the
// basis model: four rolls (March, June, September, December), each before its delivery, never a
// contract held through its delivery, and no funding on a dated hedge.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "exchange/dated_contract.hpp"
#include "exchange/model.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

std::string write_quarterly_config(const TempDir& dir) {
  const std::string text =
      "[bot]\ninterval = \"1h\"\n\n[paper]\nbalance = 120000.0\ndated_basis = 0.08\n"
      "candles = \"" +
      source_path("data/binance-btcusdt-perp-1h.csv") + "\"\nfunding = \"" +
      source_path("data/binance-btcusdt-funding.csv") +
      "\"\nspot = { BTC = 1.0 }\n\n"
      "[risk]\nmax_order_notional = 200000.0\n\n"
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\ncontract = \"quarter\"\n"
      "roll_before = \"3d\"\nbaseline_ratio = 1.0\nleverage = 3\n";
  return dir.write("quarterly.toml", text);
}

TEST(DatedReplay, AYearRollsFourTimesAndNeverHoldsThroughADelivery) {
  TempDir dir;
  const std::string config = write_quarterly_config(dir);
  const CommandResult run =
      run_command(hedgebot_binary() + " replay -c " + config +
                  " --from 2024-01-01 --to 2025-01-01 --json --report " + dir.file("out"));
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const nlohmann::json summary = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(summary.is_discarded()) << run.out;
  const nlohmann::json& result = summary.is_array() ? summary[0] : summary;
  EXPECT_EQ(result.value("rolls", -1), 4) << result.dump();
  EXPECT_EQ(result.value("errors", -1), 0);
  EXPECT_EQ(result.value("liquidations", -1), 0);
  EXPECT_DOUBLE_EQ(result.value("funding", 1.0), 0.0);  // a dated contract pays no funding
  // The coin is worth the perpetual's price, not the quarterly's (which carries the basis): the
  // hedged portfolio then moves by the basis, so it has a drawdown; valued at the quarterly's own
  // price it never moved at all.
  const nlohmann::json& hedged = result["hedged"];
  EXPECT_GT(hedged.value("max_drawdown", 0.0), 0.0) << result.dump();
  const double first = result["hedges"][0].value("first_price", 0.0);
  EXPECT_NEAR(result["unhedged"].value("initial_value", 0.0), first + 120000.0, 1e-6);
  EXPECT_LT(first, 43000.0);  // the perpetual's 2024-01-01 price, without the quarterly's 2 %

  // The journal's rolls: each one before the delivery of the contract it leaves.
  std::istringstream journal(read_file(dir.file("out/journal.jsonl")));
  int rolled = 0;
  for (std::string line; std::getline(journal, line);) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded() || entry.value("event", "") != "roll") continue;
    if (entry.value("stage", "") != "done") continue;
    ++rolled;
    EXPECT_EQ(entry.value("status", ""), "rolled") << line;
    EXPECT_LT(parse_time_ms(entry.value("ts", "")).value(),
              parse_time_ms(entry.value("from_delivery", "")).value())
        << line;
    EXPECT_TRUE(entry["basis_cost"].is_number()) << line;
  }
  EXPECT_EQ(rolled, 4);

  // Every order, in time order: no dated contract holds a position at or after its delivery.
  std::istringstream orders(read_file(dir.file("out/orders.csv")));
  std::map<std::string, double> held;  // symbol -> signed base quantity
  std::string header;
  std::getline(orders, header);
  for (std::string line; std::getline(orders, line);) {
    std::vector<std::string> fields;
    std::istringstream row(line);
    for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
    ASSERT_GE(fields.size(), 8U) << line;
    const int64_t time = parse_time_ms(fields[0]).value();
    // Before this order, every contract already delivered must be flat.
    for (const auto& [symbol, qty] : held) {
      const auto dated = parse_dated_symbol(symbol);
      ASSERT_TRUE(dated.has_value()) << "the hedge traded " << symbol << ", not a quarterly";
      if (dated->delivery_ms <= time) {
        EXPECT_NEAR(qty, 0.0, 1e-9) << symbol << " at " << line;
      }
    }
    const auto dated = parse_dated_symbol(fields[2]);
    ASSERT_TRUE(dated.has_value()) << line;
    if (fields[6] == "false") {  // never opened on a contract inside its roll_before
      EXPECT_LT(time, dated->delivery_ms - 3 * kDayMs) << line;
    }
    const double qty = std::stod(fields[4]);
    held[fields[2]] += fields[3] == "SELL" ? -qty : qty;
  }
  int still_held = 0;
  for (const auto& [symbol, qty] : held) still_held += std::fabs(qty) > 1e-9 ? 1 : 0;
  EXPECT_EQ(still_held, 1);    // only the March 2025 quarter at the end
  EXPECT_EQ(held.size(), 5U);  // Mar, Jun, Sep, Dec 2024 and Mar 2025
}

}  // namespace
}  // namespace hedgebot::testing
