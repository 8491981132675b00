#include "bot/cli.hpp"

namespace hedgebot::bot {

int run_cli(int, char**) { return 0; }

}  // namespace hedgebot::bot
