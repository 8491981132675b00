#pragma once
// A fake Bybit v5 venue (linear USDT perpetuals, Unified Trading Account) on 127.0.0.1 for
// tests. It shares the HTTP server, the request plumbing and the fault kinds with the fake
// Binance venue (fake_venue.hpp) and answers like Bybit (docs/venues/bybit.md):
// - the envelope {retCode, retMsg, result, retExtInfo, time}, business errors as HTTP 200 with a
//   non-zero retCode, numbers as decimal strings, lists newest first (klines, funding);
// - private calls checked like Bybit: X-BAPI-API-KEY (10003), X-BAPI-SIGN over timestamp + key +
//   recvWindow + (raw query | raw JSON body) (10004), the timestamp against the receive window
//   (10002), a GET with a body refused with HTTP 403; missing headers are HTTP 401;
// - orders: create only acknowledges ({orderId, orderLinkId}); market orders fill at the mark;
//   a limit order at or through the touch fills, except a PostOnly one, which is recorded as
//   Cancelled with rejectReason EC_PostOnlyWillTakeLiquidity; orderLinkId unique over every
//   order (110072); reduceOnly that reduces nothing 110017; minimum value 110094; margin 110007;
//   qty / price off the grid 10001; every fill booked as an execution with a fee
//   (kFakeTakerFee / kFakeMakerFee of the notional) charged to the USDT wallet;
// - order look-ups: /v5/order/realtime holds open orders and, unless set_realtime_keeps_closed
//   (false), the closed ones; /v5/order/history holds every order;
// - set-leverage to the current value answers 110043; hedge mode gives two position rows
//   (positionIdx 1 and 2); isolated margin empties the wallet's account-wide fields.
// Faults (inject()): 500, 502, 503-*: that HTTP status without an envelope; 429: retCode 10006
// with X-Bapi-Limit-Reset-Timestamp now + retry_after_s (default 1 s); 418: HTTP 403 "access too
// frequent" with the reset header now + retry_after_s (default 120 s; -2 = no header); code: an
// envelope with retCode `code` and HTTP `http_status`; the others as in fake_venue.hpp.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/http_server.hpp"

namespace hedgebot::fake {

inline constexpr const char* kBybitTestApiKey = "fake-bybit-api-key-0001";
inline constexpr const char* kBybitTestApiSecret = "fake-bybit-api-secret-0001";

class FakeBybitVenue {
 public:
  explicit FakeBybitVenue(uint16_t port = 0);
  ~FakeBybitVenue();
  FakeBybitVenue(const FakeBybitVenue&) = delete;
  FakeBybitVenue& operator=(const FakeBybitVenue&) = delete;

  std::string url() const;  // "http://127.0.0.1:<port>"
  void stop();

  // Faults apply to the next matching requests, in the order injected.
  void inject(const Fault& fault);

  void set_mark_price(const std::string& symbol, double price);  // resets a book set_book() set
  void set_book(const std::string& symbol, double bid, double ask);
  void set_clock_skew_ms(int64_t skew_ms);
  void set_coin(const std::string& coin, double wallet_balance, double locked = 0.0,
                double borrowed = 0.0);
  void set_position(const std::string& symbol, double base_qty, double entry_price = 0.0);
  void set_hedge_mode(bool enabled);
  void set_margin_mode(const std::string& mode);  // REGULAR_MARGIN, ISOLATED_MARGIN, ...
  void set_leverage(const std::string& symbol, int leverage);
  void set_funding_rate(double rate);
  void set_realtime_keeps_closed(bool keeps);
  void fill_open_orders(const std::string& symbol);  // resting limit orders fill at their price

  // Counters. `name` is "METHOD /path" ("POST /v5/order/create").
  int64_t requests(const std::string& name) const;
  int64_t total_requests() const;
  int64_t orders_placed(const std::string& order_link_id) const;  // accepted placements
  int64_t total_orders_placed() const;
  double position(const std::string& symbol) const;  // signed base quantity
  double fees_paid() const;
  int leverage(const std::string& symbol) const;
  int64_t server_time_ms() const;

 private:
  struct State;
  HttpReply handle(const HttpRequest& request);
  std::unique_ptr<State> state_;
  std::unique_ptr<LoopbackHttpServer> server_;
};

}  // namespace hedgebot::fake
