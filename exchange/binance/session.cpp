#include "exchange/binance/session.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <string_view>
#include <thread>

#include "exchange/binance/errors.hpp"
#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/binance/parse.hpp"
#include "exchange/binance/signing.hpp"

#ifndef HEDGEBOT_VERSION
#define HEDGEBOT_VERSION "0"
#endif

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

std::optional<int64_t> to_int(const std::string& text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

http::ClientOptions http_options(const BinanceSettings& settings) {
  http::ClientOptions options;
  options.connect_timeout_ms = settings.connect_timeout_ms;
  options.timeout_ms = settings.timeout_ms;
  options.user_agent = settings.user_agent.empty() ? std::string("hedgebot/") + HEDGEBOT_VERSION
                                                   : settings.user_agent;
  return options;
}

BinanceSettings with_defaults(BinanceSettings settings) {
  if (!settings.wall_clock_ms) {
    settings.wall_clock_ms = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  if (!settings.sleep_ms) {
    settings.sleep_ms = [](int64_t ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    };
  }
  while (!settings.futures_url.empty() && settings.futures_url.back() == '/')
    settings.futures_url.pop_back();
  while (!settings.spot_url.empty() && settings.spot_url.back() == '/')
    settings.spot_url.pop_back();
  return settings;
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
    : settings_(with_defaults(std::move(settings))), http_(http_options(settings_)) {
  if (settings_.cache_dir.empty()) return;
  // A ban an earlier process met is still running: nothing is sent before it ends.
  if (const std::optional<VenueBlock> block = load_venue_block(
          venue_block_path(settings_.cache_dir), settings_.futures_url, local_now_ms())) {
    blocked_until_ms_ = block->until_ms;
    blocked_kind_ = block->kind;
    blocked_reason_ = block->reason;
  }
}

int64_t Session::local_now_ms() const {
  return settings_.wall_clock_ms();
}

bool Session::has_credentials() const {
  return settings_.api_key && settings_.api_secret && !settings_.api_key->empty() &&
         !settings_.api_secret->empty();
}

std::string Session::base_url(Api api) const {
  return api == Api::Futures ? settings_.futures_url : settings_.spot_url;
}

RequestStats Session::stats() const {
  RequestStats stats = stats_;
  for (const auto& [origin, origin_stats] : http_.origin_stats()) {
    stats.connections_per_host[origin] = origin_stats.connections;
  }
  stats.clock_offset_ms = clock_offset_ms_;
  return stats;
}

void Session::read_rate_headers(const http::Response& response) {
  for (const auto& [name, value] : response.headers) {
    const std::string key = lowercase(name);
    const auto number = to_int(value);
    if (!number) continue;
    if (key == "x-mbx-used-weight-1m") stats_.used_weight_1m = *number;
    if (key.rfind(kOrderCountHeader, 0) == 0) {
      stats_.order_counts[key.substr(kOrderCountHeader.size())] = *number;
    }
  }
}

int64_t Session::blocked_until_ms() const {
  return local_now_ms() < blocked_until_ms_ ? blocked_until_ms_ : 0;
}

void Session::block_until(int64_t until_ms, ErrorKind kind, Error& error) {
  blocked_until_ms_ = until_ms;
  blocked_kind_ = kind;
  blocked_reason_ = error.message;
  error.retry_at_ms = until_ms;
  if (!settings_.cache_dir.empty()) {
    // The next process (a cron run, a reloaded daemon) keeps the block too. Failing to write it
    // only loses that; this process still honours it.
    (void)save_venue_block(venue_block_path(settings_.cache_dir), settings_.futures_url,
                           {until_ms, kind, blocked_reason_});
  }
}

Status Session::sync_clock() {
  const int64_t sent = local_now_ms();
  auto body = call(Call{http::Method::Get, Api::Futures, "/fapi/v1/time", {}, false});
  const int64_t received = local_now_ms();
  if (!body) return body.error();
  auto server_time = parse_server_time(*body);
  if (!server_time) return server_time.error();
  clock_offset_ms_ = *server_time - (sent + received) / 2;
  clock_synced_ = true;
  last_sync_local_ms_ = received;
  return ok_status();
}

Result<int64_t> Session::server_now_ms() {
  if (!clock_synced_ ||
      local_now_ms() - last_sync_local_ms_ >= settings_.clock_resync_interval_ms) {
    if (auto synced = sync_clock(); !synced) return synced.error();
  }
  return local_now_ms() + clock_offset_ms_;
}

Result<Json> Session::call(const Call& call) {
  bool resynced = false;
  int rate_limit_retries = 0;
  int64_t waited_ms = 0;
  const std::string name = call.name();
  for (;;) {
    if (const int64_t now = local_now_ms(); now < blocked_until_ms_) {
      const int64_t remaining_s = (blocked_until_ms_ - now + 999) / 1000;
      Error error = make_error(blocked_kind_, name + " not sent: " + std::to_string(remaining_s) +
                                                  " s remain before the venue accepts requests "
                                                  "again (until " +
                                                  format_iso8601(blocked_until_ms_) +
                                                  "); earlier: " + blocked_reason_);
      error.retry_at_ms = blocked_until_ms_;
      return error;
    }
    if (call.is_signed) {
      if (!has_credentials()) {
        return make_error(ErrorKind::Config,
                          name +
                              " needs an API key and secret, and this client has none "
                              "(set exchange.api_key_env / api_secret_env)");
      }
      if (!clock_synced_ ||
          local_now_ms() - last_sync_local_ms_ >= settings_.clock_resync_interval_ms) {
        if (auto synced = sync_clock(); !synced) return synced.error();
      }
    }
    if (settings_.request_budget > 0 && stats_.requests_this_tick >= settings_.request_budget) {
      return make_error(ErrorKind::RateLimited,
                        "request budget of " + std::to_string(settings_.request_budget) +
                            " exhausted this tick (before " + name +
                            "); raise exchange.request_budget if the tick really needs more");
    }
    auto params = call.params;
    if (call.is_signed) {
      params.emplace_back("recvWindow", std::to_string(settings_.recv_window_ms));
      params.emplace_back("timestamp", std::to_string(local_now_ms() + clock_offset_ms_));
    }
    std::string query = signing::build_query(params);
    if (call.is_signed)
      query = signing::binance_signed_query(settings_.api_secret->reveal(), query);
    http::Request request;
    request.method = call.method;
    request.url = base_url(call.api) + call.path + (query.empty() ? "" : "?" + query);
    if (call.is_signed) request.headers.emplace_back("X-MBX-APIKEY", settings_.api_key->reveal());

    ++stats_.requests;
    ++stats_.requests_this_tick;
    ++stats_.per_path[name];
    ++stats_.per_host[origin_of(base_url(call.api))];
    auto response = http_.send(request);
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
      ++stats_.rate_limited;
      int64_t wait_ms = 1000LL << rate_limit_retries;
      if (auto retry_after = response->header("Retry-After")) {
        if (auto seconds = to_int(*retry_after); seconds && *seconds >= 0)
          wait_ms = std::min(*seconds, kMaxRetryAfterS) * 1000;
      }
      if (rate_limit_retries < settings_.max_rate_limit_retries &&
          waited_ms + wait_ms <= settings_.max_rate_limit_wait_ms) {
        settings_.sleep_ms(wait_ms);
        waited_ms += wait_ms;
        ++rate_limit_retries;
        continue;
      }
      Error error = map_error(status, code, message, name);
      error.message += "; retry after " + std::to_string(wait_ms / 1000) + " s";
      block_until(local_now_ms() + wait_ms, ErrorKind::RateLimited, error);
      return error;
    }
    if (status == 418) {
      Error error = map_error(status, code, message, name);
      std::optional<int64_t> seconds;
      if (auto retry_after = response->header("Retry-After")) seconds = to_int(*retry_after);
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
      block_until(local_now_ms() + ban_ms, ErrorKind::Banned, error);
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
