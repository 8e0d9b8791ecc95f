// File: tiersim/stats/metric_range.hpp
// The values a metric can take, from its name alone, so that a confidence interval never
// leaves them (summarise_metrics(), results.hpp) and a terminal or report knows how to print
// it. Derived in this one function; a new metric whose name fits none of the patterns below
// is unbounded until it is added here.
//
//   share [0, 1]:  the goal metrics (minor_stays_in_village, moderate_stays_in_township,
//                  severe_stays_in_county, county_retention, primary_share), utilisation.*,
//                  bed_occupancy.*, green_channel.*.{within_target, door_to_treatment_within_target,
//                  fmc_to_treatment_within_target, outside_window}, and any name ending in _share
//   count >= 0:    referrals_up, referrals_down, bypass, out_of_county, left_unseen,
//                  misjudged_kept, misjudged_referred, blocked_admissions, step_down_skipped,
//                  patients.*, expert_visits.{visits, patients_seen}, green_channel.*.patients,
//                  outreach.{events, people_served, referred}
//   duration >= 0: wait_minutes.*, time_in_system_minutes.*, green_channel.*_mean (minutes),
//                  expert_visits.home_server_hours_lost, outreach.home_server_hours_lost (hours)
//   any:           every other name (nothing is assumed about a metric this list does not know)
// A difference between two arms (compare, paired.cpp) is none of these: it is never clamped.
#pragma once

#include <limits>
#include <string_view>

namespace tiersim::stats {

enum class MetricKind {
  kShare,     ///< in [0, 1]
  kCount,     ///< a whole count per replication, >= 0 (its mean need not be whole)
  kDuration,  ///< minutes (hours where the name says so), >= 0
  kAny,       ///< unbounded
};

[[nodiscard]] MetricKind metric_kind(std::string_view name) noexcept;

/// The closed range of a kind: [0, 1], [0, inf), or (-inf, inf).
struct ValueRange {
  double lo;
  double hi;
};
[[nodiscard]] ValueRange value_range(MetricKind kind) noexcept;

inline constexpr ValueRange kUnbounded{-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};

}  // namespace tiersim::stats
