#pragma once
// What `check` verifies about transfer rules beyond the config file: a live config's futures
// venue must keep a spot and a futures wallet apart (a unified account, such as Bybit's, has
// nothing to move between), and the coins a transfer could take must be read from that same
// venue (the spot-wallet floor is checked against it).

#include <string>
#include <vector>

#include "config/config.hpp"

namespace hedgebot::bot {

// One line per problem, each naming the rule and the venue; empty when none (or no transfer
// rule, or paper mode: the paper account has both wallets).
std::vector<std::string> transfer_venue_problems(const config::Config& config);

}  // namespace hedgebot::bot
