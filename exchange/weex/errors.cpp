#include "exchange/weex/errors.hpp"

#include <string>

namespace hedgebot::weex {
namespace {

std::string venue_says(long http_status, int code, std::string_view message) {
  std::string text = "HTTP " + std::to_string(http_status);
  if (code != 0) text += ", code " + std::to_string(code);
  if (!message.empty()) text += ", \"" + std::string(message.substr(0, 200)) + "\"";
  return text;
}

bool is_write(std::string_view request) {
  return request.rfind("POST", 0) == 0 || request.rfind("DELETE", 0) == 0;
}

}  // namespace

Error map_error(long http_status, int code, std::string_view message, std::string_view request) {
  const std::string prefix = std::string(request) + ": ";
  const std::string says = " (" + venue_says(http_status, code, message) + ")";
  auto error = [&](ErrorKind kind, const std::string& text) {
    return make_error(kind, prefix + text + says, code);
  };
  if (http_status == 429) return error(ErrorKind::RateLimited, "rate limit exceeded; backing off");
  if (http_status == 403 && code == 0) {
    return error(ErrorKind::Banned,
                 "refused by WEEX (IP or key restricted for too many requests); every request "
                 "stops until the block ends");
  }
  switch (code) {
    case -1040:
    case -1041:
    case -1042:
    case -1043:
      return error(ErrorKind::Auth,
                   "authentication headers missing or malformed: this is a hedgebot bug");
    case -1044:
    case kCodeKeyOrPassphrase:
      return error(ErrorKind::Auth,
                   "API key or passphrase rejected: check the key, its passphrase "
                   "(api_passphrase_env / api_passphrase_file) and that it is not deleted");
    case -1045:
    case -1135:
      return error(ErrorKind::Internal, "request format refused: this is a hedgebot bug");
    case kCodeTimestampExpired:
      return error(ErrorKind::Rejected,
                   "request timestamp expired even after resynchronising the clock: check the "
                   "system clock (NTP)");
    case kCodeBadSignature:
      return error(ErrorKind::Auth,
                   "signature rejected: check that the API secret belongs to the API key");
    case kCodeNoPermission:
      return error(ErrorKind::Auth,
                   "insufficient permissions: the API key lacks the Futures (contract trading) "
                   "permission, or this symbol is not open to API trading yet (WEEX lists "
                   "the API-tradable contracts in GET /capi/v3/market/apiTradingSymbols)");
    case -1050:
    case -1051:
    case -1053:
    case -1055:
    case -1056:
    case -1057:
    case -1058:
    case -1190:
    case -3235:
    case -3236:
      return error(ErrorKind::Auth,
                   "the account, key, IP or pair is restricted for this call; check the key's "
                   "permissions and IP whitelist in WEEX");
    case kCodeSystemError:
      if (message.rfind(kFailedPrecondition, 0) == 0) {
        if (message.find("amount not enough") != std::string_view::npos)
          return error(ErrorKind::InsufficientMargin, "insufficient available margin");
        return error(ErrorKind::Rejected, "refused by WEEX; nothing was created");
      }
      if (is_write(request))
        return error(ErrorKind::UnknownStatus, "WEEX system error; execution status unknown");
      return error(ErrorKind::VenueError, "WEEX system error");
    case kCodeInvalidSymbol:
      return error(ErrorKind::Config, "WEEX does not know this symbol");
    case -1115:
    case -1116:
    case -1117:
    case -1128:
    case -1140:
    case -1141:
    case -1142:
    case kCodeDecimalPrecision:
    case kCodeClientIdInvalid:
    case -3006:
    case kCodeAboveMaxQty:
      return error(ErrorKind::Filter,
                   "request refused for its parameters (quantity or price precision, size "
                   "limits, client order id or a field's format): this is a hedgebot bug");
    case -1170:
    case -1171:
      return error(ErrorKind::InvalidInput, "time range refused");
    case kCodeOrderNotFound:
      return error(ErrorKind::NotFound, "no such order (or no longer open)");
    case kCodeLeverageTooHigh:
      return error(ErrorKind::Config, "leverage above this contract's maximum");
    default:
      break;
  }
  if (http_status >= 500) {
    if (is_write(request))
      return error(ErrorKind::UnknownStatus, "WEEX server error; execution status unknown");
    return error(ErrorKind::VenueError, "WEEX server error");
  }
  if (http_status == 401) return error(ErrorKind::Auth, "authentication rejected");
  if (http_status == 404) return error(ErrorKind::Config, "no such path on this host");
  if (http_status == 408) return error(ErrorKind::Timeout, "WEEX timed out");
  return error(ErrorKind::Rejected, "rejected");
}

}  // namespace hedgebot::weex
