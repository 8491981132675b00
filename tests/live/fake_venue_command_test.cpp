// `hedgebot fake-venue` as a user runs it: the real binary serving on a free loopback port, and
// the real binary's `once --live` trading against it, with and without an injected fault.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "exchange/http_client.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using Json = nlohmann::json;
using testing::CommandResult;
using testing::hedgebot_binary;
using testing::read_file;
using testing::run_command;
using testing::TempDir;

constexpr const char* kKey = "command-test-key-0001";
constexpr const char* kSecret = "command-test-secret-0001";

// `hedgebot fake-venue ARGS...` in the background; its stdout and stderr go to files.
class FakeVenueProcess {
 public:
  FakeVenueProcess(const TempDir& dir, std::vector<std::string> arguments)
      : out_(dir.write("fake-venue.out", "")), err_(dir.write("fake-venue.err", "")) {
    const std::string binary = hedgebot_binary();
    arguments.insert(arguments.begin(), {binary, "fake-venue"});
    pid_ = ::fork();
    if (pid_ == 0) {
      if (std::freopen(out_.c_str(), "w", stdout) == nullptr ||
          std::freopen(err_.c_str(), "w", stderr) == nullptr)
        ::_exit(127);
      std::vector<char*> argv;
      for (std::string& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~FakeVenueProcess() {
    if (pid_ > 0 && exit_code_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // The URL from the start banner ("  url:        http://127.0.0.1:PORT"); "" when it never
  // printed one (it exited, or 20 s passed).
  std::string wait_for_url() {
    for (int i = 0; i < 2000; ++i) {
      std::istringstream lines(read_file(out_));
      std::string line;
      while (std::getline(lines, line)) {
        if (line.rfind("  url:", 0) == 0) return line.substr(line.find("http://"));
      }
      if (exited()) return "";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "";
  }

  // Sends `signal` and waits for the exit code (-1 when it did not exit within 10 s).
  int stop(int signal = SIGTERM) {
    ::kill(pid_, signal);
    for (int i = 0; i < 1000 && !exited(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return exit_code_;
  }

  // Waits for it to exit by itself (-1 after 10 s).
  int wait() {
    for (int i = 0; i < 1000 && !exited(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return exit_code_;
  }

  std::string out() const { return read_file(out_); }
  std::string err() const { return read_file(err_); }

 private:
  bool exited() {
    if (exit_code_ >= 0) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }

  std::string out_, err_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// GET /__fake/stats: requests, executed placements per client order id, positions.
Json venue_stats(const std::string& url) {
  http::HttpClient client(http::ClientOptions{});
  http::Request request;
  request.url = url + "/__fake/stats";
  auto response = client.send(request);
  if (!response.ok()) {
    ADD_FAILURE() << response.error().describe();
    return Json::object();
  }
  return Json::parse(response.value().body);
}

// A live config for the fake venue at `url`: a fixed spot of 0.1 BTC hedged at 0.5, so
// `once --live` shorts 0.05 BTCUSDT.
std::string write_config(const TempDir& dir, const std::string& url) {
  std::ostringstream text;
  text << "[bot]\nmode = \"live\"\ninterval = \"1h\"\nstate_dir = \"" << dir.file("state")
       << "\"\n\n[exchange]\nfutures_url = \"" << url << "\"\nspot_url = \"" << url
       << "\"\ntimeout = \"2s\"\nconnect_timeout = \"1s\"\n\n"
       << "[risk]\nmax_order_notional = 100000.0\nmax_leverage = 10.0\nkill_switch = \""
       << dir.file("state") << "/STOP\"\n\n"
       << "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { fixed = 0.1 }\n"
       << "baseline_ratio = 0.5\nmin_ratio = 0.0\nmax_ratio = 1.0\nleverage = 3\n";
  return dir.write("live.toml", text.str());
}

CommandResult once_live(const std::string& config) {
  return run_command(std::string("HEDGEBOT_API_KEY=") + kKey + " HEDGEBOT_API_SECRET=" + kSecret +
                     " " + hedgebot_binary() + " once --live --json -c " + config);
}

TEST(FakeVenueCommand, ServesOnceLiveThatOpensTheHedge) {
  TempDir dir;
  FakeVenueProcess venue(
      dir, {"--venue", "binance", "--port", "0", "--api-key", kKey, "--api-secret", kSecret});
  const std::string url = venue.wait_for_url();
  ASSERT_FALSE(url.empty()) << venue.out() << venue.err();
  EXPECT_NE(venue.out().find(std::string("api key:    ") + kKey), std::string::npos) << venue.out();
  EXPECT_NE(venue.out().find("futures_url = \"" + url + "\""), std::string::npos) << venue.out();

  const CommandResult run = once_live(write_config(dir, url));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const Json stats = venue_stats(url);
  EXPECT_EQ(stats["positions"].value("BTCUSDT", ""), "-0.050") << stats.dump();
  EXPECT_EQ(stats.value("total_orders_placed", -1), 1) << stats.dump();

  EXPECT_EQ(venue.stop(SIGTERM), 0) << venue.err();
  EXPECT_NE(venue.out().find("SIGTERM, stopping"), std::string::npos) << venue.out();
}

TEST(FakeVenueCommand, ALostOrderResponseDoesNotDoubleTheOrder) {
  TempDir dir;
  FakeVenueProcess venue(
      dir, {"--venue", "binance", "--port", "0", "--api-key", kKey, "--api-secret", kSecret,
            "--faults", "lose-response:POST /fapi/v1/order:1"});
  const std::string url = venue.wait_for_url();
  ASSERT_FALSE(url.empty()) << venue.out() << venue.err();
  EXPECT_NE(venue.out().find("lose-response on POST /fapi/v1/order, the next 1 matching request"),
            std::string::npos)
      << venue.out();

  const std::string config = write_config(dir, url);
  const CommandResult run = once_live(config);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const CommandResult again = once_live(config);  // and a second run changes nothing
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;

  const Json stats = venue_stats(url);
  // The answer to the placement was lost: the venue saw the placement, the bot found it
  // instead of placing it again.
  EXPECT_EQ(stats["positions"].value("BTCUSDT", ""), "-0.050") << stats.dump();
  EXPECT_EQ(stats.value("total_orders_placed", -1), 1) << stats.dump();
  // The venue did close a connection on the placement: two runs on one connection each
  // otherwise.
  EXPECT_GE(stats.value("connections", 0), 3) << stats.dump();
  for (const auto& [id, count] : stats["orders_placed"].items()) {
    EXPECT_EQ(count.get<int64_t>(), 1) << "client order id " << id << " placed twice";
  }
  EXPECT_EQ(venue.stop(SIGINT), 0) << venue.err();
}

TEST(FakeVenueCommand, KeepsTheAccountInTheStateFileAcrossARestart) {
  TempDir dir;
  const std::string state = dir.file("venue.json");
  std::string url;
  {
    FakeVenueProcess venue(
        dir, {"--port", "0", "--state", state, "--api-key", kKey, "--api-secret", kSecret});
    url = venue.wait_for_url();
    ASSERT_FALSE(url.empty()) << venue.out() << venue.err();
    const CommandResult run = once_live(write_config(dir, url));
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(venue.stop(), 0) << venue.err();
  }
  // A new process on the same file: the position is still there, and the keys are kept.
  FakeVenueProcess venue(dir, {"--port", "0", "--state", state});
  url = venue.wait_for_url();
  ASSERT_FALSE(url.empty()) << venue.out() << venue.err();
  EXPECT_NE(venue.out().find(std::string("api key:    ") + kKey), std::string::npos) << venue.out();
  const Json stats = venue_stats(url);
  EXPECT_EQ(stats["positions"].value("BTCUSDT", ""), "-0.050") << stats.dump();
  EXPECT_EQ(venue.stop(), 0) << venue.err();
}

// The lines of `text` from the one after `from` up to the one before `to`.
std::string lines_between(const std::string& text, const std::string& from, const std::string& to) {
  const size_t start = text.find(from);
  const size_t end = text.find(to);
  if (start == std::string::npos || end == std::string::npos || end < start) return "";
  const size_t first = text.find('\n', start) + 1;
  return text.substr(first, end - first);
}

// Every look-alike, as a trader uses it: start it, paste the config lines and the keys its
// banner prints, and `once --live` opens the hedge on it (0.05 BTC short, in the venue's units).
class EveryLookAlike : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryLookAlike, ItsBannerIsAConfigThatOpensTheHedge) {
  TempDir dir;
  std::vector<std::string> arguments = {"--venue", GetParam(), "--port", "0"};
  FakeVenueProcess venue(dir, arguments);
  const std::string url = venue.wait_for_url();
  ASSERT_FALSE(url.empty()) << venue.out() << venue.err();
  const std::string banner = venue.out();
  const std::string config_lines =
      lines_between(banner, "Point hedgebot at it (config):", "and the keys (environment):");
  ASSERT_NE(config_lines.find("futures_url = \"" + url + "\""), std::string::npos) << banner;
  std::string environment;
  std::istringstream exports(
      lines_between(banner, "and the keys (environment):", "then: hedgebot once"));
  for (std::string line; std::getline(exports, line);) {
    const size_t at = line.find("export ");
    ASSERT_NE(at, std::string::npos) << banner;
    environment += line.substr(at + 7) + " ";
  }
  // The banner's own [bot] and [exchange] tables, with this run's state and timeouts added.
  std::string text = config_lines;
  const size_t exchange_at = text.find("[exchange]");
  ASSERT_NE(exchange_at, std::string::npos) << banner;
  text.insert(exchange_at, "interval = \"1h\"\nstate_dir = \"" + dir.file("state") + "\"\n");
  text +=
      "timeout = \"2s\"\nconnect_timeout = \"1s\"\n\n"
      "[risk]\nmax_order_notional = 100000.0\nmax_leverage = 10.0\n\n"
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { fixed = 0.1 }\n"
      "baseline_ratio = 0.5\nmin_ratio = 0.0\nmax_ratio = 1.0\nleverage = 3\n";
  const std::string path = dir.write("live.toml", text);
  const CommandResult run =
      run_command(environment + hedgebot_binary() + " once --live --json -c " + path);
  ASSERT_EQ(run.exit_code, 0) << text << run.out << run.err;
  const Json report = Json::parse(run.out);
  ASSERT_EQ(report["orders"].size(), 1U) << run.out;
  EXPECT_EQ(report["orders"][0].value("side", ""), "SELL") << run.out;
  ASSERT_EQ(report["positions_after"].size(), 1U) << run.out;
  EXPECT_NEAR(report["positions_after"][0].value("position_qty", 0.0), -0.05, 1e-9) << run.out;
  EXPECT_EQ(venue.stop(SIGTERM), 0) << venue.err();
}

INSTANTIATE_TEST_SUITE_P(FakeVenueCommand, EveryLookAlike,
                         ::testing::Values("bybit", "bingx", "weex", "mexc"));

TEST(FakeVenueCommand, RefusesANonLoopbackAddress) {
  TempDir dir;
  FakeVenueProcess venue(dir, {"--port", "0", "--bind", "0.0.0.0"});
  EXPECT_EQ(venue.wait(), 2) << venue.out() << venue.err();
  EXPECT_NE(venue.err().find("0.0.0.0 is not a loopback address"), std::string::npos)
      << venue.err();
  EXPECT_EQ(venue.out(), "");  // no banner, no keys
}

TEST(FakeVenueCommand, RefusesAFaultSpecItCannotRead) {
  TempDir dir;
  FakeVenueProcess venue(dir, {"--port", "0", "--faults", "lose-respons:POST /fapi/v1/order"});
  EXPECT_EQ(venue.wait(), 2) << venue.out() << venue.err();
  EXPECT_NE(venue.err().find("unknown fault \"lose-respons\""), std::string::npos) << venue.err();
}

}  // namespace
}  // namespace hedgebot
