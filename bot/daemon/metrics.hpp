#pragma once
// Metrics in the Prometheus text exposition format (version 0.0.4). Gauges describe the last
// tick; counters are cumulative and persisted in <state_dir>/metrics_state.json, so a `once`
// run from cron continues the counts of the previous one instead of starting at zero.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "exchange/result.hpp"

namespace hedgebot::bot::daemon {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  void set_gauge(const std::string& name, const std::string& help, const Labels& labels,
                 double value);
  void add_counter(const std::string& name, const std::string& help, const Labels& labels,
                   double delta);
  // A counter whose total is kept elsewhere (the paper account's fee total, ...).
  void set_counter(const std::string& name, const std::string& help, const Labels& labels,
                   double total);
  // A gauge that survives clear_gauges() and is persisted like a counter (the time of the last
  // successful tick must outlive a failed `once`).
  void set_kept_gauge(const std::string& name, const std::string& help, const Labels& labels,
                      double value);
  // Forgets every gauge (counters stay): the next tick describes the hedges it saw.
  void clear_gauges();

  // The value of one series, NaN when absent.
  double value(const std::string& name, const Labels& labels) const;

  // Families sorted by name, series sorted by labels; "# HELP" and "# TYPE" once per family.
  std::string render() const;

  // Counters and kept gauges as JSON, and back.
  nlohmann::json save_counters() const;
  void load_counters(const nlohmann::json& saved);

 private:
  struct Family {
    std::string help;
    bool counter = false;
    bool kept = false;                     // counters and kept gauges are persisted
    std::map<std::string, double> series;  // rendered label set -> value
  };
  Family& family(const std::string& name, const std::string& help, bool counter, bool kept);
  std::map<std::string, Family> families_;
};

// `{a="x",b="y"}` with values escaped (backslash, double quote, newline); "" when empty.
std::string render_labels(const Labels& labels);

// "invalid input" -> "invalid_input": an ErrorKind name as a label value.
std::string label_value(const std::string& text);

// Loads the persisted counters (a missing or unreadable file starts from zero).
Metrics load_metrics_state(const std::string& path);
Status save_metrics_state(const std::string& path, const Metrics& metrics);

// Writes `text` to the textfile atomically (node_exporter never reads half a file).
Status write_metrics_textfile(const std::string& path, const std::string& text);

}  // namespace hedgebot::bot::daemon
