#pragma once
// Bybit v5 error answers -> ErrorKind with the venue's retCode and message (docs/venues/bybit.md,
// "Errors"). Internal to exchange/.

#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot::bybit {

// retCodes the adapter acts on.
constexpr int kCodeParameterError = 10001;
constexpr int kCodeTimestampOutside = 10002;
constexpr int kCodeApiKeyInvalid = 10003;
constexpr int kCodeBadSignature = 10004;
constexpr int kCodePermissionDenied = 10005;
constexpr int kCodeTooManyVisits = 10006;
constexpr int kCodeIpNotWhitelisted = 10010;
constexpr int kCodeDuplicateRequest = 10014;
constexpr int kCodeServerError = 10016;
constexpr int kCodeApiKeyExpired = 33004;
constexpr int kCodeOrderNotFound = 110001;
constexpr int kCodeWalletInsufficient = 110004;
constexpr int kCodeAvailableInsufficient = 110007;
constexpr int kCodeBalanceInsufficient = 110012;
constexpr int kCodeReduceOnlyRejected = 110017;
constexpr int kCodePositionModeUnchanged = 110025;
constexpr int kCodeLeverageUnchanged = 110043;
constexpr int kCodeDuplicateOrderLinkId = 110072;
constexpr int kCodeOrderProcessing = 110079;
constexpr int kCodeNotionalTooSmall = 110094;

// Maps an HTTP status and Bybit's {retCode, retMsg} (code 0 when the body had none) to an error.
// `request` names the call ("POST /v5/order/create"). 5xx answers and the codes that leave an
// execution open (10014, 10016, 110079) are UnknownStatus for a POST (it may have been executed)
// and VenueError for a GET.
Error map_error(long http_status, int code, std::string_view message, std::string_view request);

}  // namespace hedgebot::bybit
