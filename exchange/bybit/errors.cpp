#include "exchange/bybit/errors.hpp"

#include <string>

namespace hedgebot::bybit {
namespace {

std::string venue_says(long http_status, int code, std::string_view message) {
  std::string text = "HTTP " + std::to_string(http_status);
  if (code != 0) text += ", retCode " + std::to_string(code);
  if (!message.empty()) text += ", \"" + std::string(message.substr(0, 200)) + "\"";
  return text;
}

}  // namespace

Error map_error(long http_status, int code, std::string_view message, std::string_view request) {
  const std::string prefix = std::string(request) + ": ";
  const std::string says = " (" + venue_says(http_status, code, message) + ")";
  const bool is_post = request.rfind("POST", 0) == 0;
  auto error = [&](ErrorKind kind, const std::string& text) {
    return make_error(kind, prefix + text + says, code);
  };
  if (http_status == 403) {
    return error(ErrorKind::Banned,
                 "refused by Bybit (IP rate limit \"access too frequent\", or a restricted "
                 "region); every request stops until the block ends");
  }
  if (http_status == 429 || code == kCodeTooManyVisits) {
    return error(ErrorKind::RateLimited, "rate limit exceeded; backing off");
  }
  switch (code) {
    case kCodeApiKeyInvalid:
    case kCodeApiKeyExpired:
      return error(ErrorKind::Auth,
                   "API key rejected: check the key, that it is not expired, and that it belongs "
                   "to this environment (mainnet, testnet and demo keys differ)");
    case kCodeBadSignature:
      return error(ErrorKind::Auth,
                   "signature rejected: check that the API secret belongs to the API key");
    case kCodePermissionDenied:
      return error(ErrorKind::Auth, "permission denied: the API key lacks the contract permission");
    case kCodeIpNotWhitelisted:
      return error(ErrorKind::Auth, "this IP is not in the API key's whitelist");
    case kCodeTimestampOutside:
      return error(
          ErrorKind::Rejected,
          "request timestamp outside the receive window even after resynchronising the "
          "clock: check the system clock (NTP). Raising exchange.recv_window also works, "
          "at a cost: an order whose answer is lost blocks its hedge for that much longer");
    case kCodeWalletInsufficient:
    case kCodeAvailableInsufficient:
    case kCodeBalanceInsufficient:
      return error(ErrorKind::InsufficientMargin, "insufficient available balance for this order");
    case kCodeReduceOnlyRejected:
      return error(ErrorKind::ReduceOnlyRejected,
                   "reduce-only order would reduce nothing: the position changed; re-read it and "
                   "re-plan");
    case kCodeParameterError:
    case kCodeNotionalTooSmall:
      return error(ErrorKind::Filter,
                   "request refused for its parameters (quantity step, price tick, minimum "
                   "notional or a field's format): this is a hedgebot bug");
    case kCodeOrderNotFound:
      return error(ErrorKind::NotFound, "no such order (or too late to cancel)");
    case kCodeDuplicateOrderLinkId:
      return error(ErrorKind::Rejected, "an order with this orderLinkId already exists");
    case kCodeDuplicateRequest:
    case kCodeServerError:
    case kCodeOrderProcessing:
      if (is_post) {
        return error(ErrorKind::UnknownStatus, "Bybit did not confirm the outcome; status unknown");
      }
      return error(ErrorKind::VenueError, "Bybit server error");
    default:
      break;
  }
  if (http_status >= 500) {
    if (is_post)
      return error(ErrorKind::UnknownStatus, "Bybit server error; execution status unknown");
    return error(ErrorKind::VenueError, "Bybit server error");
  }
  if (http_status == 401) {
    return error(ErrorKind::Auth, "authentication headers missing or rejected");
  }
  if (http_status == 404) {
    return error(ErrorKind::Config,
                 "no such path, or the category is not valid for this account's mode (a Unified "
                 "Trading Account is required)");
  }
  if (http_status == 408) return error(ErrorKind::Timeout, "Bybit timed out");
  return error(ErrorKind::Rejected, "rejected");
}

}  // namespace hedgebot::bybit
