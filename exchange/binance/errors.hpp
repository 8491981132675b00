#pragma once
// Binance error answers -> ErrorKind with the venue's code and message (docs/venues/binance.md,
// "Errors").

#include <string>
#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot::binance {

// Venue codes the adapter acts on.
constexpr int kCodeUnknownError = -1000;
constexpr int kCodeDisconnected = -1001;
constexpr int kCodeTooManyRequests = -1003;
constexpr int kCodeUnexpectedResponse = -1006;
constexpr int kCodeBackendTimeout = -1007;
constexpr int kCodeTimestampOutside = -1021;
constexpr int kCodeBadSignature = -1022;
constexpr int kCodeCancelRejected = -2011;
constexpr int kCodeNoSuchOrder = -2013;
constexpr int kCodeBadApiKeyFormat = -2014;
constexpr int kCodeRejectedApiKey = -2015;
constexpr int kCodeMarginInsufficient = -2019;
constexpr int kCodeReduceOnlyRejected = -2022;
constexpr int kCodeMarginTypeUnchanged = -4046;
constexpr int kCodePositionSideUnchanged = -4059;
constexpr int kCodePositionSideMismatch = -4061;
constexpr int kCodeDuplicateClientId = -4116;
constexpr int kCodePostOnlyRejected = -5022;

// Maps an HTTP status and Binance's {code, msg} (code 0 when the body had none) to an error.
// `request` names the call ("POST /fapi/v1/order") for the message. 5xx answers: 503 with
// "Unknown error" -> UnknownStatus; 503 "Service Unavailable."/"Internal error" -> VenueError
// (known to have failed); any other 5xx -> UnknownStatus for a POST (it may have been
// executed), VenueError otherwise.
Error map_error(long http_status, int code, std::string_view message, std::string_view request);

// True when an order placement that failed with `error` may nevertheless have been executed,
// so the order must be looked up by its client id before anything else.
bool may_have_executed(const Error& error);

}  // namespace hedgebot::binance
