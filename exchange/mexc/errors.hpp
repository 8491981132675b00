#pragma once
// MEXC contract error answers -> ErrorKind with the venue's code and message
// (docs/venues/mexc.md, "Errors"). Internal to exchange/.

#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot::mexc {

// Codes the adapter acts on.
constexpr int kCodeUnauthorized = 401;
constexpr int kCodeKeyExpired = 402;
constexpr int kCodeIpNotWhitelisted = 406;
constexpr int kCodeInternalError = 500;
constexpr int kCodeSystemBusy = 501;
constexpr int kCodeTooFrequent = 510;
constexpr int kCodeEndpointInaccessible = 511;
constexpr int kCodeRequestTimeInvalid = 513;
constexpr int kCodeParameterError = 600;
constexpr int kCodeDecodingError = 601;
constexpr int kCodeBadSignature = 602;
constexpr int kCodeRepeatedRequest = 603;
constexpr int kCodeNoReadPermission = 701;
constexpr int kCodeNoTradePermission = 704;
constexpr int kCodeContractMissing = 1001;
constexpr int kCodeContractNotAllowed = 1002;
constexpr int kCodeBalanceInsufficient = 2005;
constexpr int kCodeQuantityInsufficient = 2008;
constexpr int kCodePositionMissing = 2009;
constexpr int kCodeOrderQuantityError = 2011;
constexpr int kCodePrecisionError = 2015;
constexpr int kCodeActivePosition = 2019;
constexpr int kCodeAboveMaxQuantity = 2028;
constexpr int kCodeExternalOidTooLong = 2030;
constexpr int kCodeOrderNotExist = 2040;
constexpr int kCodeOrderNotCancellable = 2041;

// Maps an HTTP status and MEXC's {code, message} (code 0 when the body had none) to an error.
// `request` names the call ("POST /api/v1/private/order/create"). A 5xx answer or code 500 on a
// POST is UnknownStatus (it may have been executed); on a GET a VenueError.
Error map_error(long http_status, int code, std::string_view message, std::string_view request);

// The refusal of a write on a client built with orders_enabled = false; no request is sent.
Error orders_disabled(std::string_view what);

}  // namespace hedgebot::mexc
