// Dated (quarterly) contracts: the delivery calendar, the choice of contract from a venue's list,
// and Binance's exchangeInfo read through BinanceClient against the fake venue.
#include "exchange/dated_contract.hpp"

#include <gtest/gtest.h>

#include "exchange/binance/binance_client.hpp"
#include "exchange/model.hpp"
#include "tests/exchange/venue_fixture.hpp"

namespace hedgebot {
namespace {

int64_t at(const std::string& iso) {
  return parse_time_ms(iso).value();
}

TEST(QuarterlyCalendar, LastFridayOfTheQuarterAt0800Utc) {
  EXPECT_EQ(next_quarterly_delivery_ms(at("2025-01-10T00:00:00Z")), at("2025-03-28T08:00:00Z"));
  EXPECT_EQ(next_quarterly_delivery_ms(at("2025-03-28T07:59:59Z")), at("2025-03-28T08:00:00Z"));
  // At delivery the next quarter is the June one.
  EXPECT_EQ(next_quarterly_delivery_ms(at("2025-03-28T08:00:00Z")), at("2025-06-27T08:00:00Z"));
  EXPECT_EQ(next_quarterly_delivery_ms(at("2025-10-01T00:00:00Z")), at("2025-12-26T08:00:00Z"));
  EXPECT_EQ(next_quarterly_delivery_ms(at("2025-12-27T00:00:00Z")), at("2026-03-27T08:00:00Z"));
  // 2024: Mar 29, Jun 28, Sep 27, Dec 27.
  EXPECT_EQ(next_quarterly_delivery_ms(at("2024-07-01T00:00:00Z")), at("2024-09-27T08:00:00Z"));
  EXPECT_TRUE(is_quarterly_delivery(at("2024-12-27T08:00:00Z")));
  EXPECT_FALSE(is_quarterly_delivery(at("2024-12-20T08:00:00Z")));
}

TEST(QuarterlyCalendar, SymbolsSpellTheDeliveryDay) {
  EXPECT_EQ(dated_symbol("BTCUSDT", at("2025-12-26T08:00:00Z")), "BTCUSDT_251226");
  const auto parsed = parse_dated_symbol("BTCUSDT_251226");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->perpetual, "BTCUSDT");
  EXPECT_EQ(parsed->delivery_ms, at("2025-12-26T08:00:00Z"));
  EXPECT_FALSE(parse_dated_symbol("BTCUSDT").has_value());
  EXPECT_FALSE(parse_dated_symbol("BTCUSDT_251219").has_value());  // not a quarterly delivery
  EXPECT_FALSE(parse_dated_symbol("BTCUSDT_25122x").has_value());
}

DatedContract contract(const std::string& symbol, int64_t delivery, ContractPeriod period,
                       bool trading = true) {
  DatedContract out;
  out.instrument.symbol = symbol;
  out.instrument.delivery_ms = delivery;
  out.instrument.trading = trading;
  out.period = period;
  return out;
}

TEST(ChooseDatedContract, QuarterRollsToTheNextWithinRollBefore) {
  const int64_t march = at("2025-03-28T08:00:00Z");
  const int64_t june = at("2025-06-27T08:00:00Z");
  const std::vector<DatedContract> listed = {
      contract("BTCUSDT_250627", june, ContractPeriod::NextQuarter),
      contract("BTCUSDT_250425", at("2025-04-25T08:00:00Z"), ContractPeriod::Other),
      contract("BTCUSDT_250328", march, ContractPeriod::CurrentQuarter)};
  const int64_t three_days = 3 * kDayMs;
  auto early = choose_dated_contract(listed, ContractKind::Quarter, march - 10 * kDayMs, three_days,
                                     "BTCUSDT");
  ASSERT_TRUE(early.ok()) << early.error().message;
  EXPECT_EQ(early->instrument.symbol, "BTCUSDT_250328");
  // Exactly roll_before ahead of delivery: never on the expiring one.
  auto due = choose_dated_contract(listed, ContractKind::Quarter, march - three_days, three_days,
                                   "BTCUSDT");
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->instrument.symbol, "BTCUSDT_250627");
  auto next = choose_dated_contract(listed, ContractKind::NextQuarter, march - 10 * kDayMs,
                                    three_days, "BTCUSDT");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->instrument.symbol, "BTCUSDT_250627");
}

TEST(ChooseDatedContract, NoNextContractIsAnErrorNamingWhy) {
  const int64_t march = at("2025-03-28T08:00:00Z");
  const std::vector<DatedContract> listed = {
      contract("BTCUSDT_250328", march, ContractPeriod::CurrentQuarter)};
  auto due =
      choose_dated_contract(listed, ContractKind::Quarter, march - kDayMs, 3 * kDayMs, "BTCUSDT");
  ASSERT_FALSE(due.ok());
  EXPECT_EQ(due.error().kind, ErrorKind::NotFound);
  EXPECT_NE(due.error().message.find("BTCUSDT_250328"), std::string::npos) << due.error().message;
  EXPECT_NE(due.error().message.find("no next-quarter contract"), std::string::npos)
      << due.error().message;
  // A contract that is not trading is never chosen.
  const std::vector<DatedContract> halted = {
      contract("BTCUSDT_250328", march, ContractPeriod::CurrentQuarter, false)};
  EXPECT_FALSE(choose_dated_contract(halted, ContractKind::Quarter, march - 30 * kDayMs, 3 * kDayMs,
                                     "BTCUSDT")
                   .ok());
}

TEST(BinanceDatedContracts, CurrentAndNextQuarterFromExchangeInfo) {
  testing::VenueClient fixture;
  auto listed = fixture.client->dated_contracts("BTCUSDT");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  const int64_t now = fixture.venue.server_time_ms();
  const int64_t current = next_quarterly_delivery_ms(now);
  const int64_t next = next_quarterly_delivery_ms(current);
  ASSERT_EQ(listed->size(), 2U);
  for (const DatedContract& dated : *listed) {
    EXPECT_TRUE(dated.instrument.trading);
    EXPECT_EQ(dated.instrument.base_asset, "BTC");
    if (dated.period == ContractPeriod::CurrentQuarter) {
      EXPECT_EQ(dated.instrument.symbol, dated_symbol("BTCUSDT", current));
      EXPECT_EQ(dated.instrument.delivery_ms, current);
    } else {
      EXPECT_EQ(dated.period, ContractPeriod::NextQuarter);
      EXPECT_EQ(dated.instrument.symbol, dated_symbol("BTCUSDT", next));
      EXPECT_EQ(dated.instrument.delivery_ms, next);
    }
  }
  // The perpetual is not a dated contract; its instrument has no delivery.
  auto perpetual = fixture.client->instrument("BTCUSDT");
  ASSERT_TRUE(perpetual.ok());
  EXPECT_EQ(perpetual->delivery_ms, 0);
  auto quarterly = fixture.client->instrument(dated_symbol("BTCUSDT", current));
  ASSERT_TRUE(quarterly.ok()) << quarterly.error().message;
  EXPECT_EQ(quarterly->delivery_ms, current);
}

}  // namespace
}  // namespace hedgebot
