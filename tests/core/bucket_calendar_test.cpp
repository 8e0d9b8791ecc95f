// The calendar queue pops exactly what the heap pops, in the same order, whatever mix of
// near, same-minute, far and equal-time events it is given.
#include "tiersim/core/bucket_calendar.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tiersim/core/event_calendar.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::core {
namespace {

void expect_same_order(double bucket_width, std::size_t buckets, std::uint64_t seed) {
  EventCalendar heap;
  BucketCalendar cal(bucket_width, buckets);
  random::RandomStream rng(seed);
  double now = 0;
  std::uint32_t id = 0;
  auto schedule_one = [&] {
    const double u = rng.uniform01();
    double at;
    if (u < 0.1) {
      at = now;                                        // same time as now
    } else if (u < 0.2) {
      at = std::floor(now) + 0.5 * rng.uniform01();    // maybe this very minute
    } else if (u < 0.8) {
      at = now + -std::log(rng.uniform_open0()) * 30;  // minutes ahead
    } else if (u < 0.95) {
      at = now + rng.uniform01() * 3 * kDay;           // days ahead
    } else {
      at = now + rng.uniform01() * 60 * kDay;          // beyond the window
    }
    if (at < now) at = now;
    heap.schedule(at, id % 7, id);
    cal.schedule(at, id % 7, id);
    ++id;
  };
  for (int i = 0; i < 500; ++i) schedule_one();
  for (int step = 0; step < 200000 && !heap.empty(); ++step) {
    ASSERT_EQ(cal.size(), heap.size());
    ASSERT_EQ(cal.next_time(), heap.next_time());
    const Event a = heap.pop();
    const Event b = cal.pop();
    ASSERT_EQ(a.time, b.time) << step;
    ASSERT_EQ(a.seq, b.seq) << step;
    ASSERT_EQ(a.kind, b.kind);
    ASSERT_EQ(a.subject, b.subject);
    now = a.time;
    const int n = step < 150000 ? static_cast<int>(rng.below(3)) : 0;  // grow, hold, then drain
    for (int k = 0; k < n; ++k) schedule_one();
  }
  EXPECT_TRUE(cal.empty());
  EXPECT_TRUE(heap.empty());
}

TEST(BucketCalendar, PopsInTheHeapsOrder) { expect_same_order(1.0, 8192, 1); }
TEST(BucketCalendar, PopsInTheHeapsOrderWithASmallWindow) { expect_same_order(1.0, 16, 2); }
TEST(BucketCalendar, PopsInTheHeapsOrderWithWideBuckets) { expect_same_order(60.0, 64, 3); }
// Bucket numbers by truncation at a width that is not a whole minute.
TEST(BucketCalendar, PopsInTheHeapsOrderWithQuarterMinuteBuckets) { expect_same_order(0.25, 1024, 4); }

// Busy minutes, as in a province (hundreds of events a minute): the current bucket is sorted
// by slices of the minute; thousands at one instant (every clinic opening at 07:00) fill one
// slice; events scheduled into the current minute after its sort wait beside it. All of it
// pops in the heap's order, and the counts show each path was taken.
TEST(BucketCalendar, PopsInTheHeapsOrderWhenMinutesAreBusy) {
  EventCalendar heap;
  BucketCalendar cal(1.0, 64);
  random::RandomStream rng(5);
  std::uint32_t id = 0;
  const auto both = [&](double at) {
    heap.schedule(at, id % 5, id);
    cal.schedule(at, id % 5, id);
    ++id;
  };
  for (int i = 0; i < 30000; ++i) both(rng.uniform01() * 40);   // ~750 a minute for 40 minutes
  for (int i = 0; i < 3000; ++i) both(7.0);                    // one instant
  for (int i = 0; i < 500; ++i) both(12.0 + 0.25 * (i % 3));     // a few instants
  for (int i = 0; i < 2000; ++i) both(100 + rng.uniform01() * 200);  // beyond the window
  std::size_t popped = 0, late = 0;
  double now = 0;
  while (!heap.empty()) {
    ASSERT_EQ(cal.next_time(), heap.next_time());
    const Event a = heap.pop();
    const Event b = cal.pop();
    ASSERT_EQ(a.seq, b.seq) << popped;
    ASSERT_EQ(a.time, b.time);
    ASSERT_EQ(a.subject, b.subject);
    now = a.time;
    ++popped;
    if (popped % 7 == 0 && now < 300) {  // into this very minute: some at this instant
      both(popped % 14 == 0 ? now : std::min(std::floor(now) + 0.999, now + rng.uniform01()));
      ++late;
    }
  }
  EXPECT_TRUE(cal.empty());
  EXPECT_EQ(popped, 35500 + late);
  EXPECT_GT(late, 4000u);
}

TEST(BucketCalendar, JumpsOverLongEmptySpans) {
  BucketCalendar cal(1.0, 8);
  cal.schedule(1e7, 1, 1);
  cal.schedule(5, 2, 2);
  EXPECT_EQ(cal.pop().subject, 2u);
  EXPECT_EQ(cal.pop().time, 1e7);
  EXPECT_TRUE(cal.empty());
  EXPECT_EQ(cal.next_time(), kNever);
}

}  // namespace
}  // namespace tiersim::core
