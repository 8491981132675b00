#pragma once
// The venue port: an ExchangeClient that talks to a real venue over the network. The bot holds
// venues only through this interface (made by exchange/venues/venue_factory.hpp); what differs
// between venues (page caps, client-order-id rules, request accounting, how "since T" reads
// are asked) lives behind it, in exchange/<venue>/.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exchange/exchange_client.hpp"

namespace hedgebot {

// Counters of one venue client, for metrics, benchmarks and the tick report.
struct RequestStats {
  int64_t requests = 0;                                 // HTTP requests sent by this client
  int64_t requests_this_tick = 0;                       // since the last begin_tick()
  std::map<std::string, int64_t> per_path;              // "GET /fapi/v1/klines" -> count
  std::map<std::string, int64_t> per_host;              // "https://fapi.binance.com" -> count
  std::map<std::string, int64_t> connections_per_host;  // new TCP connections per host
  // The venue's own usage headers: Binance X-MBX-USED-WEIGHT-1M (-1 = not seen) and
  // X-MBX-ORDER-COUNT-<10s|1m> by suffix; Bybit X-Bapi-Limit-Status (requests left, -1 = not seen).
  int64_t used_weight_1m = -1;
  std::map<std::string, int64_t> order_counts;
  int64_t limit_status = -1;
  int64_t rate_limited = 0;            // rate-limit answers received (429, 10006)
  int64_t clock_offset_ms = 0;         // venue clock minus local clock
  int64_t exchange_info_requests = 0;  // instrument downloads (0 on a warm cache)
};

class VenueClient : public ExchangeClient {
 public:
  // The factory's kind of this venue ("binance", "bybit").
  virtual std::string kind() const = 0;

  // Prepares a tick: resets the per-tick request budget. The clock offset is re-measured and the
  // instrument cache refreshed on their own schedules by the first call that needs them.
  virtual void begin_tick() = 0;

  // After a ban or a rate limit the bounded retries gave up on: the local wall-clock moment until
  // which every call fails at once without a request; 0 when requests may be sent.
  virtual int64_t retry_at_ms() const = 0;

  virtual RequestStats request_stats() const = 0;

  // Public history from a time on (paper mode on live data catching up between runs), oldest
  // first, at most `limit` (<= limits().max_candles / max_funding_rows): closed candles opening
  // at or after `start_ms`, and funding settled at or after `start_ms` and at or before now.
  // Fewer than `limit` rows means there is nothing more up to the venue's now.
  virtual Result<CandleSeries> closed_candles_since(const std::string& symbol, int64_t interval_ms,
                                                    int64_t start_ms, int limit) = 0;
  virtual Result<std::vector<FundingRate>> funding_history_since(const std::string& symbol,
                                                                 int64_t start_ms, int limit) = 0;
};

}  // namespace hedgebot
