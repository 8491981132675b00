// Limits on input, in process: absurd numbers, broken CSVs, oversize text and
// huge config values are each a clear error, never a crash, an exception or an order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "bot/pipeline/executor.hpp"
#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/planner.hpp"
#include "bot/pipeline/risk_guard.hpp"
#include "bot/session/engine_store.hpp"
#include "config/loader.hpp"
#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/parse.hpp"
#include "paper/market_data.hpp"
#include "paper/paper_exchange.hpp"
#include "paper/paper_state.hpp"
#include "tests/support/mock_exchange.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using hedgebot::testing::TempDir;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Return;
using ::testing::StartsWith;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- candle and funding CSVs -------------------------------------------------------------

const char* const kHeader = "open_time_ms,open,high,low,close,volume\n";
const char* const kGoodRow = "1704067200000,42000,42100,41900,42050,10\n";

// Reads `rows` (after a header and one good row) and returns the error message ("" if it loaded).
std::string candle_error(const std::string& rows) {
  TempDir dir;
  const std::string path = dir.write("candles.csv", std::string(kHeader) + kGoodRow + rows);
  Result<CandleSeries> series = paper::read_candles_csv(path);
  if (series) return "";
  // Every error names the file and the line.
  EXPECT_THAT(series.error().message, StartsWith(path + ":")) << series.error().message;
  return series.error().message.substr(path.size());
}

TEST(CsvLimits, AbsurdNumbersInCandlesAreErrorsNamingTheLine) {
  const std::string time = "1704070800000,";
  EXPECT_THAT(candle_error(time + "nan,42100,41900,42050,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "NaN,NaN,NaN,NaN,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "inf,inf,41900,42050,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "42000,42100,41900,-infinity,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "-42000,42100,-41900,42050,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "0,42100,0,42050,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "1e309,1e309,41900,42050,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "42000,42100,41900,42050,-1\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "42000,42100,41900,42050,nan\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error("99999999999999999999999,42000,42100,41900,42050,10\n"),
              StartsWith(":3: "));
  EXPECT_THAT(candle_error("-1704070800000,42000,42100,41900,42050,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "0x10,42100,41900,42050,10\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "42000,42100,41900,42050\n"), StartsWith(":3: "));
  EXPECT_THAT(candle_error(time + "42000,42100,41900,42050,10,1,2,3,4,5,6,7,8,9,10,11,12,13\n"),
              StartsWith(":3: "));
}

TEST(CsvLimits, DuplicateAndUnorderedTimesAreErrorsNamingBothLines) {
  EXPECT_THAT(candle_error(kGoodRow),
              AllOf(StartsWith(":3: "), HasSubstr("duplicate"), HasSubstr("line 2")));
  EXPECT_THAT(candle_error("1704063600000,42000,42100,41900,42050,10\n"),
              AllOf(StartsWith(":3: "), HasSubstr("oldest first")));
  // Microsecond times are the same instants: still a duplicate.
  EXPECT_THAT(candle_error("1704067200000000,42000,42100,41900,42050,10\n"),
              HasSubstr("duplicate"));
}

TEST(CsvLimits, AGapIsReadAsItIsAndTheIntervalIsTheSmallestSpacing) {
  // Binance history has real gaps (maintenance); a gap is not refused when read: a tick inside it
  // is refused as stale data by the risk guard (see CliLimits.OnceInsideAGapIsRefusedAsStale).
  EXPECT_EQ(candle_error("1704070800000,42000,42100,41900,42050,10\n"
                         "1704092400000,42000,42100,41900,42050,10\n"),
            "");
}

TEST(CsvLimits, OversizeAndBinaryInputAreErrorsNotCrashes) {
  // One 4 MB field.
  EXPECT_THAT(candle_error("1704070800000," + std::string(4 << 20, '9') + ",1,1,1,1\n"),
              StartsWith(":3: "));
  // Binary garbage, NUL bytes included.
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) % 256);
  EXPECT_NE(candle_error(garbage), "");
  // A line of a million commas.
  EXPECT_THAT(candle_error(std::string(1 << 20, ',') + "\n"), StartsWith(":3: "));
}

TEST(CsvLimits, EmptyAndHeaderOnlyFilesAreErrors) {
  TempDir dir;
  for (const std::string& text : {std::string(), std::string(kHeader), std::string("\n\n\n")}) {
    const std::string path = dir.write("candles.csv", text);
    Result<CandleSeries> series = paper::read_candles_csv(path);
    ASSERT_FALSE(series.ok()) << text;
    EXPECT_THAT(series.error().message, StartsWith(path + ":"));
  }
}

TEST(CsvLimits, FundingRowsWithAbsurdNumbersOrTimesAreErrorsNamingTheLine) {
  TempDir dir;
  const std::string header =
      "funding_time_ms,funding_rate,mark_price\n1704067200000,0.0001,42000\n";
  for (const std::string row :
       {"1704096000000,nan,42000\n", "1704096000000,inf,42000\n", "1704096000000,0.0001,-5\n",
        "1704096000000,0.0001,nan\n", "1704067200000,0.0001,42000\n",
        "1704000000000,0.0001,42000\n", "17040960000000000000000,0.0001,42000\n"}) {
    const std::string path = dir.write("funding.csv", header + row);
    Result<std::vector<FundingRate>> rates = paper::read_funding_csv(path);
    ASSERT_FALSE(rates.ok()) << row;
    EXPECT_THAT(rates.error().message, StartsWith(path + ":3: ")) << row;
  }
}

// ---- config with huge numbers ------------------------------------------------------------

std::string hedge_config(const std::string& bot, const std::string& risk,
                         const std::string& hedge) {
  return "[bot]\nmode = \"paper\"\n" + bot + "\n[paper]\ncandles = \"c.csv\"\n\n[risk]\n" + risk +
         "\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { fixed = 1.0 }\n" + hedge;
}

// The single diagnostic the config produces for one bad line, as "line:column: message".
std::string config_error(const std::string& bot, const std::string& risk,
                         const std::string& hedge) {
  const config::LoadResult result =
      config::load_config_text(hedge_config(bot, risk, hedge), "huge.toml");
  if (result.ok()) return "";
  EXPECT_FALSE(result.diagnostics.empty());
  std::string text;
  for (const config::Diagnostic& diagnostic : result.diagnostics) {
    EXPECT_EQ(diagnostic.file, "huge.toml");
    text += diagnostic.to_string() + "\n";
  }
  return text;
}

TEST(ConfigLimits, NonFiniteAndOutOfRangeNumbersAreDiagnosticsWithAPlace) {
  EXPECT_THAT(config_error("", "max_order_notional = nan\n", ""), HasSubstr("huge.toml:8:"));
  EXPECT_THAT(config_error("", "max_order_notional = inf\n", ""), HasSubstr("finite"));
  EXPECT_THAT(config_error("", "max_leverage = 1e308\n", ""), HasSubstr("max_leverage"));
  EXPECT_THAT(config_error("", "max_margin_ratio = -inf\n", ""), HasSubstr("max_margin_ratio"));
  EXPECT_THAT(config_error("", "", "baseline_ratio = nan\n"), HasSubstr("baseline_ratio"));
  EXPECT_THAT(config_error("", "", "band = 1e308\n"), HasSubstr("band"));
  EXPECT_THAT(config_error("", "", "leverage = 9223372036854775807\n"), HasSubstr("leverage"));
  EXPECT_THAT(config_error("", "", "contract_size = 0.0\n"), HasSubstr("contract_size"));
  EXPECT_THAT(config_error("", "", "contract_size = -1e308\n"), HasSubstr("contract_size"));
  EXPECT_THAT(config_error("", "", "cooldown = \"99999999999999999w\"\n"), HasSubstr("cooldown"));
  EXPECT_THAT(config_error("interval = \"9223372036854775807s\"\n", "", ""), HasSubstr("interval"));
  EXPECT_THAT(config_error("", "stale_after = \"-1h\"\n", ""), HasSubstr("stale_after"));
  // Integers beyond int64 are TOML syntax errors, with their place.
  EXPECT_THAT(config_error("", "", "leverage = 99999999999999999999999\n"),
              HasSubstr("huge.toml:"));
  EXPECT_THAT(config_error("", "max_order_notional = 1e999\n", ""), HasSubstr("huge.toml:"));
}

TEST(ConfigLimits, OversizeConfigIsReadOrRefusedWithoutCrashing) {
  // 2 MB of comments and a 1 MB string value.
  std::string text = hedge_config("", "", "");
  for (int i = 0; i < 20000; ++i) text += "# " + std::string(100, 'x') + "\n";
  text += "[metrics]\ntextfile = \"" + std::string(1 << 20, 'a') + "\"\n";
  const config::LoadResult result = config::load_config_text(text, "big.toml");
  EXPECT_TRUE(result.ok() || !result.diagnostics.empty());
  // Deeply nested inline arrays.
  const std::string nested =
      hedge_config("", "", "") + "[[rule]]\nname = " + std::string(100000, '[') + "\n";
  const config::LoadResult deep = config::load_config_text(nested, "deep.toml");
  EXPECT_FALSE(deep.ok());
  EXPECT_FALSE(deep.diagnostics.empty());
}

// ---- planner: no order from a NaN or infinite target ---------------------------------------

bot::PlanInput plan_input() {
  bot::PlanInput input;
  input.asset = "BTC";
  input.instrument = paper::default_instrument("BTCUSDT", 1.0);
  input.target_ratio = 0.5;
  input.min_ratio = 0.0;
  input.max_ratio = 1.2;
  input.band = 0.01;
  input.spot_qty = 2.0;
  input.spot_price = 42000.0;
  input.mark_price = 42000.0;
  input.position_steps = -500;  // short 0.5 BTC: any target but 0.5 would trade
  return input;
}

TEST(PlannerLimits, SaneInputPlansAnOrder) {
  const bot::Plan plan = bot::plan_hedge(plan_input());
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.target_steps, -1000);
}

TEST(PlannerLimits, NoOrderFromANonFiniteOrNonPositiveInput) {
  struct Case {
    const char* name;
    void (*spoil)(bot::PlanInput&);
  };
  const Case cases[] = {
      {"NaN target ratio", [](bot::PlanInput& in) { in.target_ratio = kNaN; }},
      {"infinite target ratio", [](bot::PlanInput& in) { in.target_ratio = kInf; }},
      {"NaN mark price", [](bot::PlanInput& in) { in.mark_price = kNaN; }},
      {"infinite mark price", [](bot::PlanInput& in) { in.mark_price = kInf; }},
      {"negative mark price", [](bot::PlanInput& in) { in.mark_price = -42000.0; }},
      {"zero mark price", [](bot::PlanInput& in) { in.mark_price = 0.0; }},
      {"NaN spot price", [](bot::PlanInput& in) { in.spot_price = kNaN; }},
      {"infinite spot price", [](bot::PlanInput& in) { in.spot_price = kInf; }},
      {"NaN spot quantity", [](bot::PlanInput& in) { in.spot_qty = kNaN; }},
      {"infinite spot quantity", [](bot::PlanInput& in) { in.spot_qty = kInf; }},
      {"NaN beta", [](bot::PlanInput& in) { in.beta = kNaN; }},
      {"NaN band", [](bot::PlanInput& in) { in.band = kNaN; }},
      {"1e308 spot price", [](bot::PlanInput& in) { in.spot_price = 1e308; }},
      {"spot quantity beyond int64 steps", [](bot::PlanInput& in) { in.spot_qty = 1e300; }},
      {"tiny mark price", [](bot::PlanInput& in) { in.mark_price = 1e-300; }},
  };
  for (const Case& test : cases) {
    bot::PlanInput input = plan_input();
    test.spoil(input);
    bot::Plan plan;
    ASSERT_NO_THROW(plan = bot::plan_hedge(input)) << test.name;
    EXPECT_TRUE(plan.orders.empty()) << test.name << ": " << plan.orders.size() << " orders";
    EXPECT_FALSE(plan.skip_reason.empty()) << test.name;
  }
}

TEST(PlannerLimits, HugeButFiniteEqualPricesStillPlanTheSameOrder) {
  bot::PlanInput input = plan_input();
  input.spot_price = 1e308;
  input.mark_price = 1e308;
  const bot::Plan plan = bot::plan_hedge(input);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.target_steps, -1000);
}

// The risk guard caps what a huge price would make of an order: nothing at 1e308 USDT.
TEST(RiskGuardLimits, AnOrderAtAnAbsurdPriceIsRefusedNotSent) {
  bot::PlanInput input = plan_input();
  input.spot_price = 1e308;
  input.mark_price = 1e308;
  const bot::Plan plan = bot::plan_hedge(input);
  bot::RiskContext context;
  context.now_ms = 1704067200000;
  context.newest_close_ms = context.now_ms;
  context.last_close = 1e308;
  context.mark_price = 1e308;
  context.account.wallet_balance = 10000.0;
  context.account.margin_balance = 10000.0;
  context.account.available_balance = 10000.0;
  context.leverage = 2;
  const bot::RiskVerdict verdict =
      bot::check_plan(plan, input.instrument, config::RiskConfig{}, context);
  EXPECT_TRUE(verdict.approved.empty());
  EXPECT_FALSE(verdict.refusals.empty());

  for (double mark : {kNaN, kInf, -1.0}) {
    context.mark_price = mark;
    context.last_close = 42000.0;
    const bot::RiskVerdict refused = bot::check_plan(
        bot::plan_hedge(plan_input()), input.instrument, config::RiskConfig{}, context);
    EXPECT_TRUE(refused.approved.empty()) << mark;
  }
}

// ---- executor: a limit price that cannot be computed places nothing -------------------------

TEST(ExecutorLimits, LimitOrderWithAnAbsurdBookPlacesNothingAndFails) {
  for (double mark : {kNaN, kInf, -1.0, 1e308}) {
    TempDir dir;
    Result<bot::Journal> journal = bot::Journal::open(dir.file("journal.jsonl"), "t1");
    ASSERT_TRUE(journal.ok());
    hedgebot::testing::MockExchangeClient client;
    EXPECT_CALL(client, query_order(_, _))
        .WillRepeatedly(Return(Result<std::optional<OrderState>>(std::optional<OrderState>())));
    EXPECT_CALL(client, place_order(_)).Times(0);
    BookTop top;
    top.symbol = "BTCUSDT";
    top.bid_price = mark;
    top.ask_price = mark;
    EXPECT_CALL(client, book_top("BTCUSDT")).WillRepeatedly(Return(Result<BookTop>(top)));
    bot::ExecutionRequest request;
    request.hedge = "BTC";
    request.instrument = paper::default_instrument("BTCUSDT", 1.0);
    request.orders = {bot::PlannedOrder{Side::Sell, 500, false, "open"}};
    request.style = config::OrderStyle::Limit;
    request.tick_slot = "202401010000";
    request.now_ms = 1704067200000;
    bot::ExecutionResult result;
    bot::OrderLedger ledger = bot::OrderLedger::load("", request.tick_slot).value();
    ASSERT_NO_THROW(result = bot::execute_orders(client, *journal, ledger, request, [](int64_t) {}))
        << mark;
    EXPECT_TRUE(result.failed) << mark;
    EXPECT_FALSE(result.traded) << mark;
  }
}

// ---- venue answers: absurd numbers and quantities beyond int64 steps -----------------------

binance::Json json(const std::string& text) {
  return binance::Json::parse(text);
}

Instrument btc() {
  Instrument instrument = paper::default_instrument("BTCUSDT", 1.0);
  instrument.qty_step = Decimal{1, 3};
  instrument.price_tick = Decimal{10, 2};
  return instrument;
}

std::string position_row(const std::string& amount) {
  return R"([{"symbol":"BTCUSDT","positionSide":"BOTH","positionAmt":")" + amount +
         R"(","entryPrice":"42000","unRealizedProfit":"0"}])";
}

TEST(VenueLimits, PositionBeyondInt64StepsIsAnInvalidResponse) {
  for (const std::string amount :
       {"999999999999999999", "-999999999999999999", "9223372036854775.808", "NaN", "Infinity",
        "1e308", "-1E+300", "0x10", ""}) {
    Result<Position> position = binance::parse_position(json(position_row(amount)), btc());
    ASSERT_FALSE(position.ok()) << amount << " -> " << position->qty_steps;
    EXPECT_EQ(position.error().kind, ErrorKind::InvalidResponse) << amount;
  }
  // The largest position that fits is read exactly.
  Result<Position> largest =
      binance::parse_position(json(position_row("-999999999999999.999")), btc());
  ASSERT_TRUE(largest.ok()) << largest.error().message;
  EXPECT_EQ(largest->qty_steps, -999999999999999999);
}

TEST(VenueLimits, OrderQuantitiesBeyondInt64StepsAreAnInvalidResponse) {
  for (const std::string quantity : {"999999999999999999", "9223372036854775.808"}) {
    const std::string body =
        R"({"orderId":1,"symbol":"BTCUSDT","status":"FILLED","clientOrderId":"hb-1","price":"0",
            "avgPrice":"42000","origQty":")" +
        quantity + R"(","executedQty":")" + quantity +
        R"(","type":"MARKET","side":"SELL","updateTime":1})";
    Result<OrderState> order = binance::parse_order(json(body), btc());
    ASSERT_FALSE(order.ok()) << quantity << " -> " << order->qty_steps;
    EXPECT_EQ(order.error().kind, ErrorKind::InvalidResponse);
  }
}

TEST(VenueLimits, AbsurdPricesInAnswersAreInvalidResponses) {
  for (const std::string mark : {"NaN", "Infinity", "-1", "0", "1e308", "1E5"}) {
    const std::string body = R"({"markPrice":")" + mark +
                             R"(","indexPrice":"1","lastFundingRate":"0","nextFundingTime":1,
                               "time":1})";
    EXPECT_FALSE(binance::parse_premium_index(json(body)).ok()) << mark;
  }
  for (const std::string price : {"NaN", "-1", "1e308", "inf"}) {
    const std::string kline = R"([[1,")" + price + R"(","2","1","1","1",2]])";
    EXPECT_FALSE(binance::parse_klines(json(kline), kHourMs, 10, 5).ok()) << price;
  }
}

TEST(VenueLimits, OversizeAndDeeplyNestedBodiesAreErrorsNotCrashes) {
  // 100 000 nested arrays: valid JSON of the wrong shape.
  const std::string nested = std::string(100000, '[') + std::string(100000, ']');
  Result<binance::Json> deep = binance::parse_json(nested, "GET /fapi/v1/klines");
  if (deep) {
    EXPECT_FALSE(binance::parse_klines(*deep, kHourMs, 10, 5).ok());
  }
  // Unclosed: not JSON.
  EXPECT_FALSE(binance::parse_json(std::string(1 << 20, '['), "GET /fapi/v1/klines").ok());
  // 4 MB of one string.
  const std::string big = "{\"markPrice\":\"" + std::string(4 << 20, '7') + "\"}";
  Result<binance::Json> parsed = binance::parse_json(big, "GET /fapi/v1/premiumIndex");
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(binance::parse_premium_index(*parsed).ok());
}

// ---- state files: a damaged number is refused, not truncated or wrapped ---------------------

std::string paper_json(const std::string& qty_steps, const std::string& now_ms) {
  return R"({"last_funding_ms":{},"leverage":{"BTCUSDT":2},"next_order_id":1,"now_ms":)" + now_ms +
         R"(,"orders":[],"positions":[{"entry_price":42000.0,"qty_steps":)" + qty_steps +
         R"(,"symbol":"BTCUSDT"}],"spot":{},"totals":{"fees_paid":0,"funding_paid":0,)"
         R"("funding_received":0,"liquidations":0,"orders_filled":0,"realized_pnl":0},)"
         R"("version":1,"wallet_balance":10000.0})";
}

TEST(StateFileLimits, PaperJsonWithAFractionalOrOutOfRangeWholeNumberIsRefused) {
  ASSERT_TRUE(paper::paper_state_from_json(paper_json("-500", "1704067200000"), "paper.json").ok());
  // Found by fuzz_paper_state: nlohmann's get<int64_t>() truncated 2.5 to 2 and converted
  // 1.7e69 with undefined behaviour (INT64_MIN on x86), so a damaged position loaded as another.
  for (const auto& [qty, now] : {std::pair<std::string, std::string>{"-500.5", "1704067200000"},
                                 {"1e30", "1704067200000"},
                                 {"-500", "1.7041e+69"},
                                 {"-500", "18446744073709551615"},
                                 {"-500", "1704067200000.5"}}) {
    Result<paper::PaperState> state =
        paper::paper_state_from_json(paper_json(qty, now), "state/paper.json");
    ASSERT_FALSE(state.ok()) << qty << " " << now << " loaded as " << state->positions.size();
    EXPECT_THAT(state.error().message, StartsWith("state/paper.json"));
  }
  const std::string huge_leverage =
      R"({"last_funding_ms":{},"leverage":{"BTCUSDT":4294967298},"next_order_id":1,"now_ms":null,)"
      R"("orders":[],"positions":[],"spot":{},"totals":{"fees_paid":0,"funding_paid":0,)"
      R"("funding_received":0,"liquidations":0,"orders_filled":0,"realized_pnl":0},"version":1,)"
      R"("wallet_balance":1.0})";
  EXPECT_FALSE(paper::paper_state_from_json(huge_leverage, "paper.json").ok());
}

TEST(StateFileLimits, EngineJsonWithAFractionalOrOutOfRangeWholeNumberIsRefused) {
  TempDir dir;
  // Found by fuzz_engine_memory: {"version": 111111111111111111111111111} converted a double
  // beyond int with undefined behaviour; a fractional time loaded truncated.
  for (
      const std::string text :
      {R"({"version": 111111111111111111111111111, "streams": {}, "numbers": {}})",
       R"({"version": 1.5, "streams": {}, "numbers": {}})",
       R"({"version": 1, "streams": {"s": {"last_open_ms": 2.5, "values": []}}, "numbers": {}})",
       R"({"version": 1, "streams": {"s": {"last_open_ms": 1e300, "values": []}}, "numbers": {}})"}) {
    const std::string path = dir.write("engine.json", text);
    Result<rules::Memory> memory = bot::load_engine_memory(path);
    ASSERT_FALSE(memory.ok()) << text;
    EXPECT_THAT(memory.error().message, HasSubstr(path));
  }
}

}  // namespace
}  // namespace hedgebot
