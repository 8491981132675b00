// WEEX answer parsing on the shapes of the venue's documentation (strings and numbers, ids above
// 2^53, rows in either order, the still-open candle, empty lists, garbage).

#include <gtest/gtest.h>

#include "exchange/weex/errors.hpp"
#include "exchange/weex/parse.hpp"

namespace hedgebot::weex {
namespace {

Json parse(const std::string& text) {
  return Json::parse(text);
}

constexpr const char* kEthContract = R"({"symbol":"ETHUSDT","baseAsset":"ETH","quoteAsset":"USDT",
  "marginAsset":"USDT","pricePrecision":"2","quantityPrecision":"3","contractVal":"0.001",
  "delivery":["00:00:00","08:00:00","16:00:00"],"minLeverage":"1","maxLeverage":"400",
  "buyLimitPriceRatio":"0.01","sellLimitPriceRatio":"0.01","makerFeeRate":"0.0002",
  "takerFeeRate":"0.0008","minOrderSize":"0.001","maxOrderSize":"1000000",
  "maxPositionSize":"5000000","marketOpenLimitSize":"2300"})";

TEST(WeexParse, ContractWithStringNumbers) {
  auto item = find_contract(parse(std::string("[") + kEthContract + "]"), "ETHUSDT");
  ASSERT_TRUE(item.ok()) << item.error().describe();
  auto inst = parse_instrument(*item);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->base_asset, "ETH");
  EXPECT_EQ(inst->price_tick, (Decimal{1, 2}));
  EXPECT_EQ(inst->qty_step, (Decimal{1, 3}));
  EXPECT_EQ(inst->min_qty_steps, 1);
  EXPECT_EQ(inst->max_qty_steps, 2300000);
  EXPECT_DOUBLE_EQ(inst->contract_size, 1.0);
}

TEST(WeexParse, ContractWithJsonNumbersInsideASymbolsObject) {
  const Json body = parse(R"({"symbols":[{"symbol":"BTCUSDT","baseAsset":"BTC",
    "quoteAsset":"USDT","pricePrecision":1,"quantityPrecision":4,"minOrderSize":0.0001,
    "maxOrderSize":1200,"marketOpenLimitSize":0}]})");
  auto item = find_contract(body, "BTCUSDT");
  ASSERT_TRUE(item.ok()) << item.error().describe();
  auto inst = parse_instrument(*item);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->qty_step, (Decimal{1, 4}));
  EXPECT_EQ(inst->max_qty_steps, 12000000);
  EXPECT_EQ(find_contract(body, "ETHUSDT").error().kind, ErrorKind::NotFound);
}

TEST(WeexParse, ContractGarbageIsInvalidResponse) {
  EXPECT_EQ(find_contract(parse(R"({"x":1})"), "BTCUSDT").error().kind, ErrorKind::InvalidResponse);
  Json item = parse(kEthContract);
  item["pricePrecision"] = "-1";
  EXPECT_EQ(parse_instrument(item).error().kind, ErrorKind::InvalidResponse);
  item = parse(kEthContract);
  item.erase("minOrderSize");
  EXPECT_EQ(parse_instrument(item).error().kind, ErrorKind::InvalidResponse);
  item = parse(kEthContract);
  item["quantityPrecision"] = "NaN";
  EXPECT_EQ(parse_instrument(item).error().kind, ErrorKind::InvalidResponse);
}

// Four hourly rows, ascending, the last one still open at `now`.
const int64_t kOpen = 1764504000000;  // a whole hour
Json klines_ascending() {
  Json rows = Json::array();
  for (int i = 0; i < 4; ++i) {
    const int64_t t = kOpen + i * kHourMs;
    rows.push_back(Json::array({t, "100.0", "101.0", "99.0", "100.5", "12.5", t + kHourMs,
                                "1256.25", 40, "6.1", "613.05"}));
  }
  return rows;
}

TEST(WeexParse, KlinesDropTheOpenBarAndComeOutOldestFirst) {
  const int64_t now = kOpen + 3 * kHourMs + 1000;
  auto series = parse_klines(klines_ascending(), kHourMs, now, -1);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 3U);
  EXPECT_EQ(series->candles.front().open_time_ms, kOpen);
  EXPECT_EQ(series->candles.back().open_time_ms, kOpen + 2 * kHourMs);
  EXPECT_DOUBLE_EQ(series->candles.back().close, 100.5);
  // Newest first (as the history endpoint may list them): the same series.
  Json reversed = klines_ascending();
  std::reverse(reversed.begin(), reversed.end());
  auto again = parse_klines(reversed, kHourMs, now, 2);
  ASSERT_TRUE(again.ok()) << again.error().describe();
  ASSERT_EQ(again->candles.size(), 2U);
  EXPECT_EQ(again->candles.front().open_time_ms, kOpen + kHourMs);
  auto empty = parse_klines(Json::array(), kHourMs, now, 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->candles.empty());
}

TEST(WeexParse, KlineGarbageIsInvalidResponse) {
  const int64_t now = kOpen + 10 * kHourMs;
  Json rows = klines_ascending();
  rows[1][2] = "98.0";  // high below open
  EXPECT_EQ(parse_klines(rows, kHourMs, now, -1).error().kind, ErrorKind::InvalidResponse);
  rows = klines_ascending();
  rows.push_back(Json::array({kOpen, "100.0", "102.0", "99.0", "100.5", "12.5"}));
  EXPECT_EQ(parse_klines(rows, kHourMs, now, -1).error().kind, ErrorKind::InvalidResponse);
  rows = klines_ascending();
  rows.push_back(rows[0]);  // the same row twice: kept once
  auto twice = parse_klines(rows, kHourMs, now, -1);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->candles.size(), 4U);
  EXPECT_EQ(parse_klines(parse(R"({"code":-1,"msg":"x"})"), kHourMs, now, -1).error().kind,
            ErrorKind::InvalidResponse);
  EXPECT_EQ(parse_klines(parse(R"([[1,"a"]])"), kHourMs, now, -1).error().kind,
            ErrorKind::InvalidResponse);
}

TEST(WeexParse, PremiumIndexOfTheDocumentation) {
  const Json body = parse(R"([{"symbol":"BTCUSDT","markPrice":"69348.6","indexPrice":"69347.9",
    "lastFundingRate":"0.00025","forecastFundingRate":"0.0003","interestRate":"0.0001",
    "nextFundingTime":1764510000000,"time":1764505777345,"collectCycle":480}])");
  auto mark = parse_premium_index(body, "BTCUSDT");
  ASSERT_TRUE(mark.ok()) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 69348.6);
  EXPECT_DOUBLE_EQ(mark->index_price, 69347.9);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.0003);
  EXPECT_EQ(mark->next_funding_ms, 1764510000000);
  EXPECT_EQ(mark->funding_interval_ms, 8 * kHourMs);
  EXPECT_EQ(parse_premium_index(body, "ETHUSDT").error().kind, ErrorKind::InvalidResponse);
  Json bad = body;
  bad[0]["markPrice"] = "0";
  EXPECT_EQ(parse_premium_index(bad, "BTCUSDT").error().kind, ErrorKind::InvalidResponse);
}

// Found by the fuzzer: a row whose symbol is a number threw out of the parser.
TEST(WeexParse, RowsWithASymbolThatIsNotTextAreSkippedNotThrown) {
  const Json body = parse(R"([{"symbol":1764460800000,"markPrice":"68000"},
    {"symbol":["BTCUSDT"],"markPrice":"68000"}])");
  EXPECT_EQ(parse_premium_index(body, "BTCUSDT").error().kind, ErrorKind::InvalidResponse);
  EXPECT_EQ(find_contract(body, "BTCUSDT").error().kind, ErrorKind::NotFound);
}

TEST(WeexParse, FundingHistoryInAnyOrderSettledOnly) {
  const Json body = parse(R"([
    {"symbol":"BTCUSDT","fundingRate":"0.0001","fundingTime":1764489600000,"markPrice":"69000"},
    {"symbol":"BTCUSDT","fundingRate":"-0.0002","fundingTime":1764460800000,"markPrice":"68000"},
    {"symbol":"BTCUSDT","fundingRate":"0.0003","fundingTime":1764518400000,"markPrice":"70000"}])");
  auto rates = parse_funding_history(body, 1764500000000, -1);
  ASSERT_TRUE(rates.ok()) << rates.error().describe();
  ASSERT_EQ(rates->size(), 2U);  // the one after now is not settled
  EXPECT_EQ(rates->front().funding_time_ms, 1764460800000);
  EXPECT_DOUBLE_EQ(rates->front().rate, -0.0002);
  EXPECT_DOUBLE_EQ(rates->back().mark_price, 69000.0);
  EXPECT_TRUE(parse_funding_history(Json::array(), 1, 10)->empty());
  EXPECT_EQ(
      parse_funding_history(parse(R"([{"fundingRate":"2","fundingTime":1}])"), 5, -1).error().kind,
      ErrorKind::InvalidResponse);
}

TEST(WeexParse, BalanceAndPositionsOfTheDocumentation) {
  const Json balance = parse(R"([{"asset":"USDT","balance":"5696.49288823",
    "availableBalance":"5413.06877369","frozen":"81.28240000","unrealizePnl":"-34.55300000"}])");
  const Json rows = parse(R"([{"id":689987235755328154,"asset":"USDT","symbol":"BTCUSDT",
    "side":"LONG","marginType":"CROSSED","separatedMode":"COMBINED","separatedOpenOrderId":0,
    "leverage":"100","size":"0.020000","openValue":"1801.0670000","openFee":"0.70731060",
    "fundingFee":"1.22618160","marginSize":"17.154980","cumOpenSize":"0.020000",
    "cumCloseSize":"0","cumFundingFee":"1.22618160","createdTime":1764505776347,
    "updatedTime":1764588886461,"unrealizePnl":"-85.5690000","liquidatePrice":"0"}])");
  auto positions = parse_position_rows(rows);
  ASSERT_TRUE(positions.ok()) << positions.error().describe();
  auto account = parse_account(balance, "USDT", positions->margin);
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 5696.49288823);
  EXPECT_DOUBLE_EQ(account->margin_balance, 5696.49288823 - 34.553);
  EXPECT_DOUBLE_EQ(account->available_balance, 5413.06877369);
  EXPECT_DOUBLE_EQ(account->maint_margin, 17.15498);
  Instrument btc;
  btc.symbol = "BTCUSDT";
  btc.qty_step = Decimal{1, 3};
  auto position = parse_position(*positions, "BTCUSDT", btc);
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->qty_steps, 20);
  EXPECT_NEAR(position->entry_price, 90053.35, 1e-6);
  EXPECT_EQ(position->leverage, 100);
  EXPECT_DOUBLE_EQ(position->liquidation_price, 0.0);
  auto flat = parse_position(*positions, "ETHUSDT", btc);
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(flat->qty_steps, 0);
  // Separated mode and two sides held are refused by name.
  Json separated = rows;
  separated[0]["separatedMode"] = "SEPARATED";
  EXPECT_EQ(parse_position(*parse_position_rows(separated), "BTCUSDT", btc).error().kind,
            ErrorKind::Config);
  Json both = rows;
  both.push_back(rows[0]);
  both[1]["side"] = "SHORT";
  EXPECT_EQ(parse_position(*parse_position_rows(both), "BTCUSDT", btc).error().kind,
            ErrorKind::Config);
  Json off_grid = rows;
  off_grid[0]["size"] = "0.0205";
  EXPECT_EQ(parse_position(*parse_position_rows(off_grid), "BTCUSDT", btc).error().kind,
            ErrorKind::InvalidResponse);
}

TEST(WeexParse, OrderIdsAboveTwoToTheFiftyThreeAreReadExactly) {
  Instrument btc;
  btc.symbol = "BTCUSDT";
  btc.qty_step = Decimal{1, 3};
  btc.price_tick = Decimal{1, 1};
  const Json item = parse(R"({"avgPrice":"69000.1","clientOrderId":"hb-1","cumQuote":"690.001",
    "executedQty":"0.010","orderId":737185556881998184,"origQty":"0.010","price":"0",
    "reduceOnly":false,"side":"SELL","positionSide":"SHORT","status":"FILLED","stopPrice":"0",
    "symbol":"BTCUSDT","time":1764505776347,"timeInForce":"GTC","type":"MARKET",
    "updateTime":1764505776400,"workingType":"CONTRACT_PRICE"})");
  auto order = parse_order(item, btc, "BTC-USDT");
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->venue_order_id, "737185556881998184");
  EXPECT_EQ(order->symbol, "BTC-USDT");
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_EQ(order->filled_steps, 10);
  EXPECT_FALSE(order->fee_known);
  Json unknown = item;
  unknown["status"] = "WHATEVER";
  EXPECT_EQ(parse_order(unknown, btc, "BTCUSDT").error().kind, ErrorKind::InvalidResponse);
  Json over = item;
  over["executedQty"] = "0.020";
  EXPECT_EQ(parse_order(over, btc, "BTCUSDT").error().kind, ErrorKind::InvalidResponse);
  auto list = parse_order_list(Json::array({item, item}), btc, "BTCUSDT");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2U);
  EXPECT_TRUE(parse_order_list(Json::array(), btc, "BTCUSDT")->empty());
}

TEST(WeexParse, AcknowledgementsInBandFailures) {
  auto placed = parse_ack(parse(R"({"orderId":"702345678901234567","clientOrderId":"my-1",
    "success":true,"errorCode":"","errorMessage":""})"),
                          "POST /capi/v3/order");
  ASSERT_TRUE(placed.ok());
  EXPECT_TRUE(placed->success);
  EXPECT_EQ(placed->order_id, "702345678901234567");
  auto refused = parse_ack(parse(R"({"orderId":"","origClientOrderId":"my-1","success":false,
    "errorCode":"-3200","errorMessage":"Order does not exist."})"),
                           "DELETE /capi/v3/order");
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->success);
  EXPECT_EQ(refused->error_code, -3200);
  EXPECT_EQ(parse_ack(parse(R"({"orderId":"1"})"), "x").error().kind, ErrorKind::InvalidResponse);
}

TEST(WeexErrors, CodesMapToThePortsKinds) {
  const char* post = "POST /capi/v3/order";
  const char* get = "GET /capi/v3/account/balance";
  EXPECT_EQ(map_error(429, 0, "", get).kind, ErrorKind::RateLimited);
  EXPECT_EQ(map_error(403, 0, "", get).kind, ErrorKind::Banned);
  EXPECT_EQ(map_error(400, -1047, "", get).kind, ErrorKind::Auth);
  EXPECT_EQ(map_error(400, -1049, "", get).kind, ErrorKind::Auth);
  EXPECT_EQ(map_error(400, -1052, "", post).kind, ErrorKind::Auth);
  EXPECT_EQ(map_error(400, -1160, "", post).kind, ErrorKind::Filter);
  EXPECT_EQ(map_error(400, -3200, "", get).kind, ErrorKind::NotFound);
  EXPECT_EQ(
      map_error(400, -1054, "FAILED_PRECONDITION: Move margin available amount not enough.", post)
          .kind,
      ErrorKind::InsufficientMargin);
  EXPECT_EQ(map_error(400, -1054, "FAILED_PRECONDITION: other", post).kind, ErrorKind::Rejected);
  EXPECT_EQ(map_error(500, -1054, "System error, please retry later.", post).kind,
            ErrorKind::UnknownStatus);
  EXPECT_EQ(map_error(500, -1054, "System error", get).kind, ErrorKind::VenueError);
  EXPECT_EQ(map_error(502, 0, "", "DELETE /capi/v3/order").kind, ErrorKind::UnknownStatus);
  EXPECT_EQ(map_error(400, -3313, "", post).kind, ErrorKind::Config);
}

}  // namespace
}  // namespace hedgebot::weex
