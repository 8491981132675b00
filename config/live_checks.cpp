#include "config/detail/live_checks.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "config/loader.hpp"
#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot::config {
namespace detail {
namespace {

std::string octal_mode(unsigned mode) {
  std::string text;
  for (int shift = 9; shift >= 0; shift -= 3)
    text += static_cast<char>('0' + ((mode >> shift) & 7));
  return text;
}

void check_secret_file(const std::string& prefix, const std::string& key, const std::string& path,
                       std::vector<LiveProblem>& problems) {
  const std::string name = "`" + prefix + "." + key + "` " + path;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    problems.push_back({key, name + " cannot be read: " + std::strerror(errno)});
    return;
  }
  if (!S_ISREG(info.st_mode)) {
    problems.push_back({key, name + " is not a regular file"});
    return;
  }
  const unsigned mode = static_cast<unsigned>(info.st_mode) & 07777u;
  if ((mode & ~0600u) != 0) {
    problems.push_back(
        {key, name + " must be mode 0600, is " + octal_mode(mode) + " (chmod 600 " + path + ")"});
  }
  if (info.st_size == 0) problems.push_back({key, name + " is empty"});
}

void check_secret_env(const std::string& prefix, const std::string& key,
                      const std::string& variable, std::vector<LiveProblem>& problems) {
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr) {
    problems.push_back(
        {key, "environment variable " + variable + " (`" + prefix + "." + key + "`) is not set"});
  } else if (*value == '\0') {
    problems.push_back(
        {key, "environment variable " + variable + " (`" + prefix + "." + key + "`) is empty"});
  }
}

}  // namespace

std::vector<LiveProblem> live_problems(const ExchangeConfig& exchange, const std::string& prefix) {
  std::vector<LiveProblem> problems;
  if (!exchange.api_key_file.empty()) {
    check_secret_file(prefix, "api_key_file", exchange.api_key_file, problems);
  } else {
    check_secret_env(prefix, "api_key_env", exchange.api_key_env, problems);
  }
  if (!exchange.api_secret_file.empty()) {
    check_secret_file(prefix, "api_secret_file", exchange.api_secret_file, problems);
  } else {
    check_secret_env(prefix, "api_secret_env", exchange.api_secret_env, problems);
  }
  const VenueKind* kind = find_venue_kind(exchange.venue);
  if (kind != nullptr && kind->needs_passphrase) {
    if (!exchange.api_passphrase_file.empty()) {
      check_secret_file(prefix, "api_passphrase_file", exchange.api_passphrase_file, problems);
    } else {
      check_secret_env(prefix, "api_passphrase_env", exchange.api_passphrase_env, problems);
    }
  }
  return problems;
}

}  // namespace detail

std::vector<Diagnostic> check_live_requirements(const Config& config) {
  std::vector<Diagnostic> diagnostics;
  for (const std::string& name : config.venues_in_use()) {
    const ExchangeConfig* venue = config.find_venue(name);
    if (venue == nullptr) continue;
    const std::string prefix = name == kDefaultVenue ? "exchange" : "venues." + name;
    for (detail::LiveProblem& problem : detail::live_problems(*venue, prefix)) {
      diagnostics.push_back(Diagnostic{config.path, 0, 0, std::move(problem.message)});
    }
  }
  return diagnostics;
}

}  // namespace hedgebot::config
