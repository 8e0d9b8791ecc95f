#include "tiersim/core/event_calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "tiersim/random/stream.hpp"

namespace tiersim::core {
namespace {

TEST(EventCalendar, PopsInTimeOrder) {
  EventCalendar cal;
  random::RandomStream rng(42);
  std::vector<double> times;
  for (int i = 0; i < 1000; ++i) {
    times.push_back(rng.uniform01() * 100);
    cal.schedule(times.back(), 0, static_cast<std::uint32_t>(i));
  }
  std::sort(times.begin(), times.end());
  for (double t : times) {
    ASSERT_FALSE(cal.empty());
    EXPECT_EQ(cal.pop().time, t);
  }
  EXPECT_TRUE(cal.empty());
}

TEST(EventCalendar, PopsEqualTimesInInsertionOrder) {
  EventCalendar cal;
  for (std::uint32_t i = 0; i < 50; ++i) cal.schedule(7.0, 0, i);
  for (std::uint32_t i = 0; i < 50; ++i) EXPECT_EQ(cal.pop().subject, i);
}

TEST(EventCalendar, InterleavedHoldKeepsOrderAndSize) {
  // Hold model: pop one, schedule one, against a sorted reference.
  EventCalendar cal;
  std::vector<std::pair<double, std::uint64_t>> ref;
  random::RandomStream rng(7);
  std::uint64_t seq = 0;
  for (int i = 0; i < 100; ++i) {
    const double t = rng.uniform01();
    cal.schedule(t, 0, 0);
    ref.emplace_back(t, seq++);
  }
  double now = 0;
  for (int step = 0; step < 10000; ++step) {
    std::sort(ref.begin(), ref.end());
    const Event e = cal.pop();
    ASSERT_EQ(e.time, ref.front().first);
    ASSERT_EQ(e.seq, ref.front().second);
    ASSERT_GE(e.time, now);
    now = e.time;
    ref.erase(ref.begin());
    if (step % 3 != 0) {  // sometimes shrink, sometimes grow
      const double t = now + rng.uniform01();
      cal.schedule(t, 0, 0);
      ref.emplace_back(t, seq++);
    }
    if (step % 5 == 0) {
      const double t = now + rng.uniform01() * 2;
      cal.schedule(t, 0, 0);
      ref.emplace_back(t, seq++);
    }
    ASSERT_EQ(cal.size(), ref.size());
    if (ref.empty()) break;
  }
}

TEST(EventCalendar, NextTimeSeesThroughTheHole) {
  EventCalendar cal;
  cal.schedule(1, 0, 0);
  cal.schedule(2, 0, 1);
  EXPECT_EQ(cal.next_time(), 1);
  (void)cal.pop();
  EXPECT_EQ(cal.next_time(), 2);
  (void)cal.pop();
  EXPECT_EQ(cal.next_time(), kNever);
  EXPECT_TRUE(cal.empty());
}

}  // namespace
}  // namespace tiersim::core
