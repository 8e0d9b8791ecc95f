#include "tiersim/stats/metric_range.hpp"

#include <array>
#include <limits>

namespace tiersim::stats {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

MetricKind metric_kind(std::string_view name) noexcept {
  constexpr std::array<std::string_view, 5> kGoals = {"minor_stays_in_village", "moderate_stays_in_township",
                                                      "severe_stays_in_county", "county_retention", "primary_share"};
  constexpr std::array<std::string_view, 9> kCounts = {
      "referrals_up",   "referrals_down",     "bypass",             "out_of_county",    "left_unseen",
      "misjudged_kept", "misjudged_referred", "blocked_admissions", "step_down_skipped"};
  for (const auto g : kGoals) {
    if (name == g) return MetricKind::kShare;
  }
  for (const auto c : kCounts) {
    if (name == c) return MetricKind::kCount;
  }
  if (starts_with(name, "utilisation.") || starts_with(name, "bed_occupancy.") || ends_with(name, "_share")) {
    return MetricKind::kShare;
  }
  if (starts_with(name, "wait_minutes.") || starts_with(name, "time_in_system_minutes.")) return MetricKind::kDuration;
  if (starts_with(name, "patients.")) return MetricKind::kCount;
  if (name == "expert_visits.visits" || name == "expert_visits.patients_seen") return MetricKind::kCount;
  if (name == "expert_visits.home_server_hours_lost") return MetricKind::kDuration;
  if (name == "outreach.events" || name == "outreach.people_served" || name == "outreach.referred") return MetricKind::kCount;
  if (name == "outreach.home_server_hours_lost") return MetricKind::kDuration;
  if (starts_with(name, "green_channel.")) {
    if (ends_with(name, "within_target") || ends_with(name, ".outside_window")) return MetricKind::kShare;
    if (ends_with(name, "_mean")) return MetricKind::kDuration;
    if (ends_with(name, ".patients")) return MetricKind::kCount;
  }
  return MetricKind::kAny;
}

ValueRange value_range(MetricKind kind) noexcept {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (kind) {
    case MetricKind::kShare: return {0.0, 1.0};
    case MetricKind::kCount:
    case MetricKind::kDuration: return {0.0, kInf};
    case MetricKind::kAny: break;
  }
  return {-kInf, kInf};
}

}  // namespace tiersim::stats
