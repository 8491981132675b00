#pragma once
// The collateral of a multi-asset account (coins in the futures wallet counted as margin) in
// the tick report and `status`: JSON and text, and the account's notes.

#include <nlohmann/json.hpp>
#include <string>

#include "exchange/model.hpp"

namespace hedgebot::bot {

// {"value": V, "assets": [{"asset", "quantity", "price", "rate", "collateral_price", "value"}]};
// null when the account is not a multi-asset one.
nlohmann::ordered_json collateral_json(const Account& account);

// "collateral 38500.00 USDT: BTC 0.5000 x 60000.00 at 0.95 = 28500.00, USDT 10000.00\n", one
// line; "" when the account is not a multi-asset one. Then one "note: ..." line per note.
std::string collateral_text(const Account& account);

}  // namespace hedgebot::bot
