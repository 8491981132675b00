// Live mode: API credentials must be present (environment or a 0600 file), and no message
// ever contains a secret.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "config/loader.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kKeyVariable = "HEDGEBOT_CONFIG_TEST_API_KEY";
constexpr const char* kSecretVariable = "HEDGEBOT_CONFIG_TEST_API_SECRET";
constexpr const char* kSecretValue = "s3cr3t-NhGx1Z0P";

// Sets or unsets the two variables for one test and restores "unset" afterwards.
class LiveEnvironment {
 public:
  LiveEnvironment(const char* key, const char* secret) {
    set(kKeyVariable, key);
    set(kSecretVariable, secret);
  }
  ~LiveEnvironment() {
    unsetenv(kKeyVariable);
    unsetenv(kSecretVariable);
  }
  LiveEnvironment(const LiveEnvironment&) = delete;
  LiveEnvironment& operator=(const LiveEnvironment&) = delete;

 private:
  static void set(const char* name, const char* value) {
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
};

std::string live_config(const std::string& exchange_extra = "") {
  return std::string(
             "[bot]\n"
             "mode = \"live\"\n"
             "[exchange]\n"
             "api_key_env = \"HEDGEBOT_CONFIG_TEST_API_KEY\"\n"
             "api_secret_env = \"HEDGEBOT_CONFIG_TEST_API_SECRET\"\n") +
         exchange_extra +
         "[[hedge]]\n"
         "asset = \"BTC\"\n"
         "symbol = \"BTCUSDT\"\n";
}

std::vector<std::string> rendered(const LoadResult& result) {
  std::vector<std::string> lines;
  for (const Diagnostic& diagnostic : result.diagnostics) lines.push_back(diagnostic.to_string());
  return lines;
}

TEST(LiveRequirements, LiveModeNamesTheMissingEnvironmentVariable) {
  const LiveEnvironment environment(nullptr, kSecretValue);
  const LoadResult result = load_config_text(live_config(), "test.toml");
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(rendered(result),
              ElementsAre("test.toml:4:15: environment variable HEDGEBOT_CONFIG_TEST_API_KEY "
                          "(`exchange.api_key_env`) is not set"));
}

TEST(LiveRequirements, ReportsAnEmptyVariableWithoutItsValue) {
  const LiveEnvironment environment(kSecretValue, "");
  const LoadResult result = load_config_text(live_config(), "test.toml");
  const std::vector<std::string> lines = rendered(result);
  EXPECT_THAT(lines, ElementsAre("test.toml:5:18: environment variable "
                                 "HEDGEBOT_CONFIG_TEST_API_SECRET (`exchange.api_secret_env`) is "
                                 "empty"));
  for (const std::string& line : lines) EXPECT_THAT(line, Not(HasSubstr(kSecretValue)));
}

TEST(LiveRequirements, AcceptsLiveModeWhenBothVariablesAreSet) {
  const LiveEnvironment environment("key-value", kSecretValue);
  const LoadResult result = load_config_text(live_config(), "test.toml");
  ASSERT_THAT(result.diagnostics, IsEmpty());
  EXPECT_EQ(result.config->bot.mode, Mode::Live);
}

TEST(LiveRequirements, PaperModeDoesNotNeedCredentials) {
  const LiveEnvironment environment(nullptr, nullptr);
  std::string text = live_config();
  text.replace(text.find("\"live\""), 6, "\"paper\"");
  EXPECT_TRUE(load_config_text(text, "test.toml").ok());
}

TEST(LiveRequirements, RefusesKeyFileReadableByOthers) {
  const LiveEnvironment environment(nullptr, kSecretValue);
  const hedgebot::testing::TempDir dir;
  const std::string key_path = dir.write("keys/api.key", kSecretValue);
  ASSERT_EQ(chmod(key_path.c_str(), 0644), 0);
  const std::string config_path =
      dir.write("hedgebot.toml", live_config("api_key_file = \"keys/api.key\"\n"));

  const LoadResult result = load_config_file(config_path);
  const std::vector<std::string> lines = rendered(result);
  EXPECT_THAT(lines, ElementsAre(config_path + ":6:16: `exchange.api_key_file` " + key_path +
                                 " must be mode 0600, is 0644 (chmod 600 " + key_path + ")"));
  for (const std::string& line : lines) EXPECT_THAT(line, Not(HasSubstr(kSecretValue)));
}

TEST(LiveRequirements, AcceptsKeyFilesWithMode0600Or0400) {
  const LiveEnvironment environment(nullptr, nullptr);
  const hedgebot::testing::TempDir dir;
  const std::string key_path = dir.write("api.key", "key");
  const std::string secret_path = dir.write("api.secret", kSecretValue);
  ASSERT_EQ(chmod(key_path.c_str(), 0600), 0);
  ASSERT_EQ(chmod(secret_path.c_str(), 0400), 0);
  const std::string config_path =
      dir.write("hedgebot.toml",
                live_config("api_key_file = \"api.key\"\napi_secret_file = \"api.secret\"\n"));
  const LoadResult result = load_config_file(config_path);
  ASSERT_THAT(rendered(result), IsEmpty());
  EXPECT_EQ(result.config->exchange.api_secret_file, secret_path);
}

TEST(LiveRequirements, ReportsMissingAndEmptyKeyFiles) {
  const LiveEnvironment environment(nullptr, nullptr);
  const hedgebot::testing::TempDir dir;
  const std::string secret_path = dir.write("api.secret", "");
  ASSERT_EQ(chmod(secret_path.c_str(), 0600), 0);
  const std::string config_path =
      dir.write("hedgebot.toml",
                live_config("api_key_file = \"missing.key\"\napi_secret_file = \"api.secret\"\n"));
  EXPECT_THAT(
      rendered(load_config_file(config_path)),
      ElementsAre(config_path + ":6:16: `exchange.api_key_file` " + dir.file("missing.key") +
                      " cannot be read: No such file or directory",
                  config_path + ":7:19: `exchange.api_secret_file` " + secret_path + " is empty"));
}

TEST(LiveRequirements, CheckLiveRequirementsNamesBothVariables) {
  const LiveEnvironment environment(nullptr, nullptr);
  Config config;
  config.path = "bot.toml";
  config.exchange.api_key_env = kKeyVariable;
  config.exchange.api_secret_env = kSecretVariable;
  std::vector<std::string> lines;
  for (const Diagnostic& diagnostic : check_live_requirements(config)) {
    lines.push_back(diagnostic.to_string());
  }
  EXPECT_THAT(lines, ElementsAre("bot.toml: environment variable HEDGEBOT_CONFIG_TEST_API_KEY "
                                 "(`exchange.api_key_env`) is not set",
                                 "bot.toml: environment variable HEDGEBOT_CONFIG_TEST_API_SECRET "
                                 "(`exchange.api_secret_env`) is not set"));
}

TEST(LiveRequirements, CheckLiveRequirementsPassesWithCredentials) {
  const LiveEnvironment environment("key", kSecretValue);
  Config config;
  config.exchange.api_key_env = kKeyVariable;
  config.exchange.api_secret_env = kSecretVariable;
  EXPECT_THAT(check_live_requirements(config), IsEmpty());
}

}  // namespace
}  // namespace hedgebot::config
