#pragma once
// Text for HTML and XML reports (replay and whatif pages, the scenario JUnit file).

#include <string>
#include <string_view>

namespace hedgebot::bot {

// `text` safe inside an element or a quoted attribute: & < > " ' escaped, and the control
// characters XML 1.0 cannot hold (all below 0x20 but tab, newline, return) replaced by '?'.
std::string escape_markup(std::string_view text);

}  // namespace hedgebot::bot
