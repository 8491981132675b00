#include "exchange/weex/session.hpp"

#include <algorithm>
#include <filesystem>

#include "exchange/binance/signing.hpp"
#include "exchange/weex/errors.hpp"
#include "exchange/weex/parse.hpp"
#include "exchange/weex/signing.hpp"

namespace hedgebot::weex {
namespace {

// A 403 without a WEEX code (an IP or key block): stop every request for this long unless the
// answer says otherwise.
constexpr int64_t kDefaultBanMs = 10 * kMinuteMs;
// A Retry-After further away than this is taken as this: no overflow on absurd headers.
constexpr int64_t kMaxBlockMs = kDayMs;
// A 429 without a usable Retry-After waits this long, doubling per retry.
constexpr int64_t kDefaultRateLimitWaitMs = 1000;

WeexSettings with_defaults(WeexSettings settings) {
  if (!settings.wall_clock_ms) settings.wall_clock_ms = venue::system_now_ms;
  if (!settings.sleep_ms) settings.sleep_ms = venue::real_sleep_ms;
  settings.base_url = venue::without_trailing_slash(std::move(settings.base_url));
  return settings;
}

venue::CoreSettings core_settings(const WeexSettings& settings) {
  return venue::core_settings_of(
      settings, "WEEX", settings.cache_dir.empty() ? "" : venue_block_file(settings.cache_dir),
      settings.base_url);
}

// Any secret a venue message might echo is masked before it reaches a message.
std::string masked(std::string text, const std::optional<Secret>& secret) {
  if (!secret || secret->empty()) return text;
  const std::string& value = secret->reveal();
  for (size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + 3))
    text.replace(at, value.size(), "***");
  return text;
}

bool present(const std::optional<Secret>& secret) {
  return secret && !secret->empty();
}

// WEEX's error body {code, msg}: the code (int or digit string), or nullopt for a payload. The
// margin-mode answer {"code":"200","msg":"success"} is a success (code 0).
std::optional<int> error_code(const Json& body) {
  if (!body.is_object() || !body.contains("code") || !body.contains("msg")) return std::nullopt;
  const Json& code = body["code"];
  int value = 0;
  if (code.is_number_integer()) {
    value = code.get<int>();
  } else if (code.is_string()) {
    const auto number = venue::to_int(code.get<std::string>());
    const std::string text = code.get<std::string>();
    if (number) {
      value = static_cast<int>(*number);
    } else if (text.size() > 1 && text[0] == '-') {
      const auto positive = venue::to_int(text.substr(1));
      value = positive ? -static_cast<int>(*positive) : -1;
    } else {
      value = -1;
    }
  } else {
    return std::nullopt;
  }
  if (value == 200 || value == 0) return std::nullopt;
  return value;
}

}  // namespace

std::string venue_block_file(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "weex_venue_block.json").string();
}

std::string Call::name() const {
  return std::string(http::to_string(method)) + " " + path;
}

Session::Session(WeexSettings settings)
    : settings_(with_defaults(std::move(settings))), core_(core_settings(settings_)) {}

std::string Session::missing_credentials() const {
  std::vector<std::string> missing;
  if (!present(settings_.api_key)) missing.emplace_back("API key");
  if (!present(settings_.api_secret)) missing.emplace_back("API secret");
  if (!present(settings_.api_passphrase)) missing.emplace_back("API passphrase");
  std::string text;
  for (size_t i = 0; i < missing.size(); ++i) {
    if (i > 0) text += i + 1 == missing.size() ? " and " : ", ";
    text += missing[i];
  }
  return text;
}

std::optional<int64_t> Session::retry_after(const http::Response& response) const {
  const auto header = response.header("Retry-After");
  if (!header) return std::nullopt;
  const auto seconds = venue::to_int(*header);
  if (!seconds || *seconds < 0) return std::nullopt;
  return local_now_ms() + std::min(*seconds * kSecondMs, kMaxBlockMs);
}

Status Session::sync_clock() {
  return core_.sync_clock([this]() -> Result<int64_t> {
    auto reply = call(Call{http::Method::Get, "/capi/v3/market/time", {}, std::nullopt, false});
    if (!reply) return reply.error();
    return parse_server_time(*reply);
  });
}

Result<int64_t> Session::server_now_ms() {
  if (core_.clock_due()) {
    if (auto synced = sync_clock(); !synced) return synced.error();
  }
  return core_.venue_now_ms();
}

Result<Json> Session::call(const Call& call) {
  bool resynced = false;
  venue::RetryState retry;
  const std::string name = call.name();
  for (;;) {
    if (std::optional<Error> refused = core_.refusal(name)) return *refused;
    if (call.is_signed) {
      if (const std::string missing = missing_credentials(); !missing.empty()) {
        std::string message = name;
        message += " is a signed WEEX call and this client has no ";
        message += missing;
        message +=
            " (set exchange.api_key_env / api_secret_env / api_passphrase_env, or their _file "
            "forms); nothing was sent";
        return make_error(ErrorKind::Config, message);
      }
      if (core_.clock_due()) {
        if (auto synced = sync_clock(); !synced) return synced.error();
        if (std::optional<Error> refused = core_.refusal(name)) return *refused;
      }
    }
    http::Request request;
    request.method = call.method;
    const std::string query = signing::build_query(call.params);
    // The body is serialised once: the signed bytes are the bytes sent.
    if (call.body) request.body = call.body->dump();
    request.url = settings_.base_url + call.path + (query.empty() ? "" : "?" + query);
    if (call.body) request.headers.emplace_back("Content-Type", "application/json");
    if (call.is_signed) {
      for (auto& header :
           signed_headers(settings_.api_key->reveal(), settings_.api_secret->reveal(),
                          settings_.api_passphrase->reveal(), core_.venue_now_ms(),
                          http::to_string(call.method), call.path, query, request.body)) {
        request.headers.push_back(std::move(header));
      }
    }

    auto response = core_.send(name, settings_.base_url, request);
    if (!response) {
      Error error = response.error();
      error.message = name + ": " + error.message;
      return error;
    }
    const long status = response->status;
    auto body = binance::parse_json(response->body, name);
    int code = 0;
    std::string message;
    if (body) {
      if (auto found = error_code(*body)) {
        code = *found;
        if ((*body)["msg"].is_string()) message = (*body)["msg"].get<std::string>();
      }
    } else {
      message = response->body.substr(0, 120);
    }
    message = masked(masked(std::move(message), settings_.api_key), settings_.api_passphrase);

    if (status == 403 && code == 0) {
      Error error = map_error(status, code, message, name);
      int64_t until = local_now_ms() + kDefaultBanMs;
      if (auto after = retry_after(*response)) {
        until = std::max(*after, local_now_ms() + 1000);
        error.message += "; blocked for the venue's Retry-After";
      } else {
        error.message += "; no Retry-After given, so waiting " + format_duration(kDefaultBanMs);
      }
      core_.block_until(until, ErrorKind::Banned, error);
      return error;
    }
    if (status == 429) {
      int64_t wait_ms = kDefaultRateLimitWaitMs << retry.retries;
      if (auto after = retry_after(*response)) wait_ms = *after - local_now_ms();
      wait_ms = std::max<int64_t>(wait_ms, 1);
      if (core_.wait_to_retry(wait_ms, retry)) continue;
      Error error = map_error(status, code, message, name);
      error.message += "; retry after " + std::to_string((wait_ms + 999) / 1000) + " s";
      core_.block_until(local_now_ms() + wait_ms, ErrorKind::RateLimited, error);
      return error;
    }
    if (code == kCodeTimestampExpired && call.is_signed && !resynced) {
      resynced = true;
      if (auto synced = sync_clock(); !synced) return synced.error();
      continue;
    }
    if (status >= 200 && status < 300 && code == 0) {
      if (!body) return body.error();
      return std::move(*body);
    }
    return map_error(status, code, message, name);
  }
}

}  // namespace hedgebot::weex
