#pragma once
// A secret (API key or secret) that never prints: streaming or to_string() gives "***".
// Loaded from an environment variable or from a file only its owner can read (mode 0600).
// Errors name the variable or the file, never the content.

#include <ostream>
#include <string>

#include "exchange/result.hpp"

namespace hedgebot {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(const Secret&) = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret();

  // The real bytes, for signing and the API-key header only.
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  std::string to_string() const { return "***"; }

  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

 private:
  std::string value_;
};

// The value of environment variable `name`, trimmed of surrounding whitespace.
// Config error when it is unset or empty.
Result<Secret> load_secret_from_env(const std::string& name);

// The first line of `path`, trimmed. Config error when the file cannot be read, is empty,
// or can be read or written by anyone but its owner (mode wider than 0600).
Result<Secret> load_secret_from_file(const std::string& path);

struct ApiCredentials {
  Secret key;
  Secret secret;
};

// The API key and secret for a venue: from `key_file` / `secret_file` when they are not
// empty (mode 0600 required), otherwise from the environment variables named. Config error
// naming the variable or file that is missing or too open.
Result<ApiCredentials> load_api_credentials(const std::string& key_env,
                                            const std::string& secret_env,
                                            const std::string& key_file = "",
                                            const std::string& secret_file = "");

}  // namespace hedgebot
