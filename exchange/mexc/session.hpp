#pragma once
// One MEXC contract REST session: the base URL, credentials, the clock offset, signing, the
// {success, code, data, message} envelope, 510 / 429 / 403 handling, the per-tick budget and
// request counters. Internal to exchange/.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/http_client.hpp"
#include "exchange/mexc/mexc_client.hpp"
#include "exchange/venue_session.hpp"

namespace hedgebot::mexc {

using binance::Json;

struct Call {
  http::Method method = http::Method::Get;
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;  // GET: sorted into the query
  Json body = Json::object();                               // POST: the JSON body
  bool is_signed = false;
  std::string label;  // the path for counters and messages when `path` holds ids ("" = path)

  std::string name() const;  // "GET /api/v1/contract/kline/{symbol}"
};

class Session {
 public:
  explicit Session(MexcSettings settings);

  // Sends the call (signing it when is_signed) and returns `data` of an answer with success
  // true (null when absent), or the mapped error. 510 / 429: waits (1 s, doubling; bounded) and
  // retries; when it gives up, and after a 403, every call until then fails at once without a
  // request. 513 on a signed call: resynchronises the clock once and retries once.
  Result<Json> call(const Call& call);

  int64_t blocked_until_ms() const { return core_.blocked_until_ms(); }
  Result<int64_t> server_now_ms();
  Status sync_clock();
  int64_t local_now_ms() const { return core_.local_now_ms(); }
  bool has_credentials() const;
  const MexcSettings& settings() const { return settings_; }
  void begin_tick() { core_.begin_tick(); }
  RequestStats stats() const { return core_.stats(); }
  void count_instrument_request() { ++core_.counters().exchange_info_requests; }

 private:
  MexcSettings settings_;
  venue::SessionCore core_;
};

// Where a running block is kept between runs (in the cache directory).
std::string venue_block_file(const std::string& cache_dir);

}  // namespace hedgebot::mexc
