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
#include "exchange/venue_session.hpp"

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
  int64_t blocked_until_ms() const { return core_.blocked_until_ms(); }

  // Venue time: local clock + offset (synchronising first when needed).
  Result<int64_t> server_now_ms();
  Status sync_clock();

  int64_t local_now_ms() const { return core_.local_now_ms(); }
  bool has_credentials() const;
  const BinanceSettings& settings() const { return settings_; }
  void begin_tick() { core_.begin_tick(); }
  RequestStats stats() const { return core_.stats(); }
  void count_exchange_info_request() { ++core_.counters().exchange_info_requests; }

 private:
  std::string base_url(Api api) const;
  void read_rate_headers(const http::Response& response);

  BinanceSettings settings_;
  venue::SessionCore core_;
  int bans_without_retry_after_ = 0;  // in a row; doubles the default ban (reset by a 2xx)
};

}  // namespace hedgebot::binance
