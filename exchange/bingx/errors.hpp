#pragma once
// BingX error answers -> ErrorKind with the venue's code and message (docs/venues/bingx.md,
// "Errors"). Internal to exchange/.

#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot::bingx {

// Codes the adapter acts on.
constexpr int kCodeSignatureMismatch = 100001;
constexpr int kCodeNoPermission = 100004;
constexpr int kCodeRateLimited = 100410;
constexpr int kCodeNullSignature = 100412;
constexpr int kCodeBadApiKey = 100413;
constexpr int kCodeIpNotWhitelisted = 100419;
// Two meanings, told apart by the message: a timestamp mismatch, or a pair restricted from API
// trading.
constexpr int kCodeTimestampOrRestricted = 100421;
constexpr int kCodeServerError = 100500;
constexpr int kCodeBusy = 80012;
constexpr int kCodeInvalidParameter = 80014;
constexpr int kCodeOrderNotExist = 80016;
constexpr int kCodePositionNotExist = 80017;
constexpr int kCodeOrderFilled = 80018;
constexpr int kCodeMinNotional = 101400;
constexpr int kCodeMinNotionalOld = 110425;
constexpr int kCodeInsufficientMargin = 101204;
constexpr int kCodeReduceOnlyIncreases = 101290;
constexpr int kCodeDuplicateClientId = 101481;
constexpr int kCodeRpcTimeout = 101500;
constexpr int kCodePostOnlyWouldTake = 101215;
constexpr int kCodeModeMismatch = 109400;
constexpr int kCodeOrderNotExistCancel = 109414;
constexpr int kCodeSubmittedTwice = 109201;

// What a 100421 (or an 80014 "timestamp is invalid") message says.
enum class TimestampCode { NotTimestamp, ClockSkew, PairRestricted };
TimestampCode classify_timestamp_code(int code, std::string_view message);

// Maps an HTTP status and BingX's {code, msg} (code 0 when the body had none) to an error.
// `request` names the call ("POST /openApi/swap/v2/trade/order"). 5xx answers and the codes that
// leave an execution open (80012, 100500, 101500) are UnknownStatus for a write (POST, DELETE)
// and VenueError for a GET.
Error map_error(long http_status, int code, std::string_view message, std::string_view request);

}  // namespace hedgebot::bingx
