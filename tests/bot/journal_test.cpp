#include "bot/pipeline/journal.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "bot/pipeline/journal_reader.hpp"
#include "bot/session/run_lock.hpp"
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

// The exact bytes of a line: the header keys first in their contract order, then the entry's
// fields; nested objects, unicode and control characters escaped; a field that reuses a header
// name takes the header's place instead of appearing twice.
TEST(Journal, WritesTheHeaderThenTheFieldsAsExactBytes) {
  TempDir dir;
  Result<Journal> journal = Journal::open(dir.file("journal.jsonl"), "r\"1");
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(journal
                  ->append(1704067200000, "decision", "BTC",
                           {{"why", "tab\there \xc3\xa9"},
                            {"alerts", nlohmann::json::array({"a"})},
                            {"target_ratio", 0.5},
                            {"nested", {{"z", 1}, {"a", false}}}})
                  .ok());
  ASSERT_TRUE(journal->append(0, "error", "*").ok());
  ASSERT_TRUE(journal->append(0, "order", "BTC", {{"qty", "1"}, {"hedge", "ETH"}}).ok());
  EXPECT_EQ(read_file(dir.file("journal.jsonl")),
            "{\"ts\":\"2024-01-01T00:00:00Z\",\"run_id\":\"r\\\"1\",\"event\":\"decision\","
            "\"hedge\":\"BTC\",\"alerts\":[\"a\"],\"nested\":{\"a\":false,\"z\":1},"
            "\"target_ratio\":0.5,\"why\":\"tab\\there \xc3\xa9\"}\n"
            "{\"ts\":\"1970-01-01T00:00:00Z\",\"run_id\":\"r\\\"1\",\"event\":\"error\","
            "\"hedge\":\"*\"}\n"
            "{\"ts\":\"1970-01-01T00:00:00Z\",\"run_id\":\"r\\\"1\",\"event\":\"order\","
            "\"hedge\":\"ETH\",\"qty\":\"1\"}\n");
}

// Without sync (replay), lines are gathered and written in blocks: nothing is lost, the bytes
// are those of a synced journal, and flush() or the destructor writes the rest.
TEST(Journal, UnsyncedJournalWritesTheSameBytesOnFlushAndOnClose) {
  TempDir dir;
  const auto fill = [](Journal& journal) {
    const std::string why(300, 'w');  // 400 lines of ~370 bytes: more than one 64 KiB block
    for (int i = 0; i < 400; ++i) {
      ASSERT_TRUE(journal.append(i * 60000LL, "decision", "BTC", {{"i", i}, {"why", why}}).ok());
    }
  };
  {
    Result<Journal> synced = Journal::open(dir.file("synced.jsonl"), "r");
    ASSERT_TRUE(synced.ok());
    fill(*synced);
  }
  Result<Journal> gathered = Journal::open(dir.file("gathered.jsonl"), "r");
  ASSERT_TRUE(gathered.ok());
  gathered->set_sync(false);
  fill(*gathered);
  const std::string expected = read_file(dir.file("synced.jsonl"));
  EXPECT_LT(read_file(dir.file("gathered.jsonl")).size(), expected.size());  // not all written yet
  ASSERT_TRUE(gathered->flush().ok());
  EXPECT_EQ(read_file(dir.file("gathered.jsonl")), expected);

  {
    Result<Journal> closed = Journal::open(dir.file("closed.jsonl"), "r");
    ASSERT_TRUE(closed.ok());
    closed->set_sync(false);
    fill(*closed);
  }
  EXPECT_EQ(read_file(dir.file("closed.jsonl")), expected);
}

// The torn bytes are cut off (every line parses) but kept, quoted, in a recovery entry written
// before the run's first line. Before: they were deleted without a trace.
TEST(Journal, CutsATornLastLineWhenOpenedAndKeepsItInARecoveryEntry) {
  TempDir dir;
  dir.write("journal.jsonl", "{\"event\":\"order\"}\n{\"event\":\"fi");
  Result<Journal> journal = Journal::open(dir.file("journal.jsonl"), "r");
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(journal->append(0, "error", "*").ok());
  ASSERT_TRUE(journal->append(0, "error", "*").ok());
  const std::vector<nlohmann::json> lines = lines_of(dir.file("journal.jsonl"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1]["event"], "recovery");
  EXPECT_EQ(lines[1]["torn_line"], "{\"event\":\"fi");
  EXPECT_EQ(lines[2]["event"], "error");
  EXPECT_EQ(lines[3]["event"], "error");
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
