// File: tiersim/optimize/select.hpp
// Ranking and selection with constraints, fully sequential, on common random numbers:
//
// - Kim, S.-H. and Nelson, B. L. (2001), "A fully sequential procedure for indifference-zone
//   selection in simulation", ACM TOMACS 11(3):251-273 (procedure KN): after n0 first-stage
//   replications of every plan, one replication more of every plan still in contention per
//   stage; plan i is eliminated by plan l when its mean falls below l's by more than the
//   triangular continuation region W_il(r) = max(0, delta/(2r) (h^2 S_il^2/delta^2 - r)), with
//   S_il^2 the variance of the paired differences X_i - X_l over the first stage (so common
//   random numbers narrow it) and h^2 = (n0-1)((2 alpha/(k-1))^(-2/(n0-1)) - 1).
// - Constraints by the feasibility check of Batur, D. and Kim, S.-H. (2010), "Finding feasible
//   systems in the presence of constraints on multiple performance measures", ACM TOMACS 20(3),
//   run alongside KN as in Andradottir, S. and Kim, S.-H. (2010), "Fully sequential procedures
//   for comparing constrained systems via simulation", Naval Research Logistics 57(5):403-421:
//   for E[Y] <= q with tolerance eps, the sum of (Y_j - q) over r replications is compared with
//   +-R(r), R(r) = max(0, h1^2 S^2/(2 eps) - eps r/2); below -R: feasible, above +R: infeasible.
//   An infeasible plan leaves at once; only a plan declared feasible may eliminate others.
//
// Guarantee (normal outputs, any correlation between plans, so valid under CRN): with
// alpha = 1 - pcs split alpha1 = alpha2 = alpha/2 when there are constraints (Bonferroni over
// the k x s feasibility tests, alpha1/(k s) each), the probability that every plan is
// classified correctly on every constraint (within its tolerance) and the best feasible plan is
// selected is at least pcs whenever the best feasible plan beats every other feasible plan by
// at least delta (the indifference zone). When the replication cap stops the procedure first,
// the plan with the best mean among those left is returned and no guarantee is claimed.
//
// Deterministic: decisions depend only on the values, never on threads or timing.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace tiersim::optimize {

/// Where the values come from: output 0 is the objective, 1..s the constraints' metrics.
class Sampler {
 public:
  virtual ~Sampler() = default;
  /// Makes replications 0..n-1 of every listed plan available (all at once: one batch).
  virtual void ensure(const std::vector<int>& plans, int n) = 0;
  /// The value of output `output` in replication `rep` of an ensured plan.
  [[nodiscard]] virtual double value(int plan, int output, int rep) const = 0;
};

struct Bound {
  bool at_most = true;   ///< E[Y] <= bound; false: >=
  double bound = 0;
  double tolerance = 0;  ///< eps > 0
};

struct SelectSettings {
  int plans = 0;               ///< k >= 1
  bool maximize = true;
  double pcs = 0.95;           ///< 1 - alpha, in (0.5, 1)
  double indifference = 0.005; ///< delta > 0
  int first_stage = 10;        ///< n0 >= 2
  int max_replications = 100;  ///< per plan, >= n0
  std::vector<Bound> constraints;
  /// Ties (equal means once W = 0) go to the plan with the lower rank (e.g. cheaper); empty:
  /// the lower plan number.
  std::vector<double> tie_rank;
};

enum class PlanFate {
  kSelected,     ///< the plan returned
  kEliminated,   ///< eliminated by KN (eliminated_by says by which plan)
  kInfeasible,   ///< declared infeasible on a constraint (infeasible_on says which)
  kLeft,         ///< still in contention when the cap stopped the procedure
  kNotShortlisted,  ///< visited by a COMPASS search but not among the plans given to the clean-up
};

struct PlanVerdict {
  PlanFate fate = PlanFate::kLeft;
  int replications = 0;        ///< replications used
  int eliminated_by = -1;
  int infeasible_on = -1;      ///< constraint index
  int decided_at = 0;          ///< stage (replications) at which it left
  /// Per constraint: +1 declared feasible, -1 infeasible, 0 undecided.
  std::vector<int> feasibility;
};

struct SelectResult {
  int best = -1;               ///< -1: no plan is feasible
  bool capped = false;         ///< the cap stopped it: no guarantee
  int stages = 0;              ///< the last stage (replications of the last plans left)
  double h2 = 0;               ///< KN's h^2
  double h2_feasibility = 0;   ///< the feasibility check's h1^2 (0 without constraints)
  std::vector<PlanVerdict> plans;
};

/// Runs the procedure. Throws tiersim::Error when a value is not finite (a metric without a
/// value in some replication cannot be compared), naming the plan and replication.
[[nodiscard]] SelectResult select_best(Sampler& sampler, const SelectSettings& settings);

/// KN's h^2 for k plans, n0 first-stage replications and error alpha (k = 1: 0).
[[nodiscard]] double kn_h2(int k, int n0, double alpha);

[[nodiscard]] const char* fate_name(PlanFate f) noexcept;

}  // namespace tiersim::optimize
