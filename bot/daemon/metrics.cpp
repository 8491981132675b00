#include "bot/daemon/metrics.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>

#include "storage/atomic_file.hpp"

namespace hedgebot::bot::daemon {
namespace {

std::string escape_label_value(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  // Prefer the shortest text that reads back to the same double.
  for (int precision = 1; precision < 17; ++precision) {
    char shorter[64];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buffer;
}

}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string text = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) text += ",";
    text += labels[i].first + "=\"" + escape_label_value(labels[i].second) + "\"";
  }
  return text + "}";
}

std::string label_value(const std::string& text) {
  std::string out;
  for (const char c : text) {
    out += (c == ' ' || c == '-') ? '_'
                                  : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Metrics::Family& Metrics::family(const std::string& name, const std::string& help, bool counter,
                                 bool kept) {
  Family& entry = families_[name];
  if (!help.empty()) entry.help = help;
  entry.counter = counter;
  entry.kept = kept;
  return entry;
}

void Metrics::set_gauge(const std::string& name, const std::string& help, const Labels& labels,
                        double value) {
  family(name, help, false, false).series[render_labels(labels)] = value;
}

void Metrics::add_counter(const std::string& name, const std::string& help, const Labels& labels,
                          double delta) {
  family(name, help, true, true).series[render_labels(labels)] += delta;
}

void Metrics::set_counter(const std::string& name, const std::string& help, const Labels& labels,
                          double total) {
  family(name, help, true, true).series[render_labels(labels)] = total;
}

void Metrics::set_kept_gauge(const std::string& name, const std::string& help, const Labels& labels,
                             double value) {
  family(name, help, false, true).series[render_labels(labels)] = value;
}

void Metrics::clear_gauges() {
  for (auto it = families_.begin(); it != families_.end();) {
    it = it->second.kept ? std::next(it) : families_.erase(it);
  }
}

double Metrics::value(const std::string& name, const Labels& labels) const {
  const auto found = families_.find(name);
  if (found == families_.end()) return std::numeric_limits<double>::quiet_NaN();
  const auto series = found->second.series.find(render_labels(labels));
  return series == found->second.series.end() ? std::numeric_limits<double>::quiet_NaN()
                                              : series->second;
}

std::string Metrics::render() const {
  std::string text;
  for (const auto& [name, entry] : families_) {
    if (entry.series.empty()) continue;
    if (!entry.help.empty()) text += "# HELP " + name + " " + entry.help + "\n";
    text += "# TYPE " + name + (entry.counter ? " counter\n" : " gauge\n");
    for (const auto& [labels, value] : entry.series) {
      text += name + labels + " " + format_value(value) + "\n";
    }
  }
  return text;
}

nlohmann::json Metrics::save_counters() const {
  nlohmann::json saved = nlohmann::json::object();
  for (const auto& [name, entry] : families_) {
    if (!entry.kept) continue;
    nlohmann::json series = nlohmann::json::object();
    for (const auto& [labels, value] : entry.series) series[labels] = value;
    saved[name] = {
        {"help", entry.help}, {"type", entry.counter ? "counter" : "gauge"}, {"series", series}};
  }
  return saved;
}

void Metrics::load_counters(const nlohmann::json& saved) {
  if (!saved.is_object()) return;
  for (const auto& [name, entry] : saved.items()) {
    if (!entry.is_object() || !entry.contains("series") || !entry["series"].is_object()) continue;
    Family& target =
        family(name, entry.value("help", ""), entry.value("type", "counter") == "counter", true);
    for (const auto& [labels, value] : entry["series"].items()) {
      if (value.is_number()) target.series[labels] = value.get<double>();
    }
  }
}

Metrics load_metrics_state(const std::string& path) {
  Metrics metrics;
  Result<std::string> text = paper::read_small_file(path);
  if (!text) return metrics;
  const nlohmann::json saved = nlohmann::json::parse(*text, nullptr, false);
  if (!saved.is_discarded()) metrics.load_counters(saved);
  return metrics;
}

Status save_metrics_state(const std::string& path, const Metrics& metrics) {
  return paper::write_file_atomically(path, metrics.save_counters().dump(1) + "\n");
}

Status write_metrics_textfile(const std::string& path, const std::string& text) {
  return paper::write_file_atomically(path, text);
}

}  // namespace hedgebot::bot::daemon
