// File: tiersim/experiment/paired.hpp
// Paired differences between two arms run on common random numbers: replication r of arm B
// minus replication r of arm A, summarised with a Student-t 95% interval. Pairing removes the
// variation the arms share, so the interval is far narrower than comparing two separate CIs.
#pragma once

#include <string>
#include <vector>

#include "tiersim/stats/results.hpp"

namespace tiersim::experiment {

/// Mean and Student-t 95% CI of `other[r] - base[r]` over the replications r where both values
/// are finite (n counts those pairs). The vectors are indexed by replication; a shorter one
/// is treated as missing beyond its end. Two identical vectors give exactly 0 with CI [0, 0].
[[nodiscard]] stats::MetricSummary paired_difference(std::string name, const std::vector<double>& base,
                                                     const std::vector<double>& other);

/// The values of one metric over the replications, in replication order (NaN where absent).
[[nodiscard]] std::vector<double> metric_values(const std::vector<stats::ReplicationResult>& reps,
                                                const std::string& name);

}  // namespace tiersim::experiment
