#include "bot/journal.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "bot/journal_reader.hpp"
#include "bot/run_lock.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using hedgebot::testing::read_file;
using hedgebot::testing::TempDir;

std::vector<nlohmann::json> lines_of(const std::string& path) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(Journal, AppendsOneJsonObjectPerLineWithTheContractFields) {
  TempDir dir;
  Result<Journal> journal = Journal::open(dir.file("journal.jsonl"), "t202401010000");
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(
      journal->append(1704067200000, "order", "BTC", {{"symbol", "BTCUSDT"}, {"qty", "0.500"}})
          .ok());
  ASSERT_TRUE(journal->append(1704067200000, "decision", "BTC", {{"target_ratio", 0.5}}).ok());
  const std::vector<nlohmann::json> lines = lines_of(dir.file("journal.jsonl"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["ts"], "2024-01-01T00:00:00Z");
  EXPECT_EQ(lines[0]["run_id"], "t202401010000");
  EXPECT_EQ(lines[0]["event"], "order");
  EXPECT_EQ(lines[0]["hedge"], "BTC");
  EXPECT_EQ(lines[0]["qty"], "0.500");
}

TEST(Journal, CutsATornLastLineWhenOpened) {
  TempDir dir;
  dir.write("journal.jsonl", "{\"event\":\"order\"}\n{\"event\":\"fi");
  Result<Journal> journal = Journal::open(dir.file("journal.jsonl"), "r");
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(journal->append(0, "error", "*").ok());
  const std::vector<nlohmann::json> lines = lines_of(dir.file("journal.jsonl"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1]["event"], "error");
}

TEST(JournalReader, FindsLastDecisionPerHedgeAndRecentProblems) {
  TempDir dir;
  Result<Journal> journal = Journal::open(dir.file("journal.jsonl"), "r1");
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(journal->append(1000, "decision", "BTC", {{"target_ratio", 0.3}}).ok());
  ASSERT_TRUE(journal->append(2000, "refusal", "BTC", {{"reason", "kill switch"}}).ok());
  ASSERT_TRUE(journal->append(3000, "decision", "BTC", {{"target_ratio", 0.7}}).ok());
  const JournalSummary summary = summarize_journal(dir.file("journal.jsonl"));
  EXPECT_DOUBLE_EQ(summary.last_decision.at("BTC")["target_ratio"].get<double>(), 0.7);
  ASSERT_EQ(summary.recent_problems.size(), 1u);
  EXPECT_EQ(summary.recent_problems[0]["reason"], "kill switch");
  EXPECT_EQ(summary.last_tick_ts, "1970-01-01T00:00:03Z");
}

TEST(JournalReader, SkipsFieldsOfTheWrongTypeInsteadOfThrowing) {
  TempDir dir;
  dir.write("journal.jsonl",
            "{\"event\": 5, \"hedge\": [1]}\n"
            "{\"event\": \"decision\", \"hedge\": \"BTC\", \"ts\": 7, \"target_ratio\": 0.4}\n"
            "{\"event\": \"heartbeat\", \"outcome\": null, \"ts\": \"2026-01-01T00:00:00Z\"}\n");
  const JournalSummary summary = summarize_journal(dir.file("journal.jsonl"));
  EXPECT_EQ(summary.last_decision.count("BTC"), 1u);
  EXPECT_EQ(summary.last_tick_ts, "");
  EXPECT_EQ(summary.last_success_ts, "");
}

TEST(RunLock, SecondAcquireFailsNamingTheHolder) {
  TempDir dir;
  Result<RunLock> first = RunLock::acquire(dir.path().string(), "once, pid 4242");
  ASSERT_TRUE(first.ok());
  Result<RunLock> second = RunLock::acquire(dir.path().string(), "once, pid 5353");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::Rejected);
  EXPECT_NE(second.error().message.find("once, pid 4242"), std::string::npos)
      << second.error().message;
}

TEST(RunLock, IsReleasedWhenTheHolderGoesAway) {
  TempDir dir;
  {
    Result<RunLock> first = RunLock::acquire(dir.path().string(), "a");
    ASSERT_TRUE(first.ok());
  }
  EXPECT_TRUE(RunLock::acquire(dir.path().string(), "b").ok());
}

}  // namespace
}  // namespace hedgebot::bot
