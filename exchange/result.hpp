#pragma once
// Expected failures come back as values (Result<T> / Status); broken invariants throw.
// std::expected needs C++23 with g++ 12 and clang-tidy 14 cannot parse it, hence our own type.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace hedgebot {

enum class ErrorKind {
  InvalidInput,   // bad data handed to us (CSV, arguments, a number out of range)
  Config,         // configuration problem found at run time (missing key file, bad permissions)
  Network,        // could not connect, connection dropped before anything was sent
  Timeout,        // no answer in time: the request may or may not have been executed
  UnknownStatus,  // the venue says the execution status is unknown (503 "Unknown error",
                  // -1006/-1007)
  RateLimited,    // 429 / -1003: back off
  Banned,         // 418: IP banned; every request waits until the ban ends
  Auth,           // bad key, signature, permissions (-2014, -2015, -1022)
  Rejected,       // the venue refused the order for a business reason
  InsufficientMargin,  // -2019
  ReduceOnlyRejected,  // -2022: the position changed under us; re-read and re-plan
  PostOnlyRejected,    // -5022: a post-only order would have traded at once; nothing was placed
                       // (the client id is free): reprice from the book or go to market
  Filter,              // precision / filter failures (-1111, -1013, -4164): our bug
  InvalidResponse,     // malformed JSON, wrong shape, absurd numbers
  NotFound,            // order or symbol does not exist
  VenueError,          // 5xx that is known to have failed
  Internal,            // a bug of ours
};

const char* to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;
  int venue_code = 0;  // the venue's own error code, 0 when none
  // RateLimited / Banned: the moment (ms since the epoch, on the clock of the client that
  // returned the error) before which the venue refuses requests and the client fails every call
  // without sending it. 0 when the error does not say.
  int64_t retry_at_ms = 0;

  // "timeout: no answer from /fapi/v1/order after 10s" (+ " (venue code -1007)")
  std::string describe() const;
};

inline Error make_error(ErrorKind kind, std::string message, int venue_code = 0) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  error.venue_code = venue_code;
  return error;
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return checked(); }
  const T& value() const& { return const_cast<Result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->checked(); }
  T& operator*() { return checked(); }
  const T& operator*() const { return const_cast<Result*>(this)->checked(); }

  const Error& error() const {
    if (ok()) throw std::logic_error("Result::error() called on a success");
    return std::get<1>(data_);
  }

 private:
  T& checked() {
    if (!ok())
      throw std::logic_error("Result::value() called on an error: " + std::get<1>(data_).message);
    return std::get<0>(data_);
  }
  std::variant<T, Error> data_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() {
  return Unit{};
}

}  // namespace hedgebot
