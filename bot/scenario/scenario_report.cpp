// What `hedgebot test` prints: a line per scenario and every failure with the expectation's
// file:line, expected vs actual and the rules that fired; JUnit XML; one JSON document.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/pipeline/markup.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/scenario/scenario.hpp"

namespace hedgebot::bot::scenario {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::string title(const ScenarioResult& scenario, const ExpectationResult& result) {
  return scenario.path + ":" + std::to_string(result.expectation.line) + ": expectation at " +
         format_iso8601(result.expectation.at_ms) + " (" + result.expectation.hedge + ")";
}

// The lines under a failed expectation: each mismatch, then what the tick decided.
std::string failure_details(const ExpectationResult& result) {
  std::string text;
  for (const Mismatch& mismatch : result.mismatches) {
    text += "  " + mismatch.key + ": expected " + mismatch.expected + ", actual " +
            mismatch.actual + "\n";
  }
  if (!result.decided_by.empty()) {
    text += "  decided by " + result.decided_by + "; rules fired: ";
    text += result.fired.empty() ? std::string("none") : join(result.fired);
    text += "\n";
    text += "  why: " + result.why + "\n";
  }
  for (const std::string& refusal : result.refusals) text += "  refused: " + refusal + "\n";
  return text;
}

size_t failed_count(const ScenarioResult& result) {
  size_t failed = 0;
  for (const ExpectationResult& expectation : result.expectations) {
    if (expectation.checked && !expectation.passed()) ++failed;
  }
  return failed;
}

std::string diagnostics_text(const ScenarioResult& result) {
  std::string text;
  for (const config::Diagnostic& diagnostic : result.diagnostics) {
    text += diagnostic.to_string() + "\n";
  }
  return text;
}

}  // namespace

std::string result_text(const ScenarioResult& result) {
  std::string text;
  if (!result.diagnostics.empty()) {
    text += "ERROR " + result.path + ": the scenario cannot run as written\n";
    for (const config::Diagnostic& diagnostic : result.diagnostics) {
      text += "  " + diagnostic.to_string() + "\n";
    }
    return text;
  }
  const size_t failed = failed_count(result);
  const size_t total = result.expectations.size();
  const bool ok = failed == 0 && result.tick_errors.empty();
  text += std::string(ok ? "PASS " : "FAIL ") + result.path + ": " +
          std::to_string(total - failed) + " of " + std::to_string(total) + " expectation" +
          (total == 1 ? "" : "s") + " hold (" + std::to_string(result.ticks) + " tick" +
          (result.ticks == 1 ? "" : "s") + ")\n";
  for (const ExpectationResult& expectation : result.expectations) {
    if (expectation.passed()) continue;
    text += "FAILED ";
    text += title(result, expectation);
    text += "\n";
    text += failure_details(expectation);
  }
  for (const std::string& error : result.tick_errors) text += "TICK ERROR " + error + "\n";
  return text;
}

std::string summary_line(const std::vector<ScenarioResult>& results) {
  size_t expectations = 0, failed = 0, broken = 0, erring = 0;
  for (const ScenarioResult& result : results) {
    expectations += result.expectations.size();
    failed += failed_count(result);
    if (!result.diagnostics.empty()) ++broken;
    if (!result.tick_errors.empty()) ++erring;
  }
  std::string text = std::to_string(results.size()) + " scenario" +
                     (results.size() == 1 ? "" : "s") + ", " + std::to_string(expectations) +
                     " expectation" + (expectations == 1 ? "" : "s") + ": " +
                     std::to_string(failed) + " failed";
  if (erring > 0) text += ", " + std::to_string(erring) + " with tick errors";
  if (broken > 0) text += ", " + std::to_string(broken) + " could not run (file problems)";
  return text + "\n";
}

std::string junit_xml(const std::vector<ScenarioResult>& results) {
  std::ostringstream suites;
  size_t tests = 0, failures = 0, errors = 0;
  for (const ScenarioResult& result : results) {
    std::ostringstream cases;
    size_t suite_tests = 0, suite_failures = 0, suite_errors = 0;
    if (!result.diagnostics.empty()) {
      ++suite_tests;
      ++suite_errors;
      cases << "    <testcase classname=\"" << escape_markup(result.path)
            << "\" name=\"scenario file\">\n"
            << "      <error message=\"the scenario cannot run as written\">"
            << escape_markup(diagnostics_text(result)) << "</error>\n    </testcase>\n";
    } else {
      for (const ExpectationResult& expectation : result.expectations) {
        ++suite_tests;
        const std::string name = "line " + std::to_string(expectation.expectation.line) + ": at " +
                                 format_iso8601(expectation.expectation.at_ms) + " (" +
                                 expectation.expectation.hedge + ")";
        cases << "    <testcase classname=\"" << escape_markup(result.path) << "\" name=\""
              << escape_markup(name) << "\" file=\"" << escape_markup(result.path) << "\" line=\""
              << expectation.expectation.line << "\">\n";
        if (!expectation.passed()) {
          ++suite_failures;
          std::string message;
          for (const Mismatch& mismatch : expectation.mismatches) {
            message += (message.empty() ? "" : "; ") + mismatch.key + ": expected " +
                       mismatch.expected + ", actual " + mismatch.actual;
          }
          cases << "      <failure message=\"" << escape_markup(message) << "\">"
                << escape_markup(title(result, expectation) + "\n" + failure_details(expectation))
                << "</failure>\n";
        }
        cases << "    </testcase>\n";
      }
      if (!result.tick_errors.empty()) {
        ++suite_tests;
        ++suite_failures;
        cases << "    <testcase classname=\"" << escape_markup(result.path)
              << "\" name=\"ticks\">\n"
              << "      <failure message=\"" << result.tick_errors.size() << " tick(s) failed\">"
              << escape_markup(join(result.tick_errors)) << "</failure>\n"
              << "    </testcase>\n";
      }
    }
    suites << "  <testsuite name=\"" << escape_markup(result.path) << "\" tests=\"" << suite_tests
           << "\" failures=\"" << suite_failures << "\" errors=\"" << suite_errors << "\">\n"
           << cases.str() << "  </testsuite>\n";
    tests += suite_tests;
    failures += suite_failures;
    errors += suite_errors;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"hedgebot test\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\">\n"
      << suites.str() << "</testsuites>\n";
  return out.str();
}

std::string results_json(const std::vector<ScenarioResult>& results) {
  nlohmann::json scenarios = nlohmann::json::array();
  int exit_code = kExitOk;
  for (const ScenarioResult& result : results) {
    nlohmann::json problems = nlohmann::json::array();
    for (const config::Diagnostic& diagnostic : result.diagnostics) {
      problems.push_back({{"file", diagnostic.file},
                          {"line", diagnostic.line},
                          {"column", diagnostic.column},
                          {"message", diagnostic.message}});
    }
    nlohmann::json expectations = nlohmann::json::array();
    for (const ExpectationResult& expectation : result.expectations) {
      nlohmann::json mismatches = nlohmann::json::array();
      for (const Mismatch& mismatch : expectation.mismatches) {
        mismatches.push_back(
            {{"key", mismatch.key}, {"expected", mismatch.expected}, {"actual", mismatch.actual}});
      }
      expectations.push_back({{"line", expectation.expectation.line},
                              {"at", format_iso8601(expectation.expectation.at_ms)},
                              {"hedge", expectation.expectation.hedge},
                              {"checked", expectation.checked},
                              {"passed", expectation.passed()},
                              {"mismatches", mismatches},
                              {"decided_by", expectation.decided_by},
                              {"rules", expectation.fired},
                              {"refusals", expectation.refusals}});
    }
    scenarios.push_back({{"file", result.path},
                         {"exit_code", result.exit_code()},
                         {"ticks", result.ticks},
                         {"errors", problems},
                         {"tick_errors", result.tick_errors},
                         {"expectations", expectations}});
    exit_code = std::max(exit_code, result.exit_code());
  }
  return nlohmann::json{{"exit_code", exit_code}, {"scenarios", scenarios}}.dump(2);
}

}  // namespace hedgebot::bot::scenario
