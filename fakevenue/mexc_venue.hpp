#pragma once
// A fake MEXC contract API v1 venue (USDT perpetuals) on 127.0.0.1 for tests. It shares the HTTP
// server, the request plumbing and the fault kinds with the other fakes and answers like MEXC
// (docs/venues/mexc.md):
// - the envelope {success, code, data} / {success:false, code, message}, business errors as
//   HTTP 200, numbers as JSON numbers, sizes in contracts (BTC_USDT: 0.0001 BTC, ETH_USDT:
//   0.01 ETH), klines as columns oldest first with times in seconds (the open bar included),
//   funding history newest first in pages;
// - private calls checked like MEXC: ApiKey (401), Signature = HMAC-SHA256 of key +
//   Request-Time + (the query's parameters sorted and Java-encoded | the raw JSON body) (602),
//   Request-Time within 10 s of the venue's clock (513);
// - orders: create with externalOid (an externalOid already used returns the existing order id,
//   nothing placed); market orders fill at the fair price; sides 1 open long, 2 close short,
//   3 open short, 4 close long netted on one position (one-way mode); a close larger than the
//   position 2008, none to close 2009; volume off volUnit 2015, under minVol 2011; margin 2005;
//   taker fee kFakeMexcTakerFee of the notional; set_orders_closed() answers every write with
//   1002 "Contract not allow place order!" as MEXC does for an ordinary key;
// - look-up by externalOid (2040 when unknown), open orders, cancel_with_external (2040 / 2041);
// - position_mode 1 (hedge) or 2 (one-way), leverage per position type.
// Faults (inject()): 500, 502, 503-*: that HTTP status without an envelope; 429: code 510
// "Requests are too frequent"; 418: HTTP 403 (a blocked IP); code: an envelope with `code`;
// the others as in fake_venue.hpp.

#include <cstdint>
#include <memory>
#include <string>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/http_server.hpp"

namespace hedgebot::fake {

inline constexpr const char* kMexcTestApiKey = "mx0vglFakeMexcKey0001";
inline constexpr const char* kMexcTestApiSecret = "fake-mexc-api-secret-0001";
inline constexpr double kFakeMexcTakerFee = 0.0002;

class FakeMexcVenue {
 public:
  explicit FakeMexcVenue(uint16_t port = 0);
  ~FakeMexcVenue();
  FakeMexcVenue(const FakeMexcVenue&) = delete;
  FakeMexcVenue& operator=(const FakeMexcVenue&) = delete;

  std::string url() const;  // "http://127.0.0.1:<port>"
  void stop();

  // Faults apply to the next matching requests, in the order injected. Paths are the real ones
  // ("/api/v1/private/order/create").
  void inject(const Fault& fault);

  // Symbols are MEXC's names ("BTC_USDT").
  void set_fair_price(const std::string& symbol, double price);
  void set_clock_skew_ms(int64_t skew_ms);
  void set_position(const std::string& symbol, int64_t contracts, double entry_price = 0.0);
  void set_hedge_mode(bool enabled);
  void set_isolated(bool isolated);
  void set_leverage(const std::string& symbol, int leverage);
  void set_funding_rate(double rate);
  void set_orders_closed(bool closed);

  // Counters. `name` is "METHOD /path" with the path as sent ("GET
  // /api/v1/contract/kline/BTC_USDT").
  int64_t requests(const std::string& name) const;
  int64_t total_requests() const;
  int64_t bad_signatures() const;  // private requests refused for their signature or time
  int64_t orders_placed(const std::string& external_oid) const;
  int64_t total_orders_placed() const;
  int64_t position(const std::string& symbol) const;  // signed contracts
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
