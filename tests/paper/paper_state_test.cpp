#include "paper/paper_state.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "paper/paper_exchange.hpp"
#include "storage/atomic_file.hpp"
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
using testing::limit;
using testing::market;
using testing::no_slippage_settings;

PaperExchange make_exchange() {
  PaperSettings settings = no_slippage_settings();
  settings.initial_spot = {{"BTC", 1.5}, {"ETH", 2.0}};
  return PaperExchange(settings,
                       {btc_market(flat_hours(40, 60000.0), funding_every_8h({0.0001, 0.0002}))});
}

TEST(PaperState, SaveAndLoadRoundTrip) {
  TempDir dir;
  const std::string path = dir.file("paper.json");
  PaperExchange first = make_exchange();
  ASSERT_TRUE(first.advance_to(hour(2)));
  ASSERT_TRUE(first.prepare_symbol("BTCUSDT", 10));
  ASSERT_TRUE(first.place_order(market(Side::Sell, 1234, "open")));
  ASSERT_TRUE(first.place_order(limit(Side::Buy, 200, 550000, "bid", true)));
  ASSERT_TRUE(first.advance_to(hour(10)));
  ASSERT_TRUE(first.save_state(path));

  PaperExchange second = make_exchange();
  ASSERT_TRUE(second.load_state(path));
  EXPECT_EQ(second.current_time_ms(), hour(10));
  EXPECT_EQ(*second.now_ms(), hour(10));
  EXPECT_EQ(second.position("BTCUSDT")->qty_steps, -1234);
  EXPECT_EQ(second.position("BTCUSDT")->leverage, 10);
  EXPECT_DOUBLE_EQ(second.position("BTCUSDT")->entry_price, 60000.0);
  EXPECT_DOUBLE_EQ(second.account()->wallet_balance, first.account()->wallet_balance);
  EXPECT_DOUBLE_EQ(second.totals().fees_paid, first.totals().fees_paid);
  EXPECT_DOUBLE_EQ(second.totals().funding_received, first.totals().funding_received);
  EXPECT_EQ(second.totals().orders_filled, 1);
  ASSERT_EQ(second.open_orders("BTCUSDT")->size(), 1u);
  EXPECT_EQ((*second.open_orders("BTCUSDT"))[0].client_order_id, "bid");
  EXPECT_TRUE(second.query_order("BTCUSDT", "open")->has_value());
  auto spot = second.spot_balances();
  ASSERT_EQ(spot->size(), 2u);
  EXPECT_EQ((*spot)[0].asset, "BTC");
  EXPECT_DOUBLE_EQ((*spot)[0].free, 1.5);
  // Saving the loaded account gives the same bytes, and both continue identically
  // (the funding at hour 8 is not settled twice).
  ASSERT_TRUE(second.save_state(dir.file("again.json")));
  EXPECT_EQ(read_file(path), read_file(dir.file("again.json")));
  std::vector<PaperEvent> first_events;
  std::vector<PaperEvent> second_events;
  ASSERT_TRUE(first.advance_to(hour(30), &first_events));
  ASSERT_TRUE(second.advance_to(hour(30), &second_events));
  ASSERT_EQ(first_events.size(), 1u);  // funding at 16h only
  ASSERT_EQ(second_events.size(), 1u);
  EXPECT_DOUBLE_EQ(first_events[0].amount, second_events[0].amount);
  EXPECT_DOUBLE_EQ(first.account()->wallet_balance, second.account()->wallet_balance);
}

// A resting limit order keeps its good-till time across runs, and an account written before
// orders had one still loads (its orders rest until canceled).
TEST(PaperState, RestingOrderKeepsItsGoodTillTimeAndOlderFilesLoad) {
  TempDir dir;
  const std::string path = dir.file("paper.json");
  PaperExchange first = make_exchange();
  ASSERT_TRUE(first.advance_to(hour(2)));
  OrderRequest bid = limit(Side::Buy, 200, 550000, "bid", true);
  bid.good_till_ms = hour(4);
  ASSERT_TRUE(first.place_order(bid));
  ASSERT_TRUE(first.save_state(path));
  const std::string field = "\"good_till_ms\": " + std::to_string(hour(4)) + ",";
  EXPECT_THAT(read_file(path), HasSubstr(field));

  PaperExchange second = make_exchange();
  ASSERT_TRUE(second.load_state(path));
  std::vector<PaperEvent> events;
  ASSERT_TRUE(second.advance_to(hour(6), &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, PaperEvent::Kind::Expiry);
  EXPECT_EQ(events[0].time_ms, hour(4));

  std::string old = read_file(path);
  ASSERT_NE(old.find(field), std::string::npos);
  old.erase(old.find(field), field.size());
  const std::string old_path = dir.write("old.json", old);
  PaperExchange third = make_exchange();
  ASSERT_TRUE(third.load_state(old_path));
  ASSERT_TRUE(third.advance_to(hour(6)));
  EXPECT_EQ(third.open_orders("BTCUSDT")->size(), 1u);
}

TEST(PaperState, MissingFileStartsAFreshAccount) {
  TempDir dir;
  PaperExchange exchange = make_exchange();
  ASSERT_TRUE(exchange.load_state(dir.file("paper.json")));
  EXPECT_FALSE(exchange.now_ms());
  ASSERT_TRUE(exchange.advance_to(hour(3)));
  EXPECT_DOUBLE_EQ(exchange.account()->wallet_balance, 10000.0);
  EXPECT_FALSE(std::filesystem::exists(dir.file("paper.json")));
}

TEST(PaperState, CorruptFileIsAnErrorAndIsNotOverwritten) {
  TempDir dir;
  for (const std::string& text :
       {std::string("{\"version\": 1, \"wallet_balance\": "), std::string("[]"),
        std::string("{\"version\": 99}"), std::string("{\"version\": 1}")}) {
    const std::string path = dir.write("paper.json", text);
    PaperExchange exchange = make_exchange();
    const Status status = exchange.load_state(path);
    ASSERT_FALSE(status) << text;
    EXPECT_EQ(status.error().kind, ErrorKind::InvalidInput);
    EXPECT_THAT(status.error().message, HasSubstr(path));
    EXPECT_EQ(read_file(path), text);
  }
}

TEST(PaperState, PositionInUnknownSymbolIsAnError) {
  TempDir dir;
  PaperState state = fresh_paper_state(no_slippage_settings());
  state.positions["ETHUSDT"] = HeldPosition{100, 2000.0};
  const std::string path = dir.write("paper.json", paper_state_to_json(state));
  PaperExchange exchange = make_exchange();
  const Status status = exchange.load_state(path);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, HasSubstr("ETHUSDT"));
}

TEST(PaperState, HasAVersionField) {
  TempDir dir;
  PaperExchange exchange = make_exchange();
  ASSERT_TRUE(exchange.advance_to(hour(1)));
  ASSERT_TRUE(exchange.save_state(dir.file("paper.json")));
  EXPECT_THAT(read_file(dir.file("paper.json")), HasSubstr("\"version\": 1"));
}

TEST(PaperState, OrderHistoryIsBoundedButKeepsOpenOrders) {
  PaperState state;
  PaperOrder open;
  open.state.status = OrderStatus::New;
  open.state.client_order_id = "open";
  state.orders.push_back(open);
  for (size_t i = 0; i < kOrderHistoryLimit + 5; ++i) {
    PaperOrder done;
    done.state.status = OrderStatus::Filled;
    done.state.client_order_id = "done-" + std::to_string(i);
    state.orders.push_back(done);
  }
  trim_order_history(state);
  ASSERT_EQ(state.orders.size(), kOrderHistoryLimit + 1);
  EXPECT_EQ(state.orders.front().state.client_order_id, "open");
  EXPECT_EQ(state.orders[1].state.client_order_id, "done-5");
}

TEST(AtomicFile, ReplacesContent) {
  TempDir dir;
  const std::string path = dir.file("paper.json");
  ASSERT_TRUE(write_file_atomically(path, "first"));
  ASSERT_TRUE(write_file_atomically(path, "second"));
  EXPECT_EQ(read_file(path), "second");
  EXPECT_FALSE(std::filesystem::exists(atomic_temp_path(path)));
}

TEST(AtomicFile, FailedTempWriteLeavesThePreviousFileIntact) {
  TempDir dir;
  const std::string path = dir.file("paper.json");
  PaperExchange exchange = make_exchange();
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.save_state(path));
  const std::string before = read_file(path);
  // The temp file cannot be created: a directory is in its place.
  std::filesystem::create_directory(atomic_temp_path(path));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "open")));
  const Status status = exchange.save_state(path);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, HasSubstr(atomic_temp_path(path)));
  EXPECT_EQ(read_file(path), before);
  PaperExchange reloaded = make_exchange();
  ASSERT_TRUE(reloaded.load_state(path));
  EXPECT_EQ(reloaded.position("BTCUSDT")->qty_steps, 0);
}

TEST(AtomicFile, LeftoverTempFileDoesNotReplaceTheState) {
  TempDir dir;
  const std::string path = dir.file("paper.json");
  PaperExchange exchange = make_exchange();
  ASSERT_TRUE(exchange.advance_to(hour(2)));
  ASSERT_TRUE(exchange.place_order(market(Side::Sell, 1000, "open")));
  ASSERT_TRUE(exchange.save_state(path));
  // A crash mid-write left a torn temp file behind.
  dir.write("paper.json.tmp", "{\"version\": 1, \"wallet");
  PaperExchange reloaded = make_exchange();
  ASSERT_TRUE(reloaded.load_state(path));
  EXPECT_EQ(reloaded.position("BTCUSDT")->qty_steps, -1000);
  ASSERT_TRUE(reloaded.save_state(path));  // and the next save replaces the leftover
  EXPECT_FALSE(std::filesystem::exists(atomic_temp_path(path)));
}

TEST(AtomicFile, MissingDirectoryIsAnError) {
  TempDir dir;
  const Status status = write_file_atomically(dir.file("no/such/dir/paper.json"), "x");
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, HasSubstr("no/such/dir"));
}

}  // namespace
}  // namespace hedgebot::paper
