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

// The whole-vector export and import every indicator offers, built on the indicator's own
// append_state(out), read_state(reader) and reset(): `class Sma : public StateIo<Sma>`.
template <typename Indicator>
class StateIo {
 public:
  // The indicator's state as a vector of its own.
  std::vector<double> export_state() const {
    std::vector<double> values;
    self().append_state(values);
    return values;
  }
  // Imports a whole vector; on any mismatch (too short, too long, a field out of range) the
  // indicator is reset and false is returned.
  bool import_state(std::span<const double> values) {
    StateReader reader(values);
    if (self().read_state(reader) && reader.at_end()) return true;
    self().reset();
    return false;
  }

 private:
  const Indicator& self() const { return static_cast<const Indicator&>(*this); }
  Indicator& self() { return static_cast<Indicator&>(*this); }
};

}  // namespace hedgebot::rules
