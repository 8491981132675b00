#include "bot/daemon/schedule.hpp"

#include <gtest/gtest.h>

namespace hedgebot::bot::daemon {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kT0 = 1704067200000;  // 2024-01-01T00:00:00Z, a multiple of every interval

TEST(Schedule, NextTickIsTheNextCloseplusTheDelay) {
  const Schedule five{5 * kMinute, 5000};
  EXPECT_EQ(next_tick_ms(kT0 + 2 * kMinute, five), kT0 + 5 * kMinute + 5000);
  // Exactly at a close, its tick (close + delay) is still ahead.
  EXPECT_EQ(next_tick_ms(kT0, five), kT0 + 5000);
  // At the tick time itself, the next one is a whole interval later.
  EXPECT_EQ(next_tick_ms(kT0 + 5000, five), kT0 + 5 * kMinute + 5000);
  EXPECT_EQ(next_tick_ms(kT0 + 4999, five), kT0 + 5000);
}

TEST(Schedule, LastCloseIsTheCloseWhoseTickIsAtOrBeforeNow) {
  const Schedule hourly{60 * kMinute, 5000};
  EXPECT_EQ(last_close_ms(kT0 + 5000, hourly), kT0);
  EXPECT_EQ(last_close_ms(kT0 + 4999, hourly), kT0 - 60 * kMinute);
  EXPECT_EQ(last_close_ms(kT0 + 59 * kMinute, hourly), kT0);
}

TEST(Schedule, AlignsToTheEpochNotToTheStart) {
  const Schedule hourly{60 * kMinute, 0};
  // Started at 10:37:12.345, the next tick is 11:00:00.000, not 11:37:12.345.
  const int64_t started = kT0 + 10 * 60 * kMinute + 37 * kMinute + 12345;
  EXPECT_EQ(next_tick_ms(started, hourly), kT0 + 11 * 60 * kMinute);
}

TEST(Schedule, BackoffDoublesFromFiveSecondsUpToTheCap) {
  const Schedule hourly{60 * kMinute, 5000};
  EXPECT_EQ(backoff_ms(1, hourly), 5000);
  EXPECT_EQ(backoff_ms(2, hourly), 10000);
  EXPECT_EQ(backoff_ms(3, hourly), 20000);
  EXPECT_EQ(backoff_ms(7, hourly), 5 * kMinute);  // 320 s capped at 5 min
  EXPECT_EQ(backoff_ms(1000, hourly), 5 * kMinute);
}

TEST(Schedule, BackoffNeverExceedsTheInterval) {
  const Schedule one_minute{kMinute, 5000};
  EXPECT_EQ(backoff_ms(4, one_minute), 40000);
  EXPECT_EQ(backoff_ms(5, one_minute), kMinute);
}

}  // namespace
}  // namespace hedgebot::bot::daemon
