// BingX answers -> the model, on bodies shaped like the venue's documented and recorded answers:
// the ordering of klines (newest first, the open candle at the top), empty lists, big order
// ids, the signs of positions and commissions, and garbage.

#include <gtest/gtest.h>

#include <cmath>

#include "exchange/bingx/parse.hpp"

namespace hedgebot::bingx {
namespace {

Json data_of(const char* body) {
  return Json::parse(body).at("data");
}

Instrument btc() {
  auto row = find_contract(data_of(R"({"code":0,"msg":"","data":[{"contractId":"100",
    "symbol":"BTC-USDT","quantityPrecision":4,"pricePrecision":1,"makerFeeRate":0.0002,
    "takerFeeRate":0.0005,"tradeMinQuantity":0.0001,"tradeMinUSDT":2,"maxLongLeverage":125,
    "maxShortLeverage":125,"currency":"USDT","asset":"BTC","status":1,"apiStateOpen":"true",
    "apiStateClose":"true","launchTime":1586275200000,"maintainTime":0,"offTime":0}]})"),
                           "BTC-USDT");
  return *parse_instrument(*row, "BTCUSDT");
}

TEST(BingxParse, ContractFiltersFromPrecisions) {
  const Instrument inst = btc();
  EXPECT_EQ(inst.symbol, "BTCUSDT");  // the caller's spelling
  EXPECT_EQ(inst.base_asset, "BTC");
  EXPECT_EQ(inst.quote_asset, "USDT");
  EXPECT_EQ(inst.qty_step, (Decimal{1, 4}));
  EXPECT_EQ(inst.price_tick, (Decimal{1, 1}));
  EXPECT_EQ(inst.min_qty_steps, 1);
  EXPECT_DOUBLE_EQ(inst.min_notional, 2.0);
  EXPECT_DOUBLE_EQ(inst.contract_size, 1.0);
  EXPECT_TRUE(inst.trading);
}

TEST(BingxParse, ContractClosedToTheApiIsNotTradable) {
  Json row = Json::parse(R"({"symbol":"DOGE-USDT","quantityPrecision":0,"pricePrecision":5,
    "tradeMinQuantity":12,"tradeMinUSDT":2,"currency":"USDT","asset":"DOGE","status":1,
    "apiStateOpen":"false"})");
  auto inst = parse_instrument(row, "DOGE-USDT");
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_FALSE(inst->trading);
  EXPECT_EQ(inst->min_qty_steps, 12);
  EXPECT_EQ(inst->qty_step, (Decimal{1, 0}));
  row["apiStateOpen"] = "true";
  row["status"] = 25;  // close only
  EXPECT_FALSE(parse_instrument(row, "DOGE-USDT")->trading);
  EXPECT_EQ(find_contract(Json::array(), "DOGE-USDT").error().kind, ErrorKind::NotFound);
  row.erase("pricePrecision");
  EXPECT_EQ(parse_instrument(row, "DOGE-USDT").error().kind, ErrorKind::InvalidResponse);
}

TEST(BingxParse, KlinesNewestFirstWithTheOpenCandleOnTop) {
  // As BingX answers: newest first, the first row still open at server time 1796410800000 + 10 min.
  const Json data = data_of(R"({"code":0,"msg":"","data":[
    {"open":"60059.3","close":"60000.0","high":"60094.7","low":"60000.0","volume":"792.22","time":1796410800000},
    {"open":"60930.9","close":"60061.5","high":"60978.4","low":"60061.5","volume":"793.29","time":1796407200000},
    {"open":"60100.0","close":"60930.9","high":"61000.0","low":"60050.0","volume":"12.5","time":1796403600000}]})");
  const int64_t now = 1796410800000 + 10 * kMinuteMs;
  auto series = parse_klines(data, kHourMs, now, 5);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 2U);
  EXPECT_EQ(series->candles[0].open_time_ms, 1796403600000);
  EXPECT_EQ(series->candles[1].open_time_ms, 1796407200000);
  EXPECT_DOUBLE_EQ(series->candles[1].open, 60930.9);
  EXPECT_DOUBLE_EQ(series->candles[1].close, 60061.5);
  EXPECT_DOUBLE_EQ(series->candles[1].volume, 793.29);
  // The limit keeps the newest; at the hour the top candle has closed.
  auto one = parse_klines(data, kHourMs, 1796410800000 + kHourMs, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->candles.size(), 1U);
  EXPECT_EQ(one->candles[0].open_time_ms, 1796410800000);
}

TEST(BingxParse, KlinesOldestFirstAreOrderedTooAndEmptyIsEmpty) {
  const Json data = Json::parse(R"([
    {"open":"1","close":"1","high":"1","low":"1","volume":"0","time":0},
    {"open":"2","close":"2","high":"2","low":"2","volume":"0","time":3600000}])");
  auto series = parse_klines(data, kHourMs, 3 * kHourMs, -1);
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->candles.size(), 2U);
  EXPECT_EQ(series->candles[0].open_time_ms, 0);
  auto empty = parse_klines(Json::array(), kHourMs, 3 * kHourMs, 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->candles.empty());
}

TEST(BingxParse, KlineGarbageIsRefused) {
  const int64_t now = 10 * kHourMs;
  EXPECT_EQ(parse_klines(Json::object(), kHourMs, now, 1).error().kind, ErrorKind::InvalidResponse);
  EXPECT_EQ(parse_klines(Json::parse(R"([[0,"1","1","1","1","0"]])"), kHourMs, now, 1).error().kind,
            ErrorKind::InvalidResponse);
  EXPECT_EQ(
      parse_klines(
          Json::parse(R"([{"open":"NaN","close":"1","high":"1","low":"1","volume":"0","time":0}])"),
          kHourMs, now, 1)
          .error()
          .kind,
      ErrorKind::InvalidResponse);
  EXPECT_EQ(
      parse_klines(
          Json::parse(R"([{"open":"1","close":"1","high":"1","low":"2","volume":"0","time":0}])"),
          kHourMs, now, 1)
          .error()
          .kind,
      ErrorKind::InvalidResponse);
  // The same candle twice.
  EXPECT_EQ(parse_klines(
                Json::parse(R"([{"open":"1","close":"1","high":"1","low":"1","volume":"0","time":0},
                                         {"open":"1","close":"1","high":"1","low":"1","volume":"0","time":0}])"),
                kHourMs, now, 5)
                .error()
                .kind,
            ErrorKind::InvalidResponse);
}

TEST(BingxParse, PremiumIndexNextFundingIsATime) {
  const Json data = data_of(R"({"code":0,"msg":"","data":{"symbol":"BTC-USDT","markPrice":"42216.4",
    "indexPrice":"42219.9","lastFundingRate":"0.00025100","nextFundingTime":1702742400000}})");
  auto mark = parse_premium_index(data, "BTC-USDT", 1702740000000);
  ASSERT_TRUE(mark.ok()) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 42216.4);
  EXPECT_DOUBLE_EQ(mark->index_price, 42219.9);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.000251);
  EXPECT_EQ(mark->next_funding_ms, 1702742400000);
  EXPECT_EQ(mark->funding_interval_ms, 8 * kHourMs);
  EXPECT_EQ(mark->time_ms, 1702740000000);
  Json four_hourly = data;
  four_hourly["fundingIntervalHours"] = 4;
  EXPECT_EQ(parse_premium_index(four_hourly, "BTC-USDT", 1)->funding_interval_ms, 4 * kHourMs);
  EXPECT_EQ(parse_premium_index(data, "ETH-USDT", 1).error().kind, ErrorKind::InvalidResponse);
  Json list = Json::array({data});
  EXPECT_TRUE(parse_premium_index(list, "BTC-USDT", 1).ok());
}

TEST(BingxParse, FundingHistoryNewestFirstToOldestFirst) {
  const Json data = data_of(R"({"code":0,"msg":"","data":[
    {"symbol":"BTC-USDT","fundingRate":"0.00027100","fundingTime":1702713600000},
    {"symbol":"BTC-USDT","fundingRate":"-0.00010000","fundingTime":1702684800000},
    {"symbol":"BTC-USDT","fundingRate":"0.00010000","fundingTime":1702656000000}]})");
  auto rates = parse_funding_history(data, 1702713600000, 2);
  ASSERT_TRUE(rates.ok()) << rates.error().describe();
  ASSERT_EQ(rates->size(), 2U);
  EXPECT_EQ((*rates)[0].funding_time_ms, 1702684800000);
  EXPECT_DOUBLE_EQ((*rates)[0].rate, -0.0001);
  EXPECT_EQ((*rates)[1].funding_time_ms, 1702713600000);
  // A settlement after the server's now is not settled yet.
  EXPECT_EQ(parse_funding_history(data, 1702713599999, -1)->size(), 2U);
  EXPECT_TRUE(parse_funding_history(Json::array(), 1, 5)->empty());
  EXPECT_EQ(parse_funding_history(Json::object(), 1, 5).error().kind, ErrorKind::InvalidResponse);
}

TEST(BingxParse, BookTicker) {
  const Json data = Json::parse(R"({"book_ticker":{"symbol":"BTC-USDT","bid_price":"59999.9",
    "bid_qty":"1.2","ask_price":"60000.1","ask_qty":"0.8"}})");
  auto top = parse_book_ticker(data, "BTC-USDT", "BTCUSDT");
  ASSERT_TRUE(top.ok()) << top.error().describe();
  EXPECT_EQ(top->symbol, "BTCUSDT");
  EXPECT_DOUBLE_EQ(top->bid_price, 59999.9);
  EXPECT_DOUBLE_EQ(top->ask_qty, 0.8);
  Json crossed = data;
  crossed["book_ticker"]["bid_price"] = "60000.2";
  EXPECT_EQ(parse_book_ticker(crossed, "BTC-USDT", "BTCUSDT").error().kind,
            ErrorKind::InvalidResponse);
}

TEST(BingxParse, PositionsUnsignedWithTheirSideAndHedgeModeRefused) {
  const Json data = data_of(R"({"code":0,"msg":"","data":[{"positionId":"1792480725958881280",
    "symbol":"BTC-USDT","currency":"USDT","positionAmt":"0.5","availableAmt":"0.5",
    "positionSide":"SHORT","isolated":false,"avgPrice":"58000","initialMargin":"1.3922",
    "leverage":6,"unrealizedProfit":"-1000","liquidationPrice":0,"riskRate":"0.0008",
    "markPrice":"60000","positionValue":"30000","onlyOnePosition":true,"updateTime":1721088016688}]})");
  auto rows = parse_positions(data);
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  auto position = position_of(*rows, "BTC-USDT", btc());
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->symbol, "BTCUSDT");
  EXPECT_EQ(position->qty_steps, -5000);
  EXPECT_DOUBLE_EQ(position->entry_price, 58000.0);
  EXPECT_DOUBLE_EQ(position->unrealized_pnl, -1000.0);
  EXPECT_EQ(position->leverage, 6);
  EXPECT_DOUBLE_EQ((*rows)[0].position_value, 30000.0);
  // A BOTH row carries its sign.
  Json both = data;
  both[0]["positionSide"] = "BOTH";
  both[0]["positionAmt"] = "-0.25";
  EXPECT_EQ(position_of(*parse_positions(both), "BTC-USDT", btc())->qty_steps, -2500);
  // Flat: no row.
  EXPECT_EQ(position_of(*parse_positions(Json::array()), "BTC-USDT", btc())->qty_steps, 0);
  // Long and short at once: hedge mode.
  Json hedged = data;
  hedged.push_back(data[0]);
  hedged[1]["positionSide"] = "LONG";
  auto refused = position_of(*parse_positions(hedged), "BTC-USDT", btc());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Config);
  EXPECT_NE(refused.error().message.find("one-way"), std::string::npos);
  // Off the step grid, a negative unsigned amount, an unknown side.
  Json off = data;
  off[0]["positionAmt"] = "0.00005";
  EXPECT_FALSE(position_of(*parse_positions(off), "BTC-USDT", btc()).ok());
  Json negative = data;
  negative[0]["positionAmt"] = "-0.5";
  EXPECT_EQ(parse_positions(negative).error().kind, ErrorKind::InvalidResponse);
  Json unknown = data;
  unknown[0]["positionSide"] = "UP";
  EXPECT_EQ(parse_positions(unknown).error().kind, ErrorKind::InvalidResponse);
}

TEST(BingxParse, BalanceAndTiers) {
  const Json data = data_of(R"({"code":0,"msg":"","data":[{"userId":"116***295","asset":"USDT",
    "balance":"194.8212","equity":"196.7431","unrealizedProfit":"1.9219","realisedProfit":"-109.2504",
    "availableMargin":"193.7609","usedMargin":"1.0602","freezedMargin":"0.0000","shortUid":"12851936"}]})");
  auto account = parse_balance(data, "USDT");
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 194.8212);
  EXPECT_DOUBLE_EQ(account->margin_balance, 196.7431);
  EXPECT_DOUBLE_EQ(account->unrealized_pnl, 1.9219);
  EXPECT_DOUBLE_EQ(account->available_balance, 193.7609);
  EXPECT_DOUBLE_EQ(account->initial_margin, 1.0602);
  EXPECT_EQ(parse_balance(data, "USDC").error().kind, ErrorKind::NotFound);
  auto tiers = parse_margin_tiers(Json::parse(R"([
    {"tier":"Tier 2","symbol":"BTC-USDT","minPositionVal":"150000","maxPositionVal":"900000","maintMarginRatio":"0.004000","maintAmount":"30.000000"},
    {"tier":"Tier 1","symbol":"BTC-USDT","minPositionVal":"0","maxPositionVal":"150000","maintMarginRatio":"0.003000","maintAmount":"0.000000"}])"));
  ASSERT_TRUE(tiers.ok()) << tiers.error().describe();
  ASSERT_EQ(tiers->size(), 2U);
  EXPECT_DOUBLE_EQ((*tiers)[0].notional_floor, 0.0);
  EXPECT_DOUBLE_EQ(maintenance_margin(*tiers, 100000), 300.0);
  EXPECT_DOUBLE_EQ(maintenance_margin(*tiers, 200000), 770.0);
  EXPECT_DOUBLE_EQ(maintenance_margin(*tiers, 0), 0.0);
  EXPECT_EQ(parse_margin_tiers(Json::array()).error().kind, ErrorKind::InvalidResponse);
}

TEST(BingxParse, SpotBalancesDualSideLeverageMarginType) {
  auto spot = parse_spot_balances(data_of(R"({"code":0,"msg":"","debugMsg":"","data":{"balances":[
    {"asset":"USDT","free":"566.19","locked":"2.18","displayName":"USDT"}]}})"));
  ASSERT_TRUE(spot.ok()) << spot.error().describe();
  ASSERT_EQ(spot->size(), 1U);
  EXPECT_DOUBLE_EQ((*spot)[0].free, 566.19);
  EXPECT_DOUBLE_EQ((*spot)[0].locked, 2.18);
  EXPECT_EQ(parse_spot_balances(Json::array()).error().kind, ErrorKind::InvalidResponse);
  EXPECT_TRUE(*parse_dual_side(Json::parse(R"({"dualSidePosition":"true"})")));
  EXPECT_FALSE(*parse_dual_side(Json::parse(R"({"dualSidePosition":"false"})")));
  EXPECT_FALSE(parse_dual_side(Json::parse(R"({"dualSidePosition":"maybe"})")).ok());
  EXPECT_EQ(*parse_leverage(Json::parse(R"({"longLeverage":50,"shortLeverage":50})")), 50);
  EXPECT_EQ(*parse_leverage(Json::parse(R"({"longLeverage":50,"shortLeverage":20})")), 0);
  EXPECT_EQ(*parse_margin_type(Json::parse(R"({"marginType":"CROSSED"})")), "CROSSED");
}

TEST(BingxParse, OrderWithABigIdAndANegativeCommission) {
  // 1736012449498123456 is above 2^53: read as a double it would change.
  const Json data = Json::parse(R"({"order":{"symbol":"BTC-USDT","orderId":1736012449498123456,
    "side":"SELL","positionSide":"BOTH","type":"MARKET","origQty":"0.5000","price":"0.0",
    "executedQty":"0.5000","avgPrice":"60000.0","cumQuote":"30000","stopPrice":"","profit":"12.5000",
    "commission":"-15.000000","status":"FILLED","time":1702732596168,"updateTime":1702732596188,
    "clientOrderId":"hb-btc-1","leverage":"15X","workingType":"MARK_PRICE","reduceOnly":false}})");
  auto item = order_object(data, "test");
  ASSERT_TRUE(item.ok());
  auto order = parse_order(*item, "BTC-USDT", btc());
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->venue_order_id, "1736012449498123456");
  EXPECT_EQ(order->symbol, "BTCUSDT");
  EXPECT_EQ(order->client_order_id, "hb-btc-1");
  EXPECT_EQ(order->side, Side::Sell);
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_EQ(order->qty_steps, 5000);
  EXPECT_EQ(order->filled_steps, 5000);
  EXPECT_DOUBLE_EQ(order->avg_fill_price, 60000.0);
  ASSERT_TRUE(order->fee_known);
  EXPECT_DOUBLE_EQ(order->fee, 15.0);
  EXPECT_DOUBLE_EQ(order->realized_pnl, 12.5);
  EXPECT_EQ(order->update_ms, 1702732596188);
}

TEST(BingxParse, RestingLimitOrderAndStatuses) {
  Json item = Json::parse(R"({"symbol":"BTC-USDT","orderId":"17","side":"BUY","type":"LIMIT",
    "origQty":"0.0100","price":"59000.5","executedQty":"0.0000","avgPrice":"0.0","commission":"0",
    "status":"PENDING","clientOrderID":"hb-1"})");
  auto order = parse_order(item, "BTC-USDT", btc());
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->status, OrderStatus::New);
  EXPECT_EQ(order->price_ticks, 590005);
  EXPECT_EQ(order->client_order_id, "hb-1");
  for (const auto& [text, status] : std::vector<std::pair<std::string, OrderStatus>>{
           {"NEW", OrderStatus::New},
           {"PARTIALLY_FILLED", OrderStatus::PartiallyFilled},
           {"CANCELLED", OrderStatus::Canceled},
           {"CANCELED", OrderStatus::Canceled},
           {"EXPIRED", OrderStatus::Expired},
           {"FAILED", OrderStatus::Rejected}}) {
    item["status"] = text;
    EXPECT_EQ(parse_order(item, "BTC-USDT", btc())->status, status) << text;
  }
  item["status"] = "WEIRD";
  EXPECT_FALSE(parse_order(item, "BTC-USDT", btc()).ok());
  item["status"] = "PENDING";
  item["price"] = "59000.55";  // off the tick
  EXPECT_FALSE(parse_order(item, "BTC-USDT", btc()).ok());
  item["price"] = "59000.5";
  item["executedQty"] = "0.0200";  // more than ordered
  EXPECT_FALSE(parse_order(item, "BTC-USDT", btc()).ok());
  item["executedQty"] = "0.0000";
  EXPECT_FALSE(parse_order(item, "ETH-USDT", btc()).ok());
}

TEST(BingxParse, OpenOrdersSkipStopOrders) {
  const Json data = Json::parse(R"({"orders":[
    {"symbol":"BTC-USDT","orderId":1,"side":"BUY","type":"LIMIT","origQty":"0.0100","price":"59000.5",
     "executedQty":"0","avgPrice":"0","status":"PENDING","clientOrderId":"hb-1"},
    {"symbol":"BTC-USDT","orderId":2,"side":"SELL","type":"STOP_MARKET","origQty":"0.0100","price":"0",
     "executedQty":"0","avgPrice":"0","status":"NEW","clientOrderId":"mine"}]})");
  auto orders = parse_open_orders(data, "BTC-USDT", btc());
  ASSERT_TRUE(orders.ok()) << orders.error().describe();
  ASSERT_EQ(orders->size(), 1U);
  EXPECT_EQ((*orders)[0].client_order_id, "hb-1");
  EXPECT_TRUE(parse_open_orders(Json::parse(R"({"orders":[]})"), "BTC-USDT", btc())->empty());
  EXPECT_FALSE(parse_open_orders(Json::array(), "BTC-USDT", btc()).ok());
}

}  // namespace
}  // namespace hedgebot::bingx
