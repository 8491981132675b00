#pragma once
// A fake BingX venue (perpetual swap v2, USDT-margined, and the spot balances) on 127.0.0.1 for
// tests. It shares the HTTP server, the request plumbing and the fault kinds with the other fake
// venues and answers like BingX (docs/venues/bingx.md):
// - the envelope {code, msg, data}, business errors as HTTP 200 with a non-zero code, decimals as
//   strings, times and order ids as JSON integers (order ids above 2^53), symbols BTC-USDT;
// - klines (v3, objects) and funding history newest first, the still-open candle first;
// - signed calls checked like BingX: X-BX-APIKEY (100413), the signature over the parameters in
//   the order received with raw values, the query's string followed by a form body's with
//   nothing between (100001), the timestamp against recvWindow (100421 "timestamp mismatch");
// - orders: positionSide must be BOTH in one-way mode (109400), the client id is lowercased and
//   may be used once (101481), a quantity with excess decimals is truncated (as BingX does),
//   reduceOnly that would increase 101290, minimum value 101400, margin 101204, PostOnly that
//   would take 101215, a pair restricted from API trading 100421; market orders fill at the mark
//   with kFakeTakerFee charged as a negative commission; resting limit orders are PENDING;
// - a hedge-mode (dual-side) account, per-symbol margin type and leverage, maintenance tiers.
// Faults (inject()): 500, 502, 503-*: that HTTP status without an envelope; 429: HTTP 429 with
// code 100410 and X-RateLimit-Requests-Expire of retry_after_s (default 1 s; -2 = no header);
// 418: HTTP 418 with the same header (default 300 s); code: an envelope with `code` and HTTP
// `http_status`; the others as in fake_venue.hpp.

#include <cstdint>
#include <memory>
#include <string>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/http_server.hpp"

namespace hedgebot::fake {

inline constexpr const char* kBingxTestApiKey = "fake-bingx-api-key-0001";
inline constexpr const char* kBingxTestApiSecret = "fake-bingx-api-secret-0001";

class FakeBingxVenue {
 public:
  explicit FakeBingxVenue(uint16_t port = 0);
  ~FakeBingxVenue();
  FakeBingxVenue(const FakeBingxVenue&) = delete;
  FakeBingxVenue& operator=(const FakeBingxVenue&) = delete;

  std::string url() const;  // "http://127.0.0.1:<port>"
  void stop();

  // Faults apply to the next matching requests, in the order injected.
  void inject(const Fault& fault);

  // Symbols are BingX's names ("BTC-USDT").
  void set_mark_price(const std::string& symbol, double price);
  void set_clock_skew_ms(int64_t skew_ms);
  void set_spot_balance(const std::string& asset, double free, double locked = 0.0);
  void set_position(const std::string& symbol, double base_qty, double entry_price = 0.0);
  void set_dual_side(bool enabled);
  void set_margin_type(const std::string& symbol, const std::string& type);
  void set_leverage(const std::string& symbol, int leverage);
  void set_funding_rate(double rate);
  void set_api_restricted(const std::string& symbol, bool restricted);
  void fill_open_orders(const std::string& symbol);  // resting limit orders fill at their price

  // Counters. `name` is "METHOD /path" ("POST /openApi/swap/v2/trade/order").
  int64_t requests(const std::string& name) const;
  int64_t total_requests() const;
  int64_t bad_signatures() const;  // signed requests refused for their signature or key
  int64_t orders_placed(const std::string& client_id) const;  // accepted, by lowercase id
  int64_t total_orders_placed() const;
  double position(const std::string& symbol) const;  // signed base quantity
  int leverage(const std::string& symbol) const;
  std::string margin_type(const std::string& symbol) const;
  int64_t server_time_ms() const;

 private:
  struct State;
  HttpReply handle(const HttpRequest& request);
  std::unique_ptr<State> state_;
  std::unique_ptr<LoopbackHttpServer> server_;
};

}  // namespace hedgebot::fake
