#include "tiersim/experiment/precision.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tiersim/error.hpp"

namespace tiersim::experiment {

std::vector<std::string> goal_metrics() {
  return {"minor_stays_in_village", "moderate_stays_in_township", "severe_stays_in_county"};
}

const std::vector<std::string>& PrecisionRule::chosen() const {
  static const std::vector<std::string> kGoals = goal_metrics();
  return metrics.empty() ? kGoals : metrics;
}

bool precise_enough(const PrecisionRule& rule, const std::vector<std::vector<double>>& values) {
  // Law & Kelton's adjusted target: a half-width within gamma/(1+gamma) of the estimate
  // bounds the relative error |mean - mu| / |mu| by gamma (with about 95% confidence).
  const double target = rule.relative / (1 + rule.relative);
  for (const auto& v : values) {
    const stats::MetricSummary s = stats::summarise("", v);
    if (s.n == 0) continue;
    if (s.n < 2) return false;
    const double half = (s.hi - s.lo) / 2;
    if (half == 0) continue;
    if (!(half <= target * std::fabs(s.mean))) return false;
  }
  return true;
}

int next_replication_count(const PrecisionRule& rule, int n) {
  return std::min(rule.max_replications, n + rule.batch);
}

void check_rule(const PrecisionRule& rule, int initial_replications) {
  if (!rule.enabled()) return;
  if (!(rule.relative < 1)) throw Error(fmt::format("--precision must be in (0, 1), got {}", rule.relative));
  if (rule.batch < 1) throw Error(fmt::format("--precision-batch must be at least 1, got {}", rule.batch));
  if (rule.max_replications < std::max(2, initial_replications)) {
    throw Error(fmt::format("--max-replications ({}) must be at least the initial replications ({}) and 2",
                            rule.max_replications, initial_replications));
  }
}

}  // namespace tiersim::experiment
