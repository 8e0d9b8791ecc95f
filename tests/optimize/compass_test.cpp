// COMPASS on its own (tiersim/optimize/compass.hpp), with an oracle that knows every plan's
// value exactly: it finds the optimum of a function whose only local optimum is the global one,
// never asks for a plan over the budget, gives a new plan n0 replications and the incumbent
// a_k more, keeps to its replication budget, and is a function of its seed alone.
#include <gtest/gtest.h>

#include <map>
#include <numeric>

#include "tiersim/optimize/compass.hpp"

namespace tiersim::optimize {
namespace {

// value = -sum (x_i - t_i)^2 on 0..11 per decision; within the budget when sum x_i <= 30.
// The target (3, 7, 2, 9) sums to 21, inside the budget; every other plan has a neighbour
// (one index away along one decision) closer to it, so it is the only local optimum.
class Bowl : public SearchOracle {
 public:
  const Choice target{3, 7, 2, 9};
  std::map<Choice, int> reps;
  std::vector<std::pair<Choice, int>> asked;
  bool over_budget_asked = false;

  static bool allowed(const Choice& c) { return std::accumulate(c.begin(), c.end(), std::size_t{0}) <= 30; }

  void ensure(const std::vector<Choice>& plans, int n) override {
    for (const auto& c : plans) {
      if (!allowed(c)) over_budget_asked = true;
      reps[c] = std::max(reps[c], n);
      asked.emplace_back(c, n);
    }
  }
  [[nodiscard]] Estimate estimate(const Choice& c) const override {
    double v = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      const double d = static_cast<double>(c[i]) - static_cast<double>(target[i]);
      v -= d * d;
    }
    return Estimate{v, 0};
  }
};

CompassSettings bowl_settings(std::uint64_t seed) {
  CompassSettings s;
  s.sizes = {12, 12, 12, 12};
  s.allowed = Bowl::allowed;
  // Plans within the budget, in plan order (the last decision fastest).
  static const std::vector<Choice> within = [] {
    std::vector<Choice> out;
    for (std::size_t a = 0; a < 12; ++a)
      for (std::size_t b = 0; b < 12; ++b)
        for (std::size_t c = 0; c < 12; ++c)
          for (std::size_t d = 0; d < 12; ++d)
            if (a + b + c + d <= 30) out.push_back({a, b, c, d});
    return out;
  }();
  s.allowed_count = static_cast<std::int64_t>(within.size());
  s.nth_allowed = [](std::int64_t n) { return within.at(static_cast<std::size_t>(n)); };
  s.first_stage = 4;
  s.max_replications = 50;
  s.samples = 3;
  s.replications = 100000;
  s.stall = 50;
  s.seed = seed;
  return s;
}

TEST(Compass, FindsTheOnlyLocalOptimumFromEverySeed) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Bowl oracle;
    const auto r = compass_search(oracle, bowl_settings(seed));
    EXPECT_EQ(r.incumbent, oracle.target) << "seed " << seed;
    EXPECT_EQ(r.stopped, SearchStop::kLocalOptimum) << "seed " << seed;
    EXPECT_FALSE(oracle.over_budget_asked) << "seed " << seed;
    // Far fewer plans than the 20,000-odd within the budget.
    EXPECT_LT(r.visited.size(), 1000u) << "seed " << seed;
    // Every neighbour of the optimum was visited (that is what stopped it).
    for (std::size_t i = 0; i < 4; ++i) {
      for (const int step : {-1, 1}) {
        Choice y = oracle.target;
        y[i] = static_cast<std::size_t>(static_cast<int>(y[i]) + step);
        EXPECT_TRUE(oracle.reps.count(y)) << "seed " << seed;
      }
    }
  }
}

TEST(Compass, ReplicationsFollowTheAllocationRuleAndAddUp) {
  Bowl oracle;
  const auto s = bowl_settings(7);
  const auto r = compass_search(oracle, s);
  ASSERT_EQ(r.visited.size(), r.replications.size());
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < r.visited.size(); ++i) {
    EXPECT_EQ(r.replications[i], oracle.reps.at(r.visited[i]));
    EXPECT_GE(r.replications[i], s.first_stage);
    EXPECT_LE(r.replications[i], s.max_replications);
    sum += r.replications[i];
  }
  EXPECT_EQ(sum, r.replications_used);
  EXPECT_EQ(oracle.reps.size(), r.visited.size());
  // The incumbent was revisited: more than n0.
  EXPECT_GT(oracle.reps.at(r.incumbent), s.first_stage);
  EXPECT_EQ(compass_allocation(1), 0);
  EXPECT_EQ(compass_allocation(2), 4);  // ceil(5 (ln 2)^1.01) = ceil(3.45)
  EXPECT_EQ(compass_allocation(3), 5);  // ceil(5.50), capped at 5
  EXPECT_EQ(compass_allocation(100), 5);
}

TEST(Compass, KeepsToItsReplicationBudget) {
  Bowl oracle;
  auto s = bowl_settings(3);
  s.replications = 60;
  const auto r = compass_search(oracle, s);
  EXPECT_EQ(r.stopped, SearchStop::kBudget);
  EXPECT_LE(r.replications_used, 60);
  EXPECT_GE(r.iterations, 1);
}

TEST(Compass, StopsAfterStallIterationsWithoutANewIncumbent) {
  // A flat function: the incumbent is the earliest visited plan in plan order, which changes
  // only when a sample falls before it, so the search soon stops: after `stall` iterations
  // without one (or at a local optimum, a plan whose neighbours were all visited).
  class Flat : public Bowl {
    [[nodiscard]] Estimate estimate(const Choice&) const override { return Estimate{1, 0}; }
  } oracle;
  auto s = bowl_settings(5);
  s.stall = 3;
  const auto r = compass_search(oracle, s);
  EXPECT_TRUE(r.stopped == SearchStop::kStall || r.stopped == SearchStop::kLocalOptimum);
  EXPECT_LT(r.iterations, 100);
  EXPECT_LT(r.replications_used, s.replications);
}

TEST(Compass, TheSameSeedGivesTheSameSearchAndAnotherSeedAnother) {
  Bowl a, b, c;
  const auto ra = compass_search(a, bowl_settings(11));
  const auto rb = compass_search(b, bowl_settings(11));
  const auto rc = compass_search(c, bowl_settings(12));
  EXPECT_EQ(a.asked, b.asked);
  EXPECT_EQ(ra.visited, rb.visited);
  EXPECT_NE(a.asked, c.asked);
  EXPECT_EQ(rc.incumbent, c.target);
}

TEST(Compass, AnEstimatedInfeasiblePlanIsNeverTheIncumbentWhenAFeasibleOneIsKnown) {
  // Feasible (violation 0) only when x_0 <= 1: the best feasible plan is (1, 7, 2, 9).
  class Constrained : public Bowl {
    [[nodiscard]] Estimate estimate(const Choice& c) const override {
      Estimate e = Bowl::estimate(c);
      e.violation = c[0] > 1 ? static_cast<double>(c[0] - 1) : 0;
      return e;
    }
  } oracle;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto r = compass_search(oracle, bowl_settings(seed));
    EXPECT_EQ(r.incumbent, (Choice{1, 7, 2, 9})) << "seed " << seed;
  }
}

}  // namespace
}  // namespace tiersim::optimize
