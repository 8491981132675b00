#pragma once
// WEEX contract API V3 error answers -> ErrorKind with the venue's code and message
// (docs/venues/weex.md, "Errors"). Internal to exchange/.

#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot::weex {

// Codes the adapter acts on.
constexpr int kCodeTimestampExpired = -1046;
constexpr int kCodeBadSignature = -1047;
constexpr int kCodeKeyOrPassphrase = -1049;
constexpr int kCodeNoPermission = -1052;
constexpr int kCodeSystemError = -1054;
constexpr int kCodeInvalidSymbol = -1121;
constexpr int kCodeDecimalPrecision = -1160;
constexpr int kCodeClientIdInvalid = -1180;
constexpr int kCodeAboveMaxQty = -3007;
constexpr int kCodeOrderNotFound = -3200;
constexpr int kCodeLeverageTooHigh = -3313;

// The text a -1054 business rejection starts with (nothing was created).
inline constexpr std::string_view kFailedPrecondition = "FAILED_PRECONDITION";

// Maps an HTTP status and WEEX's {code, msg} (code 0 when the body had none) to an error.
// `request` names the call ("POST /capi/v3/order"). A 5xx, or -1054 without the
// FAILED_PRECONDITION prefix, leaves a write's outcome open: UnknownStatus for a POST or DELETE,
// VenueError for a GET. 429 is RateLimited, 403 without a code Banned.
Error map_error(long http_status, int code, std::string_view message, std::string_view request);

}  // namespace hedgebot::weex
