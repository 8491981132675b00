// Every kind of config problem: its message and its line:column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/loader.hpp"
#include "tests/config/load_helpers.hpp"

namespace hedgebot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::problems;
using testing::problems_with_hedge;

TEST(ConfigLoader, RejectsUnknownKeyWithSuggestion) {
  EXPECT_THAT(problems_with_hedge("[risk]\n"
                                  "max_levrage = 2\n"),
              ElementsAre("test.toml:2:1: unknown key `risk.max_levrage`; did you mean "
                          "`max_leverage`?"));
}

TEST(ConfigLoader, RejectsUnknownTableWithSuggestion) {
  EXPECT_THAT(problems_with_hedge("[riks]\n"
                                  "max_leverage = 2\n"),
              ElementsAre("test.toml:1:2: unknown key `riks`; did you mean `risk`?"));
}

TEST(ConfigLoader, ListsKnownKeysWhenNoneIsClose) {
  EXPECT_THAT(problems_with_hedge("[metrics]\n"
                                  "port = 9108\n"),
              ElementsAre("test.toml:2:1: unknown key `metrics.port`; known keys here: "
                          "textfile, listen"));
}

TEST(ConfigLoader, SuggestsTheKeyWithoutItsMillisecondSuffix) {
  EXPECT_THAT(problems_with_hedge("[bot]\n"
                                  "interval_ms = 300000\n"),
              ElementsAre("test.toml:2:1: unknown key `bot.interval_ms`; did you mean "
                          "`interval`?"));
}

TEST(ConfigLoader, RejectsUnknownKeyInsideInlineTable) {
  EXPECT_THAT(problems("[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "spot = { source = \"account\", extar = 0.5 }\n"),
              ElementsAre("test.toml:4:30: unknown key `hedge[0].spot.extar`; did you mean "
                          "`extra`?"));
}

TEST(ConfigLoader, RejectsValueOutOfRange) {
  EXPECT_THAT(problems_with_hedge("[risk]\n"
                                  "max_leverage = 200\n"),
              ElementsAre("test.toml:2:16: `risk.max_leverage` must be in (0, 125], was 200"));
}

TEST(ConfigLoader, RejectsWrongValueType) {
  EXPECT_THAT(problems("[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "band = \"5%\"\n"),
              ElementsAre("test.toml:4:8: `hedge[0].band` must be a number, was a string"));
}

TEST(ConfigLoader, RejectsFractionalOrOutOfRangeLeverage) {
  EXPECT_THAT(problems("[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "leverage = 2.5\n"
                       "[[hedge]]\n"
                       "asset = \"ETH\"\n"
                       "symbol = \"ETHUSDT\"\n"
                       "leverage = 200\n"),
              ElementsAre("test.toml:4:12: `hedge[0].leverage` must be a whole number, was 2.5",
                          "test.toml:8:12: `hedge[1].leverage` must be in [1, 125], was 200"));
}

TEST(ConfigLoader, RejectsMalformedDuration) {
  EXPECT_THAT(problems_with_hedge("[bot]\n"
                                  "tick_delay = \"5 s\"\n"
                                  "[risk]\n"
                                  "stale_after = 7200\n"),
              ElementsAre("test.toml:2:14: `bot.tick_delay` is not a duration: '5 s' (a positive "
                          "whole number and s, m, h, d or w)",
                          "test.toml:4:15: `risk.stale_after` must be a duration such as \"30s\", "
                          "\"5m\", \"1h\" or \"1d\", was an integer"));
}

TEST(ConfigLoader, RejectsIntervalThatIsNoCandleInterval) {
  EXPECT_THAT(problems_with_hedge("[bot]\n"
                                  "interval = \"10m\"\n"),
              ElementsAre("test.toml:2:12: `bot.interval` must be a candle interval (1m, 3m, 5m, "
                          "15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d), was 10m"));
}

TEST(ConfigLoader, RejectsTickDelayNotShorterThanInterval) {
  EXPECT_THAT(problems_with_hedge("[bot]\n"
                                  "interval = \"1m\"\n"
                                  "tick_delay = \"1m\"\n"),
              ElementsAre("test.toml:3:14: `bot.tick_delay` must be shorter than `interval` (1m), "
                          "was 1m"));
}

TEST(ConfigLoader, RejectsDurationAboveItsCeiling) {
  EXPECT_THAT(problems_with_hedge("[exchange]\n"
                                  "recv_window = \"2m\"\n"),
              ElementsAre("test.toml:2:15: `exchange.recv_window` must be at most 1m, was 2m"));
}

TEST(ConfigLoader, RejectsPlainHttpToARemoteHostAndOtherSchemes) {
  EXPECT_THAT(problems_with_hedge("[exchange]\n"
                                  "futures_url = \"http://fapi.binance.com\"\n"
                                  "spot_url = \"ftp://api.binance.com\"\n"),
              ElementsAre("test.toml:2:15: `exchange.futures_url` must use https:// for "
                          "fapi.binance.com (http:// is allowed only for localhost, 127.x.x.x "
                          "and [::1]), was \"http://fapi.binance.com\"",
                          "test.toml:3:12: `exchange.spot_url` must start with https:// (or "
                          "http:// for a loopback test venue), was \"ftp://api.binance.com\""));
}

TEST(ConfigLoader, RejectsUnknownChoiceWithSuggestion) {
  EXPECT_THAT(problems_with_hedge("[bot]\n"
                                  "mode = \"paprr\"\n"
                                  "[exchange]\n"
                                  "venue = \"kraken\"\n"),
              ElementsAre("test.toml:2:8: `bot.mode` must be one of \"paper\", \"live\"; was "
                          "\"paprr\" (did you mean \"paper\"?)",
                          "test.toml:4:9: `exchange.venue` \"kraken\" is not a venue kind "
                          "hedgebot knows (binance, bybit, bingx, weex, mexc)"));
}

TEST(ConfigLoader, SuggestsTheNearestVenueKind) {
  EXPECT_THAT(
      problems_with_hedge("[exchange]\nvenue = \"bybit-linaer\"\n"),
      ElementsAre(
          "test.toml:2:9: `exchange.venue` \"bybit-linaer\" is not a venue kind "
          "hedgebot knows (binance, bybit, bingx, weex, mexc) (did you mean \"bybit-linear\"?)"));
}

TEST(ConfigLoader, PointsAMissingRequiredKeyAtItsTableHeader) {
  EXPECT_THAT(problems("[bot]\n"
                       "mode = \"paper\"\n"
                       "\n"
                       "[[hedge]]\n"
                       "asset = \"BTC\"\n"),
              ElementsAre("test.toml:4:1: `hedge[0].symbol` is required"));
}

TEST(ConfigLoader, RequiresAtLeastOneHedge) {
  EXPECT_THAT(problems("[bot]\n"
                       "mode = \"paper\"\n"),
              ElementsAre("test.toml: at least one [[hedge]] is required"));
}

TEST(ConfigLoader, RejectsHedgeWrittenAsASingleTable) {
  EXPECT_THAT(problems("[hedge]\n"
                       "asset = \"BTC\"\n"),
              ElementsAre("test.toml:1:1: `hedge` must be an array of tables ([[hedge]]), was a "
                          "table"));
}

TEST(ConfigLoader, RejectsDuplicateAndEmptyHedgeNames) {
  EXPECT_THAT(problems("[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "[[hedge]]\n"
                       "asset = \"\"\n"
                       "symbol = \"ETHUSDT\"\n"),
              ElementsAre("test.toml:5:9: `hedge[1].asset` \"BTC\" is already hedged by hedge[0]",
                          "test.toml:6:10: `hedge[1].symbol` \"BTCUSDT\" is already used by "
                          "hedge[0]",
                          "test.toml:8:9: `hedge[2].asset` must not be empty"));
}

TEST(ConfigLoader, RejectsRatiosOutOfOrderOrRange) {
  EXPECT_THAT(problems("[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "min_ratio = 1.0\n"
                       "max_ratio = 0.5\n"
                       "[[hedge]]\n"
                       "asset = \"ETH\"\n"
                       "symbol = \"ETHUSDT\"\n"
                       "baseline_ratio = 1.5\n"
                       "[[hedge]]\n"
                       "asset = \"SOL\"\n"
                       "symbol = \"SOLUSDT\"\n"
                       "max_ratio = 6\n"),
              ElementsAre("test.toml:4:13: `hedge[0].min_ratio` must be <= `max_ratio` (0.5), "
                          "was 1",
                          "test.toml:9:18: `hedge[1].baseline_ratio` must be between min_ratio "
                          "and max_ratio [0, 1], was 1.5",
                          "test.toml:13:13: `hedge[2].max_ratio` must be in [-5, 5], was 6"));
}

TEST(ConfigLoader, RejectsHedgeNumbersOutOfRange) {
  EXPECT_THAT(problems("[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "band = 1\n"
                       "contract_size = 0\n"
                       "beta = -1\n"
                       "qty_step = \"0\"\n"
                       "price_tick = \"1e-2\"\n"
                       "min_notional = -5\n"),
              ElementsAre("test.toml:4:8: `hedge[0].band` must be in [0, 1), was 1",
                          "test.toml:5:17: `hedge[0].contract_size` must be > 0, was 0",
                          "test.toml:6:8: `hedge[0].beta` must be > 0, was -1",
                          "test.toml:7:12: `hedge[0].qty_step` must be > 0, was 0",
                          "test.toml:8:14: `hedge[0].price_tick` must be a plain decimal such as "
                          "\"0.001\": not a decimal number: '1e-2'",
                          "test.toml:9:16: `hedge[0].min_notional` must be >= 0, was -5"));
}

TEST(ConfigLoader, RejectsMalformedSpot) {
  EXPECT_THAT(problems("[[hedge]]\n"
                       "asset = \"BTC\"\n"
                       "symbol = \"BTCUSDT\"\n"
                       "spot = 3.5\n"
                       "[[hedge]]\n"
                       "asset = \"ETH\"\n"
                       "symbol = \"ETHUSDT\"\n"
                       "spot = { source = \"account\", fixed = 2 }\n"
                       "[[hedge]]\n"
                       "asset = \"SOL\"\n"
                       "symbol = \"SOLUSDT\"\n"
                       "spot = { source = \"fixed\" }\n"),
              ElementsAre("test.toml:4:8: `hedge[0].spot` must be a table such as { source = "
                          "\"account\" } or { fixed = 3.5 }, was a number",
                          "test.toml:8:38: `hedge[1].spot.fixed` cannot be used with source = "
                          "\"account\"; use `extra` for spot held elsewhere",
                          "test.toml:12:8: `hedge[2].spot.fixed` is required"));
}

TEST(ConfigLoader, RejectsPaperAndRiskNumbersOutOfRange) {
  EXPECT_THAT(problems_with_hedge("[paper]\n"
                                  "balance = -5\n"
                                  "taker_fee = 0.02\n"
                                  "slippage_bps = -1\n"
                                  "spot = { BTC = -1 }\n"
                                  "[risk]\n"
                                  "max_order_notional = 0\n"
                                  "max_margin_ratio = 1.5\n"),
              ElementsAre("test.toml:2:11: `paper.balance` must be >= 0, was -5",
                          "test.toml:3:13: `paper.taker_fee` must be in [-0.01, 0.01], was 0.02",
                          "test.toml:4:16: `paper.slippage_bps` must be in [0, 1000], was -1",
                          "test.toml:5:16: `paper.spot.BTC` must be >= 0, was -1",
                          "test.toml:7:22: `risk.max_order_notional` must be in (0, 1e+12], was 0",
                          "test.toml:8:20: `risk.max_margin_ratio` must be in (0, 1], was 1.5"));
}

TEST(ConfigLoader, RejectsNonFiniteNumbers) {
  EXPECT_THAT(problems_with_hedge("[risk]\n"
                                  "max_leverage = nan\n"),
              ElementsAre("test.toml:2:16: `risk.max_leverage` must be a finite number, was nan"));
}

TEST(ConfigLoader, RejectsASecretPastedAsAnEnvironmentVariableNameWithoutEchoingIt) {
  // A Binance-style key (letters and digits only) and a value that is no name at all.
  const std::vector<std::string> found = problems_with_hedge(
      "[exchange]\n"
      "api_key_env = \"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A\"\n"
      "api_secret_env = \"NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j+/=\"\n");
  EXPECT_THAT(found, ElementsAre("test.toml:2:15: `exchange.api_key_env` must be the name of an "
                                 "environment variable (letters, digits, _), not the value "
                                 "itself",
                                 "test.toml:3:18: `exchange.api_secret_env` must be the name of "
                                 "an environment variable (letters, digits, _), not the value "
                                 "itself"));
  for (const std::string& line : found) {
    EXPECT_THAT(line, Not(HasSubstr("vmPUZE6mv9")));
    EXPECT_THAT(line, Not(HasSubstr("NhqPtmdSJY")));
  }
}

TEST(ConfigLoader, RejectsBadMetricsAndNotify) {
  EXPECT_THAT(problems_with_hedge("[metrics]\n"
                                  "listen = \"9108\"\n"
                                  "[[notify]]\n"
                                  "kind = \"webhook\"\n"
                                  "events = [\"order\", \"trade\"]\n"
                                  "[[notify]]\n"
                                  "kind = \"email\"\n"
                                  "[[notify]]\n"
                                  "kind = \"telegram\"\n"
                                  "url_env = \"URL\"\n"),
              ElementsAre("test.toml:2:10: `metrics.listen` must be host:port such as "
                          "\"127.0.0.1:9108\", was \"9108\"",
                          "test.toml:3:1: `notify[0].url_env` is required",
                          "test.toml:5:10: `notify[0].events` has unknown event \"trade\" (known: "
                          "decision, order, fill, refusal, funding, error, alert)",
                          "test.toml:7:8: `notify[1].kind` must be one of \"webhook\", "
                          "\"telegram\", \"slack\", \"discord\"; was \"email\"",
                          "test.toml:8:1: `notify[2].token_env` is required",
                          "test.toml:8:1: `notify[2].chat_id` is required",
                          "test.toml:10:11: `notify[2].url_env` is not used by kind \"telegram\""));
}

TEST(ConfigLoader, ReportsTomlSyntaxErrorWithItsPosition) {
  const LoadResult result = load_config_text(
      "[bot]\n"
      "mode = \"paper\"\n"
      "interval = \n",
      "test.toml");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_FALSE(result.config.has_value());
  const Diagnostic& diagnostic = result.diagnostics[0];
  EXPECT_EQ(diagnostic.file, "test.toml");
  EXPECT_EQ(diagnostic.line, 3);
  EXPECT_EQ(diagnostic.column, 12);
  EXPECT_THAT(diagnostic.message, HasSubstr("TOML syntax error: "));
  EXPECT_THAT(diagnostic.message, HasSubstr("expected value"));
}

TEST(ConfigLoader, ReportsDuplicateKeyAsSyntaxError) {
  const LoadResult result = load_config_text(
      "[risk]\n"
      "max_leverage = 2\n"
      "max_leverage = 3\n",
      "test.toml");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 3);
  EXPECT_THAT(result.diagnostics[0].message, HasSubstr("max_leverage"));
}

TEST(ConfigLoader, ReportsEveryProblemAtOnceInFileOrder) {
  const LoadResult result = load_config_text(
      "[bot]\n"
      "mode = \"paper\"\n"
      "intervall = \"5m\"\n"
      "\n"
      "[risk]\n"
      "max_leverage = 200\n"
      "\n"
      "[[hedge]]\n"
      "asset = \"BTC\"\n"
      "symbol = \"BTCUSDT\"\n"
      "band = \"wide\"\n"
      "\n"
      "[[rule]]\n"
      "name = \"f\"\n"
      "when = \"funding_below\"\n"
      "threshold = -0.0003\n"
      "fast = 12\n"
      "action = \"set_ratio\"\n",
      "test.toml");
  EXPECT_FALSE(result.config.has_value());
  EXPECT_FALSE(result.ok());
  std::vector<std::string> rendered;
  for (const Diagnostic& diagnostic : result.diagnostics)
    rendered.push_back(diagnostic.to_string());
  EXPECT_THAT(rendered,
              ElementsAre("test.toml:3:1: unknown key `bot.intervall`; did you mean `interval`?",
                          "test.toml:6:16: `risk.max_leverage` must be in (0, 125], was 200",
                          "test.toml:11:8: `hedge[0].band` must be a number, was a string",
                          "test.toml:13:1: `rule[0].ratio` is required by `set_ratio`",
                          "test.toml:17:8: `rule[0].fast` is not used by `funding_below`"));
}

}  // namespace
}  // namespace hedgebot::config
