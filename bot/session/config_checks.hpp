#pragma once
// What `check` verifies beyond the config file itself: every file the config names can be read,
// candle files can serve the timeframes the hedges and rules read, and `stale_after` leaves the
// hedge's candles fresh at the ticks the schedule runs (else most ticks would be refused).

#include <string>
#include <vector>

#include "config/config.hpp"

namespace hedgebot::bot {

// One line per problem, each naming the key or file it is about; empty when none.
std::vector<std::string> config_input_problems(const config::Config& config);

}  // namespace hedgebot::bot
