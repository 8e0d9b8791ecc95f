// Paired differences, the relative-precision rule and MSER-5 against values computed by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tiersim/error.hpp"
#include "tiersim/experiment/paired.hpp"
#include "tiersim/experiment/precision.hpp"
#include "tiersim/experiment/warmup.hpp"

namespace tiersim::experiment {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(PairedDifference, MatchesHandComputedStudentT) {
  // Differences 1, 0, 2, 0.5: mean 0.875, sd = sqrt(2.1875 / 3) = 0.853913, t(0.975, 3) = 3.182446.
  const auto d = paired_difference("x", {1, 2, 3, 4}, {2, 2, 5, 4.5});
  EXPECT_EQ(d.n, 4);
  EXPECT_DOUBLE_EQ(d.mean, 0.875);
  const double half = 3.182446305284263 * std::sqrt(2.1875 / 3.0) / 2.0;
  EXPECT_NEAR(d.lo, 0.875 - half, 1e-9);
  EXPECT_NEAR(d.hi, 0.875 + half, 1e-9);
}

TEST(PairedDifference, PairingRemovesSharedNoise) {
  // Large shared swings, a constant shift of 0.1: the paired interval is exactly [0.1, 0.1].
  const std::vector<double> a = {10, 50, 3, 80, 27};
  std::vector<double> b;
  for (double v : a) b.push_back(v + 0.25);
  const auto d = paired_difference("x", a, b);
  EXPECT_DOUBLE_EQ(d.mean, 0.25);
  EXPECT_DOUBLE_EQ(d.lo, 0.25);
  EXPECT_DOUBLE_EQ(d.hi, 0.25);
}

TEST(PairedDifference, IdenticalArmsGiveExactlyZero) {
  const std::vector<double> a = {0.1, 0.7, 1e9, 3.3, -2};
  const auto d = paired_difference("x", a, a);
  EXPECT_EQ(d.n, 5);
  EXPECT_EQ(d.mean, 0.0);
  EXPECT_EQ(d.lo, 0.0);
  EXPECT_EQ(d.hi, 0.0);
}

TEST(PairedDifference, SkipsReplicationsWhereEitherArmHasNoValue) {
  const auto d = paired_difference("x", {1, kNaN, 3, 4}, {2, 5, kNaN, 6});
  EXPECT_EQ(d.n, 2);            // replications 0 and 3
  EXPECT_DOUBLE_EQ(d.mean, 1.5);  // (1 + 2) / 2
  const auto none = paired_difference("x", {kNaN}, {1});
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
}

TEST(Precision, AdjustedRelativeTarget) {
  PrecisionRule rule;
  rule.relative = 0.05;
  // Values 9, 11: mean 10, half-width t(0.975,1) x 1 = 12.706: far from 5%.
  EXPECT_FALSE(precise_enough(rule, {{9, 11}}));
  // 100 values alternating 99, 101: mean 100, s = 1.005, half ~ 0.1994 < 0.0476 x 100.
  std::vector<double> v;
  for (int i = 0; i < 100; ++i) v.push_back(i % 2 ? 101 : 99);
  EXPECT_TRUE(precise_enough(rule, {v}));
  // gamma' = 0.05 / 1.05 = 0.047619: a half-width of 4.8% of the mean fails, 4.7% passes.
  // With n = 2, half = 12.706 x |a - b| / 2; choose a - b so that half / mean = 0.048 or 0.047.
  auto pair_with = [](double rel) {
    const double half = rel * 100;
    const double diff = 2 * half / 12.706204736174707;
    return std::vector<double>{100 - diff / 2, 100 + diff / 2};
  };
  EXPECT_FALSE(precise_enough(rule, {pair_with(0.048)}));
  EXPECT_TRUE(precise_enough(rule, {pair_with(0.047)}));
}

TEST(Precision, MetricsWithoutDataAreIgnoredAndSingleValuesFail) {
  PrecisionRule rule;
  rule.relative = 0.05;
  EXPECT_TRUE(precise_enough(rule, {{kNaN, kNaN, kNaN}, {5, 5, 5}}));
  EXPECT_FALSE(precise_enough(rule, {{5, kNaN, kNaN}}));
  EXPECT_EQ(rule.chosen().size(), 3U);
  EXPECT_EQ(rule.chosen().front(), "minor_stays_in_village");
  rule.max_replications = 12;
  rule.batch = 5;
  EXPECT_EQ(next_replication_count(rule, 5), 10);
  EXPECT_EQ(next_replication_count(rule, 10), 12);
  EXPECT_THROW(check_rule(rule, 20), Error);
}

TEST(Mser5, FindsTheEndOfALinearTransient) {
  // 20 observations rising 0..19 then 80 at 20 with a +-1 zigzag: the transient ends at 20,
  // i.e. after 4 batches of 5.
  std::vector<double> s;
  for (int i = 0; i < 20; ++i) s.push_back(i);
  for (int i = 0; i < 80; ++i) s.push_back(20 + (i % 2 ? 1 : -1));
  const MserResult r = mser(s, 5);
  EXPECT_EQ(r.batch_means.size(), 20U);
  EXPECT_EQ(r.statistic.size(), 11U);  // d = 0..10
  EXPECT_EQ(r.truncation_batches, 4);
  EXPECT_EQ(r.truncation_observations, 20);
  EXPECT_FALSE(r.at_limit);
  // MSER(4): the 16 kept batch means are all 20 (zigzag averages to 20 +-0.2): tiny.
  EXPECT_LT(r.statistic[4], r.statistic[3]);
}

TEST(Mser5, HandComputedStatistic) {
  // Batch size 1 makes the statistic easy: series 4, 0, 2, 2; m = 4, d in 0..2.
  // d=0: mean 2, ss = 4+4+0+0 = 8, /16 = 0.5; d=1: mean 4/3, ss = 16/9+4/9+4/9 = 24/9, /9;
  // d=2: mean 2, ss 0 -> 0 (the minimum, at the limit).
  const MserResult r = mser({4, 0, 2, 2}, 1);
  ASSERT_EQ(r.statistic.size(), 3U);
  EXPECT_DOUBLE_EQ(r.statistic[0], 0.5);
  EXPECT_NEAR(r.statistic[1], 24.0 / 81.0, 1e-15);
  EXPECT_DOUBLE_EQ(r.statistic[2], 0.0);
  EXPECT_EQ(r.truncation_batches, 2);
  EXPECT_TRUE(r.at_limit);
  EXPECT_THROW((void)mser({1, 2, 3}, 5), Error);
}

TEST(Mser5, StationarySeriesKeepsEverything) {
  std::vector<double> s;
  // Every batch of 5 holds the same values: every MSER(d) is 0, and ties keep d = 0.
  for (int i = 0; i < 100; ++i) s.push_back(5 + (i % 5) - 2);
  EXPECT_EQ(mser(s, 5).truncation_batches, 0);
}

}  // namespace
}  // namespace tiersim::experiment
