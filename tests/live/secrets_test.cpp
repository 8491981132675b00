// Secrets in live mode: every command run with known fake keys (from the environment and from
// 0600 files), at debug level, in text and JSON logs; stdout, stderr, the journal, every file
// in the state directory and the metrics textfile are searched for the key and the secret.
#include <sys/stat.h>

#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

// Distinct from the venue's defaults so no other text can contain them by accident.
constexpr const char* kKey = "sEcReTkEy-live-test-7d3a9b1c5e";
constexpr const char* kSecret = "sEcReTsEcReT-live-test-2f8e6a4d0b";

class Secrets : public LiveTest {
 protected:
  void SetUp() override {
    venue_options_.api_key = kKey;
    venue_options_.api_secret = kSecret;
    LiveTest::SetUp();
  }

  std::string metrics_path() const { return state_dir() + "/hedgebot.prom"; }

  // A live config whose spot comes from the venue (a signed spot call too), with a metrics
  // textfile, and the keys from the environment or from files.
  std::string config(const std::string& key_lines) {
    return write_config({.spot_from_account = true}, key_lines,
                        "[metrics]\ntextfile = \"" + metrics_path() + "\"\n");
  }

  std::string key_file(const std::string& name, const std::string& content, mode_t mode) {
    const std::string path = write_file(name, content + "\n");
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path;
  }

  // Every command; returns what it printed, for the scan.
  std::string run_everything(const std::string& config_path, const std::string& environment) {
    std::string printed;
    const std::string binary = hedgebot::testing::hedgebot_binary();
    for (const std::string& logs :
         {std::string("--log-level debug"), std::string("--log-level debug --log-format json"),
          std::string("--log-level trace --log-format json")}) {
      for (const std::string& command :
           {std::string("check"), std::string("plan"), std::string("plan --json"),
            std::string("once --live"), std::string("once --live --json"), std::string("status"),
            std::string("status --json")}) {
        const CommandResult run =
            run_command(environment + binary + " " + logs + " " + command + " -c " + config_path);
        EXPECT_EQ(run.exit_code, 0) << logs << " " << command << ": " << run.err << run.out;
        printed += run.out + run.err;
      }
    }
    return printed;
  }

  void expect_no_secret_anywhere(const std::string& printed) {
    auto scan = [](const std::string& where, const std::string& text) {
      EXPECT_FALSE(contains(text, kKey)) << "the API key appears in " << where;
      EXPECT_FALSE(contains(text, kSecret)) << "the API secret appears in " << where;
    };
    scan("stdout/stderr", printed);
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(state_dir())) {
      if (!entry.is_regular_file()) continue;
      ++files;
      scan(entry.path().string(), read_file(entry.path().string()));
    }
    EXPECT_TRUE(std::filesystem::exists(journal_path()));
    EXPECT_TRUE(std::filesystem::exists(metrics_path()));
    EXPECT_GE(files, 3);  // journal, engine memory, metrics (and the exchangeInfo cache)
  }
};

TEST_F(Secrets, KeysFromTheEnvironmentAppearNowhere) {
  const std::string path = config("");
  const std::string printed = run_everything(path, env());
  EXPECT_EQ(venue().total_orders_placed(), 1);  // it did trade with those keys
  expect_no_secret_anywhere(printed);
}

TEST_F(Secrets, KeysFromFilesAppearNowhere) {
  const std::string key = key_file("api.key", kKey, 0600);
  const std::string secret = key_file("api.secret", kSecret, 0600);
  const std::string path =
      config("api_key_file = \"" + key + "\"\napi_secret_file = \"" + secret + "\"\n");
  const std::string printed = run_everything(path, "");
  EXPECT_EQ(venue().total_orders_placed(), 1);
  expect_no_secret_anywhere(printed);
}

TEST_F(Secrets, AKeyFileReadableByOthersIsRefused) {
  const std::string key = key_file("api.key", kKey, 0644);
  const std::string secret = key_file("api.secret", kSecret, 0600);
  const std::string path =
      config("api_key_file = \"" + key + "\"\napi_secret_file = \"" + secret + "\"\n");
  const std::string binary = hedgebot::testing::hedgebot_binary();
  for (const std::string& command : {std::string("check"), std::string("once --live")}) {
    const CommandResult run = run_command(binary + " --log-level debug " + command + " -c " + path);
    EXPECT_EQ(run.exit_code, 2) << command << ": " << run.err << run.out;
    EXPECT_TRUE(contains(run.err, key)) << command << ": the message should name the file\n"
                                        << run.err;
    EXPECT_TRUE(contains(run.err, "0644")) << command << ": the message should give the mode\n"
                                           << run.err;
    EXPECT_FALSE(contains(run.out + run.err, kKey)) << run.err;
    EXPECT_FALSE(contains(run.out + run.err, kSecret)) << run.err;
  }
  EXPECT_EQ(venue().total_requests(), 0);
  EXPECT_FALSE(std::filesystem::exists(journal_path()) &&
               contains(read_file(journal_path()), kKey));
}

}  // namespace
}  // namespace hedgebot::live_test
