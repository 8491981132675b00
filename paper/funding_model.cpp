#include "paper/funding_model.hpp"

#include <algorithm>
#include <limits>

namespace hedgebot::paper {

size_t first_funding_after(const std::vector<FundingRate>& rows, int64_t time_ms) {
  const auto it = std::upper_bound(
      rows.begin(), rows.end(), time_ms,
      [](int64_t time, const FundingRate& row) { return time < row.funding_time_ms; });
  return static_cast<size_t>(it - rows.begin());
}

int64_t funding_interval_at(const std::vector<FundingRate>& rows, int64_t time_ms) {
  const size_t next = first_funding_after(rows, time_ms);
  if (next > 0 && next < rows.size()) {
    return rows[next].funding_time_ms - rows[next - 1].funding_time_ms;
  }
  int64_t smallest = std::numeric_limits<int64_t>::max();
  for (size_t i = 1; i < rows.size(); ++i) {
    smallest = std::min(smallest, rows[i].funding_time_ms - rows[i - 1].funding_time_ms);
  }
  return rows.size() >= 2 && smallest > 0 ? smallest : 8 * kHourMs;
}

}  // namespace hedgebot::paper
