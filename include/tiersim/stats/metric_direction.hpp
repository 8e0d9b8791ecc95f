// File: tiersim/stats/metric_direction.hpp
// Which way a metric should move for the county to be better off, from its name alone (as
// metric_range.hpp decides its values), so that every page colours a difference the same
// way: comparison.html, optimization.html, the terminal summary of `compare` and the
// workbench of `tiersim serve` (which receives it in comparison.json's "better" field).
//
//   higher is better: the three goals and two national targets (minor_stays_in_village,
//                     moderate_stays_in_township, severe_stays_in_county, county_retention,
//                     primary_share); green_channel.*.{within_target,
//                     door_to_treatment_within_target, fmc_to_treatment_within_target};
//                     remote_consult.referrals_avoided
//   lower is better:  wait_minutes.*, time_in_system_minutes.*, green_channel.*_mean (times),
//                     green_channel.*.outside_window, left_unseen, patients.left_unseen,
//                     misjudged_kept, misjudged_referred, blocked_admissions, step_down_skipped,
//                     bypass, out_of_county, expert_visits.home_server_hours_lost,
//                     outreach.home_server_hours_lost, remote_consult.answer_wait_minutes.*
//   neither:          counts of activity and load, which are neither good nor bad in
//                     themselves: referrals_up, referrals_down, referrals_from.*,
//                     utilisation.*, bed_occupancy.*, patients.{created, resolved, in_system},
//                     expert_visits.{visits, patients_seen}, green_channel.*.patients,
//                     remote_consult.consults, outreach.{events, people_served, referred};
//                     and every name this list does not know.
// Why each is where it is: README.md, "What the numbers mean".
#pragma once

#include <string_view>

namespace tiersim::stats {

enum class MetricDirection {
  kHigherIsBetter,
  kLowerIsBetter,
  kNeither,  ///< no good direction: a difference is shown, never judged
};

/// The good direction of a metric by its flat name (`wait_minutes.township.p90`).
/// **Example**: `metric_direction("wait_minutes.county.mean") == MetricDirection::kLowerIsBetter`.
[[nodiscard]] MetricDirection metric_direction(std::string_view name) noexcept;

/// "higher", "lower" or "neither": the word comparison.json carries in a metric's "better".
[[nodiscard]] const char* direction_word(MetricDirection d) noexcept;

/// How a difference whose 95% CI lies on one side of 0 reads for the metric.
enum class Verdict {
  kUnresolved,  ///< the interval includes 0 (or there is none): no verdict
  kBetter,
  kWorse,
  kChanged,     ///< resolved, but the metric has no good direction
};

/// The verdict on a paired difference with interval [lo, hi] from n >= 2 replications
/// (n < 2 has no interval to judge by: kUnresolved).
[[nodiscard]] Verdict difference_verdict(std::string_view name, double lo, double hi, int n) noexcept;

}  // namespace tiersim::stats
