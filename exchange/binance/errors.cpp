#include "exchange/binance/errors.hpp"

namespace hedgebot::binance {
namespace {

std::string venue_says(long http_status, int code, std::string_view message) {
  std::string text = "HTTP " + std::to_string(http_status);
  if (code != 0) text += ", code " + std::to_string(code);
  if (!message.empty()) text += ", \"" + std::string(message.substr(0, 200)) + "\"";
  return text;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

Error map_error(long http_status, int code, std::string_view message, std::string_view request) {
  const std::string prefix = std::string(request) + ": ";
  const std::string says = " (" + venue_says(http_status, code, message) + ")";
  auto error = [&](ErrorKind kind, const std::string& text) {
    return make_error(kind, prefix + text + says, code);
  };
  if (http_status == 418) {
    return error(ErrorKind::Banned,
                 "this IP is banned by Binance after repeated rate-limit "
                 "violations; all requests stop until the ban expires");
  }
  if (http_status == 429 || code == kCodeTooManyRequests) {
    return error(ErrorKind::RateLimited, "rate limit exceeded; backing off");
  }
  switch (code) {
    case kCodeBadApiKeyFormat:
    case kCodeRejectedApiKey:
      return error(ErrorKind::Auth,
                   "API key rejected: check the key, its IP whitelist and futures permission");
    case kCodeBadSignature:
      return error(ErrorKind::Auth,
                   "signature rejected: check that the API secret belongs to the API key");
    case kCodeTimestampOutside:
      return error(ErrorKind::Rejected,
                   "request timestamp outside recvWindow even after resynchronising the clock: "
                   "check the system clock (NTP). Raising exchange.recv_window also works, at a "
                   "cost: an order whose answer is lost blocks its hedge for that much longer");
    case kCodeMarginInsufficient:
      return error(ErrorKind::InsufficientMargin, "insufficient margin for this order");
    case kCodeReduceOnlyRejected:
      return error(ErrorKind::ReduceOnlyRejected,
                   "reduce-only order rejected: the position changed; re-read it and re-plan");
    case -1111:
    case -1013:
    case -4164:
    case -4014:
    case -4023:
    case -4003:
    case -4004:
    case -4005:
    case -4015:
      return error(ErrorKind::Filter,
                   "order violates the symbol's filters (precision, step, tick or minimum "
                   "notional): this is a hedgebot bug");
    case kCodePostOnlyRejected:
      return error(ErrorKind::PostOnlyRejected,
                   "post-only order rejected: it would have traded at once as a taker; nothing "
                   "was placed");
    case kCodeNoSuchOrder:
    case kCodeCancelRejected:
      return error(ErrorKind::NotFound, "no such order");
    case kCodeUnexpectedResponse:
    case kCodeBackendTimeout:
      return error(ErrorKind::UnknownStatus,
                   "Binance could not confirm the execution; status unknown");
    case kCodePositionSideMismatch:
      return error(ErrorKind::Config,
                   "position side does not match the account's position mode (hedge mode?)");
    default:
      break;
  }
  if (http_status >= 500) {
    if (contains(message, "Unknown error")) {
      return error(ErrorKind::UnknownStatus, "Binance does not know whether it was executed");
    }
    if (http_status == 503 &&
        (contains(message, "Service Unavailable") || contains(message, "Internal error"))) {
      return error(ErrorKind::VenueError, "Binance is unavailable; it was not executed");
    }
    if (request.rfind("POST", 0) == 0) {
      return error(ErrorKind::UnknownStatus, "Binance server error; execution status unknown");
    }
    return error(ErrorKind::VenueError, "Binance server error");
  }
  if (http_status == 408)
    return error(ErrorKind::Timeout, "Binance timed out waiting for its backend");
  if (code == kCodeUnknownError || code == kCodeDisconnected) {
    return error(ErrorKind::VenueError, "Binance internal error");
  }
  if (http_status == 403) {
    return error(ErrorKind::RateLimited,
                 "refused by Binance's firewall (WAF limit or restricted region)");
  }
  if (http_status == 401) {
    return error(ErrorKind::Auth,
                 "API key rejected: check the key, its IP whitelist and futures permission");
  }
  return error(ErrorKind::Rejected, "rejected");
}

bool may_have_executed(const Error& error) {
  switch (error.kind) {
    case ErrorKind::Timeout:
    case ErrorKind::Network:
    case ErrorKind::UnknownStatus:
    case ErrorKind::VenueError:
    case ErrorKind::InvalidResponse:
      return true;
    default:
      return false;
  }
}

}  // namespace hedgebot::binance
