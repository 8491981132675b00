#include "bot/daemon/json_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace hedgebot::bot {
namespace {

TEST(JsonLog, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_escape("plain"), "plain");
  EXPECT_EQ(json_escape("say \"hi\"\\"), "say \\\"hi\\\"\\\\");
  EXPECT_EQ(json_escape("a\nb\tc\rd"), "a\\nb\\tc\\rd");
  EXPECT_EQ(json_escape(std::string("x\x01y\x1f", 4)), "x\\u0001y\\u001f");
  EXPECT_EQ(json_escape("prix 60 000 € ✓"), "prix 60 000 € ✓");
  EXPECT_EQ(json_escape("bad \xff byte"), "bad \\ufffd byte");
  EXPECT_EQ(json_escape("cut \xe2\x82"), "cut \\ufffd\\ufffd");
}

TEST(JsonLog, EveryLineIsOneJsonObject) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("json-test", sink);
  logger.set_formatter(make_json_log_formatter());
  const std::string nasty = "quote \" backslash \\ newline \n tab \t bell \x07 {\"json\": 1}";
  logger.warn("{}", nasty);
  logger.info("tick 2024-01-03T00:00:00Z: ok");
  std::istringstream lines(out.str());
  std::vector<nlohmann::json> parsed;
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << line;
    parsed.push_back(entry);
  }
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0]["msg"], nasty);
  EXPECT_EQ(parsed[0]["level"], "warning");
  EXPECT_EQ(parsed[1]["level"], "info");
  EXPECT_EQ(parsed[1]["ts"].get<std::string>().back(), 'Z');
}

}  // namespace
}  // namespace hedgebot::bot
