#pragma once
// How the venue adapters name an order and its errors in messages. Internal to exchange/.

#include <string>
#include <string_view>

#include "exchange/instrument.hpp"
#include "exchange/model.hpp"
#include "exchange/result.hpp"

namespace hedgebot {

// "SELL 0.500 BTCUSDT MARKET reduce-only (orderLinkId hb-btc-...)": side, quantity (with its
// contracts on a venue that counts in contracts), symbol, type, limit price and flags, and the
// client order id under the venue's name for it (`id_name`: "orderLinkId", "client id", ...).
std::string describe_order(const OrderRequest& request, const Instrument& instrument,
                           std::string_view id_name);

// `error` with "`context`: " before its message.
Error with_context(Error error, const std::string& context);

}  // namespace hedgebot
