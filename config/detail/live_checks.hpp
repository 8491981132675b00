#pragma once
// Internal to config/: what a live run needs beyond a valid file (API credentials).

#include <string>
#include <vector>

#include "config/config.hpp"

namespace hedgebot::config::detail {

struct LiveProblem {
  std::string key;      // the [exchange] key it is about: "api_key_env", "api_secret_file"...
  std::string message;  // names variables and files, never a secret
};

// The key and the secret each come from their file when one is configured (it must exist, be
// non-empty and be mode 0600 or narrower), otherwise from their non-empty environment variable.
// `prefix` names the venue's table in messages: "exchange", "venues.bybit".
std::vector<LiveProblem> live_problems(const ExchangeConfig& exchange,
                                       const std::string& prefix = "exchange");

}  // namespace hedgebot::config::detail
