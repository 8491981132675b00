#include "bot/daemon/daemon.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bot/session/config_source.hpp"
#include "exchange/http_client.hpp"
#include "tests/daemon/fixtures.hpp"
#include "tests/daemon/http_receiver.hpp"

namespace hedgebot::bot::daemon {
namespace {

using testing::FakeClock;
using testing::FakeWaiter;
using testing::kDataStart;
using testing::kHour;
using testing::TempDir;

config::Config load(const std::string& path) {
  std::optional<config::Config> config = load_command_config({path, ""});
  EXPECT_TRUE(config.has_value());
  return *config;
}

std::vector<nlohmann::json> journal_events(const TempDir& dir, const std::string& event) {
  std::vector<nlohmann::json> found;
  for (const std::string& line : testing::read_lines(dir.file("state/journal.jsonl"))) {
    nlohmann::json entry = nlohmann::json::parse(line);
    if (entry["event"] == event) found.push_back(entry);
  }
  return found;
}

DaemonOptions options_for(const std::string& config_path) {
  DaemonOptions options;
  options.command.config_path = config_path;
  options.order_sleep = [](int64_t) {};
  return options;
}

TEST(Daemon, TicksOnTheDataThenHeartbeatsWhenItEnds) {
  TempDir dir;
  testing::write_candles(dir, 48);
  const std::string path =
      testing::write_config(dir, "[metrics]\ntextfile = \"state/hedgebot.prom\"\n");
  const int64_t data_end = kDataStart + 48 * kHour;
  FakeClock clock(data_end + 10 * 60 * 1000);  // the wall clock is past the data
  Daemon daemon(load(path), options_for(path), clock);
  FakeWaiter waiter(clock, 3);
  EXPECT_EQ(daemon.run(waiter), 0);

  const std::vector<nlohmann::json> heartbeats = journal_events(dir, "heartbeat");
  ASSERT_EQ(heartbeats.size(), 3u);
  EXPECT_EQ(heartbeats[0]["outcome"], "ok");
  EXPECT_EQ(heartbeats[0]["tick_time"], format_iso8601(data_end));
  EXPECT_EQ(heartbeats[0]["orders"], 1);
  EXPECT_EQ(heartbeats[1]["outcome"], "no_new_data");
  EXPECT_EQ(heartbeats[2]["outcome"], "no_new_data");
  EXPECT_EQ(heartbeats[2]["data_end"], format_iso8601(data_end));
  // Heartbeats carry the wall clock: one per scheduled tick, aligned to the hour + 5 s.
  EXPECT_EQ(heartbeats[1]["ts"], format_iso8601(data_end + kHour + 5000));
  EXPECT_EQ(heartbeats[2]["ts"], format_iso8601(data_end + 2 * kHour + 5000));
  // Only the first tick decided and traded.
  EXPECT_EQ(journal_events(dir, "decision").size(), 1u);
  // (An order is journaled before and after it is sent: one client order id.)
  const std::vector<nlohmann::json> orders = journal_events(dir, "order");
  ASSERT_FALSE(orders.empty());
  for (const nlohmann::json& order : orders)
    EXPECT_EQ(order["client_order_id"], orders[0]["client_order_id"]);

  const std::string prom = testing::read_file(dir.file("state/hedgebot.prom"));
  EXPECT_NE(prom.find("hedgebot_ticks_total{outcome=\"ok\"} 1\n"), std::string::npos) << prom;
  EXPECT_NE(prom.find("hedgebot_ticks_total{outcome=\"no_new_data\"} 2\n"), std::string::npos);
  // The hedge values of the last tick that ran stay while no new data comes.
  EXPECT_NE(
      prom.find("hedgebot_hedge_target_ratio{hedge=\"BTC\",symbol=\"BTCUSDT\",venue=\"default\"} "
                "0.5\n"),
      std::string::npos);
}

TEST(Daemon, TradesAgainWhenTheCandleFilesGrow) {
  TempDir dir;
  testing::write_candles(dir, 48);
  const std::string path = testing::write_config(dir);
  const int64_t data_end = kDataStart + 48 * kHour;
  FakeClock clock(data_end + 60 * 1000);
  Daemon daemon(load(path), options_for(path), clock);
  daemon.tick(clock.now_ms());
  clock.advance(kHour);
  daemon.tick(clock.now_ms());
  testing::write_candles(dir, 49);  // a downloader appended the next hour
  clock.advance(kHour);
  daemon.tick(clock.now_ms());
  const std::vector<nlohmann::json> heartbeats = journal_events(dir, "heartbeat");
  ASSERT_EQ(heartbeats.size(), 3u);
  EXPECT_EQ(heartbeats[1]["outcome"], "no_new_data");
  EXPECT_EQ(heartbeats[2]["outcome"], "ok");
  EXPECT_EQ(heartbeats[2]["tick_time"], format_iso8601(data_end + kHour));
  EXPECT_EQ(journal_events(dir, "decision").size(), 2u);
}

TEST(Daemon, AnOutageBacksOffAndRecoversWithoutExiting) {
  TempDir dir;
  testing::write_candles(dir, 48);
  const std::string path = testing::write_config(dir);
  FakeClock clock(kDataStart + 48 * kHour + 5000);
  DaemonOptions options = options_for(path);
  int calls = 0;
  options.run_tick = [&](const config::Config& config, const TickSessionOptions& session) {
    ++calls;
    if (calls <= 3) {
      TickSessionResult down;
      down.ran = true;
      down.exit_code = kExitRuntime;
      down.report.exit_code = kExitRuntime;
      down.report.errors.push_back("snapshot failed: network: connection refused");
      return down;
    }
    return run_tick_session(config, session);
  };
  Daemon daemon(load(path), options, clock);
  FakeWaiter waiter(clock, 5);
  EXPECT_EQ(daemon.run(waiter), 0);
  EXPECT_EQ(calls, 5);
  EXPECT_EQ(daemon.consecutive_failures(), 0);
  // Waits: at once, then +5 s, +10 s, +20 s retries, then the next hourly tick.
  ASSERT_GE(waiter.deadlines.size(), 5u);
  EXPECT_EQ(waiter.deadlines[1] - waiter.deadlines[0], 5000);
  EXPECT_EQ(waiter.deadlines[2] - waiter.deadlines[1], 10000);
  EXPECT_EQ(waiter.deadlines[3] - waiter.deadlines[2], 20000);
  const std::vector<nlohmann::json> heartbeats = journal_events(dir, "heartbeat");
  ASSERT_EQ(heartbeats.size(), 5u);
  EXPECT_EQ(heartbeats[2]["consecutive_failures"], 3);
  EXPECT_EQ(heartbeats[3]["outcome"], "ok");
  EXPECT_EQ(heartbeats[3]["consecutive_failures"], 0);
}

TEST(Daemon, ABrokenDataFileIsJournaledAndRetried) {
  TempDir dir;
  testing::write_candles(dir, 48);
  const std::string path = testing::write_config(dir);
  FakeClock clock(kDataStart + 48 * kHour + 5000);
  Daemon daemon(load(path), options_for(path), clock);
  dir.write("candles.csv", "open_time_ms,open,high\n1,2\n");
  const TickOutcome outcome = daemon.tick(clock.now_ms());
  EXPECT_FALSE(outcome.unreachable);  // a usage-level problem: wait for the next close
  const std::vector<nlohmann::json> errors = journal_events(dir, "error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["stage"], "session");
  testing::write_candles(dir, 48);
  daemon.tick(clock.now_ms() + kHour);
  EXPECT_EQ(journal_events(dir, "heartbeat").back()["outcome"], "ok");
}

TEST(Daemon, ReloadTakesAValidConfigAndKeepsTheOldOneOnError) {
  TempDir dir;
  testing::write_candles(dir, 48);
  const std::string path = testing::write_config(dir);
  FakeClock clock(kDataStart + 48 * kHour);
  Daemon daemon(load(path), options_for(path), clock);
  EXPECT_EQ(daemon.schedule().interval_ms, kHour);

  testing::write_config(dir, "", "15m");
  EXPECT_TRUE(daemon.reload());
  EXPECT_EQ(daemon.schedule().interval_ms, 15 * 60 * 1000);
  EXPECT_EQ(journal_events(dir, "config_reload").size(), 1u);

  dir.write("hedgebot.toml", "[bot]\ninterval = \"7m\"\n");  // invalid: bad interval, no hedge
  EXPECT_FALSE(daemon.reload());
  EXPECT_EQ(daemon.schedule().interval_ms, 15 * 60 * 1000);
  std::vector<nlohmann::json> errors = journal_events(dir, "error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["stage"], "reload");

  testing::write_config(dir, "[metrics]\nlisten = \"0.0.0.0:9108\"\n");
  EXPECT_FALSE(daemon.reload());
  errors = journal_events(dir, "error");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[1]["message"].get<std::string>().find("loopback"), std::string::npos);
  EXPECT_EQ(daemon.schedule().interval_ms, 15 * 60 * 1000);
}

TEST(Daemon, ReloadRefusesToMoveTheStateDir) {
  TempDir dir;
  testing::write_candles(dir, 48);
  const std::string path = testing::write_config(dir);
  FakeClock clock(kDataStart + 48 * kHour);
  Daemon daemon(load(path), options_for(path), clock);
  std::string text = testing::read_file(path);
  text.replace(text.find("state_dir = \"state\""), 19, "state_dir = \"other\"");
  dir.write("hedgebot.toml", text);
  EXPECT_FALSE(daemon.reload());
}

TEST(Daemon, ServesMetricsOnLoopbackOnly) {
  TempDir dir;
  testing::write_candles(dir, 48);
  const int port = testing::closed_loopback_port();
  const std::string path = testing::write_config(
      dir, "[metrics]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n");
  FakeClock clock(kDataStart + 48 * kHour + 5000);
  Daemon daemon(load(path), options_for(path), clock);
  ASSERT_TRUE(daemon.start());
  daemon.tick(clock.now_ms());
  http::HttpClient client(http::ClientOptions{});
  Result<http::Response> metrics = client.send(
      {http::Method::Get, "http://127.0.0.1:" + std::to_string(port) + "/metrics", {}, ""});
  ASSERT_TRUE(metrics) << metrics.error().describe();
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->header("content-type")->find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(metrics->body.find("hedgebot_ticks_total{outcome=\"ok\"} 1"), std::string::npos);
  Result<http::Response> other =
      client.send({http::Method::Get, "http://127.0.0.1:" + std::to_string(port) + "/", {}, ""});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);

  config::Config exposed = load(path);
  exposed.metrics.listen = "0.0.0.0:9108";
  EXPECT_FALSE(daemon_config_problems(exposed, false).empty());
  exposed.metrics.listen = "[::1]:9108";
  EXPECT_TRUE(daemon_config_problems(exposed, false).empty());
  exposed.metrics.listen = "192.168.1.5:9108";
  EXPECT_FALSE(daemon_config_problems(exposed, false).empty());
}

TEST(Daemon, ADeadNotifierDoesNotChangeTheTick) {
  TempDir dir;
  testing::write_candles(dir, 48);
  ::setenv("HEDGEBOT_TEST_DEAD_HOOK",
           ("http://127.0.0.1:" + std::to_string(testing::closed_loopback_port()) + "/x").c_str(),
           1);
  const std::string path = testing::write_config(
      dir,
      "[metrics]\ntextfile = \"state/hedgebot.prom\"\n"
      "[[notify]]\nkind = \"webhook\"\nurl_env = \"HEDGEBOT_TEST_DEAD_HOOK\"\n");
  FakeClock clock(kDataStart + 48 * kHour + 5000);
  Daemon daemon(load(path), options_for(path), clock);
  EXPECT_FALSE(daemon.tick(clock.now_ms()).unreachable);
  ::unsetenv("HEDGEBOT_TEST_DEAD_HOOK");
  const std::vector<nlohmann::json> heartbeats = journal_events(dir, "heartbeat");
  ASSERT_EQ(heartbeats.size(), 1u);
  EXPECT_EQ(heartbeats[0]["outcome"], "ok");
  EXPECT_EQ(heartbeats[0]["orders"], 1);
  const std::string prom = testing::read_file(dir.file("state/hedgebot.prom"));
  EXPECT_NE(prom.find("hedgebot_notifications_total{outcome=\"failed\"}"), std::string::npos);
}

TEST(Daemon, NotifiesOrdersToALiveReceiver) {
  TempDir dir;
  testing::write_candles(dir, 48);
  testing::HttpReceiver receiver;
  ::setenv("HEDGEBOT_TEST_HOOK", receiver.url("/hook").c_str(), 1);
  const std::string path = testing::write_config(
      dir, "[[notify]]\nkind = \"webhook\"\nurl_env = \"HEDGEBOT_TEST_HOOK\"\n");
  FakeClock clock(kDataStart + 48 * kHour + 5000);
  Daemon daemon(load(path), options_for(path), clock);
  daemon.tick(clock.now_ms());
  ::unsetenv("HEDGEBOT_TEST_HOOK");
  ASSERT_EQ(receiver.requests().size(), 1u);
  const nlohmann::json body = nlohmann::json::parse(receiver.requests()[0].body);
  EXPECT_EQ(body["event"], "order");
  EXPECT_EQ(body["items"][0]["side"], "SELL");
  EXPECT_EQ(body["items"][0]["status"], "FILLED");
}

}  // namespace
}  // namespace hedgebot::bot::daemon
