#include "exchange/bingx/session.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "exchange/binance/signing.hpp"
#include "exchange/bingx/errors.hpp"
#include "exchange/bingx/parse.hpp"

namespace hedgebot::bingx {
namespace {

// A 418 or 403 without a usable reset: BingX restores access after five minutes.
constexpr int64_t kDefaultBanMs = 5 * kMinuteMs;
// A wait further away than this is taken as this: no overflow on absurd headers.
constexpr int64_t kMaxBlockMs = kDayMs;
// A 100410 / 429 that says nothing of its reset waits this long, doubling per retry.
constexpr int64_t kDefaultRateLimitWaitMs = 1000;
// Below this an expiry header counts milliseconds from now, above it it is a venue time.
constexpr int64_t kAbsoluteTimeFloor = 1'000'000'000'000;

BingxSettings with_defaults(BingxSettings settings) {
  if (!settings.wall_clock_ms) settings.wall_clock_ms = venue::system_now_ms;
  if (!settings.sleep_ms) settings.sleep_ms = venue::real_sleep_ms;
  settings.base_url = venue::without_trailing_slash(std::move(settings.base_url));
  return settings;
}

venue::CoreSettings core_settings(const BingxSettings& settings) {
  return venue::core_settings_of(
      settings, "BingX", settings.cache_dir.empty() ? "" : venue_block_file(settings.cache_dir),
      settings.base_url);
}

// The number after "unblocked after" in a 100410 message ("...disabled period and will be
// unblocked after 28392 ms"), in ms.
std::optional<int64_t> unblocked_after_ms(const std::string& message) {
  const std::string marker = "unblocked after";
  const size_t at = message.find(marker);
  if (at == std::string::npos) return std::nullopt;
  size_t begin = at + marker.size();
  while (begin < message.size() && message[begin] == ' ') ++begin;
  size_t end = begin;
  while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end])) != 0) ++end;
  return venue::to_int(message.substr(begin, end - begin));
}

}  // namespace

std::string venue_block_file(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "bingx_venue_block.json").string();
}

std::string Call::name() const {
  return std::string(http::to_string(method)) + " " + path;
}

Session::Session(BingxSettings settings)
    : settings_(with_defaults(std::move(settings))), core_(core_settings(settings_)) {}

bool Session::has_credentials() const {
  return settings_.api_key && settings_.api_secret && !settings_.api_key->empty() &&
         !settings_.api_secret->empty();
}

std::optional<int64_t> Session::wait_asked_ms(const http::Response& response,
                                              const std::string& message) const {
  std::optional<int64_t> wait;
  if (const auto header = response.header("X-RateLimit-Requests-Expire")) {
    if (const auto value = venue::to_int(*header); value && *value > 0) {
      wait = *value >= kAbsoluteTimeFloor ? *value - core_.venue_now_ms() : *value;
    }
  }
  if (!wait) wait = unblocked_after_ms(message);
  if (!wait || *wait <= 0) return std::nullopt;
  return std::min(*wait, kMaxBlockMs);
}

Status Session::sync_clock() {
  return core_.sync_clock([this]() -> Result<int64_t> {
    auto data = call(Call{http::Method::Get, "/openApi/swap/v2/server/time", {}, false});
    if (!data) return data.error();
    return parse_server_time(*data);
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
      if (!has_credentials()) {
        return make_error(ErrorKind::Config,
                          name +
                              " needs an API key and secret, and this client has none "
                              "(set exchange.api_key_env / api_secret_env)");
      }
      if (core_.clock_due()) {
        if (auto synced = sync_clock(); !synced) return synced.error();
        // The clock read counts against the budget too.
        if (std::optional<Error> refused = core_.refusal(name)) return *refused;
      }
    }
    http::Request request;
    request.method = call.method;
    std::string query;
    if (call.is_signed) {
      Params params = call.params;
      params.emplace_back("timestamp", std::to_string(core_.venue_now_ms()));
      params.emplace_back("recvWindow", std::to_string(settings_.recv_window_ms));
      query = signed_query(settings_.api_secret->reveal(), params);
      request.headers.emplace_back(kApiKeyHeader, settings_.api_key->reveal());
    } else {
      query = signing::build_query(call.params);
    }
    request.url = settings_.base_url + call.path + (query.empty() ? "" : "?" + query);

    auto response = core_.send(name, settings_.base_url, request);
    if (!response) {
      Error error = response.error();
      error.message = name + ": " + error.message;
      return error;
    }
    if (auto left = response->header("X-RateLimit-Requests-Remain")) {
      if (auto number = venue::to_int(*left)) core_.counters().limit_status = *number;
    }
    const long status = response->status;
    auto body = binance::parse_json(response->body, name);
    int code = 0;
    std::string message;
    bool envelope = false;
    if (body && body->is_object()) {
      const auto code_field = body->find("code");
      const auto msg_field = body->find("msg");
      if (code_field != body->end() && code_field->is_number_integer()) {
        code = code_field->get<int>();
        envelope = true;
      }
      if (msg_field != body->end() && msg_field->is_string())
        message = msg_field->get<std::string>();
    } else if (!body) {
      message = response->body.substr(0, 120);
    }

    if (status == 418 || status == 403) {
      Error error = map_error(status, code, message, name);
      int64_t until = local_now_ms() + kDefaultBanMs;
      if (auto wait = wait_asked_ms(*response, message)) {
        until = local_now_ms() + std::max<int64_t>(*wait, 1000);
        error.message += "; blocked until the venue's reset time";
      } else {
        error.message += "; no reset time given, so waiting " + format_duration(kDefaultBanMs);
      }
      core_.block_until(until, ErrorKind::Banned, error);
      return error;
    }
    if (status == 429 || code == kCodeRateLimited) {
      int64_t wait_ms = kDefaultRateLimitWaitMs << retry.retries;
      if (auto asked = wait_asked_ms(*response, message)) wait_ms = *asked;
      wait_ms = std::max<int64_t>(wait_ms, 1);
      if (core_.wait_to_retry(wait_ms, retry)) continue;
      Error error = map_error(status, code, message, name);
      error.message += "; retry after " + std::to_string((wait_ms + 999) / 1000) + " s";
      core_.block_until(local_now_ms() + wait_ms, ErrorKind::RateLimited, error);
      return error;
    }
    // BingX's answer is decided on its code, whatever the HTTP status beside it.
    if (envelope && code != 0) {
      if (call.is_signed && !resynced &&
          classify_timestamp_code(code, message) == TimestampCode::ClockSkew) {
        resynced = true;
        if (auto synced = sync_clock(); !synced) return synced.error();
        continue;
      }
      return map_error(status, code, message, name);
    }
    if (status >= 200 && status < 300) {
      if (!body) return body.error();
      if (!envelope) return binance::shape_error(name, "no integer code in the answer");
      const auto data = body->find("data");
      return data == body->end() ? Json() : *data;
    }
    return map_error(status, code, message, name);
  }
}

}  // namespace hedgebot::bingx
