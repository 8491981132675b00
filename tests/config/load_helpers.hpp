#pragma once
// Shared helpers for the config tests: load a snippet, render its diagnostics as the CLI prints
// them.

#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"

namespace hedgebot::config::testing {

// The smallest valid hedge, for snippets that test other sections.
inline constexpr std::string_view kMinimalHedge =
    "[[hedge]]\n"
    "asset = \"BTC\"\n"
    "symbol = \"BTCUSDT\"\n";

// Every diagnostic of loading `text` as "test.toml", as "test.toml:LINE:COLUMN: message".
inline std::vector<std::string> problems(std::string_view text) {
  std::vector<std::string> rendered;
  for (const Diagnostic& diagnostic : load_config_text(text, "test.toml").diagnostics) {
    rendered.push_back(diagnostic.to_string());
  }
  return rendered;
}

// `snippet` followed by the minimal hedge.
inline std::vector<std::string> problems_with_hedge(std::string_view snippet) {
  return problems(std::string(snippet) + std::string(kMinimalHedge));
}

}  // namespace hedgebot::config::testing
