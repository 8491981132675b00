// rules/ is pure (ARCHITECTURE.md): no I/O, clock, randomness, logging or third-party library.
// Every source under rules/ is scanned for the headers and names that would break that.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

struct Forbidden {
  const char* pattern;  // ECMAScript regex matched against each line
  const char* why;
};

const Forbidden kForbidden[] = {
    {R"(#\s*include\s*<(fstream|iostream|istream|ostream|filesystem)>)", "file or console I/O"},
    {R"(#\s*include\s*<(chrono|ctime|time\.h|sys/time\.h)>)", "a clock"},
    {R"(#\s*include\s*<(random|thread|mutex|future)>)", "randomness or threads"},
    {R"(#\s*include\s*[<"](curl|spdlog|toml|toml\+\+|nlohmann|openssl|CLI)/)",
     "a third-party library"},
    {R"(#\s*include\s*"(paper|bot|config)/)", "a folder rules/ may not depend on"},
    {R"(#\s*include\s*"exchange/(?!model\.hpp|result\.hpp|decimal\.hpp|instrument\.hpp|number_text\.hpp|margin_brackets\.hpp))",
     "exchange/ beyond the model"},
    {R"(\b(system_clock|steady_clock|high_resolution_clock|std::time\s*\(|std::rand\b|srand\s*\(|getenv\s*\(|fopen\s*\(|printf\s*\(|std::cout|std::cerr))",
     "a clock, randomness, the environment or I/O"},
};

TEST(RulesPurity, NoSourceUnderRulesIncludesIoClockRandomnessOrLibraries) {
  const std::filesystem::path root = hedgebot::testing::source_path("rules");
  ASSERT_TRUE(std::filesystem::is_directory(root)) << root;
  std::vector<std::string> problems;
  int scanned = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string extension = entry.path().extension().string();
    if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) continue;
    ++scanned;
    const std::string text = hedgebot::testing::read_file(entry.path().string());
    size_t start = 0;
    int line_number = 0;
    while (start < text.size()) {
      const size_t end = std::min(text.find('\n', start), text.size());
      const std::string line = text.substr(start, end - start);
      start = end + 1;
      ++line_number;
      const size_t comment = line.find("//");
      const std::string code = comment == std::string::npos ? line : line.substr(0, comment);
      for (const Forbidden& forbidden : kForbidden) {
        if (std::regex_search(code, std::regex(forbidden.pattern))) {
          problems.push_back(entry.path().string() + ":" + std::to_string(line_number) + ": " +
                             forbidden.why + ": " + line);
        }
      }
    }
  }
  EXPECT_GT(scanned, 10);
  std::string report;
  for (const std::string& problem : problems) report += problem + "\n";
  EXPECT_TRUE(problems.empty()) << report;
}

}  // namespace
}  // namespace hedgebot
