#pragma once
// Builds the paper exchange a config describes: one market per hedge from its data files.

#include <memory>

#include "config/config.hpp"
#include "paper/paper_exchange.hpp"

namespace hedgebot::bot {

// Reads every data file the config names; an unreadable or malformed file is an error naming
// it. Does not load paper.json.
Result<std::unique_ptr<paper::PaperExchange>> make_paper_exchange(const config::Config& config);

}  // namespace hedgebot::bot
