// Every distribution of tiersim/random/distributions.hpp against theory: sample mean and
// sample variance by z-tests from fixed seeds, non-negativity of every draw, and the
// distribution's own mean() and variance() against formulas written out here independently.
//
// Flake budget: each z-test uses |z| < 5 (two-sided p = 5.7e-7 under normality of the
// estimators, which 200,000 draws of the moderately tailed cases below make accurate), about
// 40 tests, so a correct sampler fails with probability below 3e-5 for a fresh seed. Heavy-
// tailed parameter choices (lognormal with sd much larger than the mean) are avoided: their
// sample variance converges too slowly for any honest tolerance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "tiersim/error.hpp"
#include "tiersim/random/distributions.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::random {
namespace {

constexpr int kDraws = 200000;
constexpr double kZ = 5.0;

struct Moments {
  double mean, variance;
};

struct DistCase {
  std::string name;
  Distribution dist;
  Moments theory;             // of the sampled variable (truncation included)
  bool own_moments_match;     // Distribution::mean()/variance() should equal `theory`
};

std::ostream& operator<<(std::ostream& os, const DistCase& c) { return os << c.name; }

double phi(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi); }
double cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Normal(mu, sigma) conditioned on x >= 0.
Moments truncated_normal(double mu, double sigma) {
  const double alpha = -mu / sigma;
  const double z = 1 - cdf(alpha);
  const double lambda = phi(alpha) / z;
  return {mu + sigma * lambda, sigma * sigma * (1 + alpha * lambda - lambda * lambda)};
}

Moments weibull(double k, double scale) {
  const double g1 = std::tgamma(1 + 1 / k), g2 = std::tgamma(1 + 2 / k);
  return {scale * g1, scale * scale * (g2 - g1 * g1)};
}

Moments triangular(double a, double c, double b) {
  return {(a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18};
}

std::vector<DistCase> cases() {
  return {
      {"constant", Distribution::constant(4.5), {4.5, 0}, true},
      {"exponential", Distribution::exponential(5), {5, 25}, true},
      {"uniform", Distribution::uniform(2, 7), {4.5, 25.0 / 12}, true},
      {"uniform_degenerate", Distribution::uniform(3, 3), {3, 0}, true},
      {"triangular", Distribution::triangular(1, 3, 10), triangular(1, 3, 10), true},
      {"triangular_mode_at_min", Distribution::triangular(0, 0, 4), triangular(0, 0, 4), true},
      {"triangular_mode_at_max", Distribution::triangular(0, 4, 4), triangular(0, 4, 4), true},
      {"normal", Distribution::normal(10, 2), {10, 4}, true},
      {"normal_truncated", Distribution::normal(1, 2), truncated_normal(1, 2), false},
      {"normal_sd0", Distribution::normal(3, 0), {3, 0}, true},
      {"lognormal", Distribution::lognormal(25, 10), {25, 100}, true},
      {"lognormal_cv1", Distribution::lognormal(1, 1), {1, 1}, true},
      {"lognormal_sd0", Distribution::lognormal(2, 0), {2, 0}, true},
      {"gamma", Distribution::gamma(10, 4), {10, 16}, true},
      {"gamma_shape_below_1", Distribution::gamma(1, 2), {1, 4}, true},
      {"gamma_shape_1", Distribution::gamma(3, 3), {3, 9}, true},
      {"erlang1", Distribution::erlang(1, 2), {2, 4}, true},
      {"erlang3", Distribution::erlang(3, 12), {12, 48}, true},
      {"erlang_k50", Distribution::erlang(50, 40), {40, 32}, true},
      {"weibull", Distribution::weibull(1.5, 20), weibull(1.5, 20), true},
      {"weibull_shape_below_1", Distribution::weibull(0.7, 3), weibull(0.7, 3), true},
      // values 1, 2, 5 with weights 1, 0, 3: P = 1/4, 0, 3/4.
      {"empirical", Distribution::empirical({1, 2, 5}, {1, 0, 3}), {4, 0.25 * 9 + 0.75 * 1}, true},
      {"empirical_unweighted", Distribution::empirical({0, 4, 10}, {}), {14.0 / 3, 152.0 / 9}, true},
  };
}

class DistributionTest : public ::testing::TestWithParam<DistCase> {};

TEST_P(DistributionTest, SampleMeanAndVarianceMatchTheory) {
  const DistCase& c = GetParam();
  RandomStream rng(StreamSet(20240601, 0).seed(c.name));
  double sum = 0;
  std::vector<double> xs(kDraws);
  for (double& x : xs) {
    x = c.dist.sample(rng);
    ASSERT_TRUE(std::isfinite(x));
    ASSERT_GE(x, 0.0) << "negative draw";
    sum += x;
  }
  const double mean = sum / kDraws;
  double m2 = 0, m4 = 0;
  for (double x : xs) {
    const double d = (x - mean) * (x - mean);
    m2 += d;
    m4 += d * d;
  }
  const double var = m2 / (kDraws - 1);
  m4 /= kDraws;
  if (c.theory.variance == 0) {
    EXPECT_EQ(var, 0.0);
    EXPECT_EQ(mean, c.theory.mean);
  } else {
    const double se_mean = std::sqrt(c.theory.variance / kDraws);
    EXPECT_LT(std::fabs(mean - c.theory.mean), kZ * se_mean)
        << "mean " << mean << " vs " << c.theory.mean << " (z = " << (mean - c.theory.mean) / se_mean << ")";
    // Var(sample variance) ~ (mu4 - sigma^4) / n, with mu4 estimated from the sample.
    const double se_var = std::sqrt(std::max(m4 - var * var, 0.0) / kDraws);
    EXPECT_LT(std::fabs(var - c.theory.variance), kZ * se_var)
        << "variance " << var << " vs " << c.theory.variance << " (z = " << (var - c.theory.variance) / se_var << ")";
  }
  if (c.own_moments_match) {
    EXPECT_NEAR(c.dist.mean(), c.theory.mean, 1e-12 * (1 + c.theory.mean));
    EXPECT_NEAR(c.dist.variance(), c.theory.variance, 1e-12 * (1 + c.theory.variance));
  }
}

TEST_P(DistributionTest, ScaledScalesMeanAndVariance) {
  const DistCase& c = GetParam();
  const Distribution twice = c.dist.scaled(2.0);
  EXPECT_EQ(twice.kind(), c.dist.kind());
  EXPECT_NEAR(twice.mean(), 2 * c.dist.mean(), 1e-12 * (1 + c.dist.mean()));
  EXPECT_NEAR(twice.variance(), 4 * c.dist.variance(), 1e-12 * (1 + c.dist.variance()));
}

std::string case_name(const ::testing::TestParamInfo<DistCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Scenario, DistributionTest, ::testing::ValuesIn(cases()), case_name);

TEST(Distribution, EmpiricalNeverDrawsAZeroWeightValue) {
  const Distribution d = Distribution::empirical({1, 2, 5}, {1, 0, 3});
  RandomStream rng(8);
  int ones = 0;
  for (int i = 0; i < 40000; ++i) {
    const double x = d.sample(rng);
    ASSERT_TRUE(x == 1 || x == 5) << x;
    ones += x == 1;
  }
  // Binomial(40000, 1/4): sd 86.6; 5 sd.
  EXPECT_NEAR(ones, 10000, 5 * 86.6);
}

TEST(Distribution, ErlangWithManyPhasesSurvivesUnderflow) {
  // 1,000 phases: the product of uniforms would underflow (about e^-1000) without the
  // sampler's periodic logarithm. 2,000 draws: mean 40, variance 1.6, z-test at 5 sd.
  const Distribution d = Distribution::erlang(1000, 40);
  RandomStream rng(12);
  double sum = 0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    const double x = d.sample(rng);
    ASSERT_TRUE(std::isfinite(x));
    sum += x;
  }
  EXPECT_NEAR(sum / n, 40.0, kZ * std::sqrt(1.6 / n));
}

TEST(Distribution, TriangularStaysInItsSupport) {
  const Distribution d = Distribution::triangular(2, 3, 9);
  RandomStream rng(9);
  for (int i = 0; i < 100000; ++i) {
    const double x = d.sample(rng);
    ASSERT_GE(x, 2.0);
    ASSERT_LE(x, 9.0);
  }
}

TEST(Distribution, StandardNormalMoments) {
  RandomStream rng(10);
  double s = 0, s2 = 0, s3 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = standard_normal(rng);
    s += z;
    s2 += z * z;
    s3 += z * z * z;
  }
  EXPECT_NEAR(s / n, 0, kZ * std::sqrt(1.0 / n));
  EXPECT_NEAR(s2 / n, 1, kZ * std::sqrt(2.0 / n));
  EXPECT_NEAR(s3 / n, 0, kZ * std::sqrt(15.0 / n));  // symmetric: third moment 0, variance 15
}

TEST(Distribution, RejectsInvalidParameters) {
  EXPECT_THROW((void)Distribution::exponential(0), Error);
  EXPECT_THROW((void)Distribution::uniform(3, 2), Error);
  EXPECT_THROW((void)Distribution::triangular(1, 0, 2), Error);
  EXPECT_THROW((void)Distribution::gamma(1, 0), Error);
  EXPECT_THROW((void)Distribution::erlang(0, 1), Error);
  EXPECT_THROW((void)Distribution::weibull(0, 1), Error);
  EXPECT_THROW((void)Distribution::empirical({}, {}), Error);
  EXPECT_THROW((void)Distribution::empirical({1, 2}, {0, 0}), Error);
  EXPECT_THROW((void)Distribution::normal(1, -1), Error);
}

}  // namespace
}  // namespace tiersim::random
