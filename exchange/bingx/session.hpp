#pragma once
// One BingX REST session: the base URL, credentials, the clock offset, signing, the
// {code, msg, data} envelope, rate-limit headers, 100410 / 429 / 418 / 403 handling, the
// per-tick budget and request counters. Internal to exchange/.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/bingx/bingx_client.hpp"
#include "exchange/bingx/signing.hpp"
#include "exchange/http_client.hpp"
#include "exchange/venue_session.hpp"

namespace hedgebot::bingx {

using binance::Json;

struct Call {
  http::Method method = http::Method::Get;
  std::string path;
  Params params;  // in this order, in the query string (writes too: BingX reads them there)
  bool is_signed = false;

  std::string name() const;  // "GET /openApi/swap/v3/quote/klines"
};

class Session {
 public:
  explicit Session(BingxSettings settings);

  // Sends the call (signed with timestamp and recvWindow appended when is_signed) and returns
  // the `data` of an answer with code 0 (null when the answer has none), or the mapped error.
  // 100410 / 429: waits for the venue's reset (bounded) and retries; when it gives up, and after
  // a 418 or 403, every call until the reset has passed fails at once without a request
  // (RateLimited / Banned with retry_at_ms). A timestamp mismatch (100421 or 80014 saying so) on a
  // signed call resynchronises the clock and retries once; 100421 for a pair restricted from API
  // trading is never retried.
  Result<Json> call(const Call& call);

  int64_t blocked_until_ms() const { return core_.blocked_until_ms(); }
  Result<int64_t> server_now_ms();
  Status sync_clock();
  int64_t local_now_ms() const { return core_.local_now_ms(); }
  int64_t venue_now_ms() const { return core_.venue_now_ms(); }
  bool has_credentials() const;
  const BingxSettings& settings() const { return settings_; }
  void begin_tick() { core_.begin_tick(); }
  RequestStats stats() const { return core_.stats(); }
  void count_instrument_request() { ++core_.counters().exchange_info_requests; }

 private:
  // How long the venue asks to wait: X-RateLimit-Requests-Expire (an absolute venue time in ms,
  // or ms from now when smaller than 10^12), else the "unblocked after <ms>" of the message;
  // nullopt when neither says.
  std::optional<int64_t> wait_asked_ms(const http::Response& response,
                                       const std::string& message) const;

  BingxSettings settings_;
  venue::SessionCore core_;
};

// Where a running block is kept between runs (in the cache directory).
std::string venue_block_file(const std::string& cache_dir);

}  // namespace hedgebot::bingx
