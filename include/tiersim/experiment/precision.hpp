// File: tiersim/experiment/precision.hpp
// Replications to a relative precision: the sequential procedure of Law & Kelton (Simulation
// Modeling and Analysis, section 9.4.1). Start with n0 replications; after each batch, stop
// when every chosen metric's Student-t 95% half-width is at most gamma' x |mean|, where
// gamma' = gamma / (1 + gamma) is the adjusted target that makes the *actual* relative error
// at most gamma; otherwise add a batch, up to a cap. The rule is checked only at batch
// boundaries and only on replications 0..n-1, so where it stops does not depend on threads,
// shards, ranks or interruptions.
#pragma once

#include <string>
#include <vector>

#include "tiersim/stats/results.hpp"

namespace tiersim::experiment {

/// The three goal metrics (docs/MODEL.md), the default metrics of the rule.
[[nodiscard]] std::vector<std::string> goal_metrics();

struct PrecisionRule {
  double relative = 0;               ///< gamma, e.g. 0.05; 0 disables the rule
  std::vector<std::string> metrics;  ///< metric names; empty: goal_metrics()
  int max_replications = 200;        ///< cap, >= the initial count
  int batch = 5;                     ///< replications added per step, >= 1

  [[nodiscard]] bool enabled() const noexcept { return relative > 0; }
  [[nodiscard]] const std::vector<std::string>& chosen() const;
};

/// Whether the replications so far meet the rule. `values[m][r]` is metric m (in the order
/// of rule.chosen()) of replication r (NaN when absent or failed). A metric with no finite
/// value at all is ignored (it has no meaning in this scenario, e.g. no moderate condition);
/// one with fewer than 2 values fails; a half-width of exactly 0 passes.
[[nodiscard]] bool precise_enough(const PrecisionRule& rule, const std::vector<std::vector<double>>& values);

/// The next replication count after `n` under the rule (n + batch, at most the cap).
[[nodiscard]] int next_replication_count(const PrecisionRule& rule, int n);

/// Checks the rule's bounds; throws tiersim::Error naming the option.
void check_rule(const PrecisionRule& rule, int initial_replications);

}  // namespace tiersim::experiment
