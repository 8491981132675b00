// `hedgebot once` and `hedgebot run` end to end: the real binary, a temp state dir.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/daemon/fixtures.hpp"
#include "tests/daemon/http_receiver.hpp"
#include "tests/support/run_command.hpp"

namespace hedgebot::testing {
namespace {

// Starts `hedgebot args...` with stdout/stderr to files and every signal unblocked.
pid_t spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr);
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    std::vector<char*> argv;
    const std::string binary = hedgebot_binary();
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// Waits (polling, at most 20 s) until `predicate` holds.
template <typename Predicate>
bool eventually(Predicate predicate) {
  for (int i = 0; i < 400; ++i) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int count_in_journal(const TempDir& dir, const std::string& event) {
  int count = 0;
  for (const std::string& line : read_lines(dir.file("state/journal.jsonl"))) {
    if (line.find("\"event\":\"" + event + "\"") != std::string::npos) ++count;
  }
  return count;
}

int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(CliDaemon, OnceWritesTheMetricsTextfileAndCountsAcrossRuns) {
  TempDir dir;
  write_candles(dir, 48);
  const std::string config = write_config(dir, "[metrics]\ntextfile = \"state/hedgebot.prom\"\n");
  const CommandResult first = run_command(hedgebot_binary() + " once -c " + config);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const CommandResult second = run_command(hedgebot_binary() + " once -c " + config);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string prom = read_file(dir.file("state/hedgebot.prom"));
  EXPECT_NE(prom.find("hedgebot_ticks_total{outcome=\"ok\"} 2\n"), std::string::npos) << prom;
  EXPECT_NE(prom.find("# TYPE hedgebot_orders_total counter"), std::string::npos);
  EXPECT_NE(prom.find("hedgebot_last_success_timestamp_seconds "), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.file("state/hedgebot.prom.tmp")));
}

TEST(CliDaemon, ADeadNotifierDoesNotChangeOncesExitCodeOrOutput) {
  TempDir with_dead, without;
  write_candles(with_dead, 48);
  write_candles(without, 48);
  const std::string dead_url =
      "http://127.0.0.1:" + std::to_string(closed_loopback_port()) + "/hooks/SECRET-TOKEN";
  const std::string notify =
      "[[notify]]\nkind = \"slack\"\nurl_env = \"HEDGEBOT_TEST_DEAD_SLACK\"\n";
  const std::string dead_config = write_config(with_dead, notify);
  const std::string plain_config = write_config(without);
  const CommandResult dead = run_command("HEDGEBOT_TEST_DEAD_SLACK=" + dead_url + " " +
                                         hedgebot_binary() + " once --json -c " + dead_config);
  const CommandResult plain = run_command(hedgebot_binary() + " once --json -c " + plain_config);
  EXPECT_EQ(dead.exit_code, plain.exit_code);
  EXPECT_EQ(dead.exit_code, 0) << dead.err;
  EXPECT_EQ(nlohmann::json::parse(dead.out)["orders"], nlohmann::json::parse(plain.out)["orders"]);
  EXPECT_NE(dead.err.find("HEDGEBOT_TEST_DEAD_SLACK"), std::string::npos) << dead.err;
  EXPECT_EQ(dead.err.find("SECRET"), std::string::npos) << dead.err;
  EXPECT_EQ(dead.out.find("SECRET"), std::string::npos);
}

TEST(CliDaemon, OnceNotifiesALocalWebhook) {
  TempDir dir;
  write_candles(dir, 48);
  HttpReceiver receiver;
  const std::string config =
      write_config(dir, "[[notify]]\nkind = \"discord\"\nurl_env = \"HEDGEBOT_TEST_DISCORD\"\n");
  const CommandResult result =
      run_command("HEDGEBOT_TEST_DISCORD=" + receiver.url("/api/webhooks/1/abc") + " " +
                  hedgebot_binary() + " once -c " + config);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(receiver.requests().size(), 1u);
  const nlohmann::json body = nlohmann::json::parse(receiver.requests()[0].body);
  EXPECT_NE(body["content"].get<std::string>().find("SELL 0.500 BTCUSDT"), std::string::npos)
      << body;
}

TEST(CliDaemon, RunTicksHoldsTheLockReloadsAndStopsCleanlyOnSigterm) {
  TempDir dir;
  write_candles(dir, 48);
  const std::string config = write_config(dir);
  const pid_t pid =
      spawn({"--log-format", "json", "run", "-c", config}, dir.file("out"), dir.file("err"));
  ASSERT_TRUE(eventually([&] { return count_in_journal(dir, "heartbeat") >= 1; }))
      << read_file(dir.file("err"));

  // The daemon holds the lock: a cron `once` on the same state dir exits 3.
  const CommandResult once = run_command(hedgebot_binary() + " once -c " + config);
  EXPECT_EQ(once.exit_code, 3) << once.err;

  // SIGHUP with a broken config: logged and journaled, the daemon keeps running.
  dir.write("hedgebot.toml", "[bot]\ninterval = \"7m\"\n");
  ASSERT_EQ(::kill(pid, SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return count_in_journal(dir, "error") >= 1; }));
  write_config(dir);
  ASSERT_EQ(::kill(pid, SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return count_in_journal(dir, "config_reload") >= 1; }));

  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_EQ(wait_exit(pid), 0);

  // --log-format json: every stderr line the daemon wrote through the logger is a JSON object.
  int json_lines = 0;
  for (const std::string& line : read_lines(dir.file("err"))) {
    if (line.empty() || line.front() != '{') continue;  // config diagnostics are plain text
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << line;
    EXPECT_TRUE(entry.contains("ts") && entry.contains("level") && entry.contains("msg"));
    ++json_lines;
  }
  EXPECT_GE(json_lines, 4);
  const std::string err = read_file(dir.file("err"));
  EXPECT_NE(err.find("config reload from"), std::string::npos);
  EXPECT_NE(err.find("stopping on signal"), std::string::npos);
}

TEST(CliDaemon, RunRefusesANonLoopbackMetricsAddress) {
  TempDir dir;
  write_candles(dir, 48);
  const std::string config = write_config(dir, "[metrics]\nlisten = \"0.0.0.0:9108\"\n");
  const CommandResult result = run_command(hedgebot_binary() + " run -c " + config);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("not a loopback address"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace hedgebot::testing
