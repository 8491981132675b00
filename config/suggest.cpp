#include "config/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace hedgebot::config {
namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
  const size_t rows = a.size() + 1;
  const size_t columns = b.size() + 1;
  std::vector<int> table(rows * columns, 0);
  auto at = [&](size_t i, size_t j) -> int& { return table[i * columns + j]; };
  for (size_t i = 0; i < rows; ++i) at(i, 0) = static_cast<int>(i);
  for (size_t j = 0; j < columns; ++j) at(0, j) = static_cast<int>(j);
  for (size_t i = 1; i < rows; ++i) {
    for (size_t j = 1; j < columns; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, at(i - 2, j - 2) + 1);
      }
      at(i, j) = best;
    }
  }
  return at(rows - 1, columns - 1);
}

std::optional<std::string> nearest_name(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  const std::string needle = lower(word);
  constexpr std::string_view kUnitSuffix = "_ms";
  if (needle.size() > kUnitSuffix.size() && needle.ends_with(kUnitSuffix)) {
    const std::string_view stem(needle.data(), needle.size() - kUnitSuffix.size());
    for (std::string_view candidate : candidates) {
      if (candidate == stem) return std::string(candidate);
    }
  }
  const int limit = needle.size() <= 4 ? 1 : 2;
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    const int distance = edit_distance(needle, lower(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

}  // namespace hedgebot::config
