#pragma once
// A fake Binance USDⓈ-M + spot venue on a loopback address, for the tests, the benchmarks and
// `hedgebot fake-venue` (bot/cli/fake_venue_command.cpp).
//
// It serves the endpoints the adapter uses with the documented JSON shapes (docs/venues/binance.md,
// B), verifies HMAC signatures over exactly query + body and timestamps against recvWindow
// (-1022 / -1021 like Binance), keeps positions, balances and orders, fills market orders at
// a settable mark price, honours reduceOnly (-2022), and injects faults on demand.
// Book: the touch (GET /fapi/v1/ticker/bookTicker) is one tick below and one tick above the
// mark unless a test sets it; a limit order at or through the touch trades at once (at the
// mark), and a post-only (GTX) one is refused with -5022 and not recorded, as Binance does.
// Maintenance-margin brackets (GET /fapi/v1/leverageBracket, signed): kFakeBrackets.
// Multi-Assets mode (GET /fapi/v1/multiAssetsMargin, signed; off by default): coins in the
// futures wallet (set_futures_asset) count as margin at their collateral price, the mark of
// "<COIN>USDT" less kFakeCollateralHaircut, which GET /fapi/v1/assetIndex (public) serves as
// `bidRate` of "<COIN>USD"; the account's totals are then USD sums over every asset. In
// Single-Asset mode coins stay in the wallet and count for nothing.
// Dated contracts: exchangeInfo lists each perpetual's current and next quarterly
// ("BTCUSDT_260327", CURRENT_QUARTER / NEXT_QUARTER, deliveryDate on the venue's clock), which
// move on as the clock (skew) passes a delivery; they trade like the perpetual.
// Universal transfers (POST / GET /sapi/v1/asset/transfer, signed) move USDT between the spot
// balance and the futures wallet and list them (MAIN_UMFUTURE, UMFUTURE_MAIN).
// Every fill is booked as a trade (GET /fapi/v1/userTrades, signed) with a commission at
// kFakeTakerFee (market and crossing orders) or kFakeMakerFee (resting orders filled later),
// paid in USDT out of the wallet. It counts
// requests per path, TCP connections, and executed placements per client order id, so tests
// can assert keep-alive and "never placed twice".
//
// Fault injection: programmatically with inject(), or over HTTP (standalone executable):
//   POST /__fake/fault?kind=K&path=/fapi/v1/order[&method=POST][&times=1][&executed=1]
//        [&delay_ms=N][&retry_after=S|none][&status=N&code=C&msg=M]
//     K: 500 | 502 | 503-unknown | 503-unavailable | 429 | 418 | slow | drop-before |
//        drop-after | malformed | wrong-shape | code
//   POST /__fake/clear                     remove pending faults
//   POST /__fake/price?symbol=S&price=P    mark / fill price
//   POST /__fake/skew?ms=N                 venue clock = wall clock + N
//   POST /__fake/spot?asset=A&free=F[&locked=L]
//   POST /__fake/position?symbol=S&qty=Q   signed base quantity
//   POST /__fake/dual?enabled=true|false   hedge (dual-side) position mode
//   POST /__fake/multi_assets?enabled=true|false   Multi-Assets mode
//   POST /__fake/futures_asset?asset=A&qty=Q       a coin in the futures wallet
//   POST /__fake/fill?symbol=S             fill resting limit orders at their price
//   POST /__fake/book?symbol=S&bid=B&ask=A  the touch (until the next price change)
//   GET  /__fake/stats                     counters and state as JSON
// Control requests are not counted as API requests.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fakevenue/http_server.hpp"

namespace hedgebot::fake {

inline constexpr const char* kTestApiKey = "fake-venue-api-key-0001";
inline constexpr const char* kTestApiSecret = "fake-venue-api-secret-0001";
inline constexpr double kFakeTakerFee = 0.0005;  // commission rates, of the fill's notional
inline constexpr double kFakeMakerFee = 0.0002;
inline constexpr double kFakeLiquidationFee = 0.0125;   // clearance fee, of the closed notional
inline constexpr double kFakeCollateralHaircut = 0.05;  // a coin counts at 95 % of its mark

// The maintenance-margin brackets GET /fapi/v1/leverageBracket (signed) serves for every symbol.
struct FakeBracket {
  double floor, cap;
  int initial_leverage;
  double rate, cum;
};
inline constexpr FakeBracket kFakeBrackets[] = {{0, 50000, 125, 0.004, 0},
                                                {50000, 600000, 100, 0.005, 50},
                                                {600000, 3000000, 75, 0.0065, 950},
                                                {3000000, 12000000, 50, 0.01, 11450}};

enum class FaultKind {
  Http500,             // 500 with a non-JSON body
  Http502,             // 502 Bad Gateway (HTML)
  Http503Unknown,      // 503 "Unknown error, please check your request or try again later."
  Http503Unavailable,  // 503 "Service Unavailable." (known not executed)
  RateLimit429,        // 429 with Retry-After
  Ban418,              // 418 IP banned
  Slow,                // answer after delay_ms (past the client's timeout)
  Late,                // hold the request delay_ms, then run it (if still inside its recvWindow)
                       // and answer: an order that lands after the client gave up
  DropBefore,          // close the connection without executing or answering
  DropAfter,           // execute, then close without answering ("response lost")
  MalformedJson,       // 200 with broken JSON
  WrongShape,          // 200 with valid JSON of the wrong shape
  VenueCode,           // http_status with {"code": code, "msg": msg}
};

struct Fault {
  FaultKind kind = FaultKind::Http500;
  std::string path;      // "" = any API path
  std::string method;    // "" = any method
  int times = 1;         // how many matching requests it affects
  bool execute = false;  // run the request's effect (e.g. place the order) before the fault
  int64_t delay_ms = 0;
  int retry_after_s = -1;  // Retry-After of a 429 / 418: -1 = 1 s / 120 s; -2 = no header
  int http_status = 400;
  int code = 0;
  std::string msg;
};

struct FakeVenueOptions {
  uint16_t port = 0;               // 0 = any free port
  std::string host = "127.0.0.1";  // a loopback address (the caller checks)
  std::string api_key = kTestApiKey;
  std::string api_secret = kTestApiSecret;
  // Charge funding to the wallet at every 8-hour boundary of the venue's clock (00:00, 08:00,
  // 16:00 UTC): each position pays base qty x mark x the funding rate (a positive rate: longs
  // pay, shorts receive). Off by default: the tests count the wallet to the cent.
  bool settle_funding = false;
  // Called with account_state() after every request that may have changed the account (an API
  // request other than GET, or a control request), outside the venue's lock, in request order.
  std::function<void(const nlohmann::json&)> on_account_change;
};

class FakeVenue {
 public:
  explicit FakeVenue(FakeVenueOptions options = {});
  ~FakeVenue();
  FakeVenue(const FakeVenue&) = delete;
  FakeVenue& operator=(const FakeVenue&) = delete;

  uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:<port>"
  void stop();

  // Faults apply to the next matching requests, in the order injected.
  void inject(const Fault& fault);
  void clear_faults();

  void set_mark_price(const std::string& symbol, double price);  // resets a book set_book() set
  void set_book(const std::string& symbol, double bid, double ask);
  void set_clock_skew_ms(int64_t skew_ms);
  void set_spot_balance(const std::string& asset, double free, double locked = 0.0);
  void set_position(const std::string& symbol, double base_qty, double entry_price = 0.0);
  void set_dual_side(bool enabled);
  void set_wallet_balance(double usdt);
  void set_multi_assets(bool enabled);
  void set_futures_asset(const std::string& asset, double quantity);  // 0 removes it
  void set_symbol_config(const std::string& symbol, int leverage, const std::string& margin_type);
  void set_funding_rate(double rate);
  void fill_open_orders(const std::string& symbol);

  // The account as JSON (wallet, positions, spot balances, orders, trades, leverage, margin
  // types, marks, position mode, funding rate, id counters), and back. restore_account_state()
  // throws std::exception on a document of the wrong shape and leaves the account as it was.
  nlohmann::json account_state() const;
  void restore_account_state(const nlohmann::json& state);

  // Counters. `name` is "METHOD /path" ("POST /fapi/v1/order").
  int64_t requests(const std::string& name) const;
  int64_t total_requests() const;
  int64_t connections() const;  // TCP connections that carried API requests
  int64_t orders_placed(const std::string& client_order_id) const;  // executed placements
  int64_t total_orders_placed() const;
  int64_t transfers_made() const;                    // executed POST /sapi/v1/asset/transfer
  double position(const std::string& symbol) const;  // signed base quantity
  double fees_paid() const;                          // commissions of every trade, USDT
  int leverage(const std::string& symbol) const;
  std::string margin_type(const std::string& symbol) const;
  int64_t server_time_ms() const;
  nlohmann::json stats() const;

 private:
  struct State;
  HttpReply handle(const HttpRequest& request);
  HttpReply handle_and_report(const HttpRequest& request);
  std::unique_ptr<State> state_;
  std::mutex report_mutex_;  // keeps on_account_change calls in request order
  std::unique_ptr<LoopbackHttpServer> server_;
};

// "500", "drop-after", ... -> FaultKind; nullopt when unknown.
std::optional<FaultKind> fault_kind_from_name(const std::string& name);

}  // namespace hedgebot::fake
