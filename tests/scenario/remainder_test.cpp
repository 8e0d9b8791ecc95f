// remainder_of(t, period) is std::fmod(t, period), the same double, for the times a model
// meets (0 <= t, whole-minute periods): arrival thinning depends on it bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>

#include "tiersim/scenario/scenario.hpp"

namespace tiersim::scenario {
namespace {

void expect_same(double t, double period) {
  const double a = remainder_of(t, period);
  const double b = std::fmod(t, period);
  ASSERT_EQ(std::bit_cast<std::uint64_t>(a), std::bit_cast<std::uint64_t>(b)) << "t = " << t << " period = " << period;
}

TEST(RemainderOf, EqualsFmodAtAndAroundEveryBoundary) {
  for (const double period : {kHour, kDay, kWeek}) {
    for (int k = 0; k <= 600; ++k) {   // the whole-period points of more than ten years of weeks
      const double at = k * period;
      expect_same(at, period);
      double below = at, above = at;
      for (int step = 0; step < 4; ++step) {  // the doubles either side, where the quotient rounds
        below = std::nextafter(below, 0.0);
        above = std::nextafter(above, kNever);
        expect_same(below, period);
        expect_same(above, period);
      }
    }
  }
}

TEST(RemainderOf, EqualsFmodOnRandomTimesOverCenturies) {
  std::mt19937_64 gen(20261207);
  std::uniform_real_distribution<double> year(0, 200 * kYear);
  std::uniform_real_distribution<double> minute(0, 1);
  for (int i = 0; i < 1'000'000; ++i) {
    expect_same(year(gen), kWeek);
    expect_same(minute(gen) * 1e-3, kWeek);  // tiny times: the quotient is 0
  }
}

TEST(RemainderOf, ShiftsTheArrivalProfileByWholeWeeks) {
  ArrivalProfile p;
  for (int h = 0; h < 24; ++h) p.hourly[static_cast<std::size_t>(h)] = 1 + h;
  for (int d = 0; d < 7; ++d) p.weekly[static_cast<std::size_t>(d)] = 100 + d;
  EXPECT_EQ(p.multiplier(0), 1.0 * 100);
  EXPECT_EQ(p.multiplier(kDay + 3 * kHour + 0.5), 4.0 * 101);
  EXPECT_EQ(p.multiplier(52 * kWeek + 6 * kDay + 23 * kHour), 24.0 * 106);
  EXPECT_EQ(p.multiplier(std::nextafter(kWeek, 0.0)), 24.0 * 106);  // the last instant of a week
}

}  // namespace
}  // namespace tiersim::scenario
