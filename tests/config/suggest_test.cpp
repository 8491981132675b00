#include "config/suggest.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace hedgebot::config {
namespace {

constexpr std::array<std::string_view, 4> kRiskKeys{"max_order_notional", "max_leverage",
                                                    "max_margin_ratio", "stale_after"};

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("max_levrage", "max_leverage"), 1);
  EXPECT_EQ(edit_distance("mode", "mdoe"), 1);  // one transposition
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("band", "band"), 0);
}

TEST(NearestName, SuggestsCloseKeysOnly) {
  EXPECT_EQ(nearest_name("max_levrage", kRiskKeys), "max_leverage");
  EXPECT_EQ(nearest_name("Stale_Afer", kRiskKeys), "stale_after");
  EXPECT_EQ(nearest_name("leverage", kRiskKeys), std::nullopt);
  EXPECT_EQ(nearest_name("foo", kRiskKeys), std::nullopt);
}

TEST(NearestName, AllowsOnlyOneEditForShortWords) {
  constexpr std::array<std::string_view, 2> keys{"band", "beta"};
  EXPECT_EQ(nearest_name("bnd", keys), "band");
  EXPECT_EQ(nearest_name("bx", keys), std::nullopt);
}

TEST(NearestName, MapsMillisecondSuffixToTheDurationKey) {
  constexpr std::array<std::string_view, 2> keys{"interval", "tick_delay"};
  EXPECT_EQ(nearest_name("tick_delay_ms", keys), "tick_delay");
}

}  // namespace
}  // namespace hedgebot::config
