#include "exchange/bingx/errors.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace hedgebot::bingx {
namespace {

std::string venue_says(long http_status, int code, std::string_view message) {
  std::string text = "HTTP " + std::to_string(http_status);
  if (code != 0) text += ", code " + std::to_string(code);
  if (!message.empty()) text += ", \"" + std::string(message.substr(0, 200)) + "\"";
  return text;
}

bool contains_word(std::string_view message, std::string_view word) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return lower.find(word) != std::string::npos;
}

}  // namespace

TimestampCode classify_timestamp_code(int code, std::string_view message) {
  if (code != kCodeTimestampOrRestricted && code != kCodeInvalidParameter)
    return TimestampCode::NotTimestamp;
  // "This pair is currently restricted from API trading" is checked first: it must never be
  // taken for a clock problem and retried.
  if (code == kCodeTimestampOrRestricted && contains_word(message, "restricted"))
    return TimestampCode::PairRestricted;
  if (contains_word(message, "timestamp")) return TimestampCode::ClockSkew;
  return TimestampCode::NotTimestamp;
}

Error map_error(long http_status, int code, std::string_view message, std::string_view request) {
  const std::string prefix = std::string(request) + ": ";
  const std::string says = " (" + venue_says(http_status, code, message) + ")";
  const bool is_write = request.rfind("GET", 0) != 0;
  auto error = [&](ErrorKind kind, const std::string& text) {
    return make_error(kind, prefix + text + says, code);
  };
  if (http_status == 418 || http_status == 403) {
    return error(ErrorKind::Banned,
                 http_status == 418
                     ? "banned by BingX for continuing after a rate limit; every request stops "
                       "until the ban ends"
                     : "refused by BingX's firewall (usually a ban for too many requests); every "
                       "request stops until the block ends");
  }
  if (http_status == 429 || code == kCodeRateLimited) {
    return error(ErrorKind::RateLimited, "rate limit exceeded; backing off");
  }
  switch (classify_timestamp_code(code, message)) {
    case TimestampCode::PairRestricted:
      return error(ErrorKind::Rejected,
                   "this pair is restricted from API trading on BingX: orders for it cannot be "
                   "sent through the API (not retried); trade another pair or ask BingX");
    case TimestampCode::ClockSkew:
      return error(ErrorKind::Rejected,
                   "request timestamp refused even after resynchronising the clock: check the "
                   "system clock (NTP). Raising exchange.recv_window also works, at a cost: an "
                   "order whose answer is lost blocks its hedge for that much longer");
    case TimestampCode::NotTimestamp:
      break;
  }
  switch (code) {
    case kCodeSignatureMismatch:
    case kCodeNullSignature:
      return error(ErrorKind::Auth,
                   "signature rejected: check that the API secret belongs to the API key");
    case kCodeBadApiKey:
      return error(ErrorKind::Auth, "API key rejected: check the key and its environment");
    case kCodeNoPermission:
      return error(ErrorKind::Auth,
                   "permission denied: the API key lacks the perpetual futures trading (or spot "
                   "read) permission");
    case kCodeIpNotWhitelisted:
      return error(ErrorKind::Auth, "this IP is not in the API key's whitelist");
    case kCodeInsufficientMargin:
      return error(ErrorKind::InsufficientMargin, "insufficient margin for this order");
    case kCodeReduceOnlyIncreases:
      return error(ErrorKind::ReduceOnlyRejected,
                   "reduce-only order would open or increase the position: the position changed; "
                   "re-read it and re-plan");
    case kCodeMinNotional:
    case kCodeMinNotionalOld:
      return error(ErrorKind::Filter,
                   "order refused for its size or value (minimum notional, size limits): this is "
                   "a hedgebot bug");
    case kCodePostOnlyWouldTake:
      return error(ErrorKind::PostOnlyRejected,
                   "post-only order would have traded at once as a taker; nothing was placed");
    case kCodeOrderNotExist:
    case kCodeOrderNotExistCancel:
    case kCodePositionNotExist:
      return error(ErrorKind::NotFound, "no such order");
    case kCodeOrderFilled:
      return error(ErrorKind::Rejected, "the order is already filled");
    case kCodeDuplicateClientId:
      return error(ErrorKind::Rejected, "an order with this client order id already exists");
    case kCodeModeMismatch:
      return error(ErrorKind::Config,
                   "refused for the account's position mode or margin settings (hedgebot needs "
                   "one-way mode), or for a position or orders open on the pair");
    case kCodeSubmittedTwice:
      return error(ErrorKind::Rejected,
                   "the same order was submitted twice within one second; not retried");
    case kCodeBusy:
    case kCodeServerError:
    case kCodeRpcTimeout:
      if (is_write)
        return error(ErrorKind::UnknownStatus, "BingX did not confirm the outcome; status unknown");
      return error(ErrorKind::VenueError, "BingX is busy or failed internally");
    default:
      break;
  }
  if (http_status >= 500) {
    if (is_write)
      return error(ErrorKind::UnknownStatus, "BingX server error; execution status unknown");
    return error(ErrorKind::VenueError, "BingX server error");
  }
  if (http_status == 401) return error(ErrorKind::Auth, "API key missing or rejected");
  if (http_status == 404) return error(ErrorKind::Config, "no such path on this BingX host");
  if (http_status == 408) return error(ErrorKind::Timeout, "BingX timed out");
  return error(ErrorKind::Rejected, "rejected");
}

}  // namespace hedgebot::bingx
