#pragma once
// One Binance REST session: URLs, credentials, the clock offset, signing, rate-limit headers,
// 429/418 handling, the per-tick budget and request counters. Internal to exchange/.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "exchange/binance/binance_client.hpp"
#include "exchange/binance/json_fields.hpp"
#include "exchange/http_client.hpp"

namespace hedgebot::binance {

enum class Api { Futures, Spot };

struct Call {
  http::Method method = http::Method::Get;
  Api api = Api::Futures;
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;
  bool is_signed = false;

  std::string name() const;  // "GET /fapi/v1/klines"
};

class Session {
 public:
  explicit Session(BinanceSettings settings);

  // Sends the call (signing it when is_signed) and returns the JSON of a 2xx answer, or the
  // mapped error. 429: waits Retry-After (bounded) and retries; when it gives up, and after a
  // 418, every call until the venue's Retry-After has passed fails at once without a request
  // (RateLimited / Banned with retry_at_ms). -1021 on a signed call: resynchronises the clock
  // once and retries once.
  Result<Json> call(const Call& call);

  // Local wall-clock ms before which every call fails without a request; 0 when not blocked.
  int64_t blocked_until_ms() const;

  // Venue time: local clock + offset (synchronising first when needed).
  Result<int64_t> server_now_ms();
  Status sync_clock();

  int64_t local_now_ms() const;
  bool has_credentials() const;
  const BinanceSettings& settings() const { return settings_; }
  void begin_tick() { stats_.requests_this_tick = 0; }
  RequestStats stats() const;
  void count_exchange_info_request() { ++stats_.exchange_info_requests; }

 private:
  Result<Json> call_once(const Call& call, bool& retry_after_resync);
  std::string base_url(Api api) const;
  void read_rate_headers(const http::Response& response);
  // Refuses requests until `until_ms` (local clock) with `kind`; `error` gets retry_at_ms.
  void block_until(int64_t until_ms, ErrorKind kind, Error& error);

  BinanceSettings settings_;
  http::HttpClient http_;
  RequestStats stats_;
  bool clock_synced_ = false;
  int64_t clock_offset_ms_ = 0;
  int64_t last_sync_local_ms_ = 0;
  // After a 418 or a 429 the retries gave up on: no request before blocked_until_ms_.
  int64_t blocked_until_ms_ = 0;
  ErrorKind blocked_kind_ = ErrorKind::RateLimited;
  std::string blocked_reason_;
  int bans_without_retry_after_ = 0;  // in a row; doubles the default ban (reset by a 2xx)
};

}  // namespace hedgebot::binance
