#include "exchange/bybit/session.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

#include "exchange/binance/exchange_info_cache.hpp"
#include "exchange/binance/signing.hpp"
#include "exchange/bybit/errors.hpp"
#include "exchange/bybit/parse.hpp"
#include "exchange/bybit/signing.hpp"

#ifndef HEDGEBOT_VERSION
#define HEDGEBOT_VERSION "0"
#endif

namespace hedgebot::bybit {
namespace {

// A 403 (IP limit): Bybit asks to stop every session for at least 10 minutes.
constexpr int64_t kDefaultBanMs = 10 * kMinuteMs;
// A reset time further away than this is taken as this: no overflow on absurd headers.
constexpr int64_t kMaxBlockMs = kDayMs;
// A 10006 / 429 without a usable reset time waits this long, doubling per retry.
constexpr int64_t kDefaultRateLimitWaitMs = 1000;

std::optional<int64_t> to_int(const std::string& text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

http::ClientOptions http_options(const BybitSettings& settings) {
  http::ClientOptions options;
  options.connect_timeout_ms = settings.connect_timeout_ms;
  options.timeout_ms = settings.timeout_ms;
  options.user_agent = settings.user_agent.empty() ? std::string("hedgebot/") + HEDGEBOT_VERSION
                                                   : settings.user_agent;
  return options;
}

BybitSettings with_defaults(BybitSettings settings) {
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
  while (!settings.base_url.empty() && settings.base_url.back() == '/')
    settings.base_url.pop_back();
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
    : settings_(with_defaults(std::move(settings))), http_(http_options(settings_)) {
  if (settings_.cache_dir.empty()) return;
  // A ban an earlier process met is still running: nothing is sent before it ends.
  if (const auto block = binance::load_venue_block(venue_block_file(settings_.cache_dir),
                                                   settings_.base_url, local_now_ms())) {
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

RequestStats Session::stats() const {
  RequestStats stats = stats_;
  for (const auto& [origin, origin_stats] : http_.origin_stats()) {
    stats.connections_per_host[origin] = origin_stats.connections;
  }
  stats.clock_offset_ms = clock_offset_ms_;
  return stats;
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
    // The next process keeps the block too; failing to write it only loses that.
    (void)binance::save_venue_block(venue_block_file(settings_.cache_dir), settings_.base_url,
                                    {until_ms, kind, blocked_reason_});
  }
}

std::optional<int64_t> Session::reset_time(const http::Response& response) const {
  const auto header = response.header("X-Bapi-Limit-Reset-Timestamp");
  if (!header) return std::nullopt;
  const auto venue_ms = to_int(*header);
  if (!venue_ms) return std::nullopt;
  const int64_t now = local_now_ms();
  const int64_t local = *venue_ms - clock_offset_ms_;
  if (local <= now) return std::nullopt;
  return std::min(local, now + kMaxBlockMs);
}

Status Session::sync_clock() {
  const int64_t sent = local_now_ms();
  auto reply = call(Call{http::Method::Get, "/v5/market/time", {}, Json::object(), false});
  const int64_t received = local_now_ms();
  if (!reply) return reply.error();
  auto server_time = parse_server_time(reply->result, reply->time_ms);
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

Result<Reply> Session::call(const Call& call) {
  bool resynced = false;
  int rate_limit_retries = 0;
  int64_t waited_ms = 0;
  const std::string name = call.name();
  for (;;) {
    if (const int64_t now = local_now_ms(); now < blocked_until_ms_) {
      const int64_t remaining_s = (blocked_until_ms_ - now + 999) / 1000;
      Error error = make_error(blocked_kind_, name + " not sent: " + std::to_string(remaining_s) +
                                                  " s remain before Bybit accepts requests "
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
                          local_now_ms() + clock_offset_ms_, settings_.recv_window_ms, payload)) {
        request.headers.push_back(std::move(header));
      }
    }

    ++stats_.requests;
    ++stats_.requests_this_tick;
    ++stats_.per_path[name];
    ++stats_.per_host[settings_.base_url];
    auto response = http_.send(request);
    if (!response) {
      Error error = response.error();
      error.message = name + ": " + error.message;
      return error;
    }
    if (auto left = response->header("X-Bapi-Limit-Status")) {
      if (auto number = to_int(*left)) stats_.limit_status = *number;
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
      block_until(until, ErrorKind::Banned, error);
      return error;
    }
    if (status == 429 || code == kCodeTooManyVisits) {
      ++stats_.rate_limited;
      int64_t wait_ms = kDefaultRateLimitWaitMs << rate_limit_retries;
      if (auto reset = reset_time(*response)) wait_ms = *reset - local_now_ms();
      wait_ms = std::max<int64_t>(wait_ms, 1);
      if (rate_limit_retries < settings_.max_rate_limit_retries &&
          waited_ms + wait_ms <= settings_.max_rate_limit_wait_ms) {
        settings_.sleep_ms(wait_ms);
        waited_ms += wait_ms;
        ++rate_limit_retries;
        continue;
      }
      Error error = map_error(status, code, message, name);
      error.message += "; retry after " + std::to_string((wait_ms + 999) / 1000) + " s";
      block_until(local_now_ms() + wait_ms, ErrorKind::RateLimited, error);
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
