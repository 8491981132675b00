#pragma once
// Bybit v5 adapter behind ExchangeClient: USDT linear perpetuals (category=linear) on a Unified
// Trading Account (docs/venues/bybit.md). Public calls (time, instruments-info, kline, tickers,
// funding history) need no API key; signed calls then fail with a Config error. Not
// thread-safe: one client per thread.
//
// Orders: Bybit acknowledges a new order before it is processed, so place_order() reads the
// order back by its orderLinkId (open and recent orders first, then the history) and returns
// what the venue holds. Fees come from the order's executions (GET /v5/execution/list); when they
// cannot be read the order is returned with fee_known false and fee NaN.
//
// Wiring from config (bot/): base_url, recv_window_ms, timeout_ms, connect_timeout_ms,
// instruments_ttl_ms and request_budget map from the exchange section; api_key/api_secret from
// load_api_credentials() (exchange/secret.hpp); cache_dir = bot.state_dir. Call
// validate_bybit_settings() first and begin_tick() every tick.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "exchange/secret.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot {

struct BybitSettings {
  std::string base_url = "https://api.bybit.com";  // https://, or http:// on loopback only
  std::optional<Secret> api_key;                   // absent: public-only client
  std::optional<Secret> api_secret;
  int64_t recv_window_ms = 5000;
  int64_t timeout_ms = 10000;  // whole request
  int64_t connect_timeout_ms = 3000;
  std::string cache_dir;  // instruments cache and a running ban; "" = nothing on disk
  int64_t instruments_ttl_ms = kHourMs;
  int request_budget = 60;            // most HTTP requests per tick (see begin_tick); 0 = no limit
  std::string user_agent;             // "" = "hedgebot/<version>"
  std::string margin_asset = "USDT";  // the settle coin whose wallet row the account reports
  // Report the unified account's coins as collateral (Account::collateral); the margin figures
  // are the account-wide totals either way.
  bool multi_assets = false;
  int max_rate_limit_retries = 2;          // 10006 / 429 answers retried after the reset, at most
  int64_t max_rate_limit_wait_ms = 10000;  // never wait longer than this in total for them
  int64_t clock_resync_interval_ms = 30 * kMinuteMs;
  // A new market order is processed asynchronously: read it back at most this often, this far
  // apart, until it is final.
  int order_confirm_reads = 5;
  int64_t order_confirm_pause_ms = 200;
  // Injected for tests; defaults: the system clock and std::this_thread::sleep_for.
  std::function<int64_t()> wall_clock_ms;
  std::function<void(int64_t)> sleep_ms;
};

// How far our estimate of Bybit's clock may be off (Bybit accepts a timestamp up to 1 s ahead of
// its clock; the offset is re-measured every clock_resync_interval_ms), plus a margin for the
// matching engine. Part of order_validity_ms().
inline constexpr int64_t kBybitClockUncertaintyMs = 2000;

// Config error for a URL that is not https:// (or http:// on loopback), half of the
// credentials, or out-of-range numbers. Call before the first tick.
Status validate_bybit_settings(const BybitSettings& settings);

class BybitClient final : public VenueClient {
 public:
  explicit BybitClient(BybitSettings settings);
  ~BybitClient() override;
  BybitClient(const BybitClient&) = delete;
  BybitClient& operator=(const BybitClient&) = delete;

  std::string name() const override { return "bybit-linear"; }
  std::string kind() const override { return "bybit"; }
  // Klines up to 999 (one more is asked for the open bar), funding rows up to 200, orderLinkIds
  // of 1 to 36 characters of [A-Za-z0-9_-].
  VenueLimits limits() const override;
  Result<int64_t> now_ms() override;
  Result<Instrument> instrument(const std::string& symbol) override;
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override;
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override;
  Result<BookTop> book_top(const std::string& symbol) override;  // tickers bid1 / ask1
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override;
  Result<Account> account() override;
  Result<Position> position(const std::string& symbol) override;
  // The coins of the unified wallet (spot holdings live there): walletBalance less borrowAmount.
  Result<std::vector<SpotBalance>> spot_balances() override;
  // One-way mode and a cross-margin account are checked, never switched (both are settings of
  // the whole account); the leverage is set when it differs.
  Status prepare_symbol(const std::string& symbol, int leverage) override;
  Result<OrderState> place_order(const OrderRequest& request) override;
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override;
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override;
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override;
  // recv_window_ms plus kBybitClockUncertaintyMs.
  int64_t order_validity_ms() const override;

  // Klines by windows of `start` / `end` (Bybit lists the newest of a range first), funding by
  // windows of startTime / endTime (Bybit refuses a startTime alone).
  Result<CandleSeries> closed_candles_since(const std::string& symbol, int64_t interval_ms,
                                            int64_t start_ms, int limit) override;
  Result<std::vector<FundingRate>> funding_history_since(const std::string& symbol,
                                                         int64_t start_ms, int limit) override;

  void begin_tick() override;
  // After a 403 or a rate limit the bounded retries gave up on: the moment (wall_clock_ms)
  // until which every call fails at once without a request; 0 when requests may be sent.
  int64_t retry_at_ms() const override;
  RequestStats request_stats() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hedgebot
