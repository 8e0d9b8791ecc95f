#include "tiersim/experiment/paired.hpp"

#include <cmath>
#include <limits>

namespace tiersim::experiment {

stats::MetricSummary paired_difference(std::string name, const std::vector<double>& base,
                                       const std::vector<double>& other) {
  const std::size_t n = std::max(base.size(), other.size());
  std::vector<double> diffs;
  diffs.reserve(n);
  for (std::size_t r = 0; r < n; ++r) {
    if (r >= base.size() || r >= other.size()) continue;
    const double a = base[r];
    const double b = other[r];
    // Only pairs: a replication where either arm has no value says nothing about the difference.
    if (std::isfinite(a) && std::isfinite(b)) diffs.push_back(b - a);
  }
  return stats::summarise(std::move(name), diffs);
}

std::vector<double> metric_values(const std::vector<stats::ReplicationResult>& reps, const std::string& name) {
  std::vector<double> out;
  out.reserve(reps.size());
  for (const auto& r : reps) out.push_back(r.metric(name));
  return out;
}

}  // namespace tiersim::experiment
