// The single-station model against queueing theory: M/M/c against Erlang-C (mean wait in
// queue Wq, mean number waiting Lq, mean number in system L = lambda W) and M/G/1 against
// Pollaczek-Khinchine, each from independent replications with fixed seeds.
//
// Flake budget: every comparison below is one of kChecks simultaneous 95% confidence
// intervals (Bonferroni: each interval at confidence 1 - 0.05 / kChecks, Student t over the
// replications), so a correct model fails any of them, for a fresh choice of seeds, with
// probability at most 5% for the whole file. Each test also requires its intervals to be
// narrow (half-width under kMaxRelativeHalfWidth of the theoretical value), so that a wrong
// model (one server too many or too few, a wrong service rate) cannot pass by vagueness.
//
// Run length: a warm-up of 20 relaxation times of the queue (1 / (mu (1 - sqrt(rho))^2) for
// M/M/1) and 40,000 to 60,000 arrivals per replication; about 10 s for the file in Debug.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tiersim/core/single_station.hpp"
#include "tiersim/error.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::core {
namespace {

constexpr int kReplications = 20;
constexpr int kChecks = 12 * 4 + 2 * 3;  // M/M/c cases x 4 checks, M/G/1 cases x 3 checks
constexpr double kMaxRelativeHalfWidth = 0.15;

/// Erlang-C: Wq, Lq and L of an M/M/c queue with arrival rate lambda and service rate mu.
struct ErlangC {
  double wq, lq, l;
};
ErlangC erlang_c(double lambda, double mu, int c) {
  const double a = lambda / mu;
  const double rho = a / c;
  double term = 1, sum = 0;  // term = a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term / (1 - rho);
  const double p_wait = tail / (sum + tail);
  const double wq = p_wait / (c * mu - lambda);
  return {wq, lambda * wq, lambda * wq + a};
}

struct Interval {
  double mean, half;
  [[nodiscard]] bool contains(double x) const { return std::fabs(x - mean) <= half; }
};
std::ostream& operator<<(std::ostream& os, const Interval& i) {
  return os << i.mean << " +- " << i.half;
}

Interval simultaneous_ci(const std::vector<double>& xs) {
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const auto n = static_cast<double>(xs.size());
  const double t = stats::student_t_quantile(1 - 0.05 / kChecks, static_cast<int>(xs.size()) - 1);
  return {mean, t * std::sqrt(ss / (n - 1) / n)};
}

struct Replicated {
  std::vector<double> wait, waiting, in_system, little_residual, utilisation;
};

Replicated replicate(SingleStationConfig config, std::uint64_t seed) {
  Replicated out;
  config.seed = seed;
  for (int r = 0; r < kReplications; ++r) {
    config.replication = static_cast<std::uint64_t>(r);
    const SingleStationResult res = simulate_single_station(config);
    out.wait.push_back(res.mean_wait);
    out.waiting.push_back(res.mean_waiting);
    out.in_system.push_back(res.mean_in_system);
    out.utilisation.push_back(res.utilisation);
    // Little's law on the sample path: L against the observed arrival rate times W.
    const double lambda_hat = static_cast<double>(res.arrivals) / res.observed;
    out.little_residual.push_back(res.mean_in_system - lambda_hat * res.mean_time_in_system);
  }
  return out;
}

// Relaxation time of the queue in minutes (service rate 1): M/M/1's 1 / (1 - sqrt(rho))^2,
// used for every c as a safe upper bound (more servers relax faster).
double relaxation(double rho) { return 1.0 / ((1 - std::sqrt(rho)) * (1 - std::sqrt(rho))); }

struct MmcCase {
  int servers;
  double rho;
};

class ErlangCTest : public ::testing::TestWithParam<MmcCase> {};

TEST_P(ErlangCTest, WaitQueueLengthAndLittleMatchTheory) {
  const auto [c, rho] = GetParam();
  const double lambda = rho * c;  // service Exp(1): mu = 1 per minute
  SingleStationConfig config;
  config.arrival_rate = lambda;
  config.servers = c;
  config.service = random::Distribution::exponential(1.0);
  config.warmup = 20 * relaxation(rho);
  // Heavier traffic needs longer runs for the same precision (the relative variance of a mean
  // wait grows like 1 / (1 - rho)^2): 60,000 arrivals per replication at rho 0.9, and at
  // least 40,000 where the waits are rare (low rho, many servers).
  config.horizon = std::max(600.0 / ((1 - rho) * (1 - rho)), 40000.0) / lambda;
  const Replicated r = replicate(config, 20240601 + static_cast<std::uint64_t>(c * 100 + rho * 10));
  const ErlangC theory = erlang_c(lambda, 1.0, c);

  const Interval wq = simultaneous_ci(r.wait), lq = simultaneous_ci(r.waiting), l = simultaneous_ci(r.in_system),
                 little = simultaneous_ci(r.little_residual);
  EXPECT_TRUE(wq.contains(theory.wq)) << "Wq " << wq << " vs Erlang-C " << theory.wq;
  EXPECT_TRUE(lq.contains(theory.lq)) << "Lq " << lq << " vs Erlang-C " << theory.lq;
  EXPECT_TRUE(l.contains(theory.l)) << "L " << l << " vs lambda W = " << theory.l;
  EXPECT_TRUE(little.contains(0.0)) << "L - lambda_hat W " << little;
  EXPECT_LT(wq.half, kMaxRelativeHalfWidth * theory.wq) << "Wq interval too wide to test anything";
  EXPECT_LT(lq.half, kMaxRelativeHalfWidth * theory.lq);
  EXPECT_LT(l.half, kMaxRelativeHalfWidth * theory.l);
  const Interval util = simultaneous_ci(r.utilisation);
  EXPECT_NEAR(util.mean, rho, 0.02);
}

std::string mmc_name(const ::testing::TestParamInfo<MmcCase>& info) {
  const int tenths = static_cast<int>(std::lround(info.param.rho * 10));
  return "c" + std::to_string(info.param.servers) + "_rho0_" + std::to_string(tenths);
}

INSTANTIATE_TEST_SUITE_P(MMc, ErlangCTest,
                         ::testing::Values(MmcCase{1, 0.5}, MmcCase{1, 0.8}, MmcCase{1, 0.9}, MmcCase{2, 0.5},
                                           MmcCase{2, 0.8}, MmcCase{2, 0.9}, MmcCase{3, 0.5}, MmcCase{3, 0.8},
                                           MmcCase{3, 0.9}, MmcCase{10, 0.5}, MmcCase{10, 0.8},
                                           MmcCase{10, 0.9}),
                         mmc_name);


struct MgCase {
  const char* name;
  random::Distribution service;  // mean 1 minute
};

class PollaczekKhinchineTest : public ::testing::TestWithParam<MgCase> {};

// M/G/1 at rho 0.8: Wq = lambda E[S^2] / (2 (1 - rho)), Lq = lambda Wq, L = Lq + rho.
TEST_P(PollaczekKhinchineTest, WaitAndQueueLengthMatchTheory) {
  const random::Distribution& service = GetParam().service;
  const double rho = 0.8;
  const double lambda = rho / service.mean();
  const double es2 = service.variance() + service.mean() * service.mean();
  const double wq_theory = lambda * es2 / (2 * (1 - rho));
  SingleStationConfig config;
  config.arrival_rate = lambda;
  config.service = service;
  // Relaxation grows with the service's variability: scale M/M/1's by (1 + scv) / 2.
  config.warmup = 20 * relaxation(rho) * (1 + service.scv()) / 2;
  config.horizon = 600.0 / ((1 - rho) * (1 - rho)) * (1 + service.scv()) / lambda;
  const Replicated r = replicate(config, 777);
  const Interval wq = simultaneous_ci(r.wait), lq = simultaneous_ci(r.waiting), l = simultaneous_ci(r.in_system);
  EXPECT_TRUE(wq.contains(wq_theory)) << "Wq " << wq << " vs P-K " << wq_theory;
  EXPECT_TRUE(lq.contains(lambda * wq_theory)) << "Lq " << lq << " vs P-K " << lambda * wq_theory;
  EXPECT_TRUE(l.contains(lambda * wq_theory + rho)) << "L " << l << " vs P-K " << lambda * wq_theory + rho;
  EXPECT_LT(wq.half, kMaxRelativeHalfWidth * wq_theory) << "Wq interval too wide to test anything";
  EXPECT_LT(l.half, kMaxRelativeHalfWidth * (lambda * wq_theory + rho));
}

std::string mg_name(const ::testing::TestParamInfo<MgCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(MG1, PollaczekKhinchineTest,
                         ::testing::Values(MgCase{"deterministic", random::Distribution::constant(1.0)},
                                           MgCase{"lognormal_sd1_5", random::Distribution::lognormal(1.0, 1.5)}),
                         mg_name);

TEST(SingleStation, RejectsConfigurationsThatCannotRun) {
  SingleStationConfig config;
  config.horizon = kNever;
  config.max_arrivals = 0;
  EXPECT_THROW((void)simulate_single_station(config), Error);
  config.max_arrivals = 10;
  config.servers = 0;
  EXPECT_THROW((void)simulate_single_station(config), Error);
  config.servers = 1;
  config.arrival_rate = 0;
  EXPECT_THROW((void)simulate_single_station(config), Error);
}

TEST(SingleStation, MaxArrivalsRunsUntilTheLastCustomerLeaves) {
  SingleStationConfig config;
  config.max_arrivals = 1000;
  const SingleStationResult r = simulate_single_station(config);
  EXPECT_EQ(r.arrivals, 1000u);
  EXPECT_EQ(r.started, 1000u);
  EXPECT_EQ(r.served, 1000u);
  EXPECT_EQ(r.events, 2000u);  // one arrival and one departure per customer
}

TEST(SingleStation, SameSeedSameResultOtherReplicationOtherResult) {
  SingleStationConfig config;
  config.horizon = 5000;
  const SingleStationResult a = simulate_single_station(config), b = simulate_single_station(config);
  EXPECT_EQ(a.mean_wait, b.mean_wait);
  EXPECT_EQ(a.events, b.events);
  config.replication = 1;
  EXPECT_NE(simulate_single_station(config).mean_wait, a.mean_wait);
}

}  // namespace
}  // namespace tiersim::core
