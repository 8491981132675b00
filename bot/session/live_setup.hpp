#pragma once
// Live checks against the venue before anything is sent. The venues themselves are opened by
// venue_set.hpp.

#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "exchange/exchange_client.hpp"

namespace hedgebot::bot {

// Live: the contract size comes from the venue's instrument; a `contract_size` set in the config
// is an assertion about it. One sentence per hedge whose asserted size differs from the venue's,
// naming both values (empty when none); an error when an instrument cannot be read.
Result<std::vector<std::string>> contract_size_mismatches(const config::Config& config,
                                                          ExchangeClient& venue);

}  // namespace hedgebot::bot
