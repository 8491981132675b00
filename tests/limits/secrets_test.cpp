// Secrets in paper mode: every paper-mode command runs with known fake keys in
// the environment and in 0600 key files; neither key, nor a recognisable piece of it, appears in
// stdout, stderr, the journal, the state files or a replay report.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/paper_config.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

using hedgebot::testing::CommandResult;
using hedgebot::testing::hedgebot_binary;
using hedgebot::testing::read_file;
using hedgebot::testing::run_command;
using hedgebot::testing::source_path;
using hedgebot::testing::TempDir;

const std::string kEnvKey = "FAKEKEYenv7Qm2Xw9Lp4Rt6Yu8Io1Pa3Sd5Fg7Hj9Kl2Zx4Cv6Bn8Mq";
const std::string kEnvSecret = "FAKESECRETenv3Wn5Ek7Rm9Tb2Yc4Ux6Iz8Oa1Ps3Dq5Fr7Gt9Hv2Jw";
const std::string kFileKey = "FAKEKEYfile4Zt6Xu8Cv1Bw3Nm5Qa7Ws9Ed2Rf4Tg6Yh8Uj1Ik3Ol5P";
const std::string kFileSecret = "FAKESECRETfile8Hn2Jm4Kq6Lw8Pe1Or3It5Uy7Ta9Rs2Ed4Wf6Qg8Z";

// The whole key and any 16-character piece of it.
std::vector<std::string> needles() {
  std::vector<std::string> result;
  for (const std::string& secret : {kEnvKey, kEnvSecret, kFileKey, kFileSecret}) {
    result.push_back(secret);
    for (size_t start = 0; start + 16 <= secret.size(); start += 8) {
      result.push_back(secret.substr(start, 16));
    }
  }
  return result;
}

// "where: needle" for every hit in `text`.
void find_leaks(const std::string& where, const std::string& text,
                std::vector<std::string>& leaks) {
  for (const std::string& needle : needles()) {
    if (text.find(needle) != std::string::npos) leaks.push_back(where + ": " + needle);
  }
}

TEST(PaperSecrets, NoCommandPrintsOrStoresTheKeys) {
  TempDir dir;
  const std::string key_file = dir.write("secrets/key", kFileKey + "\n");
  const std::string secret_file = dir.write("secrets/secret", kFileSecret + "\n");
  ASSERT_EQ(chmod(key_file.c_str(), 0600), 0);
  ASSERT_EQ(chmod(secret_file.c_str(), 0600), 0);
  const std::string candles = source_path("data/binance-btcusdt-perp-1h.csv");
  const std::string funding = source_path("data/binance-btcusdt-funding.csv");
  testing::PaperConfig paper;
  paper.spot = "{ BTC = 1.0, USDT = 1000.0 }";
  paper.paper = "funding = \"" + funding + "\"\n";
  paper.sections = "[metrics]\ntextfile = \"" + dir.file("state/hedgebot.prom") + "\"\n";
  const std::string base = testing::paper_config_text(dir, paper);
  // One config reads the keys from the environment, the other from 0600 files.
  const std::string env_config =
      dir.write("env.toml", base +
                                "\n[exchange]\napi_key_env = \"HEDGEBOT_API_KEY\"\n"
                                "api_secret_env = \"HEDGEBOT_API_SECRET\"\n");
  const std::string file_config =
      dir.write("file.toml", base + "\n[exchange]\napi_key_file = \"" + key_file +
                                 "\"\napi_secret_file = \"" + secret_file + "\"\n");
  const std::string environment =
      "HEDGEBOT_API_KEY=" + kEnvKey + " HEDGEBOT_API_SECRET=" + kEnvSecret + " ";
  const std::string binary = hedgebot_binary() + " --log-level trace ";

  std::vector<std::string> commands;
  for (const std::string& config : {env_config, file_config}) {
    for (const std::string& command :
         {"check -c " + config, "plan -c " + config, "plan --json -c " + config,
          "once -c " + config, "once --json -c " + config, "status -c " + config,
          "status --json -c " + config,
          "replay -c " + config + " --from 2026-04-01 --report " + dir.file("report"),
          "replay --json -c " + config + " --from 2026-04-01"}) {
      commands.push_back(command);
    }
    commands.push_back("--log-format json once -c " + config);
  }
  commands.push_back("indicators --candles " + candles + " --sma 20 --macd 12,26,9");
  commands.push_back("check -c " + dir.file("missing.toml"));

  std::vector<std::string> leaks;
  for (const std::string& command : commands) {
    const CommandResult result = run_command(environment + binary + command);
    EXPECT_LT(result.exit_code, 128) << command << ": " << result.err;
    find_leaks(command + " (stdout)", result.out, leaks);
    find_leaks(command + " (stderr)", result.err, leaks);
  }
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    if (path == key_file || path == secret_file) continue;
    ++files;
    find_leaks(path, read_file(path), leaks);
  }
  EXPECT_TRUE(std::filesystem::exists(dir.file("state/journal.jsonl")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("state/paper.json")));
  EXPECT_GE(files, 5);
  EXPECT_TRUE(leaks.empty()) << leaks.size() << " leaks, first: " << leaks.front();
}

}  // namespace
}  // namespace hedgebot
