#include <gtest/gtest.h>

// Replaced by this folder's real tests.
TEST(PlaceholderPaper, Builds) { SUCCEED(); }
