// File: tiersim/optimize/compass.hpp
// COMPASS, the search for spaces too large to run every plan through the selection:
// Hong, L. J. and Nelson, B. L. (2006), "Discrete optimization via simulation using COMPASS",
// Operations Research 54(1):115-129.
//
// The plans are points of the integer lattice of value indices (decision i takes index
// 0..sizes[i]-1), restricted to the plans within the budget. Every iteration k:
//  1. the incumbent x* is the visited plan with the best estimate (plans whose constraint
//     means meet their bounds first, see Estimate);
//  2. the most promising area is C = {x within budget : |x - x*| <= |x - y| for every visited
//     y} (Euclidean distance on the indices): the plans at least as close to x* as to any
//     other visited plan;
//  3. `samples` plans are drawn from C by coordinate sampling (from x*, `d` steps each: pick a
//     decision at random, then a value uniformly among those keeping the plan in C and within
//     the budget; Hong, Nelson and Xu 2010 sample this way); the first iteration draws them
//     uniformly from the whole budget-feasible set;
//  4. replications: a newly visited plan gets n0, a sampled plan already visited and the
//     incumbent get a_k = min(5, ceil(5 (ln k)^1.01)) more (the paper's example allocation
//     rule), up to the per-plan cap.
// The search stops when the incumbent is a local optimum in the paper's sense (every neighbour
// within the budget, one value index away along one decision, has been visited), after
// `stall` iterations without a new incumbent, when the next iteration would pass the
// replication budget, or when every plan within the budget has been visited.
//
// Deterministic: the sampling has its own random stream (from `seed`), and every choice
// depends only on the estimates, never on threads or timing.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace tiersim::optimize {

/// A plan as the index of its value in each decision.
using Choice = std::vector<std::size_t>;

struct CompassSettings {
  std::vector<std::size_t> sizes;                   ///< values per decision
  std::function<bool(const Choice&)> allowed;       ///< within the budget
  std::int64_t allowed_count = 0;                   ///< plans within the budget (>= 1)
  std::function<Choice(std::int64_t)> nth_allowed;  ///< the n-th plan within the budget, in plan order
  int first_stage = 10;                             ///< replications of a newly visited plan (n0)
  int max_replications = 100;                       ///< per plan
  int samples = 5;
  std::int64_t replications = 3000;                 ///< the search's budget
  int stall = 20;
  std::uint64_t seed = 0;
};

/// What the search knows of a visited plan.
struct Estimate {
  double value = 0;      ///< the objective's mean, larger is better (a minimised one negated)
  /// How far the constraint means are beyond their bounds, in tolerances, summed (0: every
  /// constraint mean meets its bound). The search moves in the estimated feasible set: a plan
  /// with a smaller violation is preferred, then a larger value.
  double violation = 0;
};

/// Where the search's numbers come from.
class SearchOracle {
 public:
  virtual ~SearchOracle() = default;
  /// Makes replications 0..n-1 of every listed plan available (one batch).
  virtual void ensure(const std::vector<Choice>& plans, int n) = 0;
  /// The estimate of an ensured plan over its replications.
  [[nodiscard]] virtual Estimate estimate(const Choice& plan) const = 0;
};

enum class SearchStop { kLocalOptimum, kStall, kBudget, kExhausted };

struct CompassResult {
  std::vector<Choice> visited;          ///< in the order first visited
  std::vector<int> replications;        ///< of each visited plan at the end
  Choice incumbent;
  int iterations = 0;
  std::int64_t replications_used = 0;   ///< sum of `replications`
  SearchStop stopped = SearchStop::kStall;
};

[[nodiscard]] CompassResult compass_search(SearchOracle& oracle, const CompassSettings& settings);

/// The allocation rule a_k (extra replications of the incumbent at iteration k >= 1).
[[nodiscard]] int compass_allocation(int iteration);

[[nodiscard]] const char* stop_name(SearchStop s) noexcept;

}  // namespace tiersim::optimize
