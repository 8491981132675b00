#include "bot/daemon/metrics.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "bot/daemon/publish.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot::daemon {
namespace {

TEST(Metrics, RendersHelpTypeAndSortedSeries) {
  Metrics metrics;
  metrics.set_gauge("hedgebot_mark_price", "Mark price", {{"hedge", "BTC"}, {"symbol", "BTCUSDT"}},
                    60000.5);
  metrics.add_counter("hedgebot_orders_total", "Orders", {{"outcome", "filled"}}, 1);
  metrics.add_counter("hedgebot_orders_total", "Orders", {{"outcome", "filled"}}, 2);
  metrics.add_counter("hedgebot_orders_total", "Orders", {{"outcome", "error"}}, 1);
  EXPECT_EQ(metrics.render(),
            "# HELP hedgebot_mark_price Mark price\n"
            "# TYPE hedgebot_mark_price gauge\n"
            "hedgebot_mark_price{hedge=\"BTC\",symbol=\"BTCUSDT\"} 60000.5\n"
            "# HELP hedgebot_orders_total Orders\n"
            "# TYPE hedgebot_orders_total counter\n"
            "hedgebot_orders_total{outcome=\"error\"} 1\n"
            "hedgebot_orders_total{outcome=\"filled\"} 3\n");
}

TEST(Metrics, EscapesLabelValues) {
  EXPECT_EQ(render_labels({{"kind", "a\"b\\c\nd"}}), "{kind=\"a\\\"b\\\\c\\nd\"}");
  EXPECT_EQ(label_value("invalid input"), "invalid_input");
  EXPECT_EQ(label_value("PARTIALLY_FILLED"), "partially_filled");
  EXPECT_EQ(label_value("reduce-only rejected"), "reduce_only_rejected");
}

TEST(Metrics, ValuesRoundTripAndIntegersAreWhole) {
  Metrics metrics;
  metrics.set_gauge("g", "", {}, 1704240000.0);
  metrics.set_gauge("h", "", {}, 0.1 + 0.2);
  const std::string text = metrics.render();
  EXPECT_NE(text.find("g 1704240000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h 0.30000000000000004\n"), std::string::npos) << text;
}

TEST(Metrics, CountersAndKeptGaugesSurviveClearAndPersistence) {
  testing::TempDir dir;
  Metrics metrics;
  metrics.add_counter("hedgebot_ticks_total", "Ticks", {{"outcome", "ok"}}, 2);
  metrics.set_kept_gauge("hedgebot_last_success_timestamp_seconds", "Last", {}, 123);
  metrics.set_gauge("hedgebot_mark_price", "Mark", {}, 5);
  metrics.clear_gauges();
  EXPECT_TRUE(std::isnan(metrics.value("hedgebot_mark_price", {})));
  ASSERT_TRUE(save_metrics_state(dir.file("m.json"), metrics));
  Metrics loaded = load_metrics_state(dir.file("m.json"));
  EXPECT_EQ(loaded.value("hedgebot_ticks_total", {{"outcome", "ok"}}), 2);
  EXPECT_EQ(loaded.value("hedgebot_last_success_timestamp_seconds", {}), 123);
  EXPECT_NE(loaded.render().find("# TYPE hedgebot_last_success_timestamp_seconds gauge"),
            std::string::npos);
  // A damaged file starts from zero rather than failing the tick.
  dir.write("bad.json", "{not json");
  EXPECT_EQ(load_metrics_state(dir.file("bad.json")).render(), "");
}

TEST(Metrics, ErrorKindComesFromTheMessage) {
  EXPECT_EQ(error_kind_of("snapshot failed: timeout: no answer from /fapi/v1/klines"), "timeout");
  EXPECT_EQ(error_kind_of("BTC: insufficient margin: -2019"), "insufficient_margin");
  EXPECT_EQ(error_kind_of("something odd"), "other");
}

// A multi-asset account (coins in the futures wallet as margin) also reports its collateral
// value, with the account labels; an ordinary account does not.
TEST(Metrics, CollateralValueOfAMultiAssetAccount) {
  config::Config config;
  config::HedgeConfig configured;
  configured.asset = "BTC";
  configured.symbol = "BTCUSDT";
  config.hedges.push_back(configured);
  TickSessionResult session;
  session.ran = true;
  session.exit_code = kExitOk;
  session.now_ms = 1704240000000;
  session.report.now_ms = session.now_ms;
  Metrics plain;
  record_tick_metrics(plain, config, session, 0.25, 1704240001000);
  EXPECT_EQ(plain.render().find("hedgebot_collateral_value"), std::string::npos);

  session.report.account.multi_assets = true;
  session.report.account.collateral = {{"BTC", 0.5, 60000.0, 57000.0}, {"USDT", 10000, 1, 1}};
  Metrics metrics;
  record_tick_metrics(metrics, config, session, 0.25, 1704240001000);
  EXPECT_DOUBLE_EQ(
      metrics.value("hedgebot_collateral_value", {{"asset", "USDT"}, {"venue", "default"}}),
      38500.0);
}

// Every line of the exposition is a comment or `name{labels} value` with a valid name.
TEST(Metrics, TickMetricsFollowTheExpositionFormat) {
  config::Config config;
  config.bot.state_dir = "/nonexistent";
  // The short on the venue named bybit, the coins read from the one named binance.
  config::HedgeConfig configured;
  configured.asset = "BTC";
  configured.symbol = "BTCUSDT";
  configured.venue = "bybit";
  configured.spot_source = config::SpotSource::Account;
  configured.spot_venue = "binance";
  config.hedges.push_back(configured);
  TickSessionResult session;
  session.ran = true;
  session.exit_code = kExitOk;
  session.now_ms = 1704240000000;
  session.report.now_ms = session.now_ms;
  session.report.account.wallet_balance = 10000;
  session.report.account.margin_balance = 9990;
  session.report.account.maint_margin = 80;
  HedgeReport hedge;
  hedge.asset = "BTC";
  hedge.symbol = "BTCUSDT";
  hedge.decision.target_ratio = 0.5;
  hedge.actual_ratio = 0.2;
  hedge.spot_qty = 1.0;
  hedge.position_base = -0.2;
  hedge.mark_price = 60000;
  hedge.liquidation_price = 150000;
  session.report.hedges.push_back(hedge);
  session.after.push_back({.asset = "BTC",
                           .position_base = -0.5,
                           .position_contracts = std::nullopt,
                           .ratio = 0.5,
                           .liquidation_price = 79000});
  OrderReport order;
  order.hedge = "BTC";
  order.symbol = "BTCUSDT";
  order.status = "FILLED";
  session.report.orders.push_back(order);
  session.report.errors.push_back("BTC: timeout: no answer");
  session.report.transfers.push_back({.rule = "top-up",
                                      .asset = "USDT",
                                      .amount = 500,
                                      .direction = "to_futures",
                                      .status = "CONFIRMED",
                                      .id = "1",
                                      .reason = ""});
  session.report.transfers.push_back({.rule = "top-up",
                                      .asset = "USDT",
                                      .amount = 500,
                                      .direction = "to_futures",
                                      .status = "REFUSED",
                                      .id = "",
                                      .reason = "over the daily cap"});
  session.paper_totals = paper::PaperTotals{};
  session.paper_totals->fees_paid = 12.5;
  Metrics metrics;
  record_tick_metrics(metrics, config, session, 0.25, 1704240001000);
  const std::string text = metrics.render();
  const std::regex sample(
      R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEINFa]+$)");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# ", 0) == 0) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    EXPECT_EQ(line.rfind("hedgebot_", 0), 0u) << line;
  }
  // Every hedge and account metric names the venue; the spot quantity names the coins' venue.
  const Labels btc = {{"hedge", "BTC"}, {"symbol", "BTCUSDT"}, {"venue", "bybit"}};
  const Labels account = {{"asset", "USDT"}, {"venue", "bybit"}};
  EXPECT_EQ(metrics.value("hedgebot_hedge_target_ratio", btc), 0.5);
  EXPECT_EQ(metrics.value("hedgebot_hedge_actual_ratio", btc), 0.5);  // after the orders
  EXPECT_EQ(metrics.value("hedgebot_futures_position", btc), -0.5);
  EXPECT_EQ(
      metrics.value(
          "hedgebot_spot_quantity",
          {{"hedge", "BTC"}, {"symbol", "BTCUSDT"}, {"venue", "bybit"}, {"spot_venue", "binance"}}),
      1.0);
  EXPECT_EQ(metrics.value("hedgebot_mark_price", btc), 60000);
  EXPECT_EQ(metrics.value("hedgebot_liquidation_price", btc), 79000);  // after the orders
  EXPECT_DOUBLE_EQ(metrics.value("hedgebot_liquidation_distance", btc), 19000.0 / 60000.0);
  EXPECT_EQ(metrics.value("hedgebot_wallet_balance", account), 10000);
  EXPECT_EQ(metrics.value("hedgebot_margin_balance", account), 9990);
  EXPECT_DOUBLE_EQ(metrics.value("hedgebot_margin_ratio", {{"venue", "bybit"}}), 80.0 / 9990.0);
  EXPECT_EQ(
      metrics.value(
          "hedgebot_orders_total",
          {{"hedge", "BTC"}, {"symbol", "BTCUSDT"}, {"venue", "bybit"}, {"outcome", "filled"}}),
      1);
  EXPECT_EQ(metrics.value("hedgebot_errors_total", {{"kind", "timeout"}}), 1);
  // Transfers: counted by outcome; only the confirmed one's amount is counted as moved.
  const Labels moved = {{"asset", "USDT"}, {"direction", "to_futures"}, {"venue", "bybit"}};
  EXPECT_EQ(metrics.value("hedgebot_transferred_total", moved), 500);
  Labels confirmed = moved;
  confirmed.emplace_back("outcome", "confirmed");
  EXPECT_EQ(metrics.value("hedgebot_transfers_total", confirmed), 1);
  Labels refused = moved;
  refused.emplace_back("outcome", "refused");
  EXPECT_EQ(metrics.value("hedgebot_transfers_total", refused), 1);
  EXPECT_EQ(metrics.value("hedgebot_fees_paid_total", {{"asset", "USDT"}}), 12.5);
  EXPECT_EQ(metrics.value("hedgebot_funding_received_total", {{"asset", "USDT"}}), 0);
  EXPECT_EQ(metrics.value("hedgebot_funding_paid_total", {{"asset", "USDT"}}), 0);
  EXPECT_EQ(metrics.value("hedgebot_tick_duration_seconds", {}), 0.25);
  EXPECT_EQ(metrics.value("hedgebot_last_success_timestamp_seconds", {}), 1704240001);
  EXPECT_EQ(metrics.value("hedgebot_ticks_total", {{"outcome", "ok"}}), 1);

  // A failed tick counts its error and keeps the last success time.
  TickSessionResult failed;
  failed.exit_code = kExitRuntime;
  failed.error = "cannot read candles.csv";
  failed.error_kind = "invalid input";
  record_tick_metrics(metrics, config, failed, 0.1, 1704243600000);
  EXPECT_EQ(metrics.value("hedgebot_errors_total", {{"kind", "invalid_input"}}), 1);
  EXPECT_EQ(metrics.value("hedgebot_ticks_total", {{"outcome", "setup_failed"}}), 1);
  EXPECT_EQ(metrics.value("hedgebot_last_success_timestamp_seconds", {}), 1704240001);
  EXPECT_EQ(metrics.value("hedgebot_last_tick_exit_code", {}), 1);
}

}  // namespace
}  // namespace hedgebot::bot::daemon
