#pragma once
// WEEX contract API V3 adapter behind VenueClient: USDT-margined perpetuals in the combined
// (one-way) position mode (docs/venues/weex.md). Public calls (time, exchangeInfo, klines,
// premiumIndex, bookTicker, fundingRate) need no API key; signed calls need the key, the secret
// and the passphrase, and fail with a Config error naming what is missing. Not thread-safe: one
// client per thread.
//
// Orders: WEEX sizes orders in the base coin and names the side of the book each order acts on
// (positionSide). place_order() reads the position first and sends a reduction of the held side
// as such (BUY+SHORT, SELL+LONG) and anything else as an opening (BUY+LONG, SELL+SHORT); an
// order that would cross from one side to the other is refused before sending. The order is
// then read back by the id WEEX acknowledged. WEEX's order object carries no fee: a filled
// order comes back with fee_known false and fee NaN.
//
// WEEX serves no spot balances to this adapter: spot_balances() is a Config error.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "exchange/secret.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot {

struct WeexSettings {
  std::string base_url = "https://api-contract.weex.com";  // https://, or http:// on loopback
  std::optional<Secret> api_key;                           // absent: public-only client
  std::optional<Secret> api_secret;
  std::optional<Secret> api_passphrase;
  int64_t timeout_ms = 10000;  // whole request
  int64_t connect_timeout_ms = 3000;
  std::string cache_dir;  // instruments cache and a running ban; "" = nothing on disk
  int64_t instruments_ttl_ms = kHourMs;
  int request_budget = 60;            // most HTTP requests per tick (see begin_tick); 0 = no limit
  std::string user_agent;             // "" = "hedgebot/<version>"
  std::string margin_asset = "USDT";  // the balance row the account reports
  int max_rate_limit_retries = 2;     // 429 answers retried after a pause, at most
  int64_t max_rate_limit_wait_ms = 10000;  // never wait longer than this in total for them
  int64_t clock_resync_interval_ms = 30 * kMinuteMs;
  // A new order is read back at most this often, this far apart, until it is final (market
  // orders) or known (limit orders).
  int order_confirm_reads = 5;
  int64_t order_confirm_pause_ms = 200;
  // Injected for tests; defaults: the system clock and std::this_thread::sleep_for.
  std::function<int64_t()> wall_clock_ms;
  std::function<void(int64_t)> sleep_ms;
};

// WEEX refuses a timestamp more than 30 s away from its clock (there is no receive window to
// narrow it); our estimate of its clock may be off by a little more. order_validity_ms().
inline constexpr int64_t kWeexTimestampWindowMs = 30000;
inline constexpr int64_t kWeexClockUncertaintyMs = 2000;

// Config error for a URL that is not https:// (or http:// on loopback), half of the
// credentials, or out-of-range numbers. Call before the first tick.
Status validate_weex_settings(const WeexSettings& settings);

class WeexClient final : public VenueClient {
 public:
  explicit WeexClient(WeexSettings settings);
  ~WeexClient() override;
  WeexClient(const WeexClient&) = delete;
  WeexClient& operator=(const WeexClient&) = delete;

  std::string name() const override { return "weex-contract"; }
  std::string kind() const override { return "weex"; }
  // Klines up to 999 (one more is asked for the open bar), funding rows up to 1000, client order
  // ids of 1 to 36 characters of [A-Za-z0-9._:/-].
  VenueLimits limits() const override;
  Result<int64_t> now_ms() override;
  // The symbol as written ("BTCUSDT"; "BTC-USDT" and "BTC_USDT" are read as BTCUSDT); results
  // carry the caller's name.
  Result<Instrument> instrument(const std::string& symbol) override;
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override;
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override;
  Result<BookTop> book_top(const std::string& symbol) override;
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override;
  Result<Account> account() override;
  Result<Position> position(const std::string& symbol) override;
  // Always a Config error: WEEX's coins cannot be read by this version.
  Result<std::vector<SpotBalance>> spot_balances() override;
  // Cross margin and the combined position mode are checked, never switched; the leverage is
  // set when it differs.
  Status prepare_symbol(const std::string& symbol, int leverage) override;
  Result<OrderState> place_order(const OrderRequest& request) override;
  // Open orders first, then the order history, matched on clientOrderId.
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override;
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override;
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override;
  // kWeexTimestampWindowMs plus kWeexClockUncertaintyMs.
  int64_t order_validity_ms() const override;

  // Klines from historyKlines by windows of at most 100 bars; funding by startTime / endTime
  // windows.
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
