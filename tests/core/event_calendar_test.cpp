#include "tiersim/core/event_calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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

namespace tiersim::core {
namespace {

// Drives the calendar and a sorted reference through the same random hold sequence and
// checks every pop, at a population large enough to use the prefetching sift-down.
void check_against_reference(std::size_t population, int steps, std::uint64_t seed) {
  EventCalendar cal;
  std::vector<std::pair<double, std::uint64_t>> ref;  // kept as a min-heap by std::*_heap
  auto later = [](const auto& a, const auto& b) { return a > b; };
  random::RandomStream rng(seed);
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < population; ++i) {
    // Coarse times so that ties are common and the sequence has to break them.
    const double t = std::floor(rng.uniform01() * 1000) / 4;
    cal.schedule(t, 0, static_cast<std::uint32_t>(seq));
    ref.emplace_back(t, seq++);
    std::push_heap(ref.begin(), ref.end(), later);
  }
  for (int step = 0; step < steps; ++step) {
    std::pop_heap(ref.begin(), ref.end(), later);
    const auto expected = ref.back();
    ref.pop_back();
    const Event e = cal.pop();
    ASSERT_EQ(e.time, expected.first) << "step " << step;
    ASSERT_EQ(e.seq, expected.second) << "step " << step;
    ASSERT_EQ(e.subject, static_cast<std::uint32_t>(expected.second));
    const double t = e.time + std::floor(rng.uniform01() * 40) / 4;
    cal.schedule(t, 0, static_cast<std::uint32_t>(seq));
    ref.emplace_back(t, seq++);
    std::push_heap(ref.begin(), ref.end(), later);
  }
  ASSERT_EQ(cal.size(), ref.size());
}

TEST(EventCalendar, SmallHeapMatchesReferenceWithTies) { check_against_reference(37, 20000, 3); }

TEST(EventCalendar, LargeHeapMatchesReferenceWithTies) { check_against_reference(50000, 100000, 5); }

TEST(EventCalendar, OrdersNegativeZeroInfiniteAndTinyTimes) {
  EventCalendar cal;
  const std::vector<double> times = {kNever, 3.5, -2.0, 0.0, -0.0, 5e-324, -1e300, 1e300, 2.0, -0.5};
  for (std::uint32_t i = 0; i < times.size(); ++i) cal.schedule(times[i], 9, i);
  // -0 and +0 are the same time, so insertion order decides between them.
  const std::vector<std::uint32_t> expected = {6, 2, 9, 3, 4, 5, 8, 1, 7, 0};
  for (std::uint32_t want : expected) {
    const Event e = cal.pop();
    EXPECT_EQ(e.subject, want);
    EXPECT_EQ(e.kind, 9u);
    EXPECT_EQ(e.time, times[want]);  // the time comes back exactly
  }
  EXPECT_TRUE(cal.empty());
}

TEST(EventCalendar, CountsScheduledAndClears) {
  EventCalendar cal;
  cal.reserve(10);
  for (int i = 0; i < 5; ++i) cal.schedule(i, 0, 0);
  (void)cal.pop();
  EXPECT_EQ(cal.size(), 4u);
  EXPECT_EQ(cal.scheduled(), 5u);
  cal.clear();
  EXPECT_TRUE(cal.empty());
  EXPECT_EQ(cal.next_time(), kNever);
  cal.schedule(1, 0, 0);
  EXPECT_EQ(cal.pop().seq, 5u);  // the sequence keeps counting across clear()
}

TEST(EventCalendar, ReturnsKindAndSubjectUnchanged) {
  EventCalendar cal;
  cal.schedule(1, 0xffffffffu, 0xfffffffeu);
  const Event e = cal.pop();
  EXPECT_EQ(e.kind, 0xffffffffu);
  EXPECT_EQ(e.subject, 0xfffffffeu);
}

}  // namespace
}  // namespace tiersim::core
