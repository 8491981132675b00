#include <gtest/gtest.h>

// Replaced by this area's real tests.
TEST(PlaceholderDaemon, Builds) { SUCCEED(); }
