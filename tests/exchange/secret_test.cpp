#include "exchange/secret.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <sstream>

#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

TEST(Secret, PrintsAsStars) {
  const Secret secret("super-secret-value");
  std::ostringstream out;
  out << secret;
  EXPECT_EQ(out.str(), "***");
  EXPECT_EQ(secret.to_string(), "***");
  EXPECT_EQ(secret.reveal(), "super-secret-value");
}

TEST(Secret, LoadsFromEnvironment) {
  ::setenv("HEDGEBOT_TEST_SECRET_ENV", "  abc123\n", 1);
  auto secret = load_secret_from_env("HEDGEBOT_TEST_SECRET_ENV");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret->reveal(), "abc123");
  ::unsetenv("HEDGEBOT_TEST_SECRET_ENV");
  auto missing = load_secret_from_env("HEDGEBOT_TEST_SECRET_ENV");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Config);
  EXPECT_NE(missing.error().message.find("HEDGEBOT_TEST_SECRET_ENV"), std::string::npos);
}

TEST(Secret, LoadsFromOwnerOnlyFile) {
  testing::TempDir dir;
  const std::string path = dir.write("secret", "file-secret-value\n");
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto secret = load_secret_from_file(path);
  ASSERT_TRUE(secret.ok()) << secret.error().message;
  EXPECT_EQ(secret->reveal(), "file-secret-value");
}

TEST(Secret, RefusesWorldReadableFileWithoutShowingIt) {
  testing::TempDir dir;
  const std::string path = dir.write("secret", "file-secret-value\n");
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto secret = load_secret_from_file(path);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.error().kind, ErrorKind::Config);
  EXPECT_NE(secret.error().message.find(path), std::string::npos);
  EXPECT_NE(secret.error().message.find("0644"), std::string::npos);
  EXPECT_EQ(secret.error().message.find("file-secret-value"), std::string::npos);
}

TEST(Secret, MissingFileIsAConfigError) {
  auto secret = load_secret_from_file("/nonexistent/hedgebot-secret");
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.error().kind, ErrorKind::Config);
}

TEST(Secret, CredentialsPreferFilesOverEnvironment) {
  testing::TempDir dir;
  const std::string key_path = dir.write("key", "file-key\n");
  const std::string secret_path = dir.write("secret", "file-secret\n");
  ASSERT_EQ(::chmod(key_path.c_str(), 0600), 0);
  ASSERT_EQ(::chmod(secret_path.c_str(), 0600), 0);
  ::setenv("HEDGEBOT_TEST_KEY", "env-key", 1);
  ::unsetenv("HEDGEBOT_TEST_SECRET");
  auto from_files =
      load_api_credentials("HEDGEBOT_TEST_KEY", "HEDGEBOT_TEST_SECRET", key_path, secret_path);
  ASSERT_TRUE(from_files.ok()) << from_files.error().message;
  EXPECT_EQ(from_files->key.reveal(), "file-key");
  EXPECT_EQ(from_files->secret.reveal(), "file-secret");
  auto missing_secret = load_api_credentials("HEDGEBOT_TEST_KEY", "HEDGEBOT_TEST_SECRET");
  ASSERT_FALSE(missing_secret.ok());
  EXPECT_NE(missing_secret.error().message.find("HEDGEBOT_TEST_SECRET"), std::string::npos);
  EXPECT_EQ(missing_secret.error().message.find("env-key"), std::string::npos);
  ::unsetenv("HEDGEBOT_TEST_KEY");
}

}  // namespace
}  // namespace hedgebot
