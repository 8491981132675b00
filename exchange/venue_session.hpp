#pragma once
// What every REST venue session does the same way, whatever the venue's envelope and signature:
// one keep-alive HTTP client (one connection per host), the clock offset against the venue
// measured at the midpoint of a round trip and re-measured on a schedule, the per-tick request
// budget and the request counters, the bounded wait-and-retry of a rate-limit answer, and the
// block after a ban (kept on disk so the next process honours it too). Each adapter's session
// (exchange/<venue>/session.*) builds its requests and reads its answers around this core.
// Internal to exchange/.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "exchange/http_client.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot::venue {

struct CoreSettings {
  std::string venue_label = "the venue";  // in messages: "Binance", "Bybit"
  // Where a running block is kept between processes ("" = not kept), tagged with `block_source`
  // (the venue URL it belongs to).
  std::string block_file;
  std::string block_source;
  int request_budget = 60;  // 0 = no limit
  int64_t clock_resync_interval_ms = 30 * kMinuteMs;
  int max_rate_limit_retries = 2;
  int64_t max_rate_limit_wait_ms = 10000;
  int64_t connect_timeout_ms = 3000;
  int64_t timeout_ms = 10000;
  std::string user_agent;  // "" = "hedgebot/<version>"
  // Defaults: the system clock and a real sleep.
  std::function<int64_t()> wall_clock_ms;
  std::function<void(int64_t)> sleep_ms;
};

// The core's settings from an adapter's settings, which name the shared fields alike
// (request_budget, clock_resync_interval_ms, max_rate_limit_*, timeouts, user_agent and the
// injected clock and sleep).
template <typename AdapterSettings>
CoreSettings core_settings_of(const AdapterSettings& settings, std::string venue_label,
                              std::string block_file, std::string block_source) {
  CoreSettings core;
  core.venue_label = std::move(venue_label);
  core.block_file = std::move(block_file);
  core.block_source = std::move(block_source);
  core.request_budget = settings.request_budget;
  core.clock_resync_interval_ms = settings.clock_resync_interval_ms;
  core.max_rate_limit_retries = settings.max_rate_limit_retries;
  core.max_rate_limit_wait_ms = settings.max_rate_limit_wait_ms;
  core.connect_timeout_ms = settings.connect_timeout_ms;
  core.timeout_ms = settings.timeout_ms;
  core.user_agent = settings.user_agent;
  core.wall_clock_ms = settings.wall_clock_ms;
  core.sleep_ms = settings.sleep_ms;
  return core;
}

// A decimal integer header or field ("1751284812345"); nullopt for anything else.
std::optional<int64_t> to_int(const std::string& text);
// `url` without trailing slashes.
std::string without_trailing_slash(std::string url);
// The system clock in ms, and a real sleep: the defaults of the injectable hooks.
int64_t system_now_ms();
void real_sleep_ms(int64_t ms);

// Where a rate-limited call stands: how often and how long it has waited so far.
struct RetryState {
  int retries = 0;
  int64_t waited_ms = 0;
};

class SessionCore {
 public:
  explicit SessionCore(CoreSettings settings);

  int64_t local_now_ms() const { return settings_.wall_clock_ms(); }
  // The venue's clock as we estimate it: local + the measured offset.
  int64_t venue_now_ms() const { return local_now_ms() + clock_offset_ms_; }
  int64_t clock_offset_ms() const { return clock_offset_ms_; }

  // The error of a call that must not be sent now: a running block first, then an exhausted
  // per-tick budget. nullopt when it may be sent. `name` is "GET /path".
  std::optional<Error> refusal(const std::string& name) const;

  // True when the offset was never measured or is older than the resync interval.
  bool clock_due() const;
  // Measures the offset with one read of the venue's clock (`read_server_ms`, venue ms).
  Status sync_clock(const std::function<Result<int64_t>()>& read_server_ms);
  // The venue's now, measuring the offset first when due.
  Result<int64_t> server_now_ms(const std::function<Result<int64_t>()>& read_server_ms);

  // Counts the request (in total, this tick, per path and per host) and sends it on the
  // keep-alive client.
  Result<http::Response> send(const std::string& name, const std::string& origin,
                              const http::Request& request);

  // A rate-limit answer that asks to wait `wait_ms`: counts it and, when another try still fits
  // the bounds (retries and total wait), sleeps and returns true.
  bool wait_to_retry(int64_t wait_ms, RetryState& state);

  // Refuses every call until `until_ms` (local clock) with `kind`; `error` gets retry_at_ms.
  void block_until(int64_t until_ms, ErrorKind kind, Error& error);
  // Local ms before which every call fails without a request; 0 when not blocked.
  int64_t blocked_until_ms() const;

  void begin_tick() { stats_.requests_this_tick = 0; }
  RequestStats& counters() { return stats_; }
  // The counters with the connections per host and the clock offset filled in.
  RequestStats stats() const;
  const CoreSettings& settings() const { return settings_; }

 private:
  CoreSettings settings_;
  http::HttpClient http_;
  RequestStats stats_;
  bool clock_synced_ = false;
  int64_t clock_offset_ms_ = 0;
  int64_t last_sync_local_ms_ = 0;
  int64_t blocked_until_ms_ = 0;
  ErrorKind blocked_kind_ = ErrorKind::RateLimited;
  std::string blocked_reason_;
};

}  // namespace hedgebot::venue
