// MEXC contract answers -> the model: captured-shape payloads (numbers as JSON numbers, klines as
// columns in seconds oldest first, sizes in contracts), the open bar dropped, empty lists, and
// garbage refused as InvalidResponse.

#include <gtest/gtest.h>

#include <cmath>

#include "exchange/mexc/parse.hpp"

namespace hedgebot::mexc {
namespace {

Json parse(const char* text) {
  return Json::parse(text);
}

const char* kBtcDetail = R"({"symbol":"BTC_USDT","displayName":"BTC_USDT PERPETUAL",
  "baseCoin":"BTC","quoteCoin":"USDT","settleCoin":"USDT","contractSize":0.0001,"minLeverage":1,
  "maxLeverage":200,"priceScale":1,"volScale":0,"amountScale":4,"priceUnit":0.1,"volUnit":1,
  "minVol":1,"maxVol":1000000,"bidLimitPriceRate":0.1,"askLimitPriceRate":0.1,
  "takerFeeRate":0.0002,"makerFeeRate":0,"maintenanceMarginRate":0.004,"initialMarginRate":0.005,
  "state":0,"isNew":false,"isHot":true,"apiAllowed":true})";

Instrument btc() {
  return *parse_instrument(parse(kBtcDetail), "BTCUSDT");
}

TEST(MexcParse, SymbolNames) {
  EXPECT_EQ(venue_symbol("BTCUSDT"), "BTC_USDT");
  EXPECT_EQ(venue_symbol("BTC_USDT"), "BTC_USDT");
  EXPECT_EQ(venue_symbol("ETHUSDC"), "ETH_USDC");
  EXPECT_EQ(venue_symbol("1000PEPEUSDT"), "1000PEPE_USDT");
  EXPECT_FALSE(venue_symbol("BTC-USDT"));
  EXPECT_FALSE(venue_symbol("USDT"));
  EXPECT_FALSE(venue_symbol("btcusdt"));
  EXPECT_FALSE(venue_symbol("BTC_"));
}

TEST(MexcParse, NumbersReadAsTheDecimalsWritten) {
  const Json item = parse(R"({"a":0.1,"b":60123.4,"c":-0.000489,"d":12,"e":"0.5","f":true})");
  EXPECT_EQ(get_decimal(item, "a", "t").value(), (Decimal{1, 1}));
  EXPECT_EQ(get_decimal(item, "b", "t").value(), (Decimal{601234, 1}));
  EXPECT_EQ(get_decimal(item, "c", "t").value(), (Decimal{-489, 6}));
  EXPECT_EQ(get_decimal(item, "d", "t").value(), (Decimal{12, 0}));
  EXPECT_EQ(get_decimal(item, "e", "t").value(), (Decimal{5, 1}));
  EXPECT_EQ(get_decimal(item, "f", "t").error().kind, ErrorKind::InvalidResponse);
  EXPECT_EQ(get_decimal(item, "g", "t").error().kind, ErrorKind::InvalidResponse);
}

TEST(MexcParse, InstrumentCountsInContracts) {
  auto inst = parse_instrument(parse(kBtcDetail), "BTCUSDT");
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(inst->symbol, "BTCUSDT");  // as the caller wrote it
  EXPECT_EQ(inst->base_asset, "BTC");
  EXPECT_EQ(inst->quote_asset, "USDT");
  EXPECT_DOUBLE_EQ(inst->contract_size, 0.0001);
  EXPECT_EQ(inst->qty_step, (Decimal{1, 0}));
  EXPECT_EQ(inst->price_tick, (Decimal{1, 1}));
  EXPECT_EQ(inst->min_qty_steps, 1);
  EXPECT_EQ(inst->max_qty_steps, 1000000);
  EXPECT_TRUE(inst->trading);
  // 500 contracts of 0.0001 BTC are 0.05 BTC.
  EXPECT_EQ(inst->format_base_qty(500), "0.0500");
  EXPECT_EQ(inst->base_to_steps_toward_zero(0.05), 500);
  EXPECT_DOUBLE_EQ(maintenance_margin_rate(parse(kBtcDetail)).value(), 0.004);

  Json closed = parse(kBtcDetail);
  closed["apiAllowed"] = false;
  EXPECT_FALSE(parse_instrument(closed, "BTCUSDT")->trading);
  closed = parse(kBtcDetail);
  closed["state"] = 1;
  EXPECT_FALSE(parse_instrument(closed, "BTCUSDT")->trading);
  for (const char* key : {"contractSize", "volUnit", "priceUnit", "minVol", "state"}) {
    Json broken = parse(kBtcDetail);
    broken.erase(key);
    EXPECT_EQ(parse_instrument(broken, "BTCUSDT").error().kind, ErrorKind::InvalidResponse) << key;
  }
  Json zero = parse(kBtcDetail);
  zero["contractSize"] = 0;
  EXPECT_EQ(parse_instrument(zero, "BTCUSDT").error().kind, ErrorKind::InvalidResponse);
}

TEST(MexcParse, FindContractInAnObjectOrAList) {
  EXPECT_TRUE(find_contract(parse(kBtcDetail), "BTC_USDT").ok());
  Json list = Json::array({parse(kBtcDetail)});
  EXPECT_TRUE(find_contract(list, "BTC_USDT").ok());
  EXPECT_EQ(find_contract(list, "ETH_USDT").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(find_contract(Json::array(), "BTC_USDT").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(find_contract(Json(5), "BTC_USDT").error().kind, ErrorKind::InvalidResponse);
  // A symbol that is not text is not a match (it threw before).
  EXPECT_EQ(find_contract(parse(R"({"symbol":7})"), "BTC_USDT").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(find_contract(parse(R"([{"symbol":null}])"), "BTC_USDT").error().kind,
            ErrorKind::NotFound);
}

// Three hourly bars from 1700002800 s; "now" is inside the third: it is dropped.
const char* kKlines = R"({"time":[1700002800,1700006400,1700010000],
  "open":[36500.1,36520.5,36490],"close":[36520.5,36490,36501.2],
  "high":[36550,36530,36510],"low":[36480.2,36470,36480],
  "vol":[120345,98000,15000],"amount":[439210.5,357500.2,54751.8]})";

TEST(MexcParse, KlinesInSecondsOldestFirstWithoutTheOpenBar) {
  const int64_t now = 1700010000LL * 1000 + 1000;
  auto series = parse_klines(parse(kKlines), kHourMs, now, 0.0001, 10);
  ASSERT_TRUE(series.ok()) << series.error().describe();
  ASSERT_EQ(series->candles.size(), 2U);
  EXPECT_EQ(series->candles[0].open_time_ms, 1700002800000);
  EXPECT_EQ(series->candles[1].open_time_ms, 1700006400000);
  EXPECT_DOUBLE_EQ(series->candles[0].open, 36500.1);
  EXPECT_DOUBLE_EQ(series->candles[0].close, 36520.5);
  EXPECT_DOUBLE_EQ(series->candles[0].high, 36550);
  EXPECT_DOUBLE_EQ(series->candles[0].low, 36480.2);
  EXPECT_NEAR(series->candles[0].volume, 12.0345, 1e-9);  // contracts x contractSize
  // The newest `limit` kept; an hour later the third bar is closed too.
  EXPECT_EQ(parse_klines(parse(kKlines), kHourMs, now, 0.0001, 1)->candles[0].open_time_ms,
            1700006400000);
  EXPECT_EQ(parse_klines(parse(kKlines), kHourMs, now + kHourMs, 0.0001, -1)->candles.size(), 3U);
}

TEST(MexcParse, KlinesEmptyAndGarbage) {
  const Json empty = parse(R"({"time":[],"open":[],"close":[],"high":[],"low":[],"vol":[]})");
  EXPECT_TRUE(parse_klines(empty, kHourMs, 1, 1.0, 10)->candles.empty());
  Json reversed = parse(kKlines);
  for (const char* key : {"time", "open", "close", "high", "low", "vol"}) {
    std::reverse(reversed[key].begin(), reversed[key].end());
  }
  EXPECT_EQ(parse_klines(reversed, kHourMs, 1800000000000, 1.0, 10).error().kind,
            ErrorKind::InvalidResponse);
  Json ragged = parse(kKlines);
  ragged["close"].erase(0);
  EXPECT_EQ(parse_klines(ragged, kHourMs, 1800000000000, 1.0, 10).error().kind,
            ErrorKind::InvalidResponse);
  Json missing = parse(kKlines);
  missing.erase("vol");
  EXPECT_EQ(parse_klines(missing, kHourMs, 1800000000000, 1.0, 10).error().kind,
            ErrorKind::InvalidResponse);
  Json absurd = parse(kKlines);
  absurd["low"][0] = -1;
  EXPECT_EQ(parse_klines(absurd, kHourMs, 1800000000000, 1.0, 10).error().kind,
            ErrorKind::InvalidResponse);
  EXPECT_EQ(parse_klines(Json::array(), kHourMs, 1, 1.0, 10).error().kind,
            ErrorKind::InvalidResponse);
}

TEST(MexcParse, IntervalNames) {
  EXPECT_EQ(kline_interval_name(kMinuteMs), "Min1");
  EXPECT_EQ(kline_interval_name(kHourMs), "Min60");
  EXPECT_EQ(kline_interval_name(4 * kHourMs), "Hour4");
  EXPECT_EQ(kline_interval_name(kDayMs), "Day1");
  EXPECT_FALSE(kline_interval_name(2 * kHourMs));
}

TEST(MexcParse, FairPriceAndFundingRate) {
  auto fair = parse_fair_price(
      parse(R"({"symbol":"BTC_USDT","fairPrice":60123.4,"timestamp":1609829807577})"));
  ASSERT_TRUE(fair.ok());
  EXPECT_DOUBLE_EQ(fair->price, 60123.4);
  EXPECT_EQ(fair->time_ms, 1609829807577);
  EXPECT_FALSE(parse_fair_price(parse(R"({"fairPrice":0})")).ok());
  MarkAndFunding mark;
  ASSERT_TRUE(parse_funding_rate(
                  parse(R"({"symbol":"BTC_USDT","fundingRate":-0.000489,"maxFundingRate":0.001,
                  "minFundingRate":-0.001,"collectCycle":4,"nextSettleTime":1609833600000,
                  "timestamp":1609829807577})"),
                  mark)
                  .ok());
  EXPECT_DOUBLE_EQ(mark.predicted_rate, -0.000489);
  EXPECT_EQ(mark.next_funding_ms, 1609833600000);
  EXPECT_EQ(mark.funding_interval_ms, 4 * kHourMs);
  EXPECT_FALSE(parse_funding_rate(parse(R"({"fundingRate":"x","nextSettleTime":1})"), mark).ok());
}

TEST(MexcParse, BookFromTheTicker) {
  auto top = parse_book(parse(R"({"symbol":"BTC_USDT","bid1":59999.9,"ask1":60000.1,
    "timestamp":1700000000000})"),
                        "BTCUSDT");
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->symbol, "BTCUSDT");
  EXPECT_DOUBLE_EQ(top->bid_price, 59999.9);
  EXPECT_DOUBLE_EQ(top->ask_price, 60000.1);
  EXPECT_FALSE(parse_book(parse(R"({"bid1":60000.2,"ask1":60000.1})"), "BTCUSDT").ok());
  EXPECT_FALSE(parse_book(parse(R"({"bid1":0,"ask1":60000.1})"), "BTCUSDT").ok());
}

TEST(MexcParse, FundingHistoryNewestFirstBecomesOldestFirst) {
  const Json page = parse(R"({"pageSize":3,"totalCount":21,"totalPage":7,"currentPage":1,
    "resultList":[{"symbol":"BTC_USDT","fundingRate":0.000266,"settleTime":1609804800000},
                  {"symbol":"BTC_USDT","fundingRate":0.0001,"settleTime":1609776000000},
                  {"symbol":"BTC_USDT","fundingRate":-0.0002,"settleTime":1609747200000}]})");
  auto rates = parse_funding_history(page, 1609804800000, 2);
  ASSERT_TRUE(rates.ok()) << rates.error().describe();
  ASSERT_EQ(rates->size(), 2U);
  EXPECT_EQ((*rates)[0].funding_time_ms, 1609776000000);
  EXPECT_DOUBLE_EQ((*rates)[1].rate, 0.000266);
  // Not yet settled at "now": left out.
  EXPECT_EQ(parse_funding_history(page, 1609800000000, -1)->size(), 2U);
  EXPECT_FALSE(is_last_page(page));
  EXPECT_TRUE(parse_funding_history(parse(R"({"resultList":[]})"), 1, 5)->empty());
  EXPECT_FALSE(parse_funding_history(parse(R"({"list":[]})"), 1, 5).ok());
}

TEST(MexcParse, AccountFromTheAssetRow) {
  const Json data = parse(R"([{"currency":"BTC","positionMargin":0,"availableBalance":1,
    "cashBalance":1,"frozenBalance":0,"equity":1,"unrealized":0,"bonus":0},
    {"currency":"USDT","positionMargin":150.5,"availableBalance":9800.25,"cashBalance":9950,
    "frozenBalance":10,"equity":9960.75,"unrealized":10.75,"bonus":0}])");
  auto account = parse_account(data, "USDT");
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_DOUBLE_EQ(account->wallet_balance, 9950);
  EXPECT_DOUBLE_EQ(account->margin_balance, 9960.75);
  EXPECT_DOUBLE_EQ(account->unrealized_pnl, 10.75);
  EXPECT_DOUBLE_EQ(account->available_balance, 9800.25);
  EXPECT_DOUBLE_EQ(account->initial_margin, 160.5);
  EXPECT_EQ(parse_account(data, "USDC").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(parse_account(Json::object(), "USDT").error().kind, ErrorKind::InvalidResponse);
}

const char* kPositions = R"([{"positionId":1394650,"symbol":"ETH_USDT","positionType":1,
  "openType":2,"state":1,"holdVol":3,"frozenVol":0,"closeVol":0,"holdAvgPrice":1217.3,
  "openAvgPrice":1217.3,"closeAvgPrice":0,"liquidatePrice":1211.2,"oim":0.129,"im":0.129,
  "holdFee":0,"realised":-0.0073,"leverage":100,"createTime":1609991676000,
  "updateTime":1609991676000,"autoAddIm":false},
  {"positionId":1394651,"symbol":"BTC_USDT","positionType":2,"openType":2,"state":1,
  "holdVol":500,"holdAvgPrice":60000,"liquidatePrice":0,"leverage":3}])";

TEST(MexcParse, PositionsSignedInContracts) {
  auto row = parse_position(parse(kPositions), "BTC_USDT", btc());
  ASSERT_TRUE(row.ok()) << row.error().describe();
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->steps, -500);
  EXPECT_DOUBLE_EQ((*row)->entry_price, 60000);
  EXPECT_EQ((*row)->leverage, 3);
  EXPECT_EQ((*row)->open_type, 2);
  EXPECT_FALSE(parse_position(Json::array(), "BTC_USDT", btc())->has_value());
  auto held = held_contracts(parse(kPositions));
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->size(), 2U);
  // Both sides of one contract: hedge mode, refused.
  Json both = parse(kPositions);
  Json other = both[1];
  other["positionType"] = 1;
  both.push_back(other);
  EXPECT_EQ(parse_position(both, "BTC_USDT", btc()).error().kind, ErrorKind::Config);
  EXPECT_TRUE(parse_one_way(Json(2)).value());
  EXPECT_FALSE(parse_one_way(Json(1)).value());
  EXPECT_FALSE(parse_one_way(Json("2")).ok());
}

const char* kOrder = R"({"orderId":"739000000000000123","symbol":"BTC_USDT","positionId":0,
  "price":0,"vol":500,"leverage":3,"side":3,"category":1,"orderType":5,"dealAvgPrice":60000,
  "dealVol":500,"orderMargin":0,"takerFee":0.6,"makerFee":0,"profit":0,"feeCurrency":"USDT",
  "openType":2,"state":3,"externalOid":"hedge-0001","errorCode":0,"usedMargin":0,
  "createTime":1609992674000,"updateTime":1609992675000})";

TEST(MexcParse, OrderSidesStatesAndFees) {
  auto order = parse_order(parse(kOrder), "BTC_USDT", btc());
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->symbol, "BTCUSDT");
  EXPECT_EQ(order->venue_order_id, "739000000000000123");
  EXPECT_EQ(order->client_order_id, "hedge-0001");
  EXPECT_EQ(order->side, Side::Sell);
  EXPECT_FALSE(order->reduce_only);
  EXPECT_EQ(order->type, OrderType::Market);
  EXPECT_EQ(order->status, OrderStatus::Filled);
  EXPECT_EQ(order->qty_steps, 500);
  EXPECT_EQ(order->filled_steps, 500);
  EXPECT_DOUBLE_EQ(order->fee, 0.6);
  EXPECT_TRUE(order->fee_known);
  EXPECT_DOUBLE_EQ(order->realized_pnl, 0.0);
  EXPECT_EQ(order->update_ms, 1609992675000);

  Json closing = parse(kOrder);
  closing["side"] = 2;                         // close short: a reduce-only buy
  closing["orderId"] = 739000000000000124ULL;  // a bare number above 2^53
  closing["state"] = 2;
  closing["dealVol"] = 200;
  order = parse_order(closing, "BTC_USDT", btc());
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ(order->side, Side::Buy);
  EXPECT_TRUE(order->reduce_only);
  EXPECT_EQ(order->venue_order_id, "739000000000000124");
  EXPECT_EQ(order->status, OrderStatus::PartiallyFilled);

  Json other = parse(kOrder);
  other["feeCurrency"] = "MX";
  EXPECT_FALSE(parse_order(other, "BTC_USDT", btc())->fee_known);
  Json wrong = parse(kOrder);
  wrong["symbol"] = "ETH_USDT";
  EXPECT_FALSE(parse_order(wrong, "BTC_USDT", btc()).ok());
  wrong = parse(kOrder);
  wrong["state"] = 9;
  EXPECT_FALSE(parse_order(wrong, "BTC_USDT", btc()).ok());
  wrong = parse(kOrder);
  wrong["dealVol"] = 501;
  EXPECT_FALSE(parse_order(wrong, "BTC_USDT", btc()).ok());
  wrong = parse(kOrder);
  wrong["vol"] = 0.5;  // off the volUnit grid
  EXPECT_FALSE(parse_order(wrong, "BTC_USDT", btc()).ok());
  EXPECT_TRUE(parse_order_list(Json::array(), "BTC_USDT", btc())->empty());
}

TEST(MexcParse, OrderIdsOfCreateAndSubmit) {
  EXPECT_EQ(parse_order_id(parse(R"({"orderId":"814218083416790528","ts":1779795118533})")).value(),
            "814218083416790528");
  EXPECT_EQ(parse_order_id(parse("102057569836905984")).value(), "102057569836905984");
  EXPECT_FALSE(parse_order_id(parse(R"({"ts":1})")).ok());
  EXPECT_FALSE(parse_order_id(Json()).ok());
}

TEST(MexcParse, ServerTime) {
  EXPECT_EQ(parse_server_time(Json(1764505776347)).value(), 1764505776347);
  EXPECT_FALSE(parse_server_time(Json("1764505776347")).ok());
  EXPECT_FALSE(parse_server_time(Json()).ok());
}

}  // namespace
}  // namespace hedgebot::mexc
