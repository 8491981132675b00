// `hedgebot run`: the daemon. Replaced by the scheduler implementation.
#include <iostream>

#include "bot/commands.hpp"
#include "bot/tick.hpp"

namespace hedgebot::bot {

int command_run(const CommandOptions&) {
  std::cerr << "error: `hedgebot run` is not available yet; schedule `hedgebot once` with cron\n";
  return kExitUsage;
}

}  // namespace hedgebot::bot
