#pragma once
// Internal to config/: typed, position-aware reading of toml++ tables. Every problem becomes a
// Diagnostic in the shared Context; readers never stop at the first one.

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"
#include "exchange/decimal.hpp"

namespace hedgebot::config::detail {

struct Place {
  int line = 0;    // 1-based; 0 = no single place
  int column = 0;  // 1-based, in code points
};

Place place_of(const toml::source_region& region);

// The diagnostics of one load and the source text they point into.
class Context {
 public:
  Context(std::string source_name, std::string_view text);

  void error(Place place, std::string message);
  bool has_errors() const { return !diagnostics_.empty(); }
  // Sorted by position; problems without a place come last.
  std::vector<Diagnostic> take_diagnostics();

  // The literal text of the number that starts at `place` (digits, sign, point, exponent,
  // underscores removed), or "" when the place is not in the text.
  std::string number_text(Place place) const;

 private:
  std::string source_name_;
  std::vector<std::string_view> lines_;
  std::vector<Diagnostic> diagnostics_;
};

// An interval for range checks; infinite ends print as ">= 0" or "> 0".
struct Interval {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false;
  bool high_open = false;

  bool contains(double value) const;
  // "in (0, 125]", ">= 0", "> 0"
  std::string describe() const;
};
Interval closed(double low, double high);
Interval at_least(double low);
Interval above(double low);

// Shortest text that reads back as `value`: 200 -> "200", 0.0004 -> "0.0004".
std::string format_number(double value);
// "a string", "an integer", "a table"...
std::string describe_type(const toml::node& node);

// One TOML table at a dotted path ("risk", "hedge[0]", "rule[2].all[1]"; "" for the root).
// Readers leave `out` untouched when the key is absent or its value is wrong, and return
// true only when they stored a valid value.
class Section {
 public:
  Section(Context& context, const toml::table& table, std::string path);

  Context& context() const { return *context_; }
  const toml::table& table() const { return *table_; }
  const std::string& path() const { return path_; }
  // "risk.max_leverage"
  std::string key_path(std::string_view key) const;
  // "`risk.max_leverage`", for messages: start them with this rather than with "`" + ...
  std::string quoted_key(std::string_view key) const;
  Place header() const { return place_of(table_->source()); }
  const toml::node* node(std::string_view key) const { return table_->get(key); }
  bool has(std::string_view key) const { return node(key) != nullptr; }
  // Where the value of `key` starts, or the table's header when it is absent.
  Place place(std::string_view key) const;

  // Reports every key not in `known` as unknown, with the nearest known key suggested.
  void check_keys(std::initializer_list<std::string_view> known) const;
  // Reports `key` as required (at the table header) when absent.
  bool require(std::string_view key) const;

  void error(std::string_view key, const std::string& message) const;
  void error_at_header(const std::string& message) const;

  bool read_string(std::string_view key, std::string& out) const;
  // A non-empty string.
  bool read_text(std::string_view key, std::string& out) const;
  bool read_bool(std::string_view key, bool& out) const;
  // An integer or a float, finite, inside `range`.
  bool read_number(std::string_view key, double& out, const Interval& range = {}) const;
  bool read_int(std::string_view key, int64_t& out, int64_t low, int64_t high) const;
  bool read_int(std::string_view key, int& out, int low, int high) const;
  // A duration string ("30s", "5m", "1h", "1d", "1w") in milliseconds.
  bool read_duration(std::string_view key, int64_t& out_ms) const;
  // One of `choices`; a misspelling gets a suggestion.
  bool read_choice(std::string_view key, std::string& out,
                   std::initializer_list<std::string_view> choices) const;
  // A decimal string ("0.001") or number, kept exact: a float is read from its source text.
  bool read_decimal(std::string_view key, std::optional<Decimal>& out) const;
  bool read_string_array(std::string_view key, std::vector<std::string>& out) const;

  // A sub-table (`[a.b]` or `b = { ... }`); reports a wrong type.
  std::optional<Section> subtable(std::string_view key) const;
  // The tables of an array of tables (`[[a.b]]`); reports a wrong type and non-table elements.
  std::vector<Section> table_array(std::string_view key) const;

 private:
  void type_error(std::string_view key, const toml::node& node, std::string_view expected) const;

  Context* context_;
  const toml::table* table_;
  std::string path_;
};

}  // namespace hedgebot::config::detail
