#include "fakevenue/fault_spec.hpp"

#include <climits>
#include <map>

namespace hedgebot::fake {
namespace {

constexpr int64_t kDefaultDelayMs = 2000;

struct KindName {
  FaultKind kind;
  bool execute;
};

const std::map<std::string, KindName>& kinds() {
  static const std::map<std::string, KindName> kKinds = {
      {"lose-response", {FaultKind::DropAfter, true}},
      {"drop", {FaultKind::DropBefore, false}},
      {"status-500", {FaultKind::Http500, false}},
      {"status-502", {FaultKind::Http502, false}},
      {"status-503", {FaultKind::Http503Unknown, false}},
      {"status-503-unavailable", {FaultKind::Http503Unavailable, false}},
      {"rate-limit", {FaultKind::RateLimit429, false}},
      {"ban", {FaultKind::Ban418, false}},
      {"slow", {FaultKind::Slow, true}},
      {"late", {FaultKind::Late, false}},
      {"timeout", {FaultKind::Slow, false}},
      {"malformed", {FaultKind::MalformedJson, false}},
      {"wrong-shape", {FaultKind::WrongShape, false}},
  };
  return kKinds;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 9 &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

std::string kind_name(const Fault& fault) {
  for (const auto& [name, kind] : kinds()) {
    if (kind.kind == fault.kind && kind.execute == fault.execute) return name;
  }
  for (const auto& [name, kind] : kinds()) {
    if (kind.kind == fault.kind) return name;
  }
  return "fault";
}

Result<Fault> parse_one(const std::string& text) {
  const std::vector<std::string> fields = split(text, ':');
  const std::string name = trim(fields[0]);
  Fault fault;
  if (const auto found = kinds().find(name); found != kinds().end()) {
    fault.kind = found->second.kind;
    fault.execute = found->second.execute;
  } else if (const auto kind = fault_kind_from_name(name); kind && *kind != FaultKind::VenueCode) {
    fault.kind = *kind;
  } else {
    std::string names;
    for (const auto& [known, kind] : kinds()) names += (names.empty() ? "" : ", ") + known;
    return make_error(ErrorKind::InvalidInput, "--faults: unknown fault \"" + name + "\" in \"" +
                                                   text + "\"; the faults are: " + names);
  }
  fault.delay_ms = kDefaultDelayMs;
  bool have_target = false, have_times = false, have_delay = false;
  for (size_t i = 1; i < fields.size(); ++i) {
    const std::string field = trim(fields[i]);
    auto bad = [&](const std::string& why) {
      return make_error(ErrorKind::InvalidInput,
                        "--faults: \"" + field + "\" in \"" + text + "\": " + why);
    };
    if (field.find('/') != std::string::npos) {
      if (have_target) return bad("a second path");
      const size_t space = field.find(' ');
      if (space != std::string::npos) {
        fault.method = field.substr(0, space);
        fault.path = trim(field.substr(space + 1));
        if (fault.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
          return bad("expected \"METHOD /path\", e.g. \"POST /fapi/v1/order\"");
      } else {
        fault.path = field;
      }
      if (fault.path.empty() || fault.path[0] != '/') return bad("a path starts with \"/\"");
      have_target = true;
    } else if (field == "*" || all_digits(field)) {
      if (have_times) return bad("a second count");
      fault.times = field == "*" ? INT_MAX : std::stoi(field);
      if (fault.times < 1) return bad("the count is at least 1 (or * for every request)");
      have_times = true;
    } else if (field.size() > 2 && field.ends_with("ms") &&
               all_digits(field.substr(0, field.size() - 2))) {
      if (have_delay) return bad("a second delay");
      fault.delay_ms = std::stoll(field.substr(0, field.size() - 2));
      have_delay = true;
    } else if (field.size() > 1 && field.ends_with("s") &&
               all_digits(field.substr(0, field.size() - 1))) {
      if (have_delay) return bad("a second delay");
      fault.delay_ms = std::stoll(field.substr(0, field.size() - 1)) * 1000;
      have_delay = true;
    } else {
      return bad(
          "expected a path (\"POST /fapi/v1/order\"), a count (2, *) or a delay (200ms, 3s)");
    }
  }
  if (have_delay && fault.kind != FaultKind::Slow && fault.kind != FaultKind::Late)
    return make_error(ErrorKind::InvalidInput,
                      "--faults: \"" + text + "\": only slow, late and timeout take a delay");
  return fault;
}

}  // namespace

Result<std::vector<Fault>> parse_fault_spec(const std::string& spec) {
  std::vector<Fault> faults;
  if (trim(spec).empty()) return faults;
  for (const std::string& part : split(spec, ',')) {
    const std::string item = trim(part);
    if (item.empty()) {
      return make_error(ErrorKind::InvalidInput, "--faults: an empty item in \"" + spec + "\"");
    }
    auto fault = parse_one(item);
    if (!fault.ok()) return fault.error();
    faults.push_back(fault.value());
  }
  return faults;
}

std::string describe_fault(const Fault& fault) {
  std::string text = kind_name(fault);
  if (fault.kind == FaultKind::Slow || fault.kind == FaultKind::Late)
    text += " (" + std::to_string(fault.delay_ms) + " ms)";
  text += " on ";
  if (fault.path.empty()) {
    text += fault.method.empty() ? "any request" : "any " + fault.method;
  } else {
    text += (fault.method.empty() ? "" : fault.method + " ") + fault.path;
  }
  text += fault.times == INT_MAX
              ? ", every matching request"
              : ", the next " + std::to_string(fault.times) +
                    (fault.times == 1 ? " matching request" : " matching requests");
  return text;
}

std::optional<Fault> take_fault(std::vector<Fault>& faults, const std::string& method,
                                const std::string& path) {
  for (auto it = faults.begin(); it != faults.end(); ++it) {
    if ((!it->path.empty() && it->path != path) || (!it->method.empty() && it->method != method))
      continue;
    Fault fault = *it;
    if (--it->times <= 0) faults.erase(it);
    return fault;
  }
  return std::nullopt;
}

}  // namespace hedgebot::fake
