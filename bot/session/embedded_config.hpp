#pragma once

#include <string_view>

namespace hedgebot::bot {

// The text of config/examples/default.toml, compiled in.
std::string_view embedded_default_config();
// Where the embedded default's relative data paths resolve (the source tree), unless
// HEDGEBOT_HOME is set.
std::string_view embedded_data_root();

}  // namespace hedgebot::bot
