// One `once --live` is one TCP connection per host, and the exchangeInfo cache spares the next
// run's exchangeInfo request. Also the standalone fake_venue executable the benchmark uses.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "exchange/http_client.hpp"
#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class KeepAlive : public LiveTest {};

TEST_F(KeepAlive, OneRunIsOneConnectionAndTheNextRunUsesTheCachedExchangeInfo) {
  write_config();
  const CommandResult first = once();
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  EXPECT_EQ(venue().connections(), 1);
  EXPECT_EQ(requests("GET /fapi/v1/exchangeInfo"), 1);
  EXPECT_TRUE(std::filesystem::exists(state_dir() + "/exchange_info.json"));
  // Nothing is asked twice in one tick, except the position: once to plan, once after the
  // orders for the report.
  const Json stats = venue().stats();
  for (const auto& [name, count] : stats["requests"].items()) {
    EXPECT_EQ(count.get<int64_t>(), name == "GET /fapi/v3/positionRisk" ? 2 : 1) << name;
  }

  next_tick();
  const CommandResult second = once();
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  EXPECT_EQ(venue().connections(), 2);  // a new process, one new connection
  EXPECT_EQ(requests("GET /fapi/v1/exchangeInfo"), 1) << "the cache was not used";
  // A quiet tick (already at target) reads the position once, not again for the report.
  EXPECT_EQ(requests("GET /fapi/v3/positionRisk"), 3);
}

TEST_F(KeepAlive, FundingHistoryIsFetchedOnlyForRulesThatReadIt) {
  // No rule reads settled funding rates: the premium index (mark, predicted rate) is enough.
  write_config();
  ASSERT_EQ(once().exit_code, 0);
  EXPECT_EQ(requests("GET /fapi/v1/premiumIndex"), 1);
  EXPECT_EQ(requests("GET /fapi/v1/fundingRate"), 0);

  // A rule on the mean of the last three settlements: one funding history request a tick.
  next_tick();
  write_config({}, "",
               "[[rule]]\nname = \"funding-rich\"\nwhen = \"funding_above\"\nthreshold = 0.01\n"
               "window = 3\nsource = \"mean\"\naction = \"set_ratio\"\nratio = 1.0\n");
  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(requests("GET /fapi/v1/fundingRate"), 1);
}

TEST_F(KeepAlive, OneConnectionPerHost) {
  // Futures on 127.0.0.1, spot on "localhost": two origins, one connection each.
  const std::string url = venue().url();
  const std::string spot_url = "http://localhost:" + std::to_string(venue().port());
  write_config({.spot_from_account = true});
  std::string text = read_file(config_path());
  const std::string spot_line = "spot_url = \"" + url + "\"";
  ASSERT_NE(text.find(spot_line), std::string::npos);
  text.replace(text.find(spot_line), spot_line.size(), "spot_url = \"" + spot_url + "\"");
  write_file("live.toml", text);

  const CommandResult run = once();
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(requests("GET /api/v3/account"), 1);
  EXPECT_EQ(venue().connections(), 2);
}

TEST_F(KeepAlive, AnExpiredCacheIsFetchedAgain) {
  write_config({}, "exchange_info_ttl = \"1s\"\n");
  ASSERT_EQ(once().exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  next_tick();
  ASSERT_EQ(once().exit_code, 0);
  EXPECT_EQ(requests("GET /fapi/v1/exchangeInfo"), 2);
}

// The standalone executable: started, driven over its control endpoints, stopped.
class StandaloneVenue : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  // Starts fake_venue and returns its URL.
  std::string start() {
    const std::string port_file = dir_.file("port");
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string binary = std::string(HEDGEBOT_BINARY_DIR) + "/fake_venue";
      ::execl(binary.c_str(), binary.c_str(), "--port", "0", "--max-lifetime", "60", "--port-file",
              port_file.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      const std::string port =
          std::filesystem::exists(port_file) ? read_file(port_file) : std::string();
      if (!port.empty() && port.back() == '\n') {
        return "http://127.0.0.1:" + port.substr(0, port.size() - 1);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "fake_venue did not start";
    return "";
  }

  Json control(const std::string& url, http::Method method, const std::string& what) {
    Result<http::Response> response = client_.send({method, url + what, {}, ""});
    EXPECT_TRUE(response) << response.error().describe();
    if (!response) return Json();
    EXPECT_EQ(response->status, 200) << response->body;
    return Json::parse(response->body, nullptr, false);
  }

  TempDir dir_;
  pid_t pid_ = -1;
  http::HttpClient client_{http::ClientOptions{}};
};

TEST_F(StandaloneVenue, OnceLiveAgainstTheExecutable) {
  const std::string url = start();
  ASSERT_FALSE(url.empty());
  // 0.5 BTC at 4x on the venue's 10 000 wallet: initial margin, fee and slippage fit (at 3x the
  // initial margin alone would take the whole wallet, and the order is trimmed to fit).
  const std::string config = dir_.write(
      "live.toml", "[bot]\nmode = \"live\"\nstate_dir = \"" + dir_.file("state") +
                       "\"\n[exchange]\nfutures_url = \"" + url + "\"\nspot_url = \"" + url +
                       "\"\ntimeout = \"1s\"\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
                       "spot = { fixed = 1.0 }\nbaseline_ratio = 0.5\nleverage = 4\n");
  std::filesystem::create_directories(dir_.file("state"));
  // A lost order answer, over the control endpoint.
  control(url, http::Method::Post, "/__fake/fault?kind=drop-after&path=/fapi/v1/order&method=POST");
  const CommandResult run =
      run_command(std::string("HEDGEBOT_API_KEY=") + fake::kTestApiKey +
                  " HEDGEBOT_API_SECRET=" + fake::kTestApiSecret + " " +
                  hedgebot::testing::hedgebot_binary() + " once --live -c " + config);
  EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
  const Json stats = control(url, http::Method::Get, "/__fake/stats");
  EXPECT_EQ(stats["positions"]["BTCUSDT"], "-0.500") << stats.dump();
  EXPECT_EQ(stats["total_orders_placed"], 1) << stats.dump();
  EXPECT_EQ(stats["connections"], 2) << stats.dump();  // the dropped one and its successor
}

}  // namespace
}  // namespace hedgebot::live_test
