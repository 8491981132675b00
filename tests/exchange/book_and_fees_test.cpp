// The order book touch (bookTicker), post-only refusals (-5022) and real fees from the trades
// (userTrades): BinanceClient against the fake venue, and the parsers on their own.

#include <gtest/gtest.h>

#include <cmath>

#include "exchange/binance/parse.hpp"
#include "exchange/binance/trades.hpp"
#include "exchange/http_client.hpp"
#include "tests/exchange/venue_fixture.hpp"

namespace hedgebot {
namespace {

using fake::Fault;
using fake::FaultKind;
using testing::VenueClient;

constexpr const char* kTrades = "GET /fapi/v1/userTrades";

OrderRequest post_only(Side side, int64_t price_ticks, const std::string& client_id) {
  OrderRequest request = VenueClient::market(side, 100, client_id);
  request.type = OrderType::Limit;
  request.post_only = true;
  request.price_ticks = price_ticks;
  return request;
}

TEST(BookTop, IsReadFromBookTickerWithoutKeys) {
  VenueClient fixture;
  BinanceSettings public_only = fixture.settings();
  public_only.api_key.reset();
  public_only.api_secret.reset();
  BinanceClient client(public_only);
  auto top = client.book_top("BTCUSDT");
  ASSERT_TRUE(top.ok()) << top.error().describe();
  EXPECT_EQ(top->symbol, "BTCUSDT");
  EXPECT_DOUBLE_EQ(top->bid_price, 59999.9);  // the fake's touch: a tick either side of 60000
  EXPECT_DOUBLE_EQ(top->ask_price, 60000.1);
  EXPECT_DOUBLE_EQ(top->bid_qty, 4.0);
  EXPECT_DOUBLE_EQ(top->ask_qty, 9.0);
  EXPECT_GT(top->time_ms, 0);
  fixture.venue.set_book("BTCUSDT", 59990.5, 59991.0);
  top = client.book_top("BTCUSDT");
  ASSERT_TRUE(top.ok());
  EXPECT_DOUBLE_EQ(top->bid_price, 59990.5);
  EXPECT_DOUBLE_EQ(top->ask_price, 59991.0);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/ticker/bookTicker"), 2);
  EXPECT_EQ(client.book_top("NOPEUSDT").error().kind, ErrorKind::Rejected);  // -1121
}

TEST(BookTop, APostOnlyOrderAtTheTouchRestsAndOneThroughItIsRefusedDistinctly) {
  VenueClient fixture;
  fixture.venue.set_book("BTCUSDT", 59990.0, 59990.5);
  auto resting = fixture.client->place_order(post_only(Side::Sell, 599905, "hb-b-ask"));
  ASSERT_TRUE(resting.ok()) << resting.error().describe();
  EXPECT_EQ(resting->status, OrderStatus::New);

  // A buy at the ask would trade at once: refused, nothing recorded, the id stays free.
  auto refused = fixture.client->place_order(post_only(Side::Buy, 599905, "hb-b-bid"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::PostOnlyRejected);
  EXPECT_EQ(refused.error().venue_code, -5022);
  EXPECT_NE(refused.error().message.find("hb-b-bid"), std::string::npos) << refused.error().message;
  EXPECT_EQ(fixture.venue.orders_placed("hb-b-bid"), 0);
  EXPECT_EQ(fixture.venue.requests("GET /fapi/v1/order"), 0);  // no look-up: known not placed
  auto found = fixture.client->query_order("BTCUSDT", "hb-b-bid");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());

  // Repriced at the bid with the same id: it rests.
  auto repriced = fixture.client->place_order(post_only(Side::Buy, 599900, "hb-b-bid"));
  ASSERT_TRUE(repriced.ok()) << repriced.error().describe();
  EXPECT_EQ(repriced->status, OrderStatus::New);
  EXPECT_DOUBLE_EQ(fixture.venue.position("BTCUSDT"), 0.0);
}

TEST(Fees, AFilledMarketOrderCarriesTheCommissionOfItsTrades) {
  VenueClient fixture;
  auto order = fixture.client->place_order(VenueClient::market(Side::Sell, 500, "hb-fee-1"));
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_TRUE(order->fee_known);
  EXPECT_NEAR(order->fee, 0.5 * 60000.0 * fake::kFakeTakerFee, 1e-9);  // 15 USDT, not 0
  EXPECT_NEAR(order->fee, fixture.venue.fees_paid(), 1e-6);
  EXPECT_EQ(fixture.venue.requests(kTrades), 1);
  auto found = fixture.client->query_order("BTCUSDT", "hb-fee-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->fee_known);
  EXPECT_NEAR((*found)->fee, 15.0, 1e-9);
}

TEST(Fees, ARestingOrderFilledLaterPaysTheMakerRate) {
  VenueClient fixture;
  auto resting = fixture.client->place_order(post_only(Side::Sell, 610000, "hb-fee-maker"));
  ASSERT_TRUE(resting.ok()) << resting.error().describe();
  EXPECT_EQ(resting->filled_steps, 0);
  EXPECT_TRUE(resting->fee_known);
  EXPECT_EQ(resting->fee, 0.0);
  EXPECT_EQ(fixture.venue.requests(kTrades), 0);  // nothing filled: no trades to read
  fixture.venue.fill_open_orders("BTCUSDT");
  auto filled = fixture.client->query_order("BTCUSDT", "hb-fee-maker");
  ASSERT_TRUE(filled.ok() && filled->has_value());
  EXPECT_EQ((*filled)->status, OrderStatus::Filled);
  EXPECT_TRUE((*filled)->fee_known);
  EXPECT_NEAR((*filled)->fee, 0.1 * 61000.0 * fake::kFakeMakerFee, 1e-9);
}

TEST(Fees, UnreadableTradesLeaveTheFeeUnknownButTheOrderStands) {
  VenueClient fixture;
  Fault fault;
  fault.kind = FaultKind::Http500;
  fault.path = "/fapi/v1/userTrades";
  fixture.venue.inject(fault);
  auto order = fixture.client->place_order(VenueClient::market(Side::Sell, 500, "hb-fee-lost"));
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_EQ(order->filled_steps, 500);
  EXPECT_FALSE(order->fee_known);
  EXPECT_TRUE(std::isnan(order->fee));
  EXPECT_EQ(fixture.venue.total_orders_placed(), 1);
  EXPECT_EQ(fixture.venue.requests("POST /fapi/v1/order"), 1);
}

TEST(Fees, TheVenueChecksTheSignatureOfTheTradesRequest) {
  VenueClient fixture;
  ASSERT_TRUE(fixture.client->place_order(VenueClient::market(Side::Sell, 500, "hb-fee-s")).ok());
  http::HttpClient raw(http::ClientOptions{});
  http::Request request;
  request.url = fixture.venue.url() + "/fapi/v1/userTrades?symbol=BTCUSDT&timestamp=" +
                std::to_string(fixture.venue.server_time_ms()) + "&signature=00ff";
  request.headers.emplace_back("X-MBX-APIKEY", fake::kTestApiKey);
  auto answer = raw.send(request);
  ASSERT_TRUE(answer.ok()) << answer.error().describe();
  EXPECT_EQ(answer->status, 400);
  EXPECT_NE(answer->body.find("-1022"), std::string::npos) << answer->body;
}

Instrument btc() {
  Instrument instrument;
  instrument.symbol = "BTCUSDT";
  instrument.quote_asset = "USDT";
  instrument.qty_step = Decimal{1, 3};
  instrument.price_tick = Decimal{1, 1};
  return instrument;
}

TEST(FeeParsing, TradesOfTheOrderAreSummedAndOthersIgnored) {
  const auto body = binance::Json::parse(R"([
    {"orderId":7,"symbol":"BTCUSDT","price":"60000.0","qty":"0.300","commission":"9.00000000",
     "commissionAsset":"USDT","realizedPnl":"0","time":1},
    {"orderId":8,"symbol":"BTCUSDT","price":"1.0","qty":"1.000","commission":"99",
     "commissionAsset":"USDT","realizedPnl":"0","time":1},
    {"orderId":7,"symbol":"BTCUSDT","price":"60010.0","qty":"0.200","commission":"6.001",
     "commissionAsset":"USDT","realizedPnl":"0","time":2}])");
  auto trades = binance::parse_order_trades(body, btc(), "7");
  ASSERT_TRUE(trades.ok()) << trades.error().describe();
  EXPECT_EQ(trades->qty_steps, 500);
  EXPECT_NEAR(trades->commission, 15.001, 1e-9);
  OrderState order;
  order.filled_steps = 500;
  order.fee_known = false;
  binance::apply_trades(order, *trades, btc());
  EXPECT_TRUE(order.fee_known);
  EXPECT_NEAR(order.fee, 15.001, 1e-9);
  EXPECT_NEAR(order.avg_fill_price, (0.3 * 60000.0 + 0.2 * 60010.0) / 0.5, 1e-6);  // was 0

  // Not every fill booked yet, or a fee paid in BNB: unknown, never a partial number.
  OrderState more;
  more.filled_steps = 600;
  binance::apply_trades(more, *trades, btc());
  EXPECT_FALSE(more.fee_known);
  EXPECT_TRUE(std::isnan(more.fee));
  auto in_bnb = binance::parse_order_trades(binance::Json::parse(R"([{"orderId":7,
    "symbol":"BTCUSDT","price":"60000.0","qty":"0.500","commission":"0.02",
    "commissionAsset":"BNB","realizedPnl":"0","time":1}])"),
                                            btc(), "7");
  ASSERT_TRUE(in_bnb.ok());
  OrderState paid_in_bnb;
  paid_in_bnb.filled_steps = 500;
  binance::apply_trades(paid_in_bnb, *in_bnb, btc());
  EXPECT_FALSE(paid_in_bnb.fee_known);
  EXPECT_FALSE(binance::parse_order_trades(binance::Json::parse(R"({"code":1})"), btc(), "7"));
}

TEST(FeeParsing, AnOrderObjectWithAFillHasAnUnknownFee) {
  auto order = binance::parse_order(binance::Json::parse(R"({"orderId":7,"symbol":"BTCUSDT",
    "status":"FILLED","clientOrderId":"x","price":"0","avgPrice":"60000","origQty":"0.500",
    "executedQty":"0.500","type":"MARKET","side":"SELL"})"),
                                    btc());
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_FALSE(order->fee_known);
  EXPECT_TRUE(std::isnan(order->fee));
}

TEST(BookParsing, ACrossedOrShapelessBookIsInvalid) {
  auto crossed = binance::parse_book_ticker(
      binance::Json::parse(R"({"symbol":"BTCUSDT","bidPrice":"10","bidQty":"1",
        "askPrice":"9","askQty":"1"})"),
      "BTCUSDT");
  EXPECT_EQ(crossed.error().kind, ErrorKind::InvalidResponse);
  auto other = binance::parse_book_ticker(
      binance::Json::parse(R"({"symbol":"ETHUSDT","bidPrice":"9","bidQty":"1",
        "askPrice":"10","askQty":"1"})"),
      "BTCUSDT");
  EXPECT_EQ(other.error().kind, ErrorKind::InvalidResponse);
  EXPECT_FALSE(binance::parse_book_ticker(binance::Json::array(), "BTCUSDT"));
}

}  // namespace
}  // namespace hedgebot
