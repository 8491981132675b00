#include "config/detail/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "config/suggest.hpp"
#include "exchange/model.hpp"

namespace hedgebot::config::detail {
namespace {

// "rule[0].all" -> "rule.all": the name a user writes in a [[header]].
std::string without_indices(std::string_view path) {
  std::string result;
  bool in_index = false;
  for (const char c : path) {
    if (c == '[') in_index = true;
    if (!in_index) result += c;
    if (c == ']') in_index = false;
  }
  return result;
}

int to_int(uint32_t value) {
  return static_cast<int>(std::min<uint32_t>(value, 1u << 30));
}

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false positive of libstdc++,
// GCC bug 105329) on `"literal" + std::string&&`, which inserts at the front.
std::string quote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '`';
  quoted += text;
  quoted += '`';
  return quoted;
}

}  // namespace

Place place_of(const toml::source_region& region) {
  return Place{to_int(region.begin.line), to_int(region.begin.column)};
}

Context::Context(std::string source_name, std::string_view text)
    : source_name_(std::move(source_name)) {
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines_.push_back(text.substr(start));
      break;
    }
    lines_.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

void Context::error(Place place, std::string message) {
  diagnostics_.push_back(Diagnostic{source_name_, place.line, place.column, std::move(message)});
}

std::vector<Diagnostic> Context::take_diagnostics() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     const bool a_placed = a.line > 0;
                     const bool b_placed = b.line > 0;
                     if (a_placed != b_placed) return a_placed;
                     if (a.line != b.line) return a.line < b.line;
                     return a.column < b.column;
                   });
  return std::move(diagnostics_);
}

std::string Context::number_text(Place place) const {
  if (place.line < 1 || static_cast<size_t>(place.line) > lines_.size() || place.column < 1) {
    return "";
  }
  const std::string_view line = lines_[static_cast<size_t>(place.line - 1)];
  size_t offset = 0;
  for (int column = 1; column < place.column && offset < line.size(); ++column) {
    ++offset;
    while (offset < line.size() && is_utf8_continuation(line[offset])) ++offset;
  }
  std::string text;
  for (; offset < line.size(); ++offset) {
    const char c = line[offset];
    if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
      text += c;
    } else if (c != '_') {
      break;
    }
  }
  return text;
}

bool Interval::contains(double value) const {
  const bool low_ok = low_open ? value > low : value >= low;
  const bool high_ok = high_open ? value < high : value <= high;
  return low_ok && high_ok;
}

std::string Interval::describe() const {
  if (std::isinf(high)) return (low_open ? "> " : ">= ") + format_number(low);
  if (std::isinf(low)) return (high_open ? "< " : "<= ") + format_number(high);
  return std::string("in ") + (low_open ? "(" : "[") + format_number(low) + ", " +
         format_number(high) + (high_open ? ")" : "]");
}

Interval closed(double low, double high) {
  return Interval{low, high, false, false};
}
Interval at_least(double low) {
  return Interval{low, std::numeric_limits<double>::infinity()};
}
Interval above(double low) {
  return Interval{low, std::numeric_limits<double>::infinity(), true, false};
}

std::string format_number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string describe_type(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

Section::Section(Context& context, const toml::table& table, std::string path)
    : context_(&context), table_(&table), path_(std::move(path)) {}

std::string Section::quoted_key(std::string_view key) const {
  return quote(key_path(key));
}

std::string Section::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

Place Section::place(std::string_view key) const {
  const toml::node* value = node(key);
  return value != nullptr ? place_of(value->source()) : header();
}

void Section::check_keys(std::initializer_list<std::string_view> known) const {
  const std::vector<std::string_view> names(known);
  for (const auto& [key, value] : *table_) {
    const std::string_view name = key.str();
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string message = "unknown key " + quote(key_path(name));
    if (const auto suggestion = nearest_name(name, names)) {
      message += "; did you mean " + quote(*suggestion) + "?";
    } else {
      message += "; known keys here: ";
      for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + std::string(names[i]);
    }
    context_->error(place_of(key.source()), std::move(message));
  }
}

bool Section::require(std::string_view key) const {
  if (has(key)) return true;
  error_at_header(quote(key_path(key)) + " is required");
  return false;
}

void Section::error(std::string_view key, const std::string& message) const {
  context_->error(place(key), message);
}

void Section::error_at_header(const std::string& message) const {
  context_->error(header(), message);
}

void Section::type_error(std::string_view key, const toml::node& value,
                         std::string_view expected) const {
  context_->error(
      place_of(value.source()),
      quote(key_path(key)) + " must be " + std::string(expected) + ", was " + describe_type(value));
}

bool Section::read_string(std::string_view key, std::string& out) const {
  const toml::node* value = node(key);
  if (value == nullptr) return false;
  if (const auto* text = value->as_string()) {
    out = text->get();
    return true;
  }
  type_error(key, *value, "a string");
  return false;
}

bool Section::read_text(std::string_view key, std::string& out) const {
  std::string text;
  if (!read_string(key, text)) return false;
  if (text.empty()) {
    error(key, quote(key_path(key)) + " must not be empty");
    return false;
  }
  out = std::move(text);
  return true;
}

bool Section::read_bool(std::string_view key, bool& out) const {
  const toml::node* value = node(key);
  if (value == nullptr) return false;
  if (const auto* flag = value->as_boolean()) {
    out = flag->get();
    return true;
  }
  type_error(key, *value, "true or false");
  return false;
}

bool Section::read_number(std::string_view key, double& out, const Interval& range) const {
  const toml::node* value = node(key);
  if (value == nullptr) return false;
  double number = 0.0;
  if (const auto* integer = value->as_integer()) {
    number = static_cast<double>(integer->get());
  } else if (const auto* floating = value->as_floating_point()) {
    number = floating->get();
  } else {
    type_error(key, *value, "a number");
    return false;
  }
  if (!std::isfinite(number)) {
    error(key, quote(key_path(key)) + " must be a finite number, was " + format_number(number));
    return false;
  }
  if (!range.contains(number)) {
    error(key,
          quote(key_path(key)) + " must be " + range.describe() + ", was " + format_number(number));
    return false;
  }
  out = number;
  return true;
}

bool Section::read_int(std::string_view key, int64_t& out, int64_t low, int64_t high) const {
  const toml::node* value = node(key);
  if (value == nullptr) return false;
  const auto* integer = value->as_integer();
  if (integer == nullptr) {
    if (const auto* floating = value->as_floating_point()) {
      error(key, quote(key_path(key)) + " must be a whole number, was " +
                     format_number(floating->get()));
    } else {
      type_error(key, *value, "a whole number");
    }
    return false;
  }
  const int64_t number = integer->get();
  if (number < low || number > high) {
    error(key, quote(key_path(key)) + " must be in [" + std::to_string(low) + ", " +
                   std::to_string(high) + "], was " + std::to_string(number));
    return false;
  }
  out = number;
  return true;
}

bool Section::read_int(std::string_view key, int& out, int low, int high) const {
  int64_t number = 0;
  if (!read_int(key, number, low, high)) return false;
  out = static_cast<int>(number);
  return true;
}

bool Section::read_duration(std::string_view key, int64_t& out_ms) const {
  const toml::node* value = node(key);
  if (value == nullptr) return false;
  const auto* text = value->as_string();
  if (text == nullptr) {
    type_error(key, *value, "a duration such as \"30s\", \"5m\", \"1h\" or \"1d\"");
    return false;
  }
  const Result<int64_t> parsed = parse_duration_ms(text->get());
  if (!parsed.ok()) {
    error(key, quote(key_path(key)) + " is " + parsed.error().message);
    return false;
  }
  out_ms = parsed.value();
  return true;
}

bool Section::read_choice(std::string_view key, std::string& out,
                          std::initializer_list<std::string_view> choices) const {
  std::string text;
  if (!read_string(key, text)) return false;
  const std::vector<std::string_view> names(choices);
  if (std::find(names.begin(), names.end(), text) != names.end()) {
    out = std::move(text);
    return true;
  }
  std::string message = quote(key_path(key)) + " must be one of ";
  for (size_t i = 0; i < names.size(); ++i) {
    message += (i ? ", \"" : "\"") + std::string(names[i]) + "\"";
  }
  message += "; was \"" + text + "\"";
  if (const auto suggestion = nearest_name(text, names)) {
    message += " (did you mean \"" + *suggestion + "\"?)";
  }
  error(key, message);
  return false;
}

bool Section::read_decimal(std::string_view key, std::optional<Decimal>& out) const {
  const toml::node* value = node(key);
  if (value == nullptr) return false;
  std::string text;
  if (const auto* string = value->as_string()) {
    text = string->get();
  } else if (const auto* integer = value->as_integer()) {
    text = std::to_string(integer->get());
  } else if (const auto* floating = value->as_floating_point()) {
    if (!std::isfinite(floating->get())) {
      error(key, quote(key_path(key)) + " must be a finite number, was " +
                     format_number(floating->get()));
      return false;
    }
    text = context_->number_text(place_of(value->source()));
    if (!Decimal::parse(text).ok()) {
      // An exponent ("1e-3"): the shortest fixed-point text that reads back as the same double.
      char buffer[400];
      const auto result =
          std::to_chars(buffer, buffer + sizeof buffer, floating->get(), std::chars_format::fixed);
      text.assign(buffer, result.ptr);
    }
  } else {
    type_error(key, *value, "a decimal number");
    return false;
  }
  Result<Decimal> parsed = Decimal::parse(text);
  if (!parsed.ok()) {
    error(key, quote(key_path(key)) +
                   " must be a plain decimal such as \"0.001\": " + parsed.error().message);
    return false;
  }
  out = parsed.value();
  return true;
}

bool Section::read_string_array(std::string_view key, std::vector<std::string>& out) const {
  const toml::node* value = node(key);
  if (value == nullptr) return false;
  const auto* array = value->as_array();
  if (array == nullptr) {
    type_error(key, *value, "an array of strings");
    return false;
  }
  std::vector<std::string> strings;
  bool ok = true;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (const auto* text = element.as_string()) {
      strings.push_back(text->get());
    } else {
      context_->error(place_of(element.source()),
                      quote(key_path(key) + "[" + std::to_string(i) + "]") +
                          " must be a string, was " + describe_type(element));
      ok = false;
    }
  }
  if (ok) out = std::move(strings);
  return ok;
}

std::optional<Section> Section::subtable(std::string_view key) const {
  const toml::node* value = node(key);
  if (value == nullptr) return std::nullopt;
  if (const auto* table = value->as_table()) return Section(*context_, *table, key_path(key));
  type_error(key, *value, "a table");
  return std::nullopt;
}

std::vector<Section> Section::table_array(std::string_view key) const {
  std::vector<Section> sections;
  const toml::node* value = node(key);
  if (value == nullptr) return sections;
  const auto* array = value->as_array();
  if (array == nullptr) {
    type_error(key, *value, "an array of tables ([[" + without_indices(key_path(key)) + "]])");
    return sections;
  }
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string path = key_path(key) + "[" + std::to_string(i) + "]";
    if (const auto* table = element.as_table()) {
      sections.emplace_back(*context_, *table, path);
    } else {
      context_->error(place_of(element.source()),
                      quote(path) + " must be a table, was " + describe_type(element));
    }
  }
  return sections;
}

}  // namespace hedgebot::config::detail
