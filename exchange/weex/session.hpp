#pragma once
// One WEEX contract API V3 REST session: the base URL, the three secrets, the clock offset,
// signing, the bare answers and the {code, msg} error bodies, 429 / 403 handling, the per-tick
// budget and the request counters. Internal to exchange/.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/http_client.hpp"
#include "exchange/venue_session.hpp"
#include "exchange/weex/weex_client.hpp"

namespace hedgebot::weex {

using binance::Json;

struct Call {
  http::Method method = http::Method::Get;
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;  // the query, in this order
  std::optional<Json> body;                                 // POST: the JSON body
  bool is_signed = false;

  std::string name() const;  // "GET /capi/v3/market/klines"
};

class Session {
 public:
  explicit Session(WeexSettings settings);

  // Sends the call (signing it when is_signed) and returns the parsed answer of a 2xx without
  // an error body, or the mapped error. 429: waits (Retry-After, else 1 s doubling; bounded)
  // and retries; when it gives up, and after a 403 without a WEEX code, every call until the
  // block has passed fails at once without a request. -1046 on a signed call: resynchronises
  // the clock once and retries once (WEEX refused it before running it).
  Result<Json> call(const Call& call);

  int64_t blocked_until_ms() const { return core_.blocked_until_ms(); }
  Result<int64_t> server_now_ms();
  Status sync_clock();
  int64_t local_now_ms() const { return core_.local_now_ms(); }
  // "" when the key, secret and passphrase are all set; else what is missing, in words.
  std::string missing_credentials() const;
  const WeexSettings& settings() const { return settings_; }
  void begin_tick() { core_.begin_tick(); }
  RequestStats stats() const { return core_.stats(); }
  void count_instrument_request() { ++core_.counters().exchange_info_requests; }

 private:
  // Retry-After (seconds) as a local moment; nullopt when absent or unreadable.
  std::optional<int64_t> retry_after(const http::Response& response) const;

  WeexSettings settings_;
  venue::SessionCore core_;
};

// Where a running block is kept between runs (in the cache directory).
std::string venue_block_file(const std::string& cache_dir);

}  // namespace hedgebot::weex
