#include "exchange/result.hpp"

namespace hedgebot {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidInput:
      return "invalid input";
    case ErrorKind::Config:
      return "configuration";
    case ErrorKind::Network:
      return "network";
    case ErrorKind::Timeout:
      return "timeout";
    case ErrorKind::UnknownStatus:
      return "unknown execution status";
    case ErrorKind::RateLimited:
      return "rate limited";
    case ErrorKind::Banned:
      return "banned";
    case ErrorKind::Auth:
      return "authentication";
    case ErrorKind::Rejected:
      return "rejected";
    case ErrorKind::InsufficientMargin:
      return "insufficient margin";
    case ErrorKind::ReduceOnlyRejected:
      return "reduce-only rejected";
    case ErrorKind::PostOnlyRejected:
      return "post-only rejected";
    case ErrorKind::Filter:
      return "filter failure";
    case ErrorKind::InvalidResponse:
      return "invalid response";
    case ErrorKind::NotFound:
      return "not found";
    case ErrorKind::VenueError:
      return "venue error";
    case ErrorKind::Internal:
      return "internal error";
  }
  return "error";
}

std::string Error::describe() const {
  std::string text = std::string(to_string(kind)) + ": " + message;
  if (venue_code != 0) text += " (venue code " + std::to_string(venue_code) + ")";
  return text;
}

}  // namespace hedgebot
