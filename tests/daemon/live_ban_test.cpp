// `run` in live mode against the fake venue, with the daemon's clock injected into the venue
// client too: an IP ban with Retry-After ends by itself and the daemon trades again right then,
// without a signal.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "bot/daemon/daemon.hpp"
#include "bot/session/config_source.hpp"
#include "exchange/binance/binance_client.hpp"
#include "fakevenue/fake_venue.hpp"
#include "tests/daemon/fixtures.hpp"

namespace hedgebot::bot::daemon {
namespace {

using testing::FakeClock;
using testing::FakeWaiter;
using testing::TempDir;

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string write_live_config(const TempDir& dir, const std::string& url) {
  return dir.write(
      "live.toml",
      "[bot]\nmode = \"live\"\ninterval = \"1h\"\ntick_delay = \"5s\"\n"
      "state_dir = \"" +
          dir.file("state") +
          "\"\n"
          "[exchange]\nfutures_url = \"" +
          url + "\"\nspot_url = \"" + url +
          "\"\ntimeout = \"1s\"\nconnect_timeout = \"1s\"\n"
          "api_key_env = \"HB_BAN_TEST_KEY\"\napi_secret_env = \"HB_BAN_TEST_SECRET\"\n"
          "[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\n"
          "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { fixed = 1.0 }\n"
          "baseline_ratio = 0.5\nmax_ratio = 1.0\nleverage = 3\n");
}

std::vector<nlohmann::json> heartbeats(const TempDir& dir) {
  std::vector<nlohmann::json> found;
  for (const std::string& line : testing::read_lines(dir.file("state/journal.jsonl"))) {
    nlohmann::json entry = nlohmann::json::parse(line);
    if (entry["event"] == "heartbeat") found.push_back(entry);
  }
  return found;
}

TEST(DaemonLive, ABanEndsWhenTheVenueSaidAndTradingResumesWithoutASignal) {
  fake::FakeVenue venue;
  venue.set_wallet_balance(100000.0);
  TempDir dir;
  ::setenv("HB_BAN_TEST_KEY", fake::kTestApiKey, 1);  // the keys a live config needs
  ::setenv("HB_BAN_TEST_SECRET", fake::kTestApiSecret, 1);
  const std::string path = write_live_config(dir, venue.url());
  std::optional<config::Config> config = load_command_config({path, ""});
  ASSERT_TRUE(config.has_value());

  FakeClock clock(wall_ms());
  const int64_t start_ms = clock.now_ms();
  BinanceSettings settings;
  settings.futures_url = venue.url();
  settings.spot_url = venue.url();
  settings.api_key = Secret(fake::kTestApiKey);
  settings.api_secret = Secret(fake::kTestApiSecret);
  settings.timeout_ms = 1000;
  settings.wall_clock_ms = [&clock] { return clock.now_ms(); };
  settings.sleep_ms = [](int64_t) {};
  // One venue for the daemon's life, as `run` keeps it.
  std::map<std::string, std::unique_ptr<VenueClient>> clients;
  clients["default"] = std::make_unique<BinanceClient>(std::move(settings));
  Result<std::unique_ptr<VenueSet>> venues = VenueSet::with_clients(*config, std::move(clients));
  ASSERT_TRUE(venues) << venues.error().describe();

  DaemonOptions options;
  options.command.config_path = path;
  options.order_sleep = [](int64_t) {};
  options.run_tick = [&](const config::Config& tick_config, const TickSessionOptions& session) {
    venue.set_clock_skew_ms(clock.now_ms() - wall_ms());  // the venue's clock follows ours
    TickSessionOptions with_client = session;
    with_client.venues = venues->get();
    return run_tick_session(tick_config, with_client);
  };
  fake::Fault ban;
  ban.kind = fake::FaultKind::Ban418;  // the first request of the first tick: banned for 15 s
  ban.retry_after_s = 15;
  venue.inject(ban);

  Daemon daemon(*config, options, clock);
  FakeWaiter waiter(clock, 2);  // the first tick at once, one more wake-up, then stop
  EXPECT_EQ(daemon.run(waiter), 0);

  EXPECT_EQ(venue.total_orders_placed(), 1);
  ASSERT_GE(waiter.deadlines.size(), 2u);
  EXPECT_EQ(waiter.deadlines[1], start_ms + 15000);  // neither the 5 s backoff nor the next hour
  const std::vector<nlohmann::json> beats = heartbeats(dir);
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_NE(beats[0]["outcome"], "ok");
  EXPECT_EQ(beats[1]["outcome"], "ok") << beats[1].dump();
  EXPECT_DOUBLE_EQ(venue.position("BTCUSDT"), -0.5);
}

}  // namespace
}  // namespace hedgebot::bot::daemon
