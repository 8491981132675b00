#pragma once
// The request and placement counters of the fake venues: one count by name, and the sum.

#include <cstdint>
#include <map>
#include <string>

namespace hedgebot::fake {

inline int64_t count_of(const std::map<std::string, int64_t>& counts, const std::string& name) {
  const auto found = counts.find(name);
  return found == counts.end() ? 0 : found->second;
}

inline int64_t total_of(const std::map<std::string, int64_t>& counts) {
  int64_t total = 0;
  for (const auto& [name, count] : counts) total += count;
  return total;
}

}  // namespace hedgebot::fake
