#pragma once
// engine.json: the rule engine's memory between runs, written atomically.

#include <string>

#include "exchange/result.hpp"
#include "rules/engine.hpp"

namespace hedgebot::bot {

// A missing file is a fresh memory (first run warms up from history). A file that does not
// parse is an error naming it: the engine never runs on memory it cannot trust.
Result<rules::Memory> load_engine_memory(const std::string& path);
Status save_engine_memory(const std::string& path, const rules::Memory& memory);

}  // namespace hedgebot::bot
