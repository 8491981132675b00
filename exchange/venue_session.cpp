#include "exchange/venue_session.hpp"

#include <charconv>
#include <chrono>
#include <thread>

#include "exchange/binance/exchange_info_cache.hpp"

#ifndef HEDGEBOT_VERSION
#define HEDGEBOT_VERSION "0"
#endif

namespace hedgebot::venue {
namespace {

http::ClientOptions http_options(const CoreSettings& settings) {
  http::ClientOptions options;
  options.connect_timeout_ms = settings.connect_timeout_ms;
  options.timeout_ms = settings.timeout_ms;
  options.user_agent = settings.user_agent.empty() ? std::string("hedgebot/") + HEDGEBOT_VERSION
                                                   : settings.user_agent;
  return options;
}

CoreSettings with_defaults(CoreSettings settings) {
  if (!settings.wall_clock_ms) settings.wall_clock_ms = system_now_ms;
  if (!settings.sleep_ms) settings.sleep_ms = real_sleep_ms;
  return settings;
}

}  // namespace

std::optional<int64_t> to_int(const std::string& text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void real_sleep_ms(int64_t ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

SessionCore::SessionCore(CoreSettings settings)
    : settings_(with_defaults(std::move(settings))), http_(http_options(settings_)) {
  if (settings_.block_file.empty()) return;
  // A ban an earlier process met is still running: nothing is sent before it ends.
  if (const std::optional<binance::VenueBlock> block =
          binance::load_venue_block(settings_.block_file, settings_.block_source, local_now_ms())) {
    blocked_until_ms_ = block->until_ms;
    blocked_kind_ = block->kind;
    blocked_reason_ = block->reason;
  }
}

std::optional<Error> SessionCore::refusal(const std::string& name) const {
  if (const int64_t now = local_now_ms(); now < blocked_until_ms_) {
    const int64_t remaining_s = (blocked_until_ms_ - now + 999) / 1000;
    Error error = make_error(
        blocked_kind_, name + " not sent: " + std::to_string(remaining_s) + " s remain before " +
                           settings_.venue_label + " accepts requests again (until " +
                           format_iso8601(blocked_until_ms_) + "); earlier: " + blocked_reason_);
    error.retry_at_ms = blocked_until_ms_;
    return error;
  }
  if (settings_.request_budget > 0 && stats_.requests_this_tick >= settings_.request_budget) {
    return make_error(ErrorKind::RateLimited,
                      "request budget of " + std::to_string(settings_.request_budget) +
                          " exhausted this tick (before " + name +
                          "); raise request_budget if the tick really needs more");
  }
  return std::nullopt;
}

bool SessionCore::clock_due() const {
  return !clock_synced_ ||
         local_now_ms() - last_sync_local_ms_ >= settings_.clock_resync_interval_ms;
}

Status SessionCore::sync_clock(const std::function<Result<int64_t>()>& read_server_ms) {
  const int64_t sent = local_now_ms();
  Result<int64_t> server = read_server_ms();
  const int64_t received = local_now_ms();
  if (!server) return server.error();
  clock_offset_ms_ = *server - (sent + received) / 2;
  clock_synced_ = true;
  last_sync_local_ms_ = received;
  return ok_status();
}

Result<int64_t> SessionCore::server_now_ms(const std::function<Result<int64_t>()>& read_server_ms) {
  if (clock_due()) {
    if (Status synced = sync_clock(read_server_ms); !synced) return synced.error();
  }
  return venue_now_ms();
}

Result<http::Response> SessionCore::send(const std::string& name, const std::string& origin,
                                         const http::Request& request) {
  ++stats_.requests;
  ++stats_.requests_this_tick;
  ++stats_.per_path[name];
  ++stats_.per_host[origin];
  return http_.send(request);
}

bool SessionCore::wait_to_retry(int64_t wait_ms, RetryState& state) {
  ++stats_.rate_limited;
  if (state.retries >= settings_.max_rate_limit_retries ||
      state.waited_ms + wait_ms > settings_.max_rate_limit_wait_ms) {
    return false;
  }
  settings_.sleep_ms(wait_ms);
  state.waited_ms += wait_ms;
  ++state.retries;
  return true;
}

void SessionCore::block_until(int64_t until_ms, ErrorKind kind, Error& error) {
  blocked_until_ms_ = until_ms;
  blocked_kind_ = kind;
  blocked_reason_ = error.message;
  error.retry_at_ms = until_ms;
  if (!settings_.block_file.empty()) {
    // The next process (a cron run, a reloaded daemon) keeps the block too. Failing to write it
    // only loses that; this process still honours it.
    (void)binance::save_venue_block(settings_.block_file, settings_.block_source,
                                    {until_ms, kind, blocked_reason_});
  }
}

int64_t SessionCore::blocked_until_ms() const {
  return local_now_ms() < blocked_until_ms_ ? blocked_until_ms_ : 0;
}

RequestStats SessionCore::stats() const {
  RequestStats stats = stats_;
  for (const auto& [origin, origin_stats] : http_.origin_stats()) {
    stats.connections_per_host[origin] = origin_stats.connections;
  }
  stats.clock_offset_ms = clock_offset_ms_;
  return stats;
}

}  // namespace hedgebot::venue
