#include "exchange/secret.hpp"

#include <openssl/crypto.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hedgebot {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string octal_mode(unsigned mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", mode & 07777U);
  return buffer;
}

}  // namespace

Secret::~Secret() {
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
}

Result<Secret> load_secret_from_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    return make_error(ErrorKind::Config, "environment variable " + name + " is not set");
  }
  std::string text = trimmed(value);
  if (text.empty())
    return make_error(ErrorKind::Config, "environment variable " + name + " is empty");
  return Secret(std::move(text));
}

Result<Secret> load_secret_from_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return make_error(ErrorKind::Config,
                      "secret file " + path + " cannot be read (does it exist?)");
  }
  if (!S_ISREG(info.st_mode)) {
    return make_error(ErrorKind::Config, "secret file " + path + " is not a regular file");
  }
  if ((info.st_mode & 077) != 0) {
    return make_error(ErrorKind::Config,
                      "secret file " + path + " has mode " + octal_mode(info.st_mode) +
                          ": it must be readable by its owner only (chmod 600 " + path + ")");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::Config, "secret file " + path + " cannot be opened");
  std::string line;
  std::getline(in, line);
  std::string text = trimmed(line);
  if (text.empty()) return make_error(ErrorKind::Config, "secret file " + path + " is empty");
  return Secret(std::move(text));
}

Result<ApiCredentials> load_api_credentials(const std::string& key_env,
                                            const std::string& secret_env,
                                            const std::string& key_file,
                                            const std::string& secret_file) {
  auto key = key_file.empty() ? load_secret_from_env(key_env) : load_secret_from_file(key_file);
  if (!key) return key.error();
  auto secret =
      secret_file.empty() ? load_secret_from_env(secret_env) : load_secret_from_file(secret_file);
  if (!secret) return secret.error();
  return ApiCredentials{std::move(*key), std::move(*secret)};
}

}  // namespace hedgebot
