#pragma once
// Numbers as text for messages and journal explanations, byte for byte what printf would write
// in the "C" locale, but through std::to_chars: no locale, no varargs, several times faster
// (the rule engine explains every condition on every tick, and a replay runs millions).

#include <string>

namespace hedgebot {

// printf("%.*g", precision, value).
std::string general_text(double value, int precision = 6);

// printf("%.*f", decimals, value); with `plus`, printf("%+.*f", ...).
std::string fixed_text(double value, int decimals, bool plus = false);

}  // namespace hedgebot
