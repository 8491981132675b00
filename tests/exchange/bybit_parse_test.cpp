// Bybit v5 result objects -> the model, and retCodes -> ErrorKind: the parsers on their own,
// with the documented shapes and with broken ones (a missing field or garbage is an error, never
// a made-up value).

#include <gtest/gtest.h>

#include <cmath>

#include "exchange/bybit/errors.hpp"
#include "exchange/bybit/parse.hpp"

namespace hedgebot::bybit {
namespace {

Json parse(const char* text) {
  return Json::parse(text);
}

const char* const kEthInstrument = R"({"list":[{"symbol":"ETHUSDT",
  "contractType":"LinearPerpetual","status":"Trading","baseCoin":"ETH","quoteCoin":"USDT",
  "settleCoin":"USDT","deliveryTime":"0","priceScale":"2",
  "leverageFilter":{"minLeverage":"1","maxLeverage":"100.00","leverageStep":"0.01"},
  "priceFilter":{"minPrice":"0.01","maxPrice":"199999.98","tickSize":"0.01"},
  "lotSizeFilter":{"maxOrderQty":"7240.00","maxMktOrderQty":"1500.00","minOrderQty":"0.01",
                   "qtyStep":"0.01","minNotionalValue":"5"},"fundingInterval":480}]})";

Instrument eth() {
  auto item = find_list_item(parse(kEthInstrument), "ETHUSDT", "test");
  auto parsed = parse_instrument(*item);
  return *parsed;
}

TEST(BybitParse, InstrumentFromLotSizeAndPriceFilters) {
  const Instrument inst = eth();
  EXPECT_EQ(inst.base_asset, "ETH");
  EXPECT_EQ(inst.quote_asset, "USDT");
  EXPECT_EQ(inst.qty_step, (Decimal{1, 2}));
  EXPECT_EQ(inst.price_tick, (Decimal{1, 2}));
  EXPECT_EQ(inst.min_qty_steps, 1);
  EXPECT_EQ(inst.max_qty_steps, 150000);  // the market maximum, 1500.00, is the smaller
  EXPECT_DOUBLE_EQ(inst.min_notional, 5.0);
  EXPECT_DOUBLE_EQ(inst.contract_size, 1.0);
  EXPECT_TRUE(inst.trading);
  EXPECT_EQ(inst.delivery_ms, 0);
  EXPECT_EQ(inst.format_qty(125), "1.25");
}

TEST(BybitParse, InstrumentRefusesMissingFiltersAndOtherContracts) {
  Json item = parse(kEthInstrument)["list"][0];
  Json no_step = item;
  no_step["lotSizeFilter"].erase("qtyStep");
  EXPECT_EQ(parse_instrument(no_step).error().kind, ErrorKind::InvalidResponse);
  Json zero_tick = item;
  zero_tick["priceFilter"]["tickSize"] = "0";
  EXPECT_EQ(parse_instrument(zero_tick).error().kind, ErrorKind::InvalidResponse);
  Json inverse = item;
  inverse["contractType"] = "InversePerpetual";
  EXPECT_EQ(parse_instrument(inverse).error().kind, ErrorKind::InvalidResponse);
  Json settling = item;
  settling["status"] = "Settling";
  EXPECT_FALSE(parse_instrument(settling)->trading);
  EXPECT_EQ(find_list_item(parse(kEthInstrument), "BTCUSDT", "test").error().kind,
            ErrorKind::NotFound);
}

TEST(BybitParse, KlinesNewestFirstAreReversedAndTheOpenBarDropped) {
  const Json result = parse(R"({"list":[
    ["1751284800000","2459.40","2460.10","2455.66","2457.02","812.44","1996712.55"],
    ["1751281200000","2452.10","2461.85","2448.02","2459.40","21877.31","53677610.12"],
    ["1751277600000","2450.00","2455.00","2449.00","2452.10","100.5","246000.1"]]})");
  // Now is inside the newest bar: it is still open.
  auto series = parse_klines(result, kHourMs, 1751284800000 + 1000, -1);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 2U);
  EXPECT_EQ(series->candles[0].open_time_ms, 1751277600000);
  EXPECT_EQ(series->candles[1].open_time_ms, 1751281200000);
  EXPECT_DOUBLE_EQ(series->candles[1].close, 2459.40);
  EXPECT_DOUBLE_EQ(series->candles[1].volume, 21877.31);
  // Once the newest bar has closed it counts; a limit keeps the newest.
  auto all = parse_klines(result, kHourMs, 1751288400000, 2);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->candles.size(), 2U);
  EXPECT_EQ(all->candles[1].open_time_ms, 1751284800000);
}

TEST(BybitParse, KlinesOutOfOrderOrGarbageAreErrors) {
  const Json oldest_first = parse(R"({"list":[
    ["1751281200000","2452.10","2461.85","2448.02","2459.40","21877.31","1"],
    ["1751284800000","2459.40","2460.10","2455.66","2457.02","812.44","1"]]})");
  EXPECT_EQ(parse_klines(oldest_first, kHourMs, 1751300000000, -1).error().kind,
            ErrorKind::InvalidResponse);
  const Json number_not_string =
      parse(R"({"list":[[1751281200000,"2452.10","2461.85","2448.02","2459.40","1","1"]]})");
  EXPECT_EQ(parse_klines(number_not_string, kHourMs, 1751300000000, -1).error().kind,
            ErrorKind::InvalidResponse);
  const Json nan_price =
      parse(R"({"list":[["1751281200000","NaN","2461.85","2448.02","2459.40","1","1"]]})");
  EXPECT_EQ(parse_klines(nan_price, kHourMs, 1751300000000, -1).error().kind,
            ErrorKind::InvalidResponse);
  EXPECT_EQ(parse_klines(parse(R"({"rows":[]})"), kHourMs, 1, -1).error().kind,
            ErrorKind::InvalidResponse);
}

TEST(BybitParse, IntervalNames) {
  EXPECT_EQ(kline_interval_name(kHourMs), "60");
  EXPECT_EQ(kline_interval_name(4 * kHourMs), "240");
  EXPECT_EQ(kline_interval_name(kDayMs), "D");
  EXPECT_EQ(kline_interval_name(7 * kDayMs), "W");
  EXPECT_FALSE(kline_interval_name(8 * kHourMs));  // Bybit has no 8h candles
}

const char* const kTicker = R"({"list":[{"symbol":"ETHUSDT","lastPrice":"2457.02",
  "markPrice":"2457.31","indexPrice":"2458.40","bid1Price":"2457.01","bid1Size":"3.2",
  "ask1Price":"2457.02","ask1Size":"1.1","fundingRate":"0.0001",
  "nextFundingTime":"1751299200000","fundingIntervalHour":"4","fundingCap":"0.005"}]})";

TEST(BybitParse, TickerGivesMarkFundingAndTheTouch) {
  auto mark = parse_ticker(parse(kTicker), "ETHUSDT", 1751284812345);
  ASSERT_TRUE(mark.ok()) << mark.error().describe();
  EXPECT_DOUBLE_EQ(mark->mark_price, 2457.31);
  EXPECT_DOUBLE_EQ(mark->index_price, 2458.40);
  EXPECT_DOUBLE_EQ(mark->predicted_rate, 0.0001);
  EXPECT_EQ(mark->next_funding_ms, 1751299200000);
  EXPECT_EQ(mark->funding_interval_ms, 4 * kHourMs);  // read, never assumed to be 8 h
  EXPECT_EQ(mark->time_ms, 1751284812345);
  auto top = parse_book(parse(kTicker), "ETHUSDT", 7);
  ASSERT_TRUE(top.ok()) << top.error().describe();
  EXPECT_DOUBLE_EQ(top->bid_price, 2457.01);
  EXPECT_DOUBLE_EQ(top->ask_price, 2457.02);
  EXPECT_DOUBLE_EQ(top->bid_qty, 3.2);
  EXPECT_EQ(parse_ticker(parse(kTicker), "BTCUSDT", 1).error().kind, ErrorKind::InvalidResponse);
}

TEST(BybitParse, TickerWithoutMarkOrWithACrossedBookIsAnError) {
  Json no_mark = parse(kTicker);
  no_mark["list"][0].erase("markPrice");
  EXPECT_EQ(parse_ticker(no_mark, "ETHUSDT", 1).error().kind, ErrorKind::InvalidResponse);
  Json crossed = parse(kTicker);
  crossed["list"][0]["bid1Price"] = "2458.00";
  EXPECT_EQ(parse_book(crossed, "ETHUSDT", 1).error().kind, ErrorKind::InvalidResponse);
  Json empty_side = parse(kTicker);
  empty_side["list"][0]["ask1Price"] = "";
  EXPECT_EQ(parse_book(empty_side, "ETHUSDT", 1).error().kind, ErrorKind::InvalidResponse);
}

TEST(BybitParse, FundingHistoryIsSortedAndFutureRowsDropped) {
  const Json result = parse(R"({"list":[
    {"symbol":"ETHUSDT","fundingRate":"0.0002","fundingRateTimestamp":"1751299200000"},
    {"symbol":"ETHUSDT","fundingRate":"-0.0001","fundingRateTimestamp":"1751270400000"},
    {"symbol":"ETHUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1751241600000"}]})");
  auto rates = parse_funding_history(result, 1751290000000, 5);
  ASSERT_TRUE(rates.ok()) << rates.error().describe();
  ASSERT_EQ(rates->size(), 2U);
  EXPECT_EQ((*rates)[0].funding_time_ms, 1751241600000);
  EXPECT_DOUBLE_EQ((*rates)[1].rate, -0.0001);
  Json absurd = result;
  absurd["list"][0]["fundingRate"] = "3";
  EXPECT_EQ(parse_funding_history(absurd, 1751390000000, 5).error().kind,
            ErrorKind::InvalidResponse);
}

// The same on Bybit: a repeated row counts once, two rates at one time are refused.
TEST(BybitParse, FundingHistoryKeepsEachSettlementOnce) {
  const Json result = parse(R"({"list":[
    {"symbol":"ETHUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1751270400000"},
    {"symbol":"ETHUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1751270400000"},
    {"symbol":"ETHUSDT","fundingRate":"0.0002","fundingRateTimestamp":"1751241600000"}]})");
  auto rates = parse_funding_history(result, 1751290000000, 5);
  ASSERT_TRUE(rates.ok()) << rates.error().describe();
  EXPECT_EQ(rates->size(), 2U);
  Json conflicting = result;
  conflicting["list"][1]["fundingRate"] = "-0.0001";
  EXPECT_EQ(parse_funding_history(conflicting, 1751290000000, 5).error().kind,
            ErrorKind::InvalidResponse);
}

const char* const kWallet = R"({"list":[{"accountType":"UNIFIED","accountIMRate":"0.4108",
  "accountMMRate":"0.0062","totalEquity":"9970.40","totalWalletBalance":"10000.00",
  "totalMarginBalance":"9970.40","totalAvailableBalance":"5874.88","totalPerpUPL":"-29.60",
  "totalInitialMargin":"4095.52","totalMaintenanceMargin":"61.43",
  "coin":[{"coin":"USDT","equity":"9970.40","walletBalance":"10000.00","locked":"0",
           "unrealisedPnl":"-29.60","totalPositionMM":"61.43","borrowAmount":"0"},
          {"coin":"BTC","equity":"0.7","walletBalance":"1.0","locked":"0.1",
           "unrealisedPnl":"0","borrowAmount":"0.3"}]}]})";

TEST(BybitParse, UnifiedWalletGivesTheAccountAndItsMarginRatio) {
  auto account = parse_account(parse(kWallet), "USDT");
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 10000.00);
  EXPECT_DOUBLE_EQ(account->unrealized_pnl, -29.60);
  EXPECT_DOUBLE_EQ(account->margin_balance, 9970.40);
  EXPECT_DOUBLE_EQ(account->maint_margin, 61.43);
  EXPECT_DOUBLE_EQ(account->initial_margin, 4095.52);
  EXPECT_DOUBLE_EQ(account->available_balance, 5874.88);
  EXPECT_NEAR(account->margin_ratio(), 0.0062, 0.0001);  // Bybit's accountMMRate
  EXPECT_EQ(parse_account(parse(kWallet), "USDC").error().kind, ErrorKind::NotFound);
}

TEST(BybitParse, IsolatedMarginAccountIsAConfigError) {
  Json isolated = parse(kWallet);
  isolated["list"][0]["totalMaintenanceMargin"] = "";
  auto account = parse_account(isolated, "USDT");
  ASSERT_FALSE(account.ok());
  EXPECT_EQ(account.error().kind, ErrorKind::Config);
  EXPECT_NE(account.error().message.find("isolated"), std::string::npos);
  Json missing = parse(kWallet);
  missing["list"][0].erase("totalMarginBalance");
  EXPECT_EQ(parse_account(missing, "USDT").error().kind, ErrorKind::InvalidResponse);
  Json classic = parse(kWallet);
  classic["list"][0]["accountType"] = "CONTRACT";
  EXPECT_EQ(parse_account(classic, "USDT").error().kind, ErrorKind::Config);
}

// multi_assets = true: the unified account's collateral coins at their usdValue; a coin whose
// collateral switch is off does not count.
TEST(BybitParse, CollateralCoinsAtTheirUsdValue) {
  Json wallet = parse(kWallet);
  Json& coins = wallet["list"][0]["coin"];
  coins[0]["usdValue"] = "9998.00";
  coins[1]["usdValue"] = "42000.00";
  coins[1]["marginCollateral"] = true;
  coins[1]["collateralSwitch"] = true;
  auto collateral = parse_collateral(wallet);
  ASSERT_TRUE(collateral.ok()) << collateral.error().describe();
  ASSERT_EQ(collateral->size(), 2U);
  EXPECT_EQ((*collateral)[1].asset, "BTC");
  EXPECT_DOUBLE_EQ((*collateral)[1].quantity, 1.0);
  EXPECT_DOUBLE_EQ((*collateral)[1].value(), 42000.0);
  coins[1]["collateralSwitch"] = false;
  collateral = parse_collateral(wallet);
  ASSERT_TRUE(collateral.ok());
  ASSERT_EQ(collateral->size(), 1U);
  EXPECT_EQ((*collateral)[0].asset, "USDT");
  coins[0].erase("usdValue");
  EXPECT_EQ(parse_collateral(wallet).error().kind, ErrorKind::InvalidResponse);
}

TEST(BybitParse, SpotBalancesAreWalletLessBorrowed) {
  auto balances = parse_spot_balances(parse(kWallet));
  ASSERT_TRUE(balances.ok()) << balances.error().describe();
  ASSERT_EQ(balances->size(), 2U);
  EXPECT_EQ((*balances)[1].asset, "BTC");
  EXPECT_DOUBLE_EQ((*balances)[1].total(), 0.7);
  EXPECT_DOUBLE_EQ((*balances)[1].locked, 0.1);
}

TEST(BybitParse, PositionSizeIsSignedBySide) {
  const Instrument inst = eth();
  const Json result = parse(R"({"list":[{"positionIdx":0,"symbol":"ETHUSDT","side":"Sell",
    "size":"5.00","avgPrice":"2451.39","leverage":"3","markPrice":"2457.31",
    "liqPrice":"4310.55","positionIM":"4095.52","positionMM":"61.43","unrealisedPnl":"-29.60",
    "positionStatus":"Normal"}]})");
  auto position = parse_position(result, inst);
  ASSERT_TRUE(position.ok()) << position.error().describe();
  EXPECT_EQ(position->qty_steps, -500);
  EXPECT_DOUBLE_EQ(position->entry_price, 2451.39);
  EXPECT_DOUBLE_EQ(position->maint_margin, 61.43);
  EXPECT_DOUBLE_EQ(position->liquidation_price, 4310.55);
  EXPECT_EQ(position->leverage, 3);
  Json flat = result;
  flat["list"][0]["side"] = "";
  flat["list"][0]["size"] = "0";
  flat["list"][0]["liqPrice"] = "";
  EXPECT_EQ(parse_position(flat, inst)->qty_steps, 0);
  Json off_grid = result;
  off_grid["list"][0]["size"] = "5.005";
  EXPECT_FALSE(parse_position(off_grid, inst).ok());
  Json hedge = result;
  hedge["list"][0]["positionIdx"] = 2;
  EXPECT_EQ(parse_position(hedge, inst).error().kind, ErrorKind::Config);
}

const char* const kOrder = R"({"orderId":"5f0c1d52-93b5-4a55-9f0e-1b8e2b2a7c11",
  "orderLinkId":"hb-eth-0007-a","symbol":"ETHUSDT","side":"Sell","orderType":"Market",
  "qty":"1.25","price":"2384.12","positionIdx":0,"orderStatus":"Filled","avgPrice":"2456.95",
  "leavesQty":"0","cumExecQty":"1.25","cumExecValue":"3071.19","reduceOnly":false,
  "rejectReason":"EC_NoError","createdTime":"1751284801870","updatedTime":"1751284801900"})";

TEST(BybitParse, OrderItem) {
  auto order = parse_order(parse(kOrder), eth());
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->state.client_order_id, "hb-eth-0007-a");
  EXPECT_EQ(order->state.venue_order_id, "5f0c1d52-93b5-4a55-9f0e-1b8e2b2a7c11");
  EXPECT_EQ(order->state.side, Side::Sell);
  EXPECT_EQ(order->state.status, OrderStatus::Filled);
  EXPECT_EQ(order->state.qty_steps, 125);
  EXPECT_EQ(order->state.filled_steps, 125);
  EXPECT_DOUBLE_EQ(order->state.avg_fill_price, 2456.95);
  EXPECT_FALSE(order->state.fee_known);  // until the executions are read
  EXPECT_TRUE(std::isnan(order->state.fee));
  EXPECT_EQ(order->state.update_ms, 1751284801900);
  Json cancelled = parse(kOrder);
  cancelled["orderStatus"] = "Cancelled";
  cancelled["orderType"] = "Limit";
  cancelled["price"] = "2460.00";
  cancelled["cumExecQty"] = "0";
  cancelled["rejectReason"] = "EC_PostOnlyWillTakeLiquidity";
  auto refused = parse_order(cancelled, eth());
  ASSERT_TRUE(refused.ok()) << refused.error().describe();
  EXPECT_EQ(refused->state.status, OrderStatus::Canceled);
  EXPECT_EQ(refused->state.price_ticks, 246000);
  EXPECT_EQ(refused->reject_reason, kPostOnlyWouldTake);
  Json unknown = parse(kOrder);
  unknown["orderStatus"] = "Exploded";
  EXPECT_EQ(parse_order(unknown, eth()).error().kind, ErrorKind::InvalidResponse);
  Json overfilled = parse(kOrder);
  overfilled["cumExecQty"] = "1.26";
  EXPECT_EQ(parse_order(overfilled, eth()).error().kind, ErrorKind::InvalidResponse);
  Json no_link = parse(kOrder);
  no_link.erase("orderLinkId");
  EXPECT_EQ(parse_order(no_link, eth()).error().kind, ErrorKind::InvalidResponse);
}

TEST(BybitParse, ExecutionsSumTradesOfTheOrderOnly) {
  const Json result = parse(R"({"list":[
    {"symbol":"ETHUSDT","orderId":"A","execPrice":"2456.00","execQty":"1.00","execFee":"1.228",
     "execType":"Trade"},
    {"symbol":"ETHUSDT","orderId":"A","execPrice":"2458.00","execQty":"0.25","execFee":"0.30725",
     "execType":"Trade"},
    {"symbol":"ETHUSDT","orderId":"B","execPrice":"2458.00","execQty":"3.00","execFee":"9",
     "execType":"Trade"},
    {"symbol":"ETHUSDT","orderId":"A","execPrice":"2457.00","execQty":"1.25","execFee":"0.3",
     "execType":"Funding"}]})");
  auto trades = parse_executions(result, eth(), "A");
  ASSERT_TRUE(trades.ok()) << trades.error().describe();
  EXPECT_EQ(trades->qty_steps, 125);
  EXPECT_NEAR(trades->commission, 1.53525, 1e-9);
  EXPECT_NEAR(trades->quote, 2456.0 + 0.25 * 2458.0, 1e-9);
  EXPECT_FALSE(trades->other_commission);
  Json garbage = result;
  garbage["list"][0]["execFee"] = "1e3";
  EXPECT_EQ(parse_executions(garbage, eth(), "A").error().kind, ErrorKind::InvalidResponse);
}

TEST(BybitParse, ServerTime) {
  EXPECT_EQ(*parse_server_time(parse(R"({"timeSecond":"1751284812",
              "timeNano":"1751284812345678901"})"),
                               0),
            1751284812345);
  EXPECT_EQ(*parse_server_time(parse(R"({"timeSecond":"1751284812"})"), 0), 1751284812000);
  EXPECT_EQ(*parse_server_time(Json::object(), 1751284812999), 1751284812999);
  EXPECT_FALSE(parse_server_time(parse(R"({"timeNano":"soon"})"), 1).ok());
}

struct CodeCase {
  long status;
  int code;
  const char* request;
  ErrorKind kind;
};

TEST(BybitErrors, RetCodesMapToKindsWithTheVenueText) {
  const CodeCase cases[] = {
      {200, 10003, "GET /v5/position/list", ErrorKind::Auth},
      {200, 10004, "GET /v5/position/list", ErrorKind::Auth},
      {200, 10005, "GET /v5/position/list", ErrorKind::Auth},
      {200, 10010, "GET /v5/position/list", ErrorKind::Auth},
      {200, 33004, "GET /v5/position/list", ErrorKind::Auth},
      {401, 0, "GET /v5/position/list", ErrorKind::Auth},
      {200, 10002, "POST /v5/order/create", ErrorKind::Rejected},
      {200, 10006, "POST /v5/order/create", ErrorKind::RateLimited},
      {429, 0, "GET /v5/market/kline", ErrorKind::RateLimited},
      {403, 0, "GET /v5/market/kline", ErrorKind::Banned},
      {200, 110007, "POST /v5/order/create", ErrorKind::InsufficientMargin},
      {200, 110004, "POST /v5/order/create", ErrorKind::InsufficientMargin},
      {200, 110012, "POST /v5/order/create", ErrorKind::InsufficientMargin},
      {200, 110017, "POST /v5/order/create", ErrorKind::ReduceOnlyRejected},
      {200, 10001, "POST /v5/order/create", ErrorKind::Filter},
      {200, 110094, "POST /v5/order/create", ErrorKind::Filter},
      {200, 110001, "POST /v5/order/cancel", ErrorKind::NotFound},
      {200, 110072, "POST /v5/order/create", ErrorKind::Rejected},
      {200, 10016, "POST /v5/order/create", ErrorKind::UnknownStatus},
      {200, 10016, "GET /v5/order/realtime", ErrorKind::VenueError},
      {200, 110079, "POST /v5/order/create", ErrorKind::UnknownStatus},
      {200, 10014, "POST /v5/order/create", ErrorKind::UnknownStatus},
      {502, 0, "POST /v5/order/create", ErrorKind::UnknownStatus},
      {502, 0, "GET /v5/market/tickers", ErrorKind::VenueError},
      {404, 0, "GET /v5/position/list", ErrorKind::Config},
      {200, 170000, "POST /v5/order/create", ErrorKind::Rejected},
  };
  for (const CodeCase& c : cases) {
    const Error error = map_error(c.status, c.code, "venue text", c.request);
    EXPECT_EQ(error.kind, c.kind) << c.status << " " << c.code << ": " << error.message;
    EXPECT_EQ(error.venue_code, c.code);
    EXPECT_NE(error.message.find(c.request), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("venue text"), std::string::npos) << error.message;
    if (c.code != 0) {
      EXPECT_NE(error.message.find("retCode " + std::to_string(c.code)), std::string::npos)
          << error.message;
    }
  }
}

}  // namespace
}  // namespace hedgebot::bybit
