// The selection procedure (KN with a feasibility check) on synthetic normal outputs whose
// answer is known: how often it picks the best over many independent macro-replications
// (against the stated PCS), that CRN-style correlation is used, that constraints classify
// plans, that an infeasible-only problem returns no plan, ties and the replication cap.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "tiersim/optimize/select.hpp"

namespace tiersim::optimize {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A standard normal from a hash of its coordinates (Box-Muller): deterministic, order-free.
double normal(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  const std::uint64_t h1 = mix(mix(mix(a) ^ b) ^ c);
  const std::uint64_t h2 = mix(h1 ^ 0x5555);
  const double u1 = (static_cast<double>(h1 >> 11) + 0.5) / 9007199254740992.0;
  const double u2 = (static_cast<double>(h2 >> 11) + 0.5) / 9007199254740992.0;
  return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Output o of plan i in replication r: mean[o][i] + a noise shared by every plan in
// replication r (common random numbers) + the plan's own noise.
class Synthetic : public Sampler {
 public:
  Synthetic(std::uint64_t seed, std::vector<std::vector<double>> means, double common_sd, double own_sd)
      : seed_(seed), means_(std::move(means)), common_(common_sd), own_(own_sd) {}
  void ensure(const std::vector<int>& plans, int n) override {
    for (int p : plans) {
      runs_ += std::max(0, n - have_[p]);
      have_[p] = std::max(have_[p], n);
    }
    max_n_ = std::max(max_n_, n);
  }
  [[nodiscard]] double value(int plan, int output, int rep) const override {
    EXPECT_LT(rep, have_.at(plan)) << "read a replication never ensured";
    const auto o = static_cast<std::uint64_t>(output);
    return means_[static_cast<std::size_t>(output)][static_cast<std::size_t>(plan)] +
           common_ * normal(seed_, 1000 + o, static_cast<std::uint64_t>(rep)) +
           own_ * normal(seed_, (o + 1) * 100000 + static_cast<std::uint64_t>(plan), static_cast<std::uint64_t>(rep));
  }
  long long runs_ = 0;
  int max_n_ = 0;

 private:
  std::uint64_t seed_;
  std::vector<std::vector<double>> means_;
  double common_, own_;
  std::map<int, int> have_;
};

SelectSettings settings(int k, double delta) {
  SelectSettings s;
  s.plans = k;
  s.indifference = delta;
  s.first_stage = 10;
  s.max_replications = 100000;
  return s;
}

// Slippage configuration (the least favourable one for KN): the best exactly delta above all
// the others. KN guarantees PCS >= 0.95; over 300 macro-replications with fixed seeds the
// count must be at least 285.
TEST(Select, FindsTheBestAtLeastAsOftenAsTheStatedPcs) {
  constexpr int kMacro = 300, kPlans = 6;
  constexpr double kDelta = 0.5;
  int correct = 0;
  long long runs = 0;
  for (int m = 0; m < kMacro; ++m) {
    std::vector<double> mu(kPlans, 10.0);
    mu[3] = 10.0 + kDelta;
    Synthetic sampler(static_cast<std::uint64_t>(m), {mu}, 1.0, 1.0);
    const auto r = select_best(sampler, settings(kPlans, kDelta));
    ASSERT_FALSE(r.capped);
    correct += r.best == 3 ? 1 : 0;
    runs += sampler.runs_;
  }
  EXPECT_GE(correct, 285) << "of " << kMacro;
  RecordProperty("correct", correct);
  RecordProperty("mean_runs", static_cast<int>(runs / kMacro));
}

// Minimising: the lowest mean wins, with the same guarantee.
TEST(Select, MinimisesWhenAsked) {
  int correct = 0;
  for (int m = 0; m < 100; ++m) {
    Synthetic sampler(static_cast<std::uint64_t>(m) + 7000, {{5.0, 4.0, 5.0, 6.0}}, 0.5, 0.5);
    auto s = settings(4, 0.5);
    s.maximize = false;
    correct += select_best(sampler, s).best == 1 ? 1 : 0;
  }
  EXPECT_GE(correct, 95);
}

// The plans share most of their noise (common random numbers): the paired variances are
// small, so far fewer replications are needed than with independent noise of the same size.
TEST(Select, CommonNoiseNeedsFewerReplications) {
  long long shared = 0, independent = 0;
  for (int m = 0; m < 30; ++m) {
    const std::vector<double> mu = {1.0, 1.1, 1.2, 1.3};
    Synthetic a(static_cast<std::uint64_t>(m), {mu}, 1.0, 0.05);
    Synthetic b(static_cast<std::uint64_t>(m), {mu}, 0.0, 1.0);
    EXPECT_EQ(select_best(a, settings(4, 0.1)).best, 3);
    (void)select_best(b, settings(4, 0.1));
    shared += a.runs_;
    independent += b.runs_;
  }
  EXPECT_LT(shared * 5, independent);
}

// A constraint removes the plans whose mean is clearly above its bound; the best of the rest
// wins. Output 1 is the constraint's metric.
TEST(Select, ConstraintsRuleOutInfeasiblePlans) {
  int correct = 0;
  for (int m = 0; m < 100; ++m) {
    //                       plan:   0     1     2     3     4
    const std::vector<double> obj = {1.0, 2.0, 3.0, 4.0, 5.0};
    const std::vector<double> con = {10, 10, 10, 30, 30};  // <= 20: plans 3 and 4 infeasible
    Synthetic sampler(static_cast<std::uint64_t>(m) + 100, {obj, con}, 1.0, 1.0);
    auto s = settings(5, 0.5);
    s.constraints = {Bound{true, 20, 1}};
    const auto r = select_best(sampler, s);
    ASSERT_FALSE(r.capped);
    correct += r.best == 2 ? 1 : 0;
    EXPECT_EQ(r.plans[3].fate, PlanFate::kInfeasible);
    EXPECT_EQ(r.plans[4].fate, PlanFate::kInfeasible);
    EXPECT_EQ(r.plans[4].infeasible_on, 0);
  }
  EXPECT_GE(correct, 95);
}

TEST(Select, AtLeastConstraints) {
  Synthetic sampler(5, {{1.0, 2.0, 3.0}, {0.9, 0.9, 0.5}}, 0.01, 0.01);
  auto s = settings(3, 0.5);
  s.constraints = {Bound{false, 0.8, 0.01}};  // >= 0.8: plan 2 infeasible
  const auto r = select_best(sampler, s);
  EXPECT_EQ(r.best, 1);
  EXPECT_EQ(r.plans[2].fate, PlanFate::kInfeasible);
  EXPECT_EQ(r.plans[0].fate, PlanFate::kEliminated);
  EXPECT_EQ(r.plans[0].eliminated_by, 1);
}

TEST(Select, InfeasibleOnlyProblemReturnsNoPlan) {
  Synthetic sampler(9, {{1.0, 2.0, 3.0}, {30, 40, 50}}, 1.0, 1.0);
  auto s = settings(3, 0.5);
  s.constraints = {Bound{true, 20, 1}};
  const auto r = select_best(sampler, s);
  EXPECT_EQ(r.best, -1);
  EXPECT_FALSE(r.capped);
  for (const auto& p : r.plans) EXPECT_EQ(p.fate, PlanFate::kInfeasible);
}

// Plans whose outputs are identical in every replication (a decision that changes nothing)
// end at the first stage: the cheaper (lower rank) wins.
TEST(Select, ExactTiesGoToTheLowerRank) {
  Synthetic sampler(1, {{2.0, 2.0, 2.0}}, 1.0, 0.0);
  auto s = settings(3, 0.1);
  s.tie_rank = {5, 1, 3};
  const auto r = select_best(sampler, s);
  EXPECT_EQ(r.best, 1);
  EXPECT_EQ(r.stages, 10);
}

TEST(Select, TheCapStopsWithoutAGuarantee) {
  Synthetic sampler(2, {{1.0, 1.0001}}, 0.0, 1.0);
  auto s = settings(2, 0.0001);
  s.max_replications = 20;
  const auto r = select_best(sampler, s);
  EXPECT_TRUE(r.capped);
  EXPECT_EQ(r.stages, 20);
  EXPECT_GE(r.best, 0);
  EXPECT_EQ(sampler.max_n_, 20);
}

TEST(Select, OnePlan) {
  Synthetic sampler(3, {{1.0}}, 1.0, 1.0);
  const auto r = select_best(sampler, settings(1, 0.1));
  EXPECT_EQ(r.best, 0);
  EXPECT_EQ(r.stages, 10);
  EXPECT_EQ(r.h2, 0);
}

// The published constant: KN's h^2 for k = 10, n0 = 10, alpha = 0.05 is
// 9 ((0.1/9)^(-2/9) - 1) = 9 (2.716... - 1).
TEST(Select, KnConstant) {
  EXPECT_NEAR(kn_h2(10, 10, 0.05), 9 * (std::pow(0.1 / 9, -2.0 / 9) - 1), 1e-12);
  EXPECT_NEAR(kn_h2(10, 10, 0.05), 15.4635, 0.001);
}

}  // namespace
}  // namespace tiersim::optimize
