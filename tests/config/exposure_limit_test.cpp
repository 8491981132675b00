// [risk] max_exposure and set_exposure above 1 (a net long futures tilt).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/loader.hpp"
#include "tests/config/load_helpers.hpp"

namespace hedgebot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::problems;

constexpr const char* kLongHedge =
    "[[hedge]]\n"
    "asset = \"BTC\"\n"
    "symbol = \"BTCUSDT\"\n"
    "min_ratio = -2.0\n";

TEST(ExposureLimit, DefaultsToOneAndAcceptsUpToFive) {
  const LoadResult plain = load_config_text(kLongHedge, "plain.toml");
  ASSERT_TRUE(plain.config);
  EXPECT_DOUBLE_EQ(plain.config->risk.max_exposure, 1.0);

  const LoadResult tilted =
      load_config_text(std::string("[risk]\nmax_exposure = 1.5\n") + kLongHedge +
                           "[[rule]]\n"
                           "name = \"bull\"\n"
                           "when = \"always\"\n"
                           "action = \"set_exposure\"\n"
                           "exposure = 1.5\n",
                       "tilted.toml");
  ASSERT_THAT(tilted.diagnostics, IsEmpty()) << tilted.diagnostics.front().to_string();
  EXPECT_DOUBLE_EQ(tilted.config->risk.max_exposure, 1.5);
  EXPECT_DOUBLE_EQ(tilted.config->rules.at(0).exposure, 1.5);
}

TEST(ExposureLimit, CheckRefusesMoreThanFiveWithItsPlace) {
  // Reported once: the rule's 1.5 is not also reported against the default limit of 1.
  EXPECT_THAT(problems(std::string("[risk]\nmax_exposure = 5.5\n") + kLongHedge +
                       "[[rule]]\n"
                       "name = \"bull\"\n"
                       "when = \"always\"\n"
                       "action = \"set_exposure\"\n"
                       "exposure = 1.5\n"),
              ElementsAre("test.toml:2:16: `risk.max_exposure` must be in (0, 5], was 5.5"));
}

TEST(ExposureLimit, AnExposureAboveTheLimitOrOnAHedgeThatCannotGoLongIsAnError) {
  // Without the [risk] raise, 1.5 is over the default 1.
  EXPECT_THAT(problems(std::string(kLongHedge) + "[[rule]]\n"
                                                 "name = \"bull\"\n"
                                                 "when = \"always\"\n"
                                                 "action = \"set_exposure\"\n"
                                                 "exposure = 1.5\n"),
              ElementsAre("test.toml:9:12: `rule[0].exposure` 1.5 is above `risk.max_exposure` "
                          "(1); raise [risk] max_exposure (at most 5) to allow it"));
  // Raised, but the ETH hedge cannot go long (min_ratio 0): the "*" rule names it.
  EXPECT_THAT(problems(std::string("[risk]\nmax_exposure = 2\n") + kLongHedge +
                       "[[hedge]]\n"
                       "asset = \"ETH\"\n"
                       "symbol = \"ETHUSDT\"\n"
                       "[[rule]]\n"
                       "name = \"bull\"\n"
                       "when = \"always\"\n"
                       "action = \"set_exposure\"\n"
                       "exposure = 1.5\n"),
              ElementsAre("test.toml:14:12: `rule[0].exposure` 1.5 needs a net long futures "
                          "position (a negative hedge ratio), but hedge ETH has min_ratio 0: set "
                          "its min_ratio below 0"));
}

}  // namespace
}  // namespace hedgebot::config
