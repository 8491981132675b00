// bot/ is built as rooms, each a library that may include only what is below it
// (ARCHITECTURE.md): cli -> daemon, replay -> session -> pipeline -> rules, config, the exchange
// model, storage. Every #include "..." of every source under these folders is checked against
// the prefixes its folder may name, so an include that points up (the pipeline reaching for the
// paper exchange or a venue adapter, the daemon for the command line) fails here by name.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace hedgebot {
namespace {

// The exchange model and the ExchangeClient port: what every room may name of exchange/.
const std::vector<std::string> kModel = {
    "exchange/model.hpp",           "exchange/result.hpp",       "exchange/decimal.hpp",
    "exchange/instrument.hpp",      "exchange/number_text.hpp",  "exchange/exchange_client.hpp",
    "exchange/margin_brackets.hpp", "exchange/venue_client.hpp", "exchange/dated_contract.hpp",
};

struct Room {
  std::string folder;
  std::vector<std::string> may_include;  // prefixes of project headers, besides kModel
};

const std::vector<Room> kRooms = {
    {"storage", {"storage/"}},
    // The fake venues stand in for a venue to check the adapters against: they may not borrow
    // the adapters' signing or parsing (exchange/binance, exchange/bybit, exchange/http_client).
    {"fakevenue", {"fakevenue/"}},
    {"bot/pipeline", {"bot/pipeline/", "config/", "rules/", "storage/"}},
    {"bot/session",
     {"bot/session/", "bot/pipeline/", "config/", "rules/", "storage/", "paper/", "exchange/"}},
    {"bot/daemon",
     {"bot/daemon/", "bot/session/", "bot/pipeline/", "config/", "rules/", "storage/", "paper/",
      "exchange/"}},
    {"bot/replay",
     {"bot/replay/", "bot/session/", "bot/pipeline/", "config/", "rules/", "storage/", "paper/",
      "exchange/"}},
    // what-if reads through the ExchangeClient port only: no paper/, no venue adapter
    {"bot/whatif", {"bot/whatif/", "bot/pipeline/", "config/", "rules/", "storage/"}},
    {"bot/scenario",
     {"bot/scenario/", "bot/replay/", "bot/session/", "bot/pipeline/", "config/", "rules/",
      "storage/", "paper/", "exchange/"}},
};

bool allowed(const Room& room, const std::string& header) {
  for (const std::string& model : kModel) {
    if (header == model) return true;
  }
  for (const std::string& prefix : room.may_include) {
    if (header.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// "FILE:LINE: includes HEADER" for every project include of `room` it may not name.
std::vector<std::string> upward_includes(const Room& room, int& scanned) {
  std::vector<std::string> problems;
  const std::regex include(R"(^\s*#\s*include\s*"([^"]+)\")");
  const std::filesystem::path root = hedgebot::testing::source_path(room.folder);
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
      std::smatch match;
      if (!std::regex_search(line, match, include)) continue;
      if (!allowed(room, match[1].str())) {
        problems.push_back(entry.path().string() + ":" + std::to_string(line_number) +
                           ": includes " + match[1].str() + ", above or beside " + room.folder);
      }
    }
  }
  return problems;
}

TEST(Layers, NoRoomIncludesARoomAboveIt) {
  std::vector<std::string> problems;
  for (const Room& room : kRooms) {
    int scanned = 0;
    const std::vector<std::string> found = upward_includes(room, scanned);
    EXPECT_GT(scanned, 0) << room.folder << " has no sources: the map above is out of date";
    problems.insert(problems.end(), found.begin(), found.end());
  }
  std::string report;
  for (const std::string& problem : problems) report += problem + "\n";
  EXPECT_TRUE(problems.empty()) << report;
}

// The bot holds venues only through the port and the factory: no file under bot/ includes an
// adapter's folder or names an adapter class, so adding a venue never touches bot/.
TEST(Layers, TheBotNamesNoConcreteVenue) {
  const std::regex adapter(
      R"(#\s*include\s*"exchange/(binance|bybit)/|\b(BinanceClient|BybitClient|BinanceSettings|BybitSettings)\b)");
  std::vector<std::string> problems;
  int scanned = 0;
  const std::filesystem::path root = hedgebot::testing::source_path("bot");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string extension = entry.path().extension().string();
    if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) continue;
    ++scanned;
    std::istringstream text(hedgebot::testing::read_file(entry.path().string()));
    std::string line;
    for (int number = 1; std::getline(text, line); ++number) {
      if (std::regex_search(line, adapter))
        problems.push_back(entry.path().string() + ":" + std::to_string(number) + ": " + line);
    }
  }
  EXPECT_GT(scanned, 0);
  std::string report;
  for (const std::string& problem : problems) report += problem + "\n";
  EXPECT_TRUE(problems.empty()) << report;
}

// The check itself: an upward include is found, a downward one is not.
TEST(Layers, TheCheckSeesAnUpwardInclude) {
  const Room pipeline = kRooms[2];
  EXPECT_FALSE(allowed(pipeline, "bot/session/tick_session.hpp"));
  EXPECT_FALSE(allowed(pipeline, "paper/paper_exchange.hpp"));
  EXPECT_FALSE(allowed(pipeline, "exchange/binance/binance_client.hpp"));
  EXPECT_FALSE(allowed(pipeline, "exchange/http_client.hpp"));
  EXPECT_TRUE(allowed(pipeline, "exchange/exchange_client.hpp"));
  EXPECT_TRUE(allowed(pipeline, "bot/pipeline/tick.hpp"));
  const Room daemon = kRooms[4];
  EXPECT_FALSE(allowed(daemon, "bot/cli/commands.hpp"));
  EXPECT_FALSE(allowed(daemon, "bot/replay/replay.hpp"));
  EXPECT_TRUE(allowed(daemon, "bot/session/tick_session.hpp"));
}

}  // namespace
}  // namespace hedgebot
