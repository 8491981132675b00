// `hedgebot replay`: the whole bot over history. Replaced by the replay implementation.
#include <iostream>

#include "bot/commands.hpp"
#include "bot/tick.hpp"

namespace hedgebot::bot {

int command_replay(const ReplayOptions&) {
  std::cerr << "error: `hedgebot replay` is not available yet\n";
  return kExitUsage;
}

}  // namespace hedgebot::bot
