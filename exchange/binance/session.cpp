#include "exchange/binance/session.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "exchange/binance/errors.hpp"
#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/binance/parse.hpp"
#include "exchange/binance/signing.hpp"

namespace hedgebot::binance {
namespace {

// X-MBX-ORDER-COUNT-10S, -1M, -1D: orders placed in each window (lowercased).
constexpr std::string_view kOrderCountHeader = "x-mbx-order-count-";

// A 418 without a usable Retry-After: Binance's bans last from 2 minutes up to 3 days and grow
// with each repeat, so the first one is taken as 2 minutes and each further one in a row (no
// successful answer in between) as twice the one before, at most 3 days.
constexpr int64_t kDefaultBanMs = 2 * kMinuteMs;
constexpr int64_t kMaxBanMs = 3 * kDayMs;
// A Retry-After longer than this (seconds) is taken as this: no overflow on absurd headers.
constexpr int64_t kMaxRetryAfterS = 30 * kDayMs / 1000;

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

BinanceSettings with_defaults(BinanceSettings settings) {
  if (!settings.wall_clock_ms) settings.wall_clock_ms = venue::system_now_ms;
  if (!settings.sleep_ms) settings.sleep_ms = venue::real_sleep_ms;
  settings.futures_url = venue::without_trailing_slash(std::move(settings.futures_url));
  settings.spot_url = venue::without_trailing_slash(std::move(settings.spot_url));
  return settings;
}

venue::CoreSettings core_settings(const BinanceSettings& settings) {
  return venue::core_settings_of(
      settings, "Binance", settings.cache_dir.empty() ? "" : venue_block_path(settings.cache_dir),
      settings.futures_url);
}

std::string origin_of(const std::string& url) {
  auto parsed = http::parse_url(url);
  return parsed ? parsed->origin : url;
}

}  // namespace

std::string Call::name() const {
  return std::string(http::to_string(method)) + " " + path;
}

Session::Session(BinanceSettings settings)
    : settings_(with_defaults(std::move(settings))), core_(core_settings(settings_)) {}

bool Session::has_credentials() const {
  return settings_.api_key && settings_.api_secret && !settings_.api_key->empty() &&
         !settings_.api_secret->empty();
}

std::string Session::base_url(Api api) const {
  return api == Api::Futures ? settings_.futures_url : settings_.spot_url;
}

void Session::read_rate_headers(const http::Response& response) {
  for (const auto& [name, value] : response.headers) {
    const std::string key = lowercase(name);
    const auto number = venue::to_int(value);
    if (!number) continue;
    if (key == "x-mbx-used-weight-1m") core_.counters().used_weight_1m = *number;
    if (key.rfind(kOrderCountHeader, 0) == 0) {
      core_.counters().order_counts[key.substr(kOrderCountHeader.size())] = *number;
    }
  }
}

Status Session::sync_clock() {
  return core_.sync_clock([this]() -> Result<int64_t> {
    auto body = call(Call{http::Method::Get, Api::Futures, "/fapi/v1/time", {}, false});
    if (!body) return body.error();
    return parse_server_time(*body);
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
    auto params = call.params;
    if (call.is_signed) {
      params.emplace_back("recvWindow", std::to_string(settings_.recv_window_ms));
      params.emplace_back("timestamp", std::to_string(core_.venue_now_ms()));
    }
    std::string query = signing::build_query(params);
    if (call.is_signed)
      query = signing::binance_signed_query(settings_.api_secret->reveal(), query);
    http::Request request;
    request.method = call.method;
    request.url = base_url(call.api) + call.path + (query.empty() ? "" : "?" + query);
    if (call.is_signed) request.headers.emplace_back("X-MBX-APIKEY", settings_.api_key->reveal());

    auto response = core_.send(name, origin_of(base_url(call.api)), request);
    if (!response) return response.error();
    read_rate_headers(*response);
    const long status = response->status;

    auto body = parse_json(response->body, name);
    int code = 0;
    std::string message;
    if (body && body->is_object()) {
      const auto code_field = body->find("code");
      const auto msg_field = body->find("msg");
      if (code_field != body->end() && code_field->is_number_integer())
        code = code_field->get<int>();
      if (msg_field != body->end() && msg_field->is_string())
        message = msg_field->get<std::string>();
    } else if (!body) {
      message = response->body.substr(0, 120);
    }

    if (status == 429) {
      int64_t wait_ms = 1000LL << retry.retries;
      if (auto retry_after = response->header("Retry-After")) {
        if (auto seconds = venue::to_int(*retry_after); seconds && *seconds >= 0)
          wait_ms = std::min(*seconds, kMaxRetryAfterS) * 1000;
      }
      if (core_.wait_to_retry(wait_ms, retry)) continue;
      Error error = map_error(status, code, message, name);
      error.message += "; retry after " + std::to_string(wait_ms / 1000) + " s";
      core_.block_until(local_now_ms() + wait_ms, ErrorKind::RateLimited, error);
      return error;
    }
    if (status == 418) {
      Error error = map_error(status, code, message, name);
      std::optional<int64_t> seconds;
      if (auto retry_after = response->header("Retry-After")) seconds = venue::to_int(*retry_after);
      int64_t ban_ms = 0;
      if (seconds && *seconds >= 0) {
        ban_ms = std::min(*seconds, kMaxRetryAfterS) * 1000;
        error.message += "; retry after " + std::to_string(*seconds) + " s";
      } else {
        ban_ms = kDefaultBanMs;
        for (int i = 0; i < bans_without_retry_after_ && ban_ms < kMaxBanMs; ++i) ban_ms *= 2;
        ban_ms = std::min(ban_ms, kMaxBanMs);
        ++bans_without_retry_after_;
        error.message += "; no Retry-After, so waiting " + format_duration(ban_ms);
      }
      core_.block_until(local_now_ms() + ban_ms, ErrorKind::Banned, error);
      return error;
    }
    if (status >= 200 && status < 300) {
      bans_without_retry_after_ = 0;
      if (!body) return body.error();
      return body;
    }
    if (code == kCodeTimestampOutside && call.is_signed && !resynced) {
      resynced = true;
      if (auto synced = sync_clock(); !synced) return synced.error();
      continue;
    }
    return map_error(status, code, message, name);
  }
}

}  // namespace hedgebot::binance
