#include "exchange/bybit/session.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/binance/signing.hpp"
#include "exchange/bybit/errors.hpp"
#include "exchange/bybit/parse.hpp"
#include "exchange/bybit/signing.hpp"

namespace hedgebot::bybit {
namespace {

// A 403 (IP limit): Bybit asks to stop every session for at least 10 minutes.
constexpr int64_t kDefaultBanMs = 10 * kMinuteMs;
// A reset time further away than this is taken as this: no overflow on absurd headers.
constexpr int64_t kMaxBlockMs = kDayMs;
// A 10006 / 429 without a usable reset time waits this long, doubling per retry.
constexpr int64_t kDefaultRateLimitWaitMs = 1000;

venue::CoreSettings core_settings(const BybitSettings& settings) {
  return venue::core_settings_of(
      settings, "Bybit", settings.cache_dir.empty() ? "" : venue_block_file(settings.cache_dir),
      settings.base_url);
}

BybitSettings with_defaults(BybitSettings settings) {
  if (!settings.wall_clock_ms) settings.wall_clock_ms = venue::system_now_ms;
  if (!settings.sleep_ms) settings.sleep_ms = venue::real_sleep_ms;
  settings.base_url = venue::without_trailing_slash(std::move(settings.base_url));
  return settings;
}

// Bybit's retMsg can echo the signed string ("error sign! origin_string[...]"), which holds the
// API key: it is masked before it reaches any message.
std::string masked(std::string text, const std::optional<Secret>& key) {
  if (!key || key->empty()) return text;
  const std::string& value = key->reveal();
  for (size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + 3))
    text.replace(at, value.size(), "***");
  return text;
}

}  // namespace

std::string venue_block_file(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "bybit_venue_block.json").string();
}

std::string Call::name() const {
  return std::string(http::to_string(method)) + " " + path;
}

Session::Session(BybitSettings settings)
    : settings_(with_defaults(std::move(settings))), core_(core_settings(settings_)) {}

bool Session::has_credentials() const {
  return settings_.api_key && settings_.api_secret && !settings_.api_key->empty() &&
         !settings_.api_secret->empty();
}

std::optional<int64_t> Session::reset_time(const http::Response& response) const {
  const auto header = response.header("X-Bapi-Limit-Reset-Timestamp");
  if (!header) return std::nullopt;
  const auto venue_ms = venue::to_int(*header);
  if (!venue_ms) return std::nullopt;
  const int64_t now = local_now_ms();
  const int64_t local = *venue_ms - core_.clock_offset_ms();
  if (local <= now) return std::nullopt;
  return std::min(local, now + kMaxBlockMs);
}

Status Session::sync_clock() {
  return core_.sync_clock([this]() -> Result<int64_t> {
    auto reply = call(Call{http::Method::Get, "/v5/market/time", {}, Json::object(), false});
    if (!reply) return reply.error();
    return parse_server_time(reply->result, reply->time_ms);
  });
}

Result<int64_t> Session::server_now_ms() {
  if (core_.clock_due()) {
    if (auto synced = sync_clock(); !synced) return synced.error();
  }
  return core_.venue_now_ms();
}

Result<Reply> Session::call(const Call& call) {
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
    const std::string query = signing::build_query(call.params);
    // No body on a GET, not even "{}": Bybit refuses that. A POST body is serialised once and
    // the signed bytes are the bytes sent.
    if (call.method == http::Method::Post) request.body = call.body.dump();
    request.url = settings_.base_url + call.path + (query.empty() ? "" : "?" + query);
    if (call.method == http::Method::Post)
      request.headers.emplace_back("Content-Type", "application/json");
    if (call.is_signed) {
      const std::string& payload = call.method == http::Method::Post ? request.body : query;
      for (auto& header :
           signed_headers(settings_.api_key->reveal(), settings_.api_secret->reveal(),
                          core_.venue_now_ms(), settings_.recv_window_ms, payload)) {
        request.headers.push_back(std::move(header));
      }
    }

    auto response = core_.send(name, settings_.base_url, request);
    if (!response) {
      Error error = response.error();
      error.message = name + ": " + error.message;
      return error;
    }
    if (auto left = response->header("X-Bapi-Limit-Status")) {
      if (auto number = venue::to_int(*left)) core_.counters().limit_status = *number;
    }
    const long status = response->status;
    auto body = binance::parse_json(response->body, name);
    int code = 0;
    std::string message;
    bool envelope = false;
    if (body && body->is_object()) {
      const auto code_field = body->find("retCode");
      const auto msg_field = body->find("retMsg");
      if (code_field != body->end() && code_field->is_number_integer()) {
        code = code_field->get<int>();
        envelope = true;
      }
      if (msg_field != body->end() && msg_field->is_string())
        message = msg_field->get<std::string>();
    } else if (!body) {
      message = response->body.substr(0, 120);
    }
    message = masked(std::move(message), settings_.api_key);

    if (status == 403) {
      Error error = map_error(status, code, message, name);
      int64_t until = local_now_ms() + kDefaultBanMs;
      if (auto reset = reset_time(*response)) {
        until = std::max(*reset, local_now_ms() + 1000);
        error.message += "; blocked until the venue's reset time";
      } else {
        error.message += "; no reset time given, so waiting " + format_duration(kDefaultBanMs);
      }
      core_.block_until(until, ErrorKind::Banned, error);
      return error;
    }
    if (status == 429 || code == kCodeTooManyVisits) {
      int64_t wait_ms = kDefaultRateLimitWaitMs << retry.retries;
      if (auto reset = reset_time(*response)) wait_ms = *reset - local_now_ms();
      wait_ms = std::max<int64_t>(wait_ms, 1);
      if (core_.wait_to_retry(wait_ms, retry)) continue;
      Error error = map_error(status, code, message, name);
      error.message += "; retry after " + std::to_string((wait_ms + 999) / 1000) + " s";
      core_.block_until(local_now_ms() + wait_ms, ErrorKind::RateLimited, error);
      return error;
    }
    if (status >= 200 && status < 300) {
      if (!body) return body.error();
      if (!envelope) return binance::shape_error(name, "no integer retCode in the answer");
      if (code == kCodeTimestampOutside && call.is_signed && !resynced) {
        resynced = true;
        if (auto synced = sync_clock(); !synced) return synced.error();
        continue;
      }
      if (code != 0) return map_error(status, code, message, name);
      const auto result = body->find("result");
      if (result == body->end() || !result->is_object())
        return binance::shape_error(name, "retCode 0 without a result object");
      Reply reply;
      reply.result = *result;
      if (const auto time = body->find("time"); time != body->end() && time->is_number_integer())
        reply.time_ms = time->get<int64_t>();
      return reply;
    }
    return map_error(status, code, message, name);
  }
}

}  // namespace hedgebot::bybit
