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
