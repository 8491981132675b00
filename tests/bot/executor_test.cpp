#include "bot/pipeline/executor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/market_fixtures.hpp"
#include "tests/support/mock_exchange.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::InSequence;
using testing::MockExchangeClient;
using ::testing::Return;

using testing::btcusdt_instrument;

OrderState filled(const std::string& id, Side side, int64_t steps) {
  OrderState state;
  state.symbol = "BTCUSDT";
  state.client_order_id = id;
  state.side = side;
  state.status = OrderStatus::Filled;
  state.qty_steps = steps;
  state.filled_steps = steps;
  state.avg_fill_price = 60000.0;
  return state;
}

class ExecutorTest : public ::testing::Test {
 protected:
  ExecutorTest() : journal_(Journal::open(dir_.file("journal.jsonl"), "t202401010000").value()) {
    ON_CALL(client_, now_ms()).WillByDefault(Return(Result<int64_t>(1704067200000)));
    BookTop top;
    top.symbol = "BTCUSDT";
    top.bid_price = 59999.9;
    top.ask_price = 60000.0;
    ON_CALL(client_, book_top("BTCUSDT")).WillByDefault(Return(Result<BookTop>(top)));
  }

  ExecutionRequest request(std::vector<PlannedOrder> orders) const {
    ExecutionRequest request;
    request.hedge = "BTC";
    request.instrument = btcusdt_instrument();
    request.orders = std::move(orders);
    request.reason = "baseline";
    request.tick_slot = "202401010000";
    request.now_ms = 1704067200000;
    return request;
  }

  hedgebot::testing::TempDir dir_;
  Journal journal_;
  OrderLedger ledger_ = OrderLedger::load(dir_.file("orders.json"), "202401010000").value();
  MockExchangeClient client_;
  Sleeper no_sleep_ = [](int64_t) {};
};

TEST(ClientOrderId, IsDeterministicShortAndInBinanceCharset) {
  const std::string id = client_order_id("BTC", "202605170700", "open", 0, 0);
  EXPECT_EQ(id, "hb-BTC-202605170700-o0a");
  EXPECT_EQ(id, client_order_id("BTC", "202605170700", "open", 0, 0));
  EXPECT_NE(id, client_order_id("BTC", "202605170700", "close", 0, 0));
  const std::string longest =
      client_order_id("VERYLONGASSETNAME$$", "202605170700", "increase", 9, 4);
  EXPECT_LE(longest.size(), 36u);
  for (const char c : longest)
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-') << longest;
}

TEST(ClientOrderId, TickSlotIsTheIntervalStart) {
  EXPECT_EQ(tick_slot(1704067200000 + 59 * kMinuteMs, kHourMs), "202401010000");
  EXPECT_EQ(tick_slot(1704067200000 + 61 * kMinuteMs, kHourMs), "202401010100");
}

TEST_F(ExecutorTest, PlacesEachLegOnceWithItsClientId) {
  const std::string id = "hb-BTC-202401010000-o0a";
  InSequence order;
  EXPECT_CALL(client_, query_order("BTCUSDT", id))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(AllOf(Field(&OrderRequest::client_order_id, id),
                                         Field(&OrderRequest::qty_steps, 500),
                                         Field(&OrderRequest::side, Side::Sell),
                                         Field(&OrderRequest::reduce_only, false))))
      .WillOnce(Return(Result<OrderState>(filled(id, Side::Sell, 500))));
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_, request({{Side::Sell, 500, false, "open"}}), no_sleep_);
  EXPECT_FALSE(result.failed);
  EXPECT_TRUE(result.traded);
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_EQ(result.orders[0].qty, "0.500");
  EXPECT_EQ(result.orders[0].status, "FILLED");
}

// A venue whose client order ids are shorter than ours (or of another alphabet): nothing is sent,
// not even the look-up, and the leg fails naming the rule.
TEST_F(ExecutorTest, AnIdTheVenueWouldRefuseIsNeverSent) {
  VenueLimits limits;
  limits.max_client_order_id = 16;
  ON_CALL(client_, limits()).WillByDefault(Return(limits));
  ON_CALL(client_, name()).WillByDefault(Return(std::string("short-ids")));
  EXPECT_CALL(client_, query_order(_, _)).Times(0);
  EXPECT_CALL(client_, place_order(_)).Times(0);
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_, request({{Side::Sell, 500, false, "open"}}), no_sleep_);
  EXPECT_TRUE(result.failed);
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_NE(result.orders[0].error.find("does not fit the rules of short-ids"), std::string::npos)
      << result.orders[0].error;
}

TEST_F(ExecutorTest, TimeoutThenFoundByIdIsNotSentAgain) {
  const std::string id = "hb-BTC-202401010000-o0a";
  InSequence order;
  EXPECT_CALL(client_, query_order("BTCUSDT", id))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(_))
      .WillOnce(Return(Result<OrderState>(make_error(ErrorKind::Timeout, "no answer"))));
  EXPECT_CALL(client_, query_order("BTCUSDT", id))
      .WillOnce(Return(Result<std::optional<OrderState>>(
          std::optional<OrderState>(filled(id, Side::Sell, 500)))));
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_, request({{Side::Sell, 500, false, "open"}}), no_sleep_);
  EXPECT_FALSE(result.failed);
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_EQ(result.orders[0].status, "FILLED");
}

TEST_F(ExecutorTest, TimeoutAndNotFoundFailsWithoutResending) {
  EXPECT_CALL(client_, query_order(_, _))
      .Times(2)
      .WillRepeatedly(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(_))
      .Times(1)
      .WillOnce(Return(Result<OrderState>(make_error(ErrorKind::Timeout, "no answer"))));
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_, request({{Side::Sell, 500, false, "open"}}), no_sleep_);
  EXPECT_TRUE(result.failed);
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_EQ(result.orders[0].status, "ERROR");
  EXPECT_NE(result.orders[0].error.find("nothing is sent for BTC"), std::string::npos)
      << result.orders[0].error;
}

TEST_F(ExecutorTest, UnknownStatusThatStaysUnknownStopsTheHedge) {
  EXPECT_CALL(client_, query_order(_, _))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)))
      .WillOnce(Return(
          Result<std::optional<OrderState>>(make_error(ErrorKind::Network, "connection refused"))));
  EXPECT_CALL(client_, place_order(_))
      .Times(1)
      .WillOnce(Return(Result<OrderState>(make_error(ErrorKind::UnknownStatus, "503"))));
  // The second leg (the open after a close) must never be sent.
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_,
      request({{Side::Buy, 500, true, "close"}, {Side::Buy, 200, false, "open"}}), no_sleep_);
  EXPECT_TRUE(result.failed);
  EXPECT_EQ(result.orders.size(), 1u);
  EXPECT_NE(result.orders[0].error.find("unknown"), std::string::npos) << result.orders[0].error;
}

// Two bots on one account: an hb- order for this hedge and slot that this state directory's
// ledger does not know was sent by someone else. Before: reported ALREADY_SENT and exit 0.
TEST_F(ExecutorTest, AnIdThisStateDirectoryDidNotSendIsAnotherBotsAndNothingIsSent) {
  const std::string id = "hb-BTC-202401010000-o0a";
  EXPECT_CALL(client_, query_order("BTCUSDT", id))
      .WillOnce(Return(Result<std::optional<OrderState>>(
          std::optional<OrderState>(filled(id, Side::Sell, 500)))));
  EXPECT_CALL(client_, place_order(_)).Times(0);
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_, request({{Side::Sell, 500, false, "open"}}), no_sleep_);
  EXPECT_TRUE(result.failed);
  EXPECT_EQ(result.other_bot_order, id);
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_NE(result.orders[0].error.find("another bot"), std::string::npos)
      << result.orders[0].error;
}

// Ids by intent: a second order for the same leg in the same slot (a new target, a hand close)
// takes the next attempt without asking about ids this state directory already used. Before: the
// filled first id blocked it (ALREADY_SENT, exit 0, off target until the next slot).
TEST_F(ExecutorTest, AnotherOrderForTheSameLegInTheSlotTakesTheNextId) {
  const std::string first = "hb-BTC-202401010000-o0a";
  const std::string next = "hb-BTC-202401010000-o0b";
  ASSERT_TRUE(ledger_.will_send({first, "BTC", "BTCUSDT", 0, 0}));
  ASSERT_TRUE(ledger_.resolved(first));
  EXPECT_CALL(client_, query_order("BTCUSDT", first)).Times(0);
  EXPECT_CALL(client_, query_order("BTCUSDT", next))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(Field(&OrderRequest::client_order_id, next)))
      .WillOnce(Return(Result<OrderState>(filled(next, Side::Sell, 500))));
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_, request({{Side::Sell, 500, false, "open"}}), no_sleep_);
  EXPECT_FALSE(result.failed);
  EXPECT_EQ(result.executed_steps, -500);
  EXPECT_EQ(result.planned_steps, -500);
  EXPECT_TRUE(ledger_.was_sent(next));
  EXPECT_FALSE(ledger_.is_pending(next));
}

// An order whose fate is unknown stays in the ledger on disk with the moment its request can no
// longer execute, and the result says when a retry may trade.
TEST_F(ExecutorTest, UnknownOutcomeIsKeptOnDiskUntilItsValidityWindowCloses) {
  const std::string id = "hb-BTC-202401010000-o0a";
  EXPECT_CALL(client_, query_order("BTCUSDT", id))
      .Times(2)
      .WillRepeatedly(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(_))
      .WillOnce(Return(Result<OrderState>(make_error(ErrorKind::Timeout, "no answer"))));
  EXPECT_CALL(client_, now_ms()).WillOnce(Return(Result<int64_t>(1704067210000)));
  EXPECT_CALL(client_, order_validity_ms()).WillRepeatedly(Return(7000));
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_, request({{Side::Sell, 500, false, "open"}}), no_sleep_);
  EXPECT_TRUE(result.failed);
  EXPECT_EQ(result.retry_at_ms, 1704067217000);
  const OrderLedger reread = OrderLedger::load(dir_.file("orders.json"), "202401010000").value();
  ASSERT_EQ(reread.pending().size(), 1u);
  EXPECT_EQ(reread.pending()[0].client_order_id, id);
  EXPECT_EQ(reread.pending()[0].deadline_ms, 1704067217000);
}

TEST(ClientOrderId, ALegNumberAboveNineDoesNotWrap) {
  EXPECT_NE(client_order_id("BTC", "202605170700", "open", 12, 0),
            client_order_id("BTC", "202605170700", "open", 2, 0));
  EXPECT_NE(client_order_id("BTC", "202605170700", "open", 1, 0),
            client_order_id("BTC", "202605170700", "open", 10, 0));
  EXPECT_EQ(client_order_id("BTC", "202605170700", "open", 12, 1), "hb-BTC-202605170700-o12b");
}

TEST_F(ExecutorTest, RejectionIsReportedAndLaterLegsAreNotSent) {
  EXPECT_CALL(client_, query_order(_, _))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(_))
      .Times(1)
      .WillOnce(Return(Result<OrderState>(
          make_error(ErrorKind::ReduceOnlyRejected, "ReduceOnly Order is rejected", -2022))));
  const ExecutionResult result = execute_orders(
      client_, journal_, ledger_,
      request({{Side::Buy, 500, true, "close"}, {Side::Buy, 200, false, "open"}}), no_sleep_);
  EXPECT_TRUE(result.failed);
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_NE(result.orders[0].error.find("-2022"), std::string::npos);
}

TEST_F(ExecutorTest, UnfilledLimitOrderIsCanceledAndTheRestGoesToMarket) {
  ExecutionRequest limit_request = request({{Side::Sell, 500, false, "open"}});
  limit_request.style = config::OrderStyle::Limit;
  limit_request.limit_timeout_ms = 2000;
  OrderState resting = filled("hb-BTC-202401010000-o0a", Side::Sell, 500);
  resting.type = OrderType::Limit;
  resting.status = OrderStatus::New;
  resting.filled_steps = 0;
  OrderState partly = resting;
  partly.status = OrderStatus::PartiallyFilled;
  partly.filled_steps = 200;
  OrderState canceled = partly;
  canceled.status = OrderStatus::Canceled;

  InSequence order;
  EXPECT_CALL(client_, query_order(_, "hb-BTC-202401010000-o0a"))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(AllOf(Field(&OrderRequest::type, OrderType::Limit),
                                         Field(&OrderRequest::post_only, true),
                                         Field(&OrderRequest::price_ticks, 600000))))
      .WillOnce(Return(Result<OrderState>(resting)));
  EXPECT_CALL(client_, query_order(_, "hb-BTC-202401010000-o0a"))
      .Times(2)
      .WillRepeatedly(Return(Result<std::optional<OrderState>>(std::optional<OrderState>(partly))));
  EXPECT_CALL(client_, cancel_order("BTCUSDT", "hb-BTC-202401010000-o0a"))
      .WillOnce(Return(Result<OrderState>(canceled)));
  EXPECT_CALL(client_, query_order(_, "hb-BTC-202401010000-o0b"))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(AllOf(Field(&OrderRequest::type, OrderType::Market),
                                         Field(&OrderRequest::qty_steps, 300))))
      .WillOnce(Return(Result<OrderState>(filled("hb-BTC-202401010000-o0b", Side::Sell, 300))));
  int slept = 0;
  const ExecutionResult result = execute_orders(client_, journal_, ledger_, limit_request,
                                                [&](int64_t ms) { slept += static_cast<int>(ms); });
  EXPECT_FALSE(result.failed);
  EXPECT_EQ(slept, 2000);
}

// The market order that follows a limit order's timeout executes after the wait: its journal
// lines carry the tick's time plus the wait (replay: the simulated clock then), not the tick's.
// Before, every line carried the tick's time.
TEST_F(ExecutorTest, TheMarketOrderAfterALimitTimeoutIsJournaledAtTheTimeItExecuted) {
  ExecutionRequest limit_request = request({{Side::Sell, 500, false, "open"}});
  limit_request.style = config::OrderStyle::Limit;
  limit_request.limit_timeout_ms = 2000;
  OrderState resting = filled("hb-BTC-202401010000-o0a", Side::Sell, 500);
  resting.type = OrderType::Limit;
  resting.status = OrderStatus::New;
  resting.filled_steps = 0;
  OrderState canceled = resting;
  canceled.status = OrderStatus::Canceled;
  int64_t slept = 0;
  EXPECT_CALL(client_, query_order(_, "hb-BTC-202401010000-o0a"))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)))
      .WillRepeatedly(
          Return(Result<std::optional<OrderState>>(std::optional<OrderState>(resting))));
  EXPECT_CALL(client_, query_order(_, "hb-BTC-202401010000-o0b"))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_, place_order(Field(&OrderRequest::type, OrderType::Limit)))
      .WillOnce(Return(Result<OrderState>(resting)));
  EXPECT_CALL(client_, cancel_order("BTCUSDT", "hb-BTC-202401010000-o0a"))
      .WillOnce(Return(Result<OrderState>(canceled)));
  EXPECT_CALL(client_, place_order(Field(&OrderRequest::type, OrderType::Market)))
      .WillOnce(Return(Result<OrderState>(filled("hb-BTC-202401010000-o0b", Side::Sell, 500))));
  const ExecutionResult result =
      execute_orders(client_, journal_, ledger_, limit_request, [&](int64_t ms) { slept += ms; });
  ASSERT_FALSE(result.failed);
  std::vector<nlohmann::json> fills;
  std::istringstream lines(hedgebot::testing::read_file(dir_.file("journal.jsonl")));
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json entry = nlohmann::json::parse(line);
    if (entry["event"] == "fill") fills.push_back(entry);
    if (entry["event"] == "order" && entry["client_order_id"] == "hb-BTC-202401010000-o0a" &&
        entry.value("status", "") == "NEW") {
      EXPECT_EQ(entry["ts"], "2024-01-01T00:00:00Z") << "the limit order was placed at the tick";
    }
  }
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0]["client_order_id"], "hb-BTC-202401010000-o0b");
  EXPECT_EQ(fills[0]["ts"], "2024-01-01T00:00:02Z");
}

// On a market-time venue (paper) a run cannot wait for a limit order: it is left resting with a
// good-till time of tick + limit_timeout, nothing is cancelled or sent to the market, and the legs
// after it wait for the next tick. Before, the run waited, cancelled it unfilled and paid the
// market.
TEST_F(ExecutorTest, OnAMarketTimeVenueALimitOrderRestsWithAGoodTillTime) {
  ExecutionRequest limit_request =
      request({{Side::Buy, 500, true, "close"}, {Side::Buy, 200, false, "open"}});
  limit_request.style = config::OrderStyle::Limit;
  limit_request.limit_timeout_ms = 1800000;
  OrderState resting = filled("hb-BTC-202401010000-c0a", Side::Buy, 500);
  resting.type = OrderType::Limit;
  resting.status = OrderStatus::New;
  resting.filled_steps = 0;
  resting.price_ticks = 599999;
  ON_CALL(client_, market_time_orders()).WillByDefault(Return(true));
  EXPECT_CALL(client_, query_order(_, "hb-BTC-202401010000-c0a"))
      .WillOnce(Return(Result<std::optional<OrderState>>(std::nullopt)));
  EXPECT_CALL(client_,
              place_order(AllOf(Field(&OrderRequest::type, OrderType::Limit),
                                Field(&OrderRequest::post_only, true),
                                Field(&OrderRequest::good_till_ms, 1704067200000 + 1800000))))
      .WillOnce(Return(Result<OrderState>(resting)));
  EXPECT_CALL(client_, cancel_order(_, _)).Times(0);
  int slept = 0;
  const ExecutionResult result =
      execute_orders(client_, journal_, ledger_, limit_request, [&](int64_t) { ++slept; });
  EXPECT_EQ(slept, 0);
  EXPECT_FALSE(result.failed);
  EXPECT_TRUE(result.resting);
  EXPECT_FALSE(result.traded);
  EXPECT_EQ(result.executed_steps, 0);
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_EQ(result.orders[0].status, "NEW");
  EXPECT_EQ(result.orders[0].good_till_ms, 1704067200000 + 1800000);
  // The ledger knows the outcome: the next run does not look it up as unknown.
  EXPECT_TRUE(ledger_.pending().empty());
  EXPECT_TRUE(ledger_.was_sent("hb-BTC-202401010000-c0a"));
}

// A post-only order the venue refuses (the touch moved) is repriced once from a fresh book, then
// the rest goes to the market, so the tick ends on target. Before: the order was priced at the
// mark, the refusal stopped the hedge, and every run exited 1 with no hedge.
TEST_F(ExecutorTest, PostOnlyRefusedTwiceIsRepricedOnceThenGoesToTheMarket) {
  ExecutionRequest limit_request = request({{Side::Sell, 500, false, "open"}});
  limit_request.style = config::OrderStyle::Limit;
  const Result<OrderState> would_cross(
      make_error(ErrorKind::PostOnlyRejected, "post-only order rejected", -5022));
  EXPECT_CALL(client_, query_order(_, _))
      .WillRepeatedly(Return(Result<std::optional<OrderState>>(std::nullopt)));
  InSequence order;
  EXPECT_CALL(client_,
              place_order(AllOf(Field(&OrderRequest::client_order_id, "hb-BTC-202401010000-o0a"),
                                Field(&OrderRequest::type, OrderType::Limit),
                                Field(&OrderRequest::post_only, true),
                                Field(&OrderRequest::price_ticks, 600000))))
      .WillOnce(Return(would_cross));
  EXPECT_CALL(client_,
              place_order(AllOf(Field(&OrderRequest::client_order_id, "hb-BTC-202401010000-o0b"),
                                Field(&OrderRequest::type, OrderType::Limit))))
      .WillOnce(Return(would_cross));
  EXPECT_CALL(client_,
              place_order(AllOf(Field(&OrderRequest::client_order_id, "hb-BTC-202401010000-o0c"),
                                Field(&OrderRequest::type, OrderType::Market),
                                Field(&OrderRequest::qty_steps, 500))))
      .WillOnce(Return(Result<OrderState>(filled("hb-BTC-202401010000-o0c", Side::Sell, 500))));
  const ExecutionResult result =
      execute_orders(client_, journal_, ledger_, limit_request, no_sleep_);
  EXPECT_FALSE(result.failed);
  EXPECT_EQ(result.executed_steps, -500);
}

}  // namespace
}  // namespace hedgebot::bot
