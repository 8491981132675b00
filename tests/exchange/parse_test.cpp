#include "exchange/binance/parse.hpp"

#include <gtest/gtest.h>

#include "exchange/binance/binance_client.hpp"
#include "exchange/binance/errors.hpp"

namespace hedgebot::binance {
namespace {

Json eth_symbol() {
  return Json::parse(R"({
    "symbol": "ETHUSDT", "pair": "ETHUSDT", "contractType": "PERPETUAL",
    "deliveryDate": 4133404800000, "onboardDate": 1569398400000, "status": "TRADING",
    "baseAsset": "ETH", "quoteAsset": "USDT", "marginAsset": "USDT",
    "pricePrecision": 2, "quantityPrecision": 3,
    "filters": [
      {"filterType": "PRICE_FILTER", "minPrice": "39.86", "maxPrice": "306177", "tickSize": "0.01"},
      {"filterType": "LOT_SIZE", "minQty": "0.001", "maxQty": "10000", "stepSize": "0.001"},
      {"filterType": "MARKET_LOT_SIZE", "minQty": "0.001", "maxQty": "2000", "stepSize": "0.001"},
      {"filterType": "MIN_NOTIONAL", "notional": "20"}
    ]})");
}

Instrument eth() {
  return *parse_instrument(eth_symbol());
}

TEST(BinanceParse, InstrumentFromExchangeInfoFilters) {
  auto instrument = parse_instrument(eth_symbol());
  ASSERT_TRUE(instrument.ok()) << instrument.error().message;
  EXPECT_EQ(instrument->symbol, "ETHUSDT");
  EXPECT_EQ(instrument->base_asset, "ETH");
  EXPECT_EQ(instrument->qty_step, (Decimal{1, 3}));
  EXPECT_EQ(instrument->price_tick, (Decimal{1, 2}));
  EXPECT_EQ(instrument->min_qty_steps, 1);
  EXPECT_EQ(instrument->max_qty_steps, 2000000);  // MARKET_LOT_SIZE maxQty, the stricter
  EXPECT_DOUBLE_EQ(instrument->min_notional, 20.0);
  EXPECT_EQ(instrument->delivery_ms, 0);
  EXPECT_TRUE(instrument->trading);
  EXPECT_DOUBLE_EQ(instrument->contract_size, 1.0);
  EXPECT_EQ(instrument->format_qty(1250), "1.250");
}

TEST(BinanceParse, InstrumentUsesTheCoarserStepAndDatedExpiry) {
  Json entry = eth_symbol();
  entry["filters"][2]["stepSize"] = "0.010";
  entry["contractType"] = "CURRENT_QUARTER";
  entry["deliveryDate"] = 1790000000000;
  entry["status"] = "SETTLING";
  auto instrument = parse_instrument(entry);
  ASSERT_TRUE(instrument.ok());
  EXPECT_EQ(instrument->qty_step, (Decimal{1, 2}));
  EXPECT_EQ(instrument->delivery_ms, 1790000000000);
  EXPECT_FALSE(instrument->trading);
}

TEST(BinanceParse, InstrumentRefusesBrokenFilters) {
  Json entry = eth_symbol();
  entry["filters"][0]["tickSize"] = "0";
  EXPECT_EQ(parse_instrument(entry).error().kind, ErrorKind::InvalidResponse);
  entry = eth_symbol();
  entry["filters"][1]["stepSize"] = "1e-3";
  EXPECT_EQ(parse_instrument(entry).error().kind, ErrorKind::InvalidResponse);
  entry = eth_symbol();
  entry.erase("filters");
  EXPECT_EQ(parse_instrument(entry).error().kind, ErrorKind::InvalidResponse);
}

TEST(BinanceParse, KlinesDropTheOpenBar) {
  const Json body = Json::parse(R"([
    [1751277600000,"2440.00","2455.00","2438.00","2452.10","100.0",1751281199999,"1","1","1","1","0"],
    [1751281200000,"2452.10","2461.85","2448.02","2459.40","38211.604",1751284799999,"93901874.31",201553,"19450.117","47801215.76","0"],
    [1751284800000,"2459.40","2460.10","2455.66","2457.02","812.44",1751288399999,"1","1","1","1","0"]])");
  auto series = parse_klines(body, kHourMs, 1751284812000, 10);
  ASSERT_TRUE(series.ok()) << series.error().message;
  ASSERT_EQ(series->candles.size(), 2U);
  EXPECT_EQ(series->candles.back().open_time_ms, 1751281200000);
  EXPECT_DOUBLE_EQ(series->candles.back().close, 2459.40);
  auto limited = parse_klines(body, kHourMs, 1751284812000, 1);
  ASSERT_EQ(limited->candles.size(), 1U);
  EXPECT_EQ(limited->candles[0].open_time_ms, 1751281200000);
}

TEST(BinanceParse, KlinesRefuseAbsurdValues) {
  EXPECT_FALSE(parse_klines(Json::parse(R"([[1,"nan","1","1","1","1",2]])"), kHourMs, 10, 5).ok());
  EXPECT_FALSE(parse_klines(Json::parse(R"([[1,"-1","1","1","1","1",2]])"), kHourMs, 10, 5).ok());
  EXPECT_FALSE(parse_klines(Json::parse(R"({"code":0})"), kHourMs, 10, 5).ok());
  EXPECT_FALSE(parse_klines(Json::parse(R"([[1,"1","1"]])"), kHourMs, 10, 5).ok());
}

TEST(BinanceParse, PremiumIndex) {
  auto mark = parse_premium_index(Json::parse(
      R"({"symbol":"ETHUSDT","markPrice":"2458.91000000","indexPrice":"2460.02312500",
          "estimatedSettlePrice":"2459.87110233","lastFundingRate":"0.00008231",
          "interestRate":"0.00010000","nextFundingTime":1751299200000,"time":1751284812000})"));
  ASSERT_TRUE(mark.ok()) << mark.error().message;
  EXPECT_DOUBLE_EQ(mark->mark_price, 2458.91);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.00008231);
  EXPECT_EQ(mark->next_funding_ms, 1751299200000);
  EXPECT_FALSE(parse_premium_index(Json::parse(R"({"markPrice":"-1","indexPrice":"1",
      "lastFundingRate":"0","nextFundingTime":1,"time":1})"))
                   .ok());
}

TEST(BinanceParse, AccountMarginRatio) {
  auto account = parse_account(
      Json::parse(R"({"totalInitialMargin":"614.72750000","totalMaintMargin":"49.17820000",
    "totalWalletBalance":"10000.00000000","totalUnrealizedProfit":"-37.60000000",
    "totalMarginBalance":"9962.40000000","availableBalance":"9347.67250000",
    "assets":[{"asset":"USDC","walletBalance":"500","unrealizedProfit":"0","marginBalance":"500",
               "maintMargin":"5","initialMargin":"50","availableBalance":"450"}]})"),
      "USDT");
  ASSERT_TRUE(account.ok()) << account.error().message;
  EXPECT_NEAR(account->margin_ratio(), 49.1782 / 9962.40, 1e-12);
  EXPECT_DOUBLE_EQ(account->wallet_balance, 10000.0);
  auto usdc = parse_account(Json::parse(R"({"assets":[{"asset":"USDC","walletBalance":"500",
      "unrealizedProfit":"0","marginBalance":"500","maintMargin":"5","initialMargin":"50",
      "availableBalance":"450"}]})"),
                            "USDC");
  ASSERT_TRUE(usdc.ok()) << usdc.error().message;
  EXPECT_DOUBLE_EQ(usdc->margin_ratio(), 0.01);
}

TEST(BinanceParse, SignedPositionInSteps) {
  const Instrument instrument = eth();
  auto position = parse_position(Json::parse(R"([{"symbol":"ETHUSDT","positionSide":"BOTH",
      "positionAmt":"-5.000","entryPrice":"2451.39","unRealizedProfit":"-37.60000000",
      "maintMargin":"49.1782","liquidationPrice":"4322.18"}])"),
                                 instrument);
  ASSERT_TRUE(position.ok()) << position.error().message;
  EXPECT_EQ(position->qty_steps, -5000);
  EXPECT_DOUBLE_EQ(position->entry_price, 2451.39);
  EXPECT_DOUBLE_EQ(position->liquidation_price, 4322.18);
  EXPECT_EQ(parse_position(Json::array(), instrument)->qty_steps, 0);
  auto off_grid = parse_position(Json::parse(R"([{"symbol":"ETHUSDT","positionSide":"BOTH",
      "positionAmt":"-5.0005","entryPrice":"1","unRealizedProfit":"0"}])"),
                                 instrument);
  EXPECT_EQ(off_grid.error().kind, ErrorKind::InvalidResponse);
  auto hedge_mode = parse_position(Json::parse(R"([{"symbol":"ETHUSDT","positionSide":"SHORT",
      "positionAmt":"5.000","entryPrice":"1","unRealizedProfit":"0"}])"),
                                   instrument);
  EXPECT_EQ(hedge_mode.error().kind, ErrorKind::Config);
}

TEST(BinanceParse, SpotBalancesFreePlusLocked) {
  auto balances = parse_spot_balances(Json::parse(R"({"balances":[
      {"asset":"ETH","free":"12.48210000","locked":"0.50000000"},
      {"asset":"USDT","free":"1520.33000000","locked":"0.00000000"}]})"));
  ASSERT_TRUE(balances.ok());
  ASSERT_EQ(balances->size(), 2U);
  EXPECT_NEAR((*balances)[0].total(), 12.9821, 1e-12);
}

TEST(BinanceParse, OrderResult) {
  auto order =
      parse_order(Json::parse(R"({"orderId":8389765912345,"symbol":"ETHUSDT","status":"FILLED",
      "clientOrderId":"hb-eth-0007-a","price":"0.00","avgPrice":"2458.55000","origQty":"1.250",
      "executedQty":"1.250","cumQty":"1.250","cumQuote":"3073.18750","timeInForce":"GTC",
      "type":"MARKET","origType":"MARKET","reduceOnly":false,"closePosition":false,"side":"SELL",
      "positionSide":"BOTH","updateTime":1751284801877})"),
                  eth());
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(order->venue_order_id, "8389765912345");
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_EQ(order->side, Side::Sell);
  EXPECT_EQ(order->qty_steps, 1250);
  EXPECT_EQ(order->filled_steps, 1250);
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 2458.55);
  auto wrong = parse_order(Json::parse(R"({"unexpected": true})"), eth());
  EXPECT_EQ(wrong.error().kind, ErrorKind::InvalidResponse);
}

// A settlement listed twice verbatim counts once; two different rates at one settlement time
// are garbage, not two settlements. Before, both were kept: a window mean counted the time
// twice and paper on public data charged it twice.
TEST(BinanceParse, FundingHistoryKeepsEachSettlementOnce) {
  const Json same = Json::parse(R"([
    {"symbol":"BTCUSDT","fundingTime":1751270400000,"fundingRate":"0.0001","markPrice":"60000"},
    {"symbol":"BTCUSDT","fundingTime":1751241600000,"fundingRate":"0.0002","markPrice":"60000"},
    {"symbol":"BTCUSDT","fundingTime":1751270400000,"fundingRate":"0.0001","markPrice":"60000"}])");
  auto rates = parse_funding_history(same, 1751290000000, 10);
  ASSERT_TRUE(rates.ok()) << rates.error().describe();
  ASSERT_EQ(rates->size(), 2U);
  EXPECT_EQ((*rates)[0].funding_time_ms, 1751241600000);
  EXPECT_EQ((*rates)[1].funding_time_ms, 1751270400000);

  Json conflicting = same;
  conflicting[2]["fundingRate"] = "0.0003";
  auto refused = parse_funding_history(conflicting, 1751290000000, 10);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::InvalidResponse);
  EXPECT_NE(refused.error().message.find("1751270400000"), std::string::npos);
}

TEST(BinanceErrors, MapsVenueCodesToKinds) {
  const auto auth = map_error(401, -2015, "Invalid API-key, IP, or permissions for action.",
                              "GET /fapi/v3/account");
  EXPECT_EQ(auth.kind, ErrorKind::Auth);
  EXPECT_EQ(auth.venue_code, -2015);
  EXPECT_NE(
      auth.message.find("API key rejected: check the key, its IP whitelist and futures permission"),
      std::string::npos);
  EXPECT_EQ(map_error(400, -2014, "", "x").kind, ErrorKind::Auth);
  EXPECT_EQ(map_error(400, -1022, "", "x").kind, ErrorKind::Auth);
  EXPECT_EQ(map_error(400, -2019, "", "x").kind, ErrorKind::InsufficientMargin);
  EXPECT_EQ(map_error(400, -2022, "", "x").kind, ErrorKind::ReduceOnlyRejected);
  for (int code : {-1111, -1013, -4164, -4014, -4023, -4003}) {
    EXPECT_EQ(map_error(400, code, "", "x").kind, ErrorKind::Filter) << code;
  }
  EXPECT_EQ(map_error(400, -2013, "", "x").kind, ErrorKind::NotFound);
  EXPECT_EQ(map_error(503, -1000, "Unknown error, please check your request or try again later.",
                      "POST /fapi/v1/order")
                .kind,
            ErrorKind::UnknownStatus);
  EXPECT_EQ(map_error(503, 0, "Service Unavailable.", "POST /fapi/v1/order").kind,
            ErrorKind::VenueError);
  EXPECT_EQ(map_error(502, 0, "<html>", "POST /fapi/v1/order").kind, ErrorKind::UnknownStatus);
  EXPECT_EQ(map_error(502, 0, "<html>", "GET /fapi/v1/klines").kind, ErrorKind::VenueError);
  EXPECT_EQ(map_error(400, -1007, "", "x").kind, ErrorKind::UnknownStatus);
  EXPECT_EQ(map_error(400, -1006, "", "x").kind, ErrorKind::UnknownStatus);
  EXPECT_EQ(map_error(429, -1003, "", "x").kind, ErrorKind::RateLimited);
  EXPECT_EQ(map_error(418, -1003, "", "x").kind, ErrorKind::Banned);
}

TEST(BinanceOrders, ClientOrderIdCharset) {
  EXPECT_TRUE(is_valid_client_order_id("hb-eth-0007-a"));
  EXPECT_TRUE(is_valid_client_order_id("a.b:c/d_e-f"));
  EXPECT_TRUE(is_valid_client_order_id(std::string(36, 'x')));
  EXPECT_FALSE(is_valid_client_order_id(std::string(37, 'x')));
  EXPECT_FALSE(is_valid_client_order_id(""));
  EXPECT_FALSE(is_valid_client_order_id("hb eth"));
  EXPECT_FALSE(is_valid_client_order_id("hb#1"));
}

}  // namespace
}  // namespace hedgebot::binance
