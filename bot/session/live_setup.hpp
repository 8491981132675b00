#pragma once
// Builds the live venue client a config describes. Keys come from the environment variables
// or 0600 files the config names; they never appear in messages.

#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot::bot {

// `with_keys` false gives a public-only client (market data, no account, no orders).
Result<std::unique_ptr<VenueClient>> make_live_client(const config::Config& config, bool with_keys);

// Live: the contract size comes from the venue's instrument; a `contract_size` set in the config
// is an assertion about it. One sentence per hedge whose asserted size differs from the venue's,
// naming both values (empty when none); an error when an instrument cannot be read.
Result<std::vector<std::string>> contract_size_mismatches(const config::Config& config,
                                                          ExchangeClient& venue);

}  // namespace hedgebot::bot
