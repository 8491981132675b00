#pragma once
// Nearest-name suggestions for unknown keys and misspelt choices.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hedgebot::config {

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions):
// insertions, deletions, substitutions and swaps of two neighbours each cost 1.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be a likely typo: distance at most
// 1 for words of up to 4 characters, at most 2 for longer ones (case is ignored). Also suggests
// `interval` for `interval_ms` (a key written with the unit suffix the config leaves out).
std::optional<std::string> nearest_name(std::string_view word,
                                        std::span<const std::string_view> candidates);

}  // namespace hedgebot::config
