// Crash safety: `hedgebot once` killed with SIGKILL at random moments of its
// run, at least 100 times. After every kill, paper.json, engine.json and every line of
// journal.jsonl must parse; the next normal run of the same tick must reconcile (find what the
// killed run already did) and leave the hedge exactly at its target, never beyond it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bot/session/engine_store.hpp"
#include "paper/paper_state.hpp"
#include "tests/support/paper_config.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using hedgebot::testing::CommandResult;
using hedgebot::testing::hedgebot_binary;
using hedgebot::testing::read_file;
using hedgebot::testing::run_command;
using hedgebot::testing::TempDir;

constexpr int64_t kStartMs = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int kCandles = 1200;
constexpr double kSpotBtc = 2.0;
constexpr int kKillsWanted = 100;
constexpr int kFirstTickCandle = 60;  // the first --at leaves some history behind it

// Hourly candles around 42 000 with a gentle wave, so the risk guard's price checks pass.
std::string candle_csv() {
  std::ostringstream csv;
  csv << "open_time_ms,open,high,low,close,volume\n";
  double close = 42000.0;
  for (int i = 0; i < kCandles; ++i) {
    const double open = close;
    close = 42000.0 + 300.0 * std::sin(i / 7.0);
    csv << kStartMs + i * kHourMs << ',' << open << ',' << std::max(open, close) + 20 << ','
        << std::min(open, close) - 20 << ',' << close << ",100\n";
  }
  return csv.str();
}

// Even ticks hedge 20 %, odd ticks 80 % of the spot: every tick moves the position by 1.2 BTC.
double ratio_for(int tick) {
  return tick % 2 == 0 ? 0.2 : 0.8;
}

std::string config_text(const TempDir& dir, double ratio) {
  char ratio_text[32];
  std::snprintf(ratio_text, sizeof ratio_text, "%.2f", ratio);
  testing::PaperConfig config;
  config.balance = "100000.0";
  config.candles = dir.file("candles.csv");
  config.spot = "{ BTC = 2.0, USDT = 1000.0 }";
  config.sections =
      "[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\n"
      "stale_after = \"2h\"\n";
  config.hedge = "baseline_ratio = " + std::string(ratio_text) +
                 "\nmax_ratio = 1.0\nband = 0.01\nleverage = 5\n";
  return testing::paper_config_text(dir, config);
}

// The --at of tick `tick`: the close of a candle (a whole hour).
int64_t at_ms(int tick) {
  return kStartMs + static_cast<int64_t>(kFirstTickCandle + tick) * kHourMs;
}

// Starts `hedgebot once` and kills it after `delay`; true when the kill hit a running process.
bool run_and_kill(const std::string& config, int64_t at, std::chrono::microseconds delay) {
  const std::string binary = hedgebot_binary();
  const std::string at_text = std::to_string(at);
  const pid_t child = fork();
  if (child < 0) return false;
  if (child == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, STDIN_FILENO);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
    }
    execl(binary.c_str(), binary.c_str(), "once", "-c", config.c_str(), "--at", at_text.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(delay);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// Every state file that exists parses; every journal line is a complete entry. Returns the
// problems found (empty when the state is sound).
std::vector<std::string> state_problems(const TempDir& dir) {
  std::vector<std::string> problems;
  const std::string paper_path = dir.file("state/paper.json");
  if (std::filesystem::exists(paper_path)) {
    auto state = paper::paper_state_from_json(read_file(paper_path), paper_path);
    if (!state) problems.push_back(state.error().message);
  }
  auto memory = load_engine_memory(dir.file("state/engine.json"));
  if (!memory) problems.push_back(memory.error().message);
  const std::string journal_path = dir.file("state/journal.jsonl");
  if (std::filesystem::exists(journal_path)) {
    const std::string journal = read_file(journal_path);
    if (!journal.empty() && journal.back() != '\n') problems.push_back("journal: torn last line");
    std::istringstream lines(journal);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
      ++number;
      const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
      if (entry.is_discarded() || !entry.is_object() || !entry.contains("ts") ||
          !entry.contains("run_id") || !entry.contains("event")) {
        problems.push_back("journal line " + std::to_string(number) + ": " + line.substr(0, 120));
      }
    }
  }
  return problems;
}

// The paper account's BTCUSDT position in steps of 0.001, and how many fills each client order id
// had.
struct Account {
  int64_t position_steps = 0;
  std::map<std::string, int> fills_per_id;
};

Account read_account(const TempDir& dir) {
  Account account;
  const std::string path = dir.file("state/paper.json");
  auto state = paper::paper_state_from_json(read_file(path), path);
  if (!state) return account;
  if (auto found = state->positions.find("BTCUSDT"); found != state->positions.end()) {
    account.position_steps = found->second.qty_steps;
  }
  for (const paper::PaperOrder& order : state->orders) {
    if (order.state.filled_steps > 0) ++account.fills_per_id[order.state.client_order_id];
  }
  return account;
}

int64_t target_steps(int tick) {
  return -std::llround(ratio_for(tick) * kSpotBtc / 0.001);
}

// How long an undisturbed `once` takes here: the median of the last few runs, so the kills land
// across a whole run even when the machine's load changes.
class RunTimes {
 public:
  void add(std::chrono::microseconds took) {
    recent_.push_back(took.count());
    if (recent_.size() > 9) recent_.erase(recent_.begin());
  }
  int64_t median_us() const {
    std::vector<int64_t> sorted = recent_;
    std::sort(sorted.begin(), sorted.end());
    return sorted.empty() ? 50000 : sorted[sorted.size() / 2];
  }

 private:
  std::vector<int64_t> recent_;
};

std::chrono::microseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(CrashSafety, SigkillAtRandomMomentsNeverCorruptsStateOrDoublesTheHedge) {
  TempDir dir;
  dir.write("candles.csv", candle_csv());
  std::mt19937 random(20240101);
  RunTimes run_times;
  int kills = 0;
  int tick = 0;
  const auto started = std::chrono::steady_clock::now();
  for (; kills < kKillsWanted && tick < kCandles - kFirstTickCandle - 1; ++tick) {
    const std::string config = dir.write("hedgebot.toml", config_text(dir, ratio_for(tick)));
    // A kill anywhere from the very start (exec, config load) to the end of a typical run.
    std::uniform_int_distribution<int64_t> delay_us(0, run_times.median_us());
    if (run_and_kill(config, at_ms(tick), std::chrono::microseconds(delay_us(random)))) ++kills;

    const std::vector<std::string> problems = state_problems(dir);
    ASSERT_TRUE(problems.empty()) << "after the kill in tick " << tick << ": " << problems[0];
    if (std::filesystem::exists(dir.file("state/paper.json"))) {
      const int64_t position = read_account(dir).position_steps;
      // Killed mid-tick: the position is this tick's target or the last one, never beyond both.
      const int64_t largest = std::max(std::llabs(target_steps(tick)),
                                       tick > 0 ? std::llabs(target_steps(tick - 1)) : 0);
      ASSERT_LE(std::llabs(position), largest) << "tick " << tick;
    }

    // The next normal run of the same tick reconciles and lands exactly on the target.
    const auto rerun_start = std::chrono::steady_clock::now();
    const CommandResult rerun = run_command(hedgebot_binary() + " once --json -c " + config +
                                            " --at " + std::to_string(at_ms(tick)));
    run_times.add(since(rerun_start));
    ASSERT_EQ(rerun.exit_code, 0) << "tick " << tick << ": " << rerun.err << rerun.out;
    const nlohmann::json report = nlohmann::json::parse(rerun.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << rerun.out;
    const Account account = read_account(dir);
    ASSERT_EQ(account.position_steps, target_steps(tick))
        << "tick " << tick << " (ratio " << ratio_for(tick) << "): " << rerun.out;
    for (const auto& [id, fills] : account.fills_per_id) {
      ASSERT_EQ(fills, 1) << "client order id " << id << " filled " << fills << " times";
    }
    ASSERT_TRUE(state_problems(dir).empty()) << "after the re-run of tick " << tick;
  }
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(kills, kKillsWanted) << "only " << kills << " kills landed in " << tick << " ticks";
  std::printf("%d SIGKILLs in %d ticks, %.1f s (a run takes about %lld ms)\n", kills, tick,
              std::chrono::duration<double>(took).count(),
              static_cast<long long>(run_times.median_us() / 1000));
}

}  // namespace
}  // namespace hedgebot::bot
