// The paper account's two wallets: transfer() moves USDT between the paper spot wallet and the
// futures wallet, lists it in transfer_history(), keeps it in paper.json, and an account written
// before transfers existed still loads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "paper/paper_exchange.hpp"
#include "tests/paper/paper_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::paper {
namespace {

using hedgebot::testing::read_file;
using hedgebot::testing::TempDir;
using testing::btc_market;
using testing::flat_hours;
using testing::funding_every_8h;
using ::testing::HasSubstr;
using testing::hour;
using testing::no_slippage_settings;

PaperExchange make_exchange() {
  PaperSettings settings = no_slippage_settings(1000.0);
  settings.initial_spot = {{"BTC", 1.0}, {"USDT", 800.0}};
  return PaperExchange(settings, {btc_market(flat_hours(40, 60000.0), funding_every_8h({0.0}))});
}

double spot_usdt(PaperExchange& exchange) {
  const Result<std::vector<SpotBalance>> balances = exchange.spot_balances();
  if (!balances) return -1.0;
  for (const SpotBalance& balance : *balances)
    if (balance.asset == "USDT") return balance.free;
  return 0.0;
}

TEST(PaperTransfer, MovesUsdtBetweenTheWalletsAndListsIt) {
  PaperExchange exchange = make_exchange();
  EXPECT_TRUE(exchange.limits().wallet_transfers);
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  const Result<TransferRecord> in =
      exchange.transfer({"USDT", 500.0, TransferDirection::ToFutures});
  ASSERT_TRUE(in) << in.error().describe();
  EXPECT_EQ(in->status, "CONFIRMED");
  EXPECT_EQ(in->time_ms, hour(2));
  EXPECT_DOUBLE_EQ(exchange.account()->wallet_balance, 1500.0);
  EXPECT_DOUBLE_EQ(spot_usdt(exchange), 300.0);

  ASSERT_TRUE(exchange.advance_to(hour(3)));
  const Result<TransferRecord> out = exchange.transfer({"USDT", 200.0, TransferDirection::ToSpot});
  ASSERT_TRUE(out);
  EXPECT_NE(out->id, in->id);
  EXPECT_DOUBLE_EQ(exchange.account()->wallet_balance, 1300.0);
  EXPECT_DOUBLE_EQ(spot_usdt(exchange), 500.0);

  const auto to_futures = exchange.transfer_history(TransferDirection::ToFutures, hour(2));
  ASSERT_TRUE(to_futures);
  ASSERT_EQ(to_futures->size(), 1u);
  EXPECT_EQ((*to_futures)[0].id, in->id);
  EXPECT_TRUE(exchange.transfer_history(TransferDirection::ToFutures, hour(2) + 1)->empty());
  EXPECT_EQ(exchange.transfer_history(TransferDirection::ToSpot, 0)->size(), 1u);
}

TEST(PaperTransfer, RefusesWhatTheWalletDoesNotHoldAndOtherAssets) {
  PaperExchange exchange = make_exchange();
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  const auto too_much = exchange.transfer({"USDT", 801.0, TransferDirection::ToFutures});
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().kind, ErrorKind::Rejected);
  EXPECT_THAT(too_much.error().message, HasSubstr("spot wallet holds only 800 USDT"));
  const auto coin = exchange.transfer({"BTC", 0.1, TransferDirection::ToFutures});
  ASSERT_FALSE(coin);
  EXPECT_THAT(coin.error().message, HasSubstr("holds only USDT"));
  EXPECT_FALSE(exchange.transfer({"USDT", 5000.0, TransferDirection::ToSpot}));
  EXPECT_DOUBLE_EQ(exchange.account()->wallet_balance, 1000.0);
  EXPECT_DOUBLE_EQ(spot_usdt(exchange), 800.0);
  EXPECT_TRUE(exchange.transfer_history(TransferDirection::ToFutures, 0)->empty());
}

TEST(PaperTransfer, TransfersPersistAndAnAccountWithoutThemLoads) {
  TempDir dir;
  const std::string path = dir.file("paper.json");
  PaperExchange first = make_exchange();
  ASSERT_TRUE(first.advance_to(hour(2)));
  const auto sent = first.transfer({"USDT", 500.0, TransferDirection::ToFutures});
  ASSERT_TRUE(sent);
  ASSERT_TRUE(first.save_state(path));

  PaperExchange second = make_exchange();
  ASSERT_TRUE(second.load_state(path));
  EXPECT_DOUBLE_EQ(second.account()->wallet_balance, 1500.0);
  EXPECT_DOUBLE_EQ(spot_usdt(second), 300.0);
  const auto history = second.transfer_history(TransferDirection::ToFutures, 0);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].id, sent->id);
  const auto next = second.transfer({"USDT", 100.0, TransferDirection::ToFutures});
  ASSERT_TRUE(next);
  EXPECT_NE(next->id, sent->id);

  // paper.json as written before transfers: no "transfers", no "next_transfer_id".
  nlohmann::json old = nlohmann::json::parse(read_file(path));
  old.erase("transfers");
  old.erase("next_transfer_id");
  const std::string old_path = dir.write("old.json", old.dump(2));
  PaperExchange third = make_exchange();
  ASSERT_TRUE(third.load_state(old_path));
  EXPECT_TRUE(third.transfer_history(TransferDirection::ToFutures, 0)->empty());
  EXPECT_TRUE(third.transfer({"USDT", 100.0, TransferDirection::ToFutures}));
}

}  // namespace
}  // namespace hedgebot::paper
