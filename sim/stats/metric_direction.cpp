// The good direction of each metric, by name: the list and its reasons are in
// include/tiersim/stats/metric_direction.hpp and README.md ("What the numbers mean").
#include "tiersim/stats/metric_direction.hpp"

#include <array>

namespace tiersim::stats {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

MetricDirection metric_direction(std::string_view name) noexcept {
  constexpr std::array<std::string_view, 6> kHigher = {
      "minor_stays_in_village", "moderate_stays_in_township", "severe_stays_in_county",
      "county_retention",       "primary_share",              "remote_consult.referrals_avoided"};
  // Patients who left without care, wrong decisions, admissions that found no bed, step-downs
  // that could not be made, and patients who skipped their primary facility or left the
  // county: what tiered care is meant to reduce; and hours a home facility lost to outreach.
  constexpr std::array<std::string_view, 10> kLower = {
      "left_unseen",        "patients.left_unseen", "misjudged_kept",
      "misjudged_referred", "blocked_admissions",   "step_down_skipped",
      "bypass",             "out_of_county",        "expert_visits.home_server_hours_lost",
      "outreach.home_server_hours_lost"};
  for (const auto h : kHigher) {
    if (name == h) return MetricDirection::kHigherIsBetter;
  }
  for (const auto l : kLower) {
    if (name == l) return MetricDirection::kLowerIsBetter;
  }
  if (starts_with(name, "wait_minutes.") || starts_with(name, "time_in_system_minutes.") ||
      starts_with(name, "remote_consult.answer_wait_minutes.")) {
    return MetricDirection::kLowerIsBetter;
  }
  if (starts_with(name, "green_channel.")) {
    if (ends_with(name, "within_target")) return MetricDirection::kHigherIsBetter;
    if (ends_with(name, "_mean") || ends_with(name, ".outside_window")) return MetricDirection::kLowerIsBetter;
  }
  return MetricDirection::kNeither;
}

const char* direction_word(MetricDirection d) noexcept {
  switch (d) {
    case MetricDirection::kHigherIsBetter: return "higher";
    case MetricDirection::kLowerIsBetter: return "lower";
    case MetricDirection::kNeither: break;
  }
  return "neither";
}

Verdict difference_verdict(std::string_view name, double lo, double hi, int n) noexcept {
  // NaN bounds compare false both ways: unresolved, as they should be.
  const bool up = n >= 2 && lo > 0;
  const bool down = n >= 2 && hi < 0;
  if (!up && !down) return Verdict::kUnresolved;
  switch (metric_direction(name)) {
    case MetricDirection::kHigherIsBetter: return up ? Verdict::kBetter : Verdict::kWorse;
    case MetricDirection::kLowerIsBetter: return down ? Verdict::kBetter : Verdict::kWorse;
    case MetricDirection::kNeither: break;
  }
  return Verdict::kChanged;
}

}  // namespace tiersim::stats
