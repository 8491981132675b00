#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "config/loader.hpp"
#include "tests/config/load_helpers.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::problems;

// The full example configuration of the original design (every section and key), verbatim.
constexpr std::string_view kDesignExample = R"toml([bot]
mode = "paper"              # "paper" | "live"  (live also needs --live on the command line)
interval = "5m"             # daemon tick
state_dir = "state"         # journal.jsonl, paper.json, engine.json, lock

[exchange]
venue = "binance-usdm"      # "binance-usdm" | "bybit-linear"
futures_url = "https://fapi.binance.com"   # testnet or a local fake venue in tests
spot_url = "https://api.binance.com"
api_key_env = "HEDGEBOT_API_KEY"           # secrets come from the environment or a 0600 file, never the config
api_secret_env = "HEDGEBOT_API_SECRET"

[paper]
balance = 10000.0           # futures wallet, quote currency
taker_fee = 0.0004
maker_fee = 0.0002
slippage_bps = 1.0
candles = "data/binance-btcusdt-1h.csv"    # optional: replay from files instead of the venue's public data
funding = "data/binance-btcusdt-funding.csv"

[risk]
max_order_notional = 50000.0
max_leverage = 3.0
max_margin_ratio = 0.5      # no increase above this
stale_after = "2h"
kill_switch = "state/STOP"  # while this file exists, nothing is placed

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
contract_size = 1.0
spot = { source = "account", extra = 0.5 }  # or { fixed = 3.5 }
baseline_ratio = 0.3        # when no rule fires
min_ratio = 0.0
max_ratio = 1.2
band = 0.05                 # trade only when |target − position| > 5 % of spot
cooldown = "1h"
leverage = 2
order = "market"            # or "limit" (post at the touch, fall back after a timeout)

[[rule]]
name = "bear-trend"
hedge = "BTC"               # or "*" for every hedge
when = "ma_below"           # ma_above | ma_below | ma_cross_up | ma_cross_down | macd_cross_up | macd_cross_down | macd_above_signal | macd_below_signal | funding_above | funding_below | margin_ratio_above | margin_ratio_below | drift_above | ...
timeframe = "1d"
ma = "sma"                  # or "ema"
fast = 50
slow = 200
action = "set_ratio"        # set_ratio | adjust_ratio | set_exposure | close | hold | alert
ratio = 1.0
priority = 10

[[rule]]
name = "momentum-back"
hedge = "BTC"
when = "macd_cross_up"
timeframe = "4h"
fast = 12
slow = 26
signal = 9
action = "adjust_ratio"
delta = -0.25               # adjust_ratio takes a delta; set_exposure takes `exposure` (0..1)

[[rule]]
name = "funding-against-us"
hedge = "*"
when = "funding_below"      # a short pays when funding is negative
threshold = -0.0003         # per settlement period (annualised = true compares yearly rates)
window = 3                  # mean of the last 3 settlements (1 = the last one)
action = "adjust_ratio"
delta = -0.2

[[rule]]
name = "margin-guard"
hedge = "*"
when = "margin_ratio_above"
threshold = 0.6
action = "set_ratio"
ratio = 0.5
priority = 100              # safety rules outrank trend rules

[metrics]
textfile = "state/hedgebot.prom"   # Prometheus text format, written atomically after every tick
listen = "127.0.0.1:9108"          # optional: /metrics while `run` is up

[[notify]]
kind = "webhook"                   # webhook | telegram | slack | discord
url_env = "HEDGEBOT_WEBHOOK_URL"   # the URL (it holds a token) comes from the environment
events = ["order", "refusal", "error", "alert"]
)toml";

TEST(ConfigLoader, ParsesDesignExampleIntoTypedValues) {
  const LoadResult result = load_config_text(kDesignExample, "design.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  ASSERT_TRUE(result.ok());
  const Config& config = *result.config;

  EXPECT_EQ(config.path, "design.toml");
  EXPECT_EQ(config.bot.mode, Mode::Paper);
  EXPECT_EQ(config.bot.interval_ms, 5 * kMinuteMs);
  EXPECT_EQ(config.bot.tick_delay_ms, 5 * kSecondMs);  // default
  EXPECT_EQ(config.bot.state_dir, "state");

  EXPECT_EQ(config.exchange.venue, "binance-usdm");
  EXPECT_EQ(config.exchange.futures_url, "https://fapi.binance.com");
  EXPECT_EQ(config.exchange.spot_url, "https://api.binance.com");
  EXPECT_EQ(config.exchange.api_key_env, "HEDGEBOT_API_KEY");
  EXPECT_EQ(config.exchange.api_secret_env, "HEDGEBOT_API_SECRET");

  EXPECT_DOUBLE_EQ(config.paper.balance, 10000.0);
  EXPECT_DOUBLE_EQ(config.paper.taker_fee, 0.0004);
  EXPECT_DOUBLE_EQ(config.paper.maker_fee, 0.0002);
  EXPECT_DOUBLE_EQ(config.paper.slippage_bps, 1.0);
  EXPECT_EQ(config.paper.candles, "data/binance-btcusdt-1h.csv");
  EXPECT_EQ(config.paper.funding, "data/binance-btcusdt-funding.csv");

  EXPECT_DOUBLE_EQ(config.risk.max_order_notional, 50000.0);
  EXPECT_DOUBLE_EQ(config.risk.max_leverage, 3.0);
  EXPECT_DOUBLE_EQ(config.risk.max_margin_ratio, 0.5);
  EXPECT_EQ(config.risk.stale_after_ms, 2 * kHourMs);
  EXPECT_EQ(config.risk.kill_switch, "state/STOP");

  ASSERT_EQ(config.hedges.size(), 1u);
  const HedgeConfig& hedge = config.hedges[0];
  EXPECT_EQ(hedge.asset, "BTC");
  EXPECT_EQ(hedge.symbol, "BTCUSDT");
  EXPECT_DOUBLE_EQ(hedge.contract_size, 1.0);
  EXPECT_EQ(hedge.spot_source, SpotSource::Account);
  EXPECT_DOUBLE_EQ(hedge.spot_extra, 0.5);
  EXPECT_DOUBLE_EQ(hedge.baseline_ratio, 0.3);
  EXPECT_DOUBLE_EQ(hedge.min_ratio, 0.0);
  EXPECT_DOUBLE_EQ(hedge.max_ratio, 1.2);
  EXPECT_DOUBLE_EQ(hedge.band, 0.05);
  EXPECT_EQ(hedge.cooldown_ms, kHourMs);
  EXPECT_EQ(hedge.leverage, 2);
  EXPECT_EQ(hedge.order, OrderStyle::Market);
  EXPECT_EQ(config.find_hedge("BTC"), &hedge);

  ASSERT_EQ(config.rules.size(), 4u);
  const rules::RuleSpec& bear = config.rules[0];
  EXPECT_EQ(bear.name, "bear-trend");
  EXPECT_EQ(bear.hedge, "BTC");
  EXPECT_EQ(bear.combine, rules::Combine::Single);
  ASSERT_EQ(bear.conditions.size(), 1u);
  EXPECT_EQ(bear.conditions[0].kind, rules::ConditionKind::MaBelow);
  EXPECT_EQ(bear.conditions[0].timeframe_ms, kDayMs);
  EXPECT_EQ(bear.conditions[0].ma, rules::MaType::Sma);
  EXPECT_EQ(bear.conditions[0].fast, 50);
  EXPECT_EQ(bear.conditions[0].slow, 200);
  EXPECT_EQ(bear.action, rules::ActionKind::SetRatio);
  EXPECT_DOUBLE_EQ(bear.ratio, 1.0);
  EXPECT_EQ(bear.priority, 10);

  const rules::RuleSpec& momentum = config.rules[1];
  EXPECT_EQ(momentum.name, "momentum-back");
  ASSERT_EQ(momentum.conditions.size(), 1u);
  EXPECT_EQ(momentum.conditions[0].kind, rules::ConditionKind::MacdCrossUp);
  EXPECT_EQ(momentum.conditions[0].timeframe_ms, 4 * kHourMs);
  EXPECT_EQ(momentum.conditions[0].fast, 12);
  EXPECT_EQ(momentum.conditions[0].slow, 26);
  EXPECT_EQ(momentum.conditions[0].signal, 9);
  EXPECT_EQ(momentum.action, rules::ActionKind::AdjustRatio);
  EXPECT_DOUBLE_EQ(momentum.delta, -0.25);
  EXPECT_EQ(momentum.priority, 0);

  const rules::RuleSpec& funding = config.rules[2];
  EXPECT_EQ(funding.hedge, "*");
  ASSERT_EQ(funding.conditions.size(), 1u);
  EXPECT_EQ(funding.conditions[0].kind, rules::ConditionKind::FundingBelow);
  EXPECT_DOUBLE_EQ(funding.conditions[0].threshold, -0.0003);
  EXPECT_EQ(funding.conditions[0].window, 3);
  EXPECT_EQ(funding.conditions[0].source, rules::FundingSource::Mean);  // implied by window > 1
  EXPECT_FALSE(funding.conditions[0].annualised);
  EXPECT_DOUBLE_EQ(funding.delta, -0.2);

  const rules::RuleSpec& guard = config.rules[3];
  EXPECT_EQ(guard.name, "margin-guard");
  EXPECT_EQ(guard.conditions[0].kind, rules::ConditionKind::MarginRatioAbove);
  EXPECT_DOUBLE_EQ(guard.conditions[0].threshold, 0.6);
  EXPECT_DOUBLE_EQ(guard.ratio, 0.5);
  EXPECT_EQ(guard.priority, 100);

  EXPECT_EQ(config.metrics.textfile, "state/hedgebot.prom");
  EXPECT_EQ(config.metrics.listen, "127.0.0.1:9108");
  ASSERT_EQ(config.notify.size(), 1u);
  EXPECT_EQ(config.notify[0].kind, "webhook");
  EXPECT_EQ(config.notify[0].url_env, "HEDGEBOT_WEBHOOK_URL");
  EXPECT_THAT(config.notify[0].events, ElementsAre("order", "refusal", "error", "alert"));
  EXPECT_EQ(config.notify[0].min_interval_ms, kMinuteMs);
}

TEST(ConfigLoader, UsesDefaultsForAbsentKeys) {
  const LoadResult result = load_config_text(testing::kMinimalHedge, "minimal.toml");
  ASSERT_TRUE(result.ok());
  const Config& config = *result.config;
  const Config defaults;
  const HedgeConfig hedge_defaults;
  EXPECT_EQ(config.bot.mode, Mode::Paper);
  EXPECT_EQ(config.bot.interval_ms, defaults.bot.interval_ms);
  EXPECT_EQ(config.exchange.recv_window_ms, 5000);
  EXPECT_EQ(config.exchange.timeout_ms, 10000);
  EXPECT_EQ(config.exchange.request_budget, 60);
  EXPECT_FALSE(config.paper.maint_margin_rate.has_value());  // brackets unless overridden
  EXPECT_TRUE(config.paper.spot.empty());
  EXPECT_DOUBLE_EQ(config.risk.max_leverage, 3.0);
  EXPECT_EQ(config.risk.kill_switch, "state/STOP");
  ASSERT_EQ(config.hedges.size(), 1u);
  EXPECT_DOUBLE_EQ(config.hedges[0].max_ratio, hedge_defaults.max_ratio);
  EXPECT_EQ(config.hedges[0].timeframe_ms, kHourMs);
  EXPECT_FALSE(config.hedges[0].qty_step.has_value());
  EXPECT_TRUE(config.rules.empty());
  EXPECT_TRUE(config.notify.empty());
}

TEST(ConfigLoader, ReadsEveryOptionalKey) {
  const LoadResult result = load_config_text(R"toml(
[bot]
mode = "paper"
interval = "1h"
tick_delay = "10s"
state_dir = "/var/lib/hedgebot"

[exchange]
venue = "bybit-linear"
api_key_file = "keys/api.key"
api_secret_file = "keys/api.secret"
recv_window = "10s"
timeout = "20s"
connect_timeout = "2s"
exchange_info_ttl = "30m"
request_budget = 40

[paper]
mark = "data/mark.csv"
spot = { BTC = 1.0, USDT = 5000 }
maint_margin_rate = 0.005
maker_fee = -0.0001

[risk]
max_position_notional = 200000
max_price_deviation = 0.1

[[hedge]]
asset = "ETH"
symbol = "ETHUSDT"
contract_size = 0.01
spot = { fixed = 3.5 }
beta = 1.1
baseline_ratio = -0.5
min_ratio = -1
max_ratio = 2
order = "limit"
limit_timeout = "45s"
timeframe = "4h"
candles = "eth.csv"
funding = "eth-funding.csv"
mark = "eth-mark.csv"
qty_step = 0.001
price_tick = "0.10"
min_notional = 5

[[notify]]
kind = "telegram"
token_env = "TG_TOKEN"
chat_id = "-1001234"
events = ["refusal"]
min_interval = "5m"
)toml",
                                             "all.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  const Config& config = *result.config;
  EXPECT_EQ(config.bot.interval_ms, kHourMs);
  EXPECT_EQ(config.bot.tick_delay_ms, 10 * kSecondMs);
  EXPECT_EQ(config.bot.state_dir, "/var/lib/hedgebot");
  EXPECT_EQ(config.exchange.venue, "bybit-linear");
  EXPECT_EQ(config.exchange.futures_url, "https://api.bybit.com");
  EXPECT_EQ(config.exchange.spot_url, "https://api.bybit.com");
  EXPECT_EQ(config.exchange.api_key_file, "keys/api.key");
  EXPECT_EQ(config.exchange.api_secret_file, "keys/api.secret");
  EXPECT_EQ(config.exchange.recv_window_ms, 10000);
  EXPECT_EQ(config.exchange.timeout_ms, 20000);
  EXPECT_EQ(config.exchange.connect_timeout_ms, 2000);
  EXPECT_EQ(config.exchange.exchange_info_ttl_ms, 30 * kMinuteMs);
  EXPECT_EQ(config.exchange.request_budget, 40);
  EXPECT_EQ(config.paper.mark, "data/mark.csv");
  EXPECT_THAT(config.paper.spot, ElementsAre(std::pair<const std::string, double>{"BTC", 1.0},
                                             std::pair<const std::string, double>{"USDT", 5000.0}));
  EXPECT_EQ(config.paper.maint_margin_rate, std::optional<double>(0.005));
  EXPECT_DOUBLE_EQ(config.paper.maker_fee, -0.0001);
  EXPECT_DOUBLE_EQ(config.risk.max_position_notional, 200000.0);
  EXPECT_DOUBLE_EQ(config.risk.max_price_deviation, 0.1);
  // The kill switch follows a state_dir that was moved.
  EXPECT_EQ(config.risk.kill_switch, "/var/lib/hedgebot/STOP");

  const HedgeConfig& hedge = config.hedges.at(0);
  EXPECT_DOUBLE_EQ(hedge.contract_size, 0.01);
  EXPECT_EQ(hedge.spot_source, SpotSource::Fixed);
  EXPECT_DOUBLE_EQ(hedge.spot_fixed, 3.5);
  EXPECT_DOUBLE_EQ(hedge.beta, 1.1);
  EXPECT_DOUBLE_EQ(hedge.baseline_ratio, -0.5);
  EXPECT_DOUBLE_EQ(hedge.min_ratio, -1.0);
  EXPECT_DOUBLE_EQ(hedge.max_ratio, 2.0);
  EXPECT_EQ(hedge.order, OrderStyle::Limit);
  EXPECT_EQ(hedge.limit_timeout_ms, 45 * kSecondMs);
  EXPECT_EQ(hedge.timeframe_ms, 4 * kHourMs);
  EXPECT_EQ(hedge.candles, "eth.csv");
  EXPECT_EQ(hedge.funding, "eth-funding.csv");
  EXPECT_EQ(hedge.mark, "eth-mark.csv");
  ASSERT_TRUE(hedge.qty_step.has_value());
  EXPECT_EQ(*hedge.qty_step, (Decimal{1, 3}));
  ASSERT_TRUE(hedge.price_tick.has_value());
  EXPECT_EQ(hedge.price_tick->to_string(), "0.10");
  ASSERT_TRUE(hedge.min_notional.has_value());
  EXPECT_DOUBLE_EQ(*hedge.min_notional, 5.0);

  const NotifyConfig& notify = config.notify.at(0);
  EXPECT_EQ(notify.kind, "telegram");
  EXPECT_EQ(notify.token_env, "TG_TOKEN");
  EXPECT_EQ(notify.chat_id, "-1001234");
  EXPECT_THAT(notify.events, ElementsAre("refusal"));
  EXPECT_EQ(notify.min_interval_ms, 5 * kMinuteMs);
}

TEST(ConfigLoader, KeepsDecimalStepsExactFromTheirSourceText) {
  const LoadResult result = load_config_text(R"toml(
[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
qty_step = 0.000_1
price_tick = 1e-1
)toml",
                                             "steps.toml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.config->hedges[0].qty_step->to_string(), "0.0001");
  EXPECT_EQ(*result.config->hedges[0].price_tick, (Decimal{1, 1}));
}

TEST(ConfigLoader, ResolvesRelativePathsAgainstTheConfigDirectory) {
  const hedgebot::testing::TempDir dir;
  const std::string path = dir.write("conf/bot.toml", R"toml(
[bot]
state_dir = "state"
[exchange]
api_key_file = "../keys/key"
[paper]
candles = "data/c.csv"
funding = "/abs/funding.csv"
[metrics]
textfile = "state/bot.prom"
[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
candles = "btc.csv"
)toml");
  const LoadResult result = load_config_file(path);
  ASSERT_THAT(result.diagnostics, IsEmpty()) << result.diagnostics.front().to_string();
  const Config& config = *result.config;
  const std::string base = (dir.path() / "conf").string();
  EXPECT_EQ(config.path, path);
  EXPECT_EQ(config.bot.state_dir, base + "/state");
  EXPECT_EQ(config.risk.kill_switch, base + "/state/STOP");
  EXPECT_EQ(config.exchange.api_key_file, (dir.path() / "keys/key").string());
  EXPECT_EQ(config.paper.candles, base + "/data/c.csv");
  EXPECT_EQ(config.paper.funding, "/abs/funding.csv");
  EXPECT_EQ(config.metrics.textfile, base + "/state/bot.prom");
  EXPECT_EQ(config.hedges[0].candles, base + "/btc.csv");
}

TEST(ConfigLoader, TextLoaderKeepsPathsAsWritten) {
  const LoadResult result = load_config_text(R"toml(
[paper]
candles = "data/c.csv"
[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
)toml",
                                             "inline");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.config->paper.candles, "data/c.csv");
  EXPECT_EQ(result.config->bot.state_dir, "state");
}

TEST(ConfigLoader, AcceptsPlainHttpOnlyForLoopbackHosts) {
  for (const std::string url :
       {"http://127.0.0.1:8080", "http://localhost/api", "http://[::1]:9000", "https://x.test"}) {
    EXPECT_THAT(testing::problems_with_hedge("[exchange]\nfutures_url = \"" + url + "\"\n"),
                IsEmpty())
        << url;
  }
}

TEST(ConfigLoader, ReportsAFileThatCannotBeOpened) {
  const hedgebot::testing::TempDir dir;
  const LoadResult result = load_config_file(dir.file("missing.toml"));
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].to_string(),
            dir.file("missing.toml") + ": cannot open the config file");
  EXPECT_FALSE(result.ok());
}

TEST(Diagnostic, RendersFileLineColumnAndMessage) {
  EXPECT_EQ((Diagnostic{"hedgebot.toml", 14, 16, "bad"}).to_string(), "hedgebot.toml:14:16: bad");
  EXPECT_EQ((Diagnostic{"hedgebot.toml", 0, 0, "bad"}).to_string(), "hedgebot.toml: bad");
  EXPECT_EQ((Diagnostic{"", 0, 0, "bad"}).to_string(), "bad");
}

}  // namespace
}  // namespace hedgebot::config
