#pragma once
// Builds the live venue client a config describes. Keys come from the environment variables
// or 0600 files the config names; they never appear in messages.

#include <memory>

#include "config/config.hpp"
#include "exchange/binance/binance_client.hpp"

namespace hedgebot::bot {

// `with_keys` false gives a public-only client (market data, no account, no orders).
Result<std::unique_ptr<BinanceClient>> make_live_client(const config::Config& config,
                                                        bool with_keys);

}  // namespace hedgebot::bot
