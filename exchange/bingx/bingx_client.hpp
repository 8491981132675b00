#pragma once
// BingX perpetual swap v2 adapter behind ExchangeClient: USDT-margined perpetuals in one-way
// mode (positionSide BOTH), plus the spot account's balances (docs/venues/bingx.md). Public calls
// (time, contracts, klines, premium index, book ticker, funding history) need no API key; signed
// calls then fail with a Config error. Not thread-safe: one client per thread.
//
// Symbols: the caller's spelling ("BTCUSDT" or "BTC-USDT") is sent as BingX's ("BTC-USDT") and
// every result carries the caller's. Quantities are in coins (contract size 1).
//
// Orders carry a client order id (clientOrderID), which BingX lowercases: the id is sent and
// looked up in lowercase and returned as the caller wrote it. place_order() reads the order back
// by its client id (a market order until it is final, bounded) and returns what the venue holds,
// the fee from the order's commission.
//
// Wiring from config (bot/): base_url, recv_window_ms, timeout_ms, connect_timeout_ms,
// instruments_ttl_ms and request_budget map from the exchange section; api_key/api_secret from
// load_api_credentials() (exchange/secret.hpp); cache_dir = bot.state_dir. Call
// validate_bingx_settings() first and begin_tick() every tick.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "exchange/secret.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot {

struct BingxSettings {
  std::string base_url = "https://open-api.bingx.com";  // https://, or http:// on loopback only
  std::optional<Secret> api_key;                        // absent: public-only client
  std::optional<Secret> api_secret;
  int64_t recv_window_ms = 5000;
  int64_t timeout_ms = 10000;  // whole request
  int64_t connect_timeout_ms = 3000;
  std::string cache_dir;  // contracts cache and a running ban; "" = nothing on disk
  int64_t instruments_ttl_ms = kHourMs;
  int request_budget = 60;            // most HTTP requests per tick (see begin_tick); 0 = no limit
  std::string user_agent;             // "" = "hedgebot/<version>"
  std::string margin_asset = "USDT";  // the margin coin whose balance row the account reports
  int max_rate_limit_retries = 2;     // 100410 / 429 answers retried after the wait, at most
  int64_t max_rate_limit_wait_ms = 10000;  // never wait longer than this in total for them
  int64_t clock_resync_interval_ms = 30 * kMinuteMs;
  // A new market order is read back at most this often, this far apart, until it is final.
  int order_confirm_reads = 5;
  int64_t order_confirm_pause_ms = 200;
  // Injected for tests; defaults: the system clock and std::this_thread::sleep_for.
  std::function<int64_t()> wall_clock_ms;
  std::function<void(int64_t)> sleep_ms;
};

// How far our estimate of BingX's clock may be off (re-measured every clock_resync_interval_ms),
// plus a margin for the matching engine. Part of order_validity_ms().
inline constexpr int64_t kBingxClockUncertaintyMs = 2000;

// Config error for a URL that is not https:// (or http:// on loopback), half of the
// credentials, or out-of-range numbers. Call before the first tick.
Status validate_bingx_settings(const BingxSettings& settings);

class BingxClient final : public VenueClient {
 public:
  explicit BingxClient(BingxSettings settings);
  ~BingxClient() override;
  BingxClient(const BingxClient&) = delete;
  BingxClient& operator=(const BingxClient&) = delete;

  std::string name() const override { return "bingx-swap"; }
  std::string kind() const override { return "bingx"; }
  // Klines up to 1439 (one more is asked for the open candle), funding rows up to 1000, client
  // order ids of 1 to 40 characters of [A-Za-z0-9-].
  VenueLimits limits() const override;
  Result<int64_t> now_ms() override;
  Result<Instrument> instrument(const std::string& symbol) override;
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override;
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override;
  Result<BookTop> book_top(const std::string& symbol) override;
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override;
  // The margin coin's balance row; the maintenance margin summed over the open positions from
  // each symbol's maintenance tiers (BingX's balance has no such field).
  Result<Account> account() override;
  // One-way mode is checked (once per client) before the first position is read.
  Result<Position> position(const std::string& symbol) override;
  Result<std::vector<SpotBalance>> spot_balances() override;
  Result<std::vector<MarginBracket>> margin_brackets(const std::string& symbol) override;
  // One-way mode is checked, never switched (a setting of the whole account); the symbol's
  // margin type is set to cross and its leverage (side BOTH) set, each only when it differs.
  Status prepare_symbol(const std::string& symbol, int leverage) override;
  Result<OrderState> place_order(const OrderRequest& request) override;
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override;
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override;
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override;
  // recv_window_ms plus kBingxClockUncertaintyMs.
  int64_t order_validity_ms() const override;

  // Klines and funding by windows of startTime / endTime walked forward from start_ms.
  Result<CandleSeries> closed_candles_since(const std::string& symbol, int64_t interval_ms,
                                            int64_t start_ms, int limit) override;
  Result<std::vector<FundingRate>> funding_history_since(const std::string& symbol,
                                                         int64_t start_ms, int limit) override;

  void begin_tick() override;
  int64_t retry_at_ms() const override;
  RequestStats request_stats() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hedgebot
