#pragma once
// MEXC contract API v1 adapter behind ExchangeClient: USDT perpetuals, sizes in contracts
// (docs/venues/mexc.md). Public calls (ping, contract detail, klines, fair price, funding, ticker)
// need no API key; signed calls then fail with a Config error. Not thread-safe: one client per
// thread.
//
// Symbols: the caller's "BTCUSDT" or "BTC_USDT" is sent as "BTC_USDT"; results carry the
// caller's name. Quantities at the port are steps of volUnit contracts, and the instrument's
// contract_size (contractSize) turns them into base units.
//
// Orders: MEXC closed order placement on its contract API to ordinary keys in 2022. A client
// built with orders_enabled false refuses place_order, cancel_order and prepare_symbol (the
// leverage write) with a Rejected error and sends nothing. With orders_enabled true, an order is
// created with its externalOid and read back by it; a failed or lost answer is looked up by
// externalOid before anything else, never resent in the same call.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "exchange/secret.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot {

struct MexcSettings {
  std::string base_url = "https://contract.mexc.com";  // https://, or http:// on loopback only
  std::optional<Secret> api_key;                       // absent: public-only client
  std::optional<Secret> api_secret;
  bool orders_enabled = false;  // false: every write is refused without a request
  int64_t timeout_ms = 10000;   // whole request
  int64_t connect_timeout_ms = 3000;
  std::string cache_dir;  // contract cache and a running block; "" = nothing on disk
  int64_t instruments_ttl_ms = kHourMs;
  int request_budget = 60;            // most HTTP requests per tick (see begin_tick); 0 = no limit
  std::string user_agent;             // "" = "hedgebot/<version>"
  std::string margin_asset = "USDT";  // the currency whose asset row the account reports
  int max_rate_limit_retries = 2;     // 510 / 429 answers retried, at most
  int64_t max_rate_limit_wait_ms = 10000;  // never wait longer than this in total for them
  int64_t clock_resync_interval_ms = 30 * kMinuteMs;
  // A new order is read back at most this often, this far apart, until it is final.
  int order_confirm_reads = 5;
  int64_t order_confirm_pause_ms = 200;
  // Injected for tests; defaults: the system clock and std::this_thread::sleep_for.
  std::function<int64_t()> wall_clock_ms;
  std::function<void(int64_t)> sleep_ms;
};

// MEXC accepts a Request-Time up to 10 s off its clock (hedgebot sends no Recv-Window), plus a
// margin for our clock estimate and the matching engine. order_validity_ms().
inline constexpr int64_t kMexcRequestWindowMs = 10000;
inline constexpr int64_t kMexcClockUncertaintyMs = 2000;

// Config error for a URL that is not https:// (or http:// on loopback), half of the credentials,
// or out-of-range numbers. Call before the first tick.
Status validate_mexc_settings(const MexcSettings& settings);

class MexcClient final : public VenueClient {
 public:
  explicit MexcClient(MexcSettings settings);
  ~MexcClient() override;
  MexcClient(const MexcClient&) = delete;
  MexcClient& operator=(const MexcClient&) = delete;

  std::string name() const override { return "mexc-contract"; }
  std::string kind() const override { return "mexc"; }
  // Klines up to 1999 (one more is asked for the open bar), funding rows up to 1000,
  // externalOids of 1 to 32 characters of [A-Za-z0-9_-]; orders_closed when orders are disabled.
  VenueLimits limits() const override;
  Result<int64_t> now_ms() override;
  Result<Instrument> instrument(const std::string& symbol) override;
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override;
  // fair_price (the mark) and funding_rate; no index price (0).
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override;
  Result<BookTop> book_top(const std::string& symbol) override;  // ticker bid1 / ask1
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override;
  // The asset row of margin_asset; the maintenance margin from the open positions (held
  // contracts x contractSize x fair price x maintenanceMarginRate).
  Result<Account> account() override;
  Result<Position> position(const std::string& symbol) override;
  // MEXC's spot wallet is another API: a Config error.
  Result<std::vector<SpotBalance>> spot_balances() override;
  // One-way position mode and cross margin are checked, never switched; the leverage is set
  // when it differs.
  Status prepare_symbol(const std::string& symbol, int leverage) override;
  Result<OrderState> place_order(const OrderRequest& request) override;
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override;
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override;
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override;
  // kMexcRequestWindowMs plus kMexcClockUncertaintyMs.
  int64_t order_validity_ms() const override;

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
