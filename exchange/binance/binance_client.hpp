#pragma once
// Binance USDⓈ-M futures + spot REST adapter behind ExchangeClient (docs/venues/binance.md).
// Public calls (time, exchangeInfo, klines, premiumIndex, fundingRate, bookTicker) need no API
// key, so a client without credentials can feed paper mode with live public data; signed calls
// then fail with a Config error. Not thread-safe: one client per thread.
//
// Fees: order answers carry no commission, so an order returned with a filled quantity (placed,
// looked up or cancelled) costs one more request, GET /fapi/v1/userTrades for that order, whose
// commissions give OrderState::fee. When that read fails (or open_orders() returns a partial
// fill) the order is returned anyway with fee_known false and fee NaN.
//
// Wiring from config (bot/): futures_url, spot_url, recv_window_ms, timeout_ms,
// connect_timeout_ms, exchange_info_ttl_ms and request_budget map one to one from
// ExchangeConfig; api_key/api_secret from load_api_credentials() (exchange/secret.hpp);
// cache_dir = bot.state_dir. Call validate_settings() first and begin_tick() every tick.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "exchange/secret.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot {

struct BinanceSettings {
  std::string futures_url = "https://fapi.binance.com";  // https://, or http:// on loopback only
  std::string spot_url = "https://api.binance.com";
  std::optional<Secret> api_key;  // absent: public-only client
  std::optional<Secret> api_secret;
  int64_t recv_window_ms = 5000;
  int64_t timeout_ms = 10000;  // whole request
  int64_t connect_timeout_ms = 3000;
  std::string cache_dir;  // exchangeInfo cache (exchange_info.json); "" = no disk cache
  int64_t exchange_info_ttl_ms = kHourMs;
  int request_budget = 60;            // most HTTP requests per tick (see begin_tick); 0 = no limit
  std::string user_agent;             // "" = "hedgebot/<version>"
  std::string margin_asset = "USDT";  // futures margin asset whose balance the account reports
  // Multi-Assets mode expected: account() checks GET /fapi/v1/multiAssetsMargin once per client
  // (a Config error naming `multi_assets` when the account is in Single-Asset mode) and reports
  // the futures wallet's assets at their collateral price (GET /fapi/v1/assetIndex). false: the
  // same check, and a mode the config did not ask for is a note on the account.
  bool multi_assets = false;
  int max_rate_limit_retries = 2;  // 429 answers retried after Retry-After, at most this often
  int64_t max_rate_limit_wait_ms = 10000;  // never wait longer than this in total for a 429
  int64_t clock_resync_interval_ms = 30 * kMinuteMs;
  // Injected for tests; defaults: the system clock and std::this_thread::sleep_for.
  std::function<int64_t()> wall_clock_ms;
  std::function<void(int64_t)> sleep_ms;
};

// How far our estimate of the venue's clock may be off (Binance accepts a timestamp up to 1 s
// ahead of its clock; the offset is re-measured every clock_resync_interval_ms), plus a margin
// for the matching engine. Part of order_validity_ms().
inline constexpr int64_t kClockUncertaintyMs = 2000;

// Config error for a URL that is not https:// (or http:// on loopback), missing half of the
// credentials, or out-of-range numbers. Call before the first tick.
Status validate_settings(const BinanceSettings& settings);

class BinanceClient final : public VenueClient {
 public:
  explicit BinanceClient(BinanceSettings settings);
  ~BinanceClient() override;
  BinanceClient(const BinanceClient&) = delete;
  BinanceClient& operator=(const BinanceClient&) = delete;

  std::string name() const override { return "binance-usdm"; }
  std::string kind() const override { return "binance"; }
  // Klines up to 1499 (one more is asked for the open bar), funding rows up to 1000, client
  // order ids of ^[\.A-Z\:/a-z0-9_-]{1,36}$.
  VenueLimits limits() const override;
  Result<int64_t> now_ms() override;
  Result<Instrument> instrument(const std::string& symbol) override;
  // exchangeInfo's dated contracts of the pair ("BTCUSDT_251226"): contractType CURRENT_QUARTER
  // and NEXT_QUARTER give the period, deliveryDate the delivery.
  Result<std::vector<DatedContract>> dated_contracts(const std::string& perpetual) override;
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override;
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override;
  Result<BookTop> book_top(const std::string& symbol) override;  // GET /fapi/v1/ticker/bookTicker
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override;
  Result<Account> account() override;
  Result<Position> position(const std::string& symbol) override;
  Result<std::vector<SpotBalance>> spot_balances() override;
  Status prepare_symbol(const std::string& symbol, int leverage) override;
  Result<OrderState> place_order(const OrderRequest& request) override;
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override;
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override;
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override;
  // recvWindow plus kClockUncertaintyMs.
  int64_t order_validity_ms() const override;
  // POST /sapi/v1/asset/transfer (spot host, signed): type MAIN_UMFUTURE or UMFUTURE_MAIN.
  // Never retried here: a lost answer is the caller's to look up (transfer_history()).
  Result<TransferRecord> transfer(const WalletTransfer& request) override;
  // GET /sapi/v1/asset/transfer?type=&startTime=&endTime=now (spot host, signed), 100 rows a
  // page, oldest first.
  Result<std::vector<TransferRecord>> transfer_history(TransferDirection direction,
                                                       int64_t since_ms) override;
  // GET /fapi/v1/leverageBracket?symbol= (signed, USER_DATA, weight 1).
  Result<std::vector<MarginBracket>> margin_brackets(const std::string& symbol) override;

  // Public history from a time on (paper mode on live data catching up between runs), one
  // request each, oldest first, at most `limit`: closed candles opening at or after `start_ms`,
  // and funding settled at or after `start_ms` (and at or before now).
  Result<CandleSeries> closed_candles_since(const std::string& symbol, int64_t interval_ms,
                                            int64_t start_ms, int limit) override;
  Result<std::vector<FundingRate>> funding_history_since(const std::string& symbol,
                                                         int64_t start_ms, int limit) override;

  // Starts a new tick: resets the per-tick request budget.
  void begin_tick() override;
  // After a 418 ban or a 429 the bounded retries gave up on: the moment (wall_clock_ms) until
  // which every call fails at once without a request; 0 when requests may be sent. A ban lasts
  // the venue's Retry-After, or 2 minutes doubling with each ban in a row when it gives none.
  int64_t retry_at_ms() const override;
  RequestStats request_stats() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::unique_ptr<ExchangeClient> make_binance_client(const BinanceSettings& settings);

// True when `id` matches Binance's ^[\.A-Z\:/a-z0-9_-]{1,36}$.
bool is_valid_client_order_id(const std::string& id);

}  // namespace hedgebot
