#include "exchange/mexc/session.hpp"

#include <algorithm>
#include <filesystem>

#include "exchange/mexc/errors.hpp"
#include "exchange/mexc/parse.hpp"
#include "exchange/mexc/signing.hpp"

namespace hedgebot::mexc {
namespace {

// An HTTP 403 (a blocked IP) gives no end time: every request stops for this long.
constexpr int64_t kDefaultBanMs = 10 * kMinuteMs;
// A 510 / 429 waits this long, doubling per retry (MEXC gives no reset time).
constexpr int64_t kDefaultRateLimitWaitMs = 1000;

venue::CoreSettings core_settings(const MexcSettings& settings) {
  return venue::core_settings_of(
      settings, "MEXC", settings.cache_dir.empty() ? "" : venue_block_file(settings.cache_dir),
      settings.base_url);
}

MexcSettings with_defaults(MexcSettings settings) {
  if (!settings.wall_clock_ms) settings.wall_clock_ms = venue::system_now_ms;
  if (!settings.sleep_ms) settings.sleep_ms = venue::real_sleep_ms;
  settings.base_url = venue::without_trailing_slash(std::move(settings.base_url));
  return settings;
}

}  // namespace

std::string venue_block_file(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "mexc_venue_block.json").string();
}

std::string Call::name() const {
  return std::string(http::to_string(method)) + " " + (label.empty() ? path : label);
}

Session::Session(MexcSettings settings)
    : settings_(with_defaults(std::move(settings))), core_(core_settings(settings_)) {}

bool Session::has_credentials() const {
  return settings_.api_key && settings_.api_secret && !settings_.api_key->empty() &&
         !settings_.api_secret->empty();
}

Status Session::sync_clock() {
  return core_.sync_clock([this]() -> Result<int64_t> {
    auto data =
        call(Call{http::Method::Get, "/api/v1/contract/ping", {}, Json::object(), false, ""});
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
        if (std::optional<Error> refused = core_.refusal(name)) return *refused;
      }
    }
    http::Request request;
    request.method = call.method;
    // The query is sorted and encoded once: the text signed is the text sent.
    const std::string query = sorted_query(call.params);
    if (call.method == http::Method::Post) request.body = call.body.dump();
    request.url = settings_.base_url + call.path + (query.empty() ? "" : "?" + query);
    request.headers.emplace_back("Content-Type", "application/json");
    if (call.is_signed) {
      const std::string& payload = call.method == http::Method::Post ? request.body : query;
      for (auto& header :
           signed_headers(settings_.api_key->reveal(), settings_.api_secret->reveal(),
                          core_.venue_now_ms(), payload)) {
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
    bool success = false;
    bool envelope = false;
    if (body && body->is_object()) {
      const auto success_field = body->find("success");
      const auto code_field = body->find("code");
      const auto msg_field = body->find("message");
      if (success_field != body->end() && success_field->is_boolean()) {
        success = success_field->get<bool>();
        envelope = true;
      }
      if (code_field != body->end() && code_field->is_number_integer()) {
        const int64_t value = code_field->get<int64_t>();
        code = value > 0 && value < 1'000'000 ? static_cast<int>(value) : -1;
      }
      if (msg_field != body->end() && msg_field->is_string())
        message = msg_field->get<std::string>();
    } else if (!body) {
      message = response->body.substr(0, 120);
    }

    if (status == 403) {
      Error error = map_error(status, code, message, name);
      error.message += "; no end time given, so waiting " + format_duration(kDefaultBanMs);
      core_.block_until(local_now_ms() + kDefaultBanMs, ErrorKind::Banned, error);
      return error;
    }
    if (status == 429 || code == kCodeTooFrequent) {
      const int64_t wait_ms = kDefaultRateLimitWaitMs << std::min(retry.retries, 10);
      if (core_.wait_to_retry(wait_ms, retry)) continue;
      Error error = map_error(status, code, message, name);
      error.message += "; retry after " + std::to_string((wait_ms + 999) / 1000) + " s";
      core_.block_until(local_now_ms() + wait_ms, ErrorKind::RateLimited, error);
      return error;
    }
    if (status >= 200 && status < 300) {
      if (!body) {
        // A cut or garbled answer to a write leaves its fate open.
        if (call.method == http::Method::Post) {
          return make_error(ErrorKind::UnknownStatus,
                            name + ": the answer is not JSON; execution status unknown");
        }
        return body.error();
      }
      if (!envelope) {
        if (call.method == http::Method::Post) {
          return make_error(ErrorKind::UnknownStatus,
                            name + ": no success field in the answer; execution status unknown");
        }
        return binance::shape_error(name, "no success field in the answer");
      }
      if (!success && code == kCodeRequestTimeInvalid && call.is_signed && !resynced) {
        resynced = true;
        if (auto synced = sync_clock(); !synced) return synced.error();
        continue;
      }
      if (!success) return map_error(status, code, message, name);
      const auto data = body->find("data");
      if (data == body->end()) return Json();
      return *data;
    }
    return map_error(status, code, message, name);
  }
}

}  // namespace hedgebot::mexc
