// Erlang-B/C and the M/M/1, M/M/c and M/G/c waits against closed forms and table values,
// computed here independently (power series in long double, or textbook formulas).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tiersim/analytic/analytic.hpp"

namespace tiersim::analytic {
namespace {

// P(wait) of M/M/c from the textbook sum, in long double: fine for small c.
double erlang_c_series(int c, double a) {
  long double term = 1, sum = 0;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= static_cast<long double>(a) / (k + 1);
  }
  const long double last = term * c / (c - a);  // a^c / c! x c / (c - a)
  return static_cast<double>(last / (sum + last));
}

// Erlang-B from log-sum-exp of the Poisson terms: an independent route for large c.
double erlang_b_logs(int c, double a) {
  auto log_term = [&](int k) { return k * std::log(a) - std::lgamma(k + 1.0); };
  double hi = -std::numeric_limits<double>::infinity();
  for (int k = 0; k <= c; ++k) hi = std::max(hi, log_term(k));
  long double sum = 0;
  for (int k = 0; k <= c; ++k) sum += std::exp(static_cast<long double>(log_term(k) - hi));
  return static_cast<double>(std::exp(static_cast<long double>(log_term(c) - hi)) / sum);
}

TEST(Queueing, MM1WaitIsRhoOverMuMinusLambda) {
  for (double rho : {0.1, 0.5, 0.8, 0.95}) {
    const double mean = 12.0, mu = 1 / mean, lambda = rho * mu;
    EXPECT_NEAR(mmc_mean_wait(lambda, mean, 1), rho / (mu - lambda), 1e-9 * rho / (mu - lambda)) << rho;
    EXPECT_NEAR(erlang_c(1, rho), rho, 1e-12);
  }
}

TEST(Queueing, MM2WaitMatchesClosedForm) {
  // M/M/2: Wq = rho^2 / (mu (1 - rho^2)), rho = lambda / (2 mu).
  const double mean = 5, mu = 1 / mean;
  for (double rho : {0.3, 0.7, 0.9}) {
    const double lambda = 2 * rho * mu;
    const double expected = rho * rho / (mu * (1 - rho * rho));
    EXPECT_NEAR(mmc_mean_wait(lambda, mean, 2), expected, 1e-9 * expected) << rho;
  }
}

TEST(Queueing, ErlangCMatchesSeriesForSeveralServerCounts) {
  for (int c : {1, 2, 3, 5, 10, 40}) {
    for (double rho : {0.2, 0.6, 0.85, 0.99}) {
      const double a = rho * c;
      const double expected = erlang_c_series(c, a);
      EXPECT_NEAR(erlang_c(c, a), expected, 1e-9 * expected) << c << " servers, rho " << rho;
      const double mean = 20;
      const double wq = expected * mean / (c - a);
      EXPECT_NEAR(mmc_mean_wait(a / mean, mean, c), wq, 1e-9 * wq);
    }
  }
}

TEST(Queueing, ErlangBTableValues) {
  // Erlang-B tables: 10 trunks at 5 erlangs block 1.84%; 5 at 2 erlangs 3.67%.
  EXPECT_NEAR(erlang_b(10, 5.0), 0.018384570336648132, 1e-12);
  EXPECT_NEAR(erlang_b(5, 2.0), 0.03669724770642202, 1e-12);
  EXPECT_NEAR(erlang_b(1, 3.0), 0.75, 1e-15);
  EXPECT_DOUBLE_EQ(erlang_b(0, 3.0), 1.0);
  EXPECT_DOUBLE_EQ(erlang_b(4, 0.0), 0.0);
}

TEST(Queueing, LargeServerCountsStayStable) {
  // A province hospital: hundreds of servers, where a^c / c! would overflow a double.
  for (auto [c, a] : {std::pair{500, 480.0}, {1000, 950.0}, {2000, 2100.0}}) {
    const double b = erlang_b(c, a);
    EXPECT_TRUE(std::isfinite(b));
    EXPECT_NEAR(b, erlang_b_logs(c, a), 1e-9 * erlang_b_logs(c, a)) << c;
  }
  const double pc = erlang_c(1000, 990.0);
  EXPECT_GT(pc, 0.0);
  EXPECT_LT(pc, 1.0);
}

TEST(Queueing, UnstableQueuesWaitForEver) {
  EXPECT_TRUE(std::isinf(mmc_mean_wait(1.0, 1.0, 1)));
  EXPECT_TRUE(std::isinf(mmc_mean_wait(3.5, 1.0, 3)));
  EXPECT_DOUBLE_EQ(erlang_c(3, 3.0), 1.0);
  EXPECT_DOUBLE_EQ(mmc_mean_wait(0.0, 10.0, 2), 0.0);
}

TEST(Queueing, AllenCunneenScalesTheMMcWait) {
  const double lambda = 0.15, mean = 10;
  const double mmc = mmc_mean_wait(lambda, mean, 2);
  EXPECT_NEAR(mgc_mean_wait(lambda, mean, 1.0, 2), mmc, 1e-12 * mmc);
  EXPECT_NEAR(mgc_mean_wait(lambda, mean, 0.0, 2), 0.5 * mmc, 1e-12 * mmc);  // M/D/c
  EXPECT_NEAR(mgc_mean_wait(lambda, mean, 3.0, 2), 2.0 * mmc, 1e-12 * mmc);
  // M/G/1 with Allen-Cunneen is Pollaczek-Khinchine exactly: Wq = rho (1 + scv) / 2 x mean / (1 - rho).
  const double rho = 0.7, scv = 0.25;
  EXPECT_NEAR(mgc_mean_wait(rho / mean, mean, scv, 1), rho * (1 + scv) / 2 * mean / (1 - rho), 1e-9);
}

TEST(Queueing, FractionalServersLieBetweenIntegers) {
  // Visiting experts give fractional servers: the wait falls as servers grow, and is exact
  // at whole numbers.
  const double lambda = 0.25, mean = 10;  // 2.5 erlangs
  double previous = mgc_mean_wait(lambda, mean, 1.0, 3);
  EXPECT_NEAR(previous, mmc_mean_wait(lambda, mean, 3), 1e-12);
  for (double c = 3.1; c < 5.0; c += 0.1) {
    const double w = mgc_mean_wait(lambda, mean, 1.0, c);
    EXPECT_LT(w, previous) << c;
    previous = w;
  }
  EXPECT_GT(previous, mmc_mean_wait(lambda, mean, 5));
}

}  // namespace
}  // namespace tiersim::analytic
