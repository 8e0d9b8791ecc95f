// LogHistogram: the table look-up of bucket() against its definition, floor(log1p(x) / ln 1.01),
// on every bucket bound and the doubles around it, on values spread over the whole range, and
// at the edges; the quantiles against exact order statistics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "tiersim/random/stream.hpp"
#include "tiersim/stats/log_histogram.hpp"

namespace tiersim::stats {
namespace {

TEST(LogHistogramBucket, AgreesWithLog1pAroundEveryBucketBound) {
  int checked = 0;
  for (int i = 1; i < LogHistogram::kBuckets; ++i) {
    // 64 doubles either side of where the bound is in exact arithmetic.
    const double bound = std::expm1(i / 100.49917080713044);
    double lo = bound, hi = bound;
    for (int k = 0; k < 64; ++k) {
      lo = std::nextafter(lo, 0.0);
      hi = std::nextafter(hi, 1e300);
    }
    for (double x = lo; x <= hi; x = std::nextafter(x, 1e300)) {
      ASSERT_EQ(LogHistogram::bucket(x), LogHistogram::reference_bucket(x)) << "x = " << x << " near bound " << i;
      ++checked;
    }
  }
  EXPECT_GT(checked, 1699 * 128);
}

TEST(LogHistogramBucket, AgreesWithLog1pOverTheWholeRange) {
  random::RandomStream rng(7);
  for (int n = 0; n < 2'000'000; ++n) {
    // Log-uniform from 1e-12 to 1e9 (past the last bucket), so every bucket and cell is hit.
    const double x = std::exp(rng.uniform01() * std::log(1e21)) * 1e-12;
    ASSERT_EQ(LogHistogram::bucket(x), LogHistogram::reference_bucket(x)) << "x = " << x;
  }
  // Whole minutes and small multiples: the values a simulation with round times produces.
  for (int k = 0; k <= 200'000; ++k) {
    ASSERT_EQ(LogHistogram::bucket(k * 0.25), LogHistogram::reference_bucket(k * 0.25)) << k;
  }
}

TEST(LogHistogramBucket, Edges) {
  EXPECT_EQ(LogHistogram::bucket(0.0), 0);
  EXPECT_EQ(LogHistogram::bucket(std::numeric_limits<double>::denorm_min()), 0);
  EXPECT_EQ(LogHistogram::bucket(0.0099), 0);
  EXPECT_EQ(LogHistogram::bucket(0.0101), 1);
  EXPECT_EQ(LogHistogram::bucket(1e7), LogHistogram::reference_bucket(1e7));
  EXPECT_EQ(LogHistogram::bucket(1e12), LogHistogram::kBuckets - 1);
  EXPECT_EQ(LogHistogram::bucket(std::numeric_limits<double>::max()), LogHistogram::kBuckets - 1);
  EXPECT_EQ(LogHistogram::bucket(std::numeric_limits<double>::infinity()), LogHistogram::kBuckets - 1);
}

TEST(LogHistogram, QuantilesWithinOnePercentOfExactOrderStatistics) {
  random::RandomStream rng(11);
  LogHistogram h;
  std::vector<double> xs;
  for (int n = 0; n < 100'000; ++n) {
    const double x = -30.0 * std::log(rng.uniform_open0());  // exponential, mean 30
    xs.push_back(x);
    h.add(x);
  }
  h.add(-1.0);  // negative and NaN count as 0
  h.add(std::numeric_limits<double>::quiet_NaN());
  xs.push_back(0);
  xs.push_back(0);
  double sum = 0;  // in the order added, as the histogram sums
  for (const double x : xs) sum += x;
  EXPECT_DOUBLE_EQ(h.mean(), sum / static_cast<double>(xs.size()));
  std::sort(xs.begin(), xs.end());
  EXPECT_EQ(h.count(), xs.size());
  for (const double q : {0.1, 0.5, 0.9, 0.99}) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size())));
    const double exact = xs[rank - 1];
    EXPECT_NEAR(h.quantile(q), exact, 0.005 * (1 + exact)) << "q = " << q;
  }
}

TEST(LogHistogram, AValueBucketedOnceAddsAsTheValueItself) {
  // service.cpp finds a wait's bucket once and adds it to two histograms: the same as adding
  // the wait to each, negative values and NaN (taken as 0) included.
  LogHistogram direct, bucketed;
  for (double x : {-3.0, std::nan(""), 0.0, 0.004, 1.0, 17.25, 480.0, 1e9}) {
    direct.add(x);
    bucketed.add(LogHistogram::value(x));
  }
  EXPECT_EQ(bucketed.count(), direct.count());
  EXPECT_EQ(bucketed.mean(), direct.mean());
  for (double q : {0.1, 0.5, 0.9, 1.0}) EXPECT_EQ(bucketed.quantile(q), direct.quantile(q)) << q;
  EXPECT_EQ(LogHistogram::value(-1.0).x, 0.0);
  EXPECT_EQ(LogHistogram::value(17.25).bucket, LogHistogram::bucket(17.25));
}

}  // namespace
}  // namespace tiersim::stats
