#pragma once
// Universal transfers between the Binance spot wallet and the USDⓈ-M futures wallet
// (POST / GET /sapi/v1/asset/transfer on the spot host, signed): the request's type names, the
// amount as text, and the answers read. Internal to exchange/.

#include <string>
#include <vector>

#include "exchange/binance/json_fields.hpp"
#include "exchange/model.hpp"

namespace hedgebot::binance {

// MAIN_UMFUTURE (spot -> USDⓈ-M futures) or UMFUTURE_MAIN (back).
const char* transfer_type(TransferDirection direction);

// The amount as a plain decimal ("500", "0.125"), at most 8 decimals, never an exponent.
std::string transfer_amount_text(double amount);

// {"tranId": 13526853623} -> the record of `request`, done at `now_ms` (status CONFIRMED).
Result<TransferRecord> parse_transfer_answer(const Json& body, const WalletTransfer& request,
                                             int64_t now_ms);

// {"total": N, "rows": [...]} (rows absent when total is 0) -> the rows, as the venue lists
// them; `total` gets N.
Result<std::vector<TransferRecord>> parse_transfer_history(const Json& body, int64_t& total);

}  // namespace hedgebot::binance
