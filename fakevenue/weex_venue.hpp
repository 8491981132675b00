#pragma once
// A fake WEEX contract API V3 venue (USDT-margined perpetuals) on 127.0.0.1 for tests. It shares
// the HTTP server, the request plumbing and the fault kinds with the other fake venues and
// answers like WEEX (docs/venues/weex.md):
// - bare answers (no envelope); errors as {"code": <negative>, "msg": ...} with HTTP 400;
//   decimals as strings; order ids in queries as bare integers above 2^53, as strings in the
//   placement and cancel acknowledgements;
// - klines ascending with the still-open bar last; historyKlines (limit <= 100, else -1140)
//   and fundingRate listed newest first (WEEX does not document their order);
// - private calls checked like WEEX: ACCESS-KEY (-1044), ACCESS-PASSPHRASE (-1049),
//   ACCESS-TIMESTAMP of 13 digits (-1043) within 30 s of the venue's clock (-1046), ACCESS-SIGN
//   = base64 HMAC-SHA256 of timestamp + METHOD + path[?query] + body (-1047); a missing header
//   is -1040 / -1041 / -1042; a POST without Content-Type application/json -1045;
// - positions per side (LONG / SHORT rows, both can be held at once); BUY+LONG and SELL+SHORT
//   open, SELL+LONG and BUY+SHORT reduce (more than held: -1054 FAILED_PRECONDITION); market
//   orders fill at the book, a POST_ONLY order that would take is recorded CANCELED; an order
//   under minOrderSize is refused in-band (HTTP 200, success false, errorCode -1141); extra
//   decimals -1160; margin -1054 "... amount not enough"; a newClientOrderId used twice is
//   accepted (WEEX documents no refusal), so a doubled send shows as two orders;
// - symbolConfig {symbol, marginType, separatedType, crossLeverage, ...}; leverage above 100
//   is -3313; set_separated(true) makes position rows SEPARATED.
// Faults (inject()): 500, 502, 503-*: that HTTP status with an HTML body; 429: HTTP 429 with
// Retry-After retry_after_s (default 1; -2 = none); 418: HTTP 403 without a WEEX code, with
// Retry-After (default 120 s; -2 = none); code: {code, msg} with HTTP `http_status`; the others
// as in fake_venue.hpp.

#include <cstdint>
#include <memory>
#include <string>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/http_server.hpp"

namespace hedgebot::fake {

inline constexpr const char* kWeexTestApiKey = "fake-weex-api-key-0001";
inline constexpr const char* kWeexTestApiSecret = "fake-weex-api-secret-0001";
inline constexpr const char* kWeexTestPassphrase = "fakeWeexPass0001";

class FakeWeexVenue {
 public:
  explicit FakeWeexVenue(uint16_t port = 0);
  ~FakeWeexVenue();
  FakeWeexVenue(const FakeWeexVenue&) = delete;
  FakeWeexVenue& operator=(const FakeWeexVenue&) = delete;

  std::string url() const;  // "http://127.0.0.1:<port>"
  void stop();

  // Faults apply to the next matching requests, in the order injected.
  void inject(const Fault& fault);

  void set_mark_price(const std::string& symbol, double price);  // resets a book set_book() set
  void set_book(const std::string& symbol, double bid, double ask);
  void set_clock_skew_ms(int64_t skew_ms);
  void set_balance(double usdt);
  // The signed base quantity held on one side: > 0 a LONG row, < 0 a SHORT row, 0 flat.
  void set_position(const std::string& symbol, double base_qty, double entry_price = 0.0);
  // A row on one side only, leaving the other side as it is ("LONG" / "SHORT", size >= 0).
  void set_side(const std::string& symbol, const std::string& side, double size);
  void set_separated(bool separated);
  void set_margin_type(const std::string& type);  // CROSSED, ISOLATED
  void set_leverage(const std::string& symbol, int leverage);
  void set_funding_rate(double rate);
  void fill_open_orders(const std::string& symbol);  // resting limit orders fill at their price

  // Counters. `name` is "METHOD /path" ("POST /capi/v3/order").
  int64_t requests(const std::string& name) const;
  int64_t total_requests() const;
  int64_t orders_placed(const std::string& client_order_id) const;  // accepted placements
  int64_t total_orders_placed() const;
  double position(const std::string& symbol) const;  // LONG size - SHORT size
  int leverage(const std::string& symbol) const;
  int64_t server_time_ms() const;
  // The largest historyKlines / fundingRate `limit` asked for (0 = none asked).
  int64_t largest_history_limit() const;

 private:
  struct State;
  HttpReply handle(const HttpRequest& request);
  std::unique_ptr<State> state_;
  std::unique_ptr<LoopbackHttpServer> server_;
};

}  // namespace hedgebot::fake
