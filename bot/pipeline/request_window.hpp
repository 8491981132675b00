#pragma once
// How long a request whose answer was lost can still execute on the venue. The order path (an
// order of unknown fate) and the transfer path (a transfer whose answer was lost) share it: the
// request may still execute until the venue's validity window (a signed request's receive
// window plus the uncertainty of our clock) has closed after the moment it left, and a look-up
// after that moment that finds nothing means it never executed.

#include <cstdint>

#include "exchange/exchange_client.hpp"

namespace hedgebot::bot {

// The venue time after which a request that left at (or before) `venue_now_ms` has expired.
inline int64_t request_deadline_ms(const ExchangeClient& client, int64_t venue_now_ms) {
  return venue_now_ms + client.order_validity_ms();
}

// True when a request with this deadline can no longer execute at `venue_now_ms`.
inline bool request_expired(int64_t deadline_ms, int64_t venue_now_ms) {
  return venue_now_ms >= deadline_ms;
}

}  // namespace hedgebot::bot
