#include "bot/pipeline/order_ledger.hpp"

#include <gtest/gtest.h>

#include "bot/pipeline/journal_reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using hedgebot::testing::TempDir;

TEST(OrderLedger, KeepsPendingOrdersAcrossSlotsAndForgetsOtherSlotsSentIds) {
  TempDir dir;
  const std::string path = dir.file("orders.json");
  {
    OrderLedger ledger = OrderLedger::load(path, "202401010000").value();
    ASSERT_TRUE(ledger.will_send({"hb-BTC-202401010000-o0a", "BTC", "BTCUSDT", 1, 0}));
    ASSERT_TRUE(ledger.will_send({"hb-BTC-202401010000-r0a", "BTC", "BTCUSDT", 1, 0}));
    ASSERT_TRUE(ledger.resolved("hb-BTC-202401010000-r0a"));
    ASSERT_TRUE(ledger.set_deadline("hb-BTC-202401010000-o0a", 99));
  }
  const OrderLedger same = OrderLedger::load(path, "202401010000").value();
  EXPECT_TRUE(same.was_sent("hb-BTC-202401010000-r0a"));
  ASSERT_EQ(same.pending().size(), 1u);
  EXPECT_EQ(same.pending()[0].deadline_ms, 99);

  const OrderLedger next = OrderLedger::load(path, "202401010100").value();
  EXPECT_FALSE(next.was_sent("hb-BTC-202401010000-r0a"));
  EXPECT_TRUE(next.is_pending("hb-BTC-202401010000-o0a"));  // unknown outcomes never expire
}

TEST(OrderLedger, AnUnreadableLedgerIsAnErrorNamingTheFileNotAnEmptyLedger) {
  TempDir dir;
  const std::string path = dir.write("orders.json", "{\"version\":1,\"slot\":");
  const Result<OrderLedger> loaded = OrderLedger::load(path, "202401010000");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(loaded.error().message.find(path), std::string::npos);
}

TEST(JournalScan, FindsOrdersAnnouncedWithoutAnOutcome) {
  TempDir dir;
  const std::string path = dir.write(
      "journal.jsonl",
      R"({"event":"order","hedge":"BTC","symbol":"BTCUSDT","client_order_id":"a","status":"SENDING"})"
      "\n"
      R"({"event":"order","hedge":"BTC","symbol":"BTCUSDT","client_order_id":"a","status":"FILLED"})"
      "\n"
      R"({"event":"order","hedge":"BTC","symbol":"BTCUSDT","client_order_id":"b","status":"SENDING"})"
      "\n"
      R"({"event":"error","hedge":"BTC","client_order_id":"b","kind":"rejected"})"
      "\n"
      R"({"event":"order","hedge":"BTC","symbol":"BTCUSDT","client_order_id":"c","status":"SENDING"})"
      "\n"
      R"({"event":"error","hedge":"BTC","client_order_id":"c","kind":"timeout"})"
      "\n"
      R"({"event":"order","hedge":"ETH","symbol":"ETHUSDT","client_order_id":"d","status":"SENDING"})"
      "\n");
  const std::vector<PendingOrder> open = orders_without_outcome(path);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].client_order_id, "c");
  EXPECT_EQ(open[1].client_order_id, "d");
  EXPECT_EQ(open[1].hedge, "ETH");
  EXPECT_EQ(open[1].symbol, "ETHUSDT");
}

}  // namespace
}  // namespace hedgebot::bot
