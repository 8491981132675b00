#include <gtest/gtest.h>

// Replaced by this folder's real tests.
TEST(PlaceholderConfig, Builds) { SUCCEED(); }
