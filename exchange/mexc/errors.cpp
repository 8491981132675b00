#include "exchange/mexc/errors.hpp"

#include <string>

namespace hedgebot::mexc {
namespace {

std::string venue_says(long http_status, int code, std::string_view message) {
  std::string text = "HTTP " + std::to_string(http_status);
  if (code != 0) text += ", code " + std::to_string(code);
  if (!message.empty()) text += ", \"" + std::string(message.substr(0, 200)) + "\"";
  return text;
}

}  // namespace

Error orders_disabled(std::string_view what) {
  return make_error(ErrorKind::Rejected,
                    std::string(what) +
                        ": refused without a request: orders_enabled is false for this MEXC "
                        "venue. MEXC has closed order placement on its contract API to ordinary "
                        "API keys since 2022; set orders_enabled = true only with a key MEXC has "
                        "authorised for futures API trading");
}

Error map_error(long http_status, int code, std::string_view message, std::string_view request) {
  const std::string prefix = std::string(request) + ": ";
  const std::string says = " (" + venue_says(http_status, code, message) + ")";
  const bool is_post = request.rfind("POST", 0) == 0;
  auto error = [&](ErrorKind kind, const std::string& text) {
    return make_error(kind, prefix + text + says, code);
  };
  if (http_status == 403) {
    return error(ErrorKind::Banned,
                 "refused by MEXC's gateway (a blocked IP or region); every request stops until "
                 "the block ends");
  }
  if (http_status == 429 || code == kCodeTooFrequent) {
    return error(ErrorKind::RateLimited, "rate limit exceeded; backing off");
  }
  switch (code) {
    case kCodeUnauthorized:
      return error(ErrorKind::Auth,
                   "API key rejected or not permitted: check the key, and that it has the "
                   "contract permissions");
    case kCodeKeyExpired:
      return error(ErrorKind::Auth, "the API key has expired: create a new one");
    case kCodeIpNotWhitelisted:
      return error(ErrorKind::Auth, "this IP is not in the API key's whitelist");
    case kCodeBadSignature:
      return error(ErrorKind::Auth,
                   "signature rejected: check that the API secret belongs to the API key");
    case kCodeNoReadPermission:
    case 702:
    case 703:
    case kCodeNoTradePermission:
      return error(ErrorKind::Auth,
                   "the API key lacks the permission for this call (contract read or trade)");
    case kCodeContractNotAllowed:
      if (is_post) {
        return error(ErrorKind::Auth,
                     "MEXC does not allow order placement for this key or contract: ordinary "
                     "API keys cannot trade MEXC contracts since 2022. orders_enabled = true "
                     "needs a key MEXC has authorised for futures API trading; otherwise set "
                     "orders_enabled = false");
      }
      return error(ErrorKind::Rejected, "the contract is not open to API trading");
    case kCodeRequestTimeInvalid:
      return error(ErrorKind::Rejected,
                   "request time outside MEXC's window even after resynchronising the clock: "
                   "check the system clock (NTP)");
    case kCodeBalanceInsufficient:
      return error(ErrorKind::InsufficientMargin, "insufficient available balance for this order");
    case kCodeQuantityInsufficient:
    case kCodePositionMissing:
      return error(ErrorKind::ReduceOnlyRejected,
                   "the order would close more than the position holds: the position changed; "
                   "re-read it and re-plan");
    case kCodeParameterError:
    case kCodeDecodingError:
    case kCodeOrderQuantityError:
    case kCodePrecisionError:
    case kCodeAboveMaxQuantity:
    case kCodeExternalOidTooLong:
      return error(ErrorKind::Filter,
                   "request refused for its parameters (quantity step, price tick, size bounds "
                   "or a field's format): this is a hedgebot bug");
    case kCodeContractMissing:
      return error(ErrorKind::NotFound, "no such contract on MEXC");
    case kCodeOrderNotExist:
      return error(ErrorKind::NotFound, "no such order");
    case kCodeOrderNotCancellable:
      return error(ErrorKind::Rejected, "the order can no longer be cancelled");
    case kCodeInternalError:
    case kCodeRepeatedRequest:
      if (is_post) {
        return error(ErrorKind::UnknownStatus, "MEXC did not confirm the outcome; status unknown");
      }
      return error(ErrorKind::VenueError, "MEXC server error");
    case kCodeSystemBusy:
    case kCodeEndpointInaccessible:
      return error(ErrorKind::VenueError, "MEXC is busy or the endpoint is unavailable");
    default:
      break;
  }
  if (http_status >= 500) {
    if (is_post)
      return error(ErrorKind::UnknownStatus, "MEXC server error; execution status unknown");
    return error(ErrorKind::VenueError, "MEXC server error");
  }
  if (http_status == 401) return error(ErrorKind::Auth, "authentication rejected");
  if (http_status == 404) return error(ErrorKind::Config, "no such path on this host");
  if (http_status == 408) return error(ErrorKind::Timeout, "MEXC timed out");
  return error(ErrorKind::Rejected, "rejected");
}

}  // namespace hedgebot::mexc
