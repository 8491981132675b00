#pragma once
// A what-if for a person (tables) or as one JSON document with stable fields (docs/whatif.md).

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "bot/whatif/whatif.hpp"

namespace hedgebot::bot {

// The sentence that says the positions move together (printed and in the JSON).
extern const char* const kMovesTogetherNote;

nlohmann::ordered_json whatif_json(const WhatifResult& result, const std::string& mode);
void print_whatif(std::ostream& out, const WhatifResult& result, const std::string& mode);

}  // namespace hedgebot::bot
