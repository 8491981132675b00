#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

#include "bot/session/engine_store.hpp"
#include "storage/atomic_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using hedgebot::testing::read_file;
using hedgebot::testing::TempDir;

TEST(AtomicFile, KillNineDuringWritesLeavesOldOrNewContentNeverATornFile) {
  TempDir dir;
  const std::string path = dir.file("paper.json");
  const std::string old_content =
      "{\"version\":1,\"fill\":\"" + std::string(1 << 20, 'a') + "\"}\n";
  const std::string new_content =
      "{\"version\":1,\"fill\":\"" + std::string(1 << 20, 'b') + "\"}\n";
  ASSERT_TRUE(paper::write_file_atomically(path, old_content).ok());
  std::mt19937 random(7);
  for (int round = 0; round < 20; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (int i = 0;; ++i)
        (void)paper::write_file_atomically(path, i % 2 == 0 ? new_content : old_content);
    }
    usleep(std::uniform_int_distribution<useconds_t>(200, 20000)(random));
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    const std::string now = read_file(path);
    ASSERT_TRUE(now == old_content || now == new_content)
        << "torn file of " << now.size() << " bytes in round " << round;
  }
}

TEST(EngineStore, RoundTripsMemory) {
  TempDir dir;
  rules::Memory memory;
  memory.streams["BTC/bear-trend/0/1d/sma"] = {1704067200000, {1.5, 2.25, -3.0}};
  memory.numbers["last_trade_ms/BTC"] = 1704067200000.0;
  ASSERT_TRUE(save_engine_memory(dir.file("engine.json"), memory).ok());
  Result<rules::Memory> loaded = load_engine_memory(dir.file("engine.json"));
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->streams.at("BTC/bear-trend/0/1d/sma").last_open_ms, 1704067200000);
  EXPECT_EQ(loaded->streams.at("BTC/bear-trend/0/1d/sma").values,
            (std::vector<double>{1.5, 2.25, -3.0}));
  EXPECT_DOUBLE_EQ(loaded->numbers.at("last_trade_ms/BTC"), 1704067200000.0);
}

TEST(EngineStore, MissingFileIsAFreshMemory) {
  TempDir dir;
  Result<rules::Memory> loaded = load_engine_memory(dir.file("engine.json"));
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->streams.empty());
}

TEST(EngineStore, CorruptFileIsAnErrorNamingIt) {
  TempDir dir;
  dir.write("engine.json", "{\"version\": 1, \"streams\": {");
  Result<rules::Memory> loaded = load_engine_memory(dir.file("engine.json"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("engine.json"), std::string::npos);
}

}  // namespace
}  // namespace hedgebot::bot
