#pragma once
// One Bybit v5 REST session: the base URL, credentials, the clock offset, signing, the
// {retCode, retMsg, result, time} envelope, rate-limit headers, 10006 / 429 / 403 handling, the
// per-tick budget and request counters. Internal to exchange/.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/bybit/bybit_client.hpp"
#include "exchange/http_client.hpp"
#include "exchange/venue_session.hpp"

namespace hedgebot::bybit {

using binance::Json;

struct Call {
  http::Method method = http::Method::Get;
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;  // GET: the query, in this order
  Json body = Json::object();                               // POST: the JSON body
  bool is_signed = false;

  std::string name() const;  // "GET /v5/market/kline"
};

// A successful answer: the envelope's `result` and its `time` (venue ms; 0 when absent).
struct Reply {
  Json result;
  int64_t time_ms = 0;
};

class Session {
 public:
  explicit Session(BybitSettings settings);

  // Sends the call (signing it when is_signed) and returns the result of an answer with
  // retCode 0, or the mapped error. 10006 / 429: waits for the venue's reset time (bounded) and
  // retries; when it gives up, and after a 403, every call until the reset has passed fails at
  // once without a request (RateLimited / Banned with retry_at_ms). 10002 on a signed call:
  // resynchronises the clock once and retries once.
  Result<Reply> call(const Call& call);

  int64_t blocked_until_ms() const { return core_.blocked_until_ms(); }
  Result<int64_t> server_now_ms();
  Status sync_clock();
  int64_t local_now_ms() const { return core_.local_now_ms(); }
  bool has_credentials() const;
  const BybitSettings& settings() const { return settings_; }
  void begin_tick() { core_.begin_tick(); }
  RequestStats stats() const { return core_.stats(); }
  void count_instrument_request() { ++core_.counters().exchange_info_requests; }

 private:
  // The local time at which the venue's X-Bapi-Limit-Reset-Timestamp falls; nullopt when the
  // header is absent, unreadable or not in the future.
  std::optional<int64_t> reset_time(const http::Response& response) const;

  BybitSettings settings_;
  venue::SessionCore core_;
};

// Where a running block is kept between runs (in the cache directory).
std::string venue_block_file(const std::string& cache_dir);

}  // namespace hedgebot::bybit
