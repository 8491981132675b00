#pragma once
// Flat state export/import for the streaming indicators. The engine stores an indicator's
// state as a list of doubles (StreamMemory.values); each indicator appends its fields to a
// vector and reads them back through a StateReader, which fails (returns false) instead of
// reading past the end. Counters and periods are stored as doubles: exact below 2^53.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hedgebot::rules {

class StateReader {
 public:
  explicit StateReader(std::span<const double> values) : values_(values) {}

  // The next value, or false when the state is exhausted.
  bool read(double& out) {
    if (position_ >= values_.size()) return false;
    out = values_[position_++];
    return true;
  }
  // The next value as a whole number (a counter or a period); false when it is not one.
  bool read_count(int64_t& out) {
    double value = 0.0;
    if (!read(value)) return false;
    if (!(value >= 0.0) || value > 9.0e15 ||
        value != static_cast<double>(static_cast<int64_t>(value)))
      return false;
    out = static_cast<int64_t>(value);
    return true;
  }
  bool at_end() const { return position_ == values_.size(); }
  std::size_t position() const { return position_; }

 private:
  std::span<const double> values_;
  std::size_t position_ = 0;
};

// Exports `indicator`'s state as a vector of its own.
template <typename Indicator>
std::vector<double> export_indicator_state(const Indicator& indicator) {
  std::vector<double> values;
  indicator.append_state(values);
  return values;
}

// Imports a whole vector into `indicator`; on any mismatch the indicator is reset and false
// is returned.
template <typename Indicator>
bool import_indicator_state(Indicator& indicator, std::span<const double> values) {
  StateReader reader(values);
  if (indicator.read_state(reader) && reader.at_end()) return true;
  indicator.reset();
  return false;
}

}  // namespace hedgebot::rules
