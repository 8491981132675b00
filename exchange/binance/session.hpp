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
  // mapped error. 429: waits Retry-After (bounded) and retries; 418: stops every later call.
  // -1021 on a signed call: resynchronises the clock once and retries once.
  Result<Json> call(const Call& call);

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

  BinanceSettings settings_;
  http::HttpClient http_;
  RequestStats stats_;
  bool clock_synced_ = false;
  int64_t clock_offset_ms_ = 0;
  int64_t last_sync_local_ms_ = 0;
  bool banned_ = false;
  std::string ban_message_;
};

}  // namespace hedgebot::binance
