#include "tiersim/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>

namespace tiersim::scenario {

const char* tier_name(Tier t) noexcept {
  switch (t) {
    case Tier::kVillage: return "village";
    case Tier::kTownship: return "township";
    case Tier::kCounty: return "county";
    case Tier::kRegional: return "regional";
  }
  return "?";
}

std::optional<Tier> parse_tier(std::string_view name) noexcept {
  for (int i = 0; i < kTierCount; ++i) {
    if (name == tier_name(static_cast<Tier>(i))) return static_cast<Tier>(i);
  }
  return std::nullopt;
}

const char* severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::kMinor: return "minor";
    case Severity::kModerate: return "moderate";
    case Severity::kSevere: return "severe";
    case Severity::kCritical: return "critical";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view name) noexcept {
  for (int i = 0; i < kSeverityCount; ++i) {
    if (name == severity_name(static_cast<Severity>(i))) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

bool OpeningHours::is_open(SimTime t) const noexcept {
  if (always) return true;
  const double m = std::fmod(t, kDay);
  if (open <= close) return m >= open && m < close;
  return m >= open || m < close;  // open across midnight
}

SimTime OpeningHours::next_open(SimTime t) const noexcept {
  if (is_open(t)) return t;
  const double day_start = std::floor(t / kDay) * kDay;
  const double m = t - day_start;
  // Closed now: the next opening is today's `open` if still ahead, else tomorrow's.
  if (m < open) return day_start + open;
  return day_start + kDay + open;
}

double ArrivalProfile::max_multiplier() const noexcept {
  return *std::max_element(hourly.begin(), hourly.end()) * *std::max_element(weekly.begin(), weekly.end());
}

double ArrivalProfile::mean_multiplier() const noexcept {
  double h = 0, w = 0;
  for (double x : hourly) h += x;
  for (double x : weekly) w += x;
  return (h / 24.0) * (w / 7.0);
}

void Scenario::rebuild_facility_index() {
  facility_index.clear();
  facility_index.reserve(facilities.size());
  for (std::size_t i = 0; i < facilities.size(); ++i) facility_index.emplace(facilities[i].id, static_cast<FacilityIndex>(i));
}

std::optional<FacilityIndex> Scenario::find_facility(std::string_view id) const noexcept {
  if (facility_index.size() == facilities.size() && !facilities.empty()) {
    const auto it = facility_index.find(std::string(id));
    if (it == facility_index.end()) return std::nullopt;
    if (it->second < facilities.size() && facilities[it->second].id == id) return it->second;
  }
  for (std::size_t i = 0; i < facilities.size(); ++i) {
    if (facilities[i].id == id) return static_cast<FacilityIndex>(i);
  }
  return std::nullopt;
}

std::optional<ConditionIndex> Scenario::find_condition(std::string_view n) const noexcept {
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    if (conditions[i].name == n) return static_cast<ConditionIndex>(i);
  }
  return std::nullopt;
}

std::optional<SpecialtyIndex> Scenario::find_specialty(std::string_view n) const noexcept {
  for (std::size_t i = 0; i < specialties.size(); ++i) {
    if (specialties[i] == n) return static_cast<SpecialtyIndex>(i);
  }
  return std::nullopt;
}

double Scenario::total_population() const noexcept {
  double p = 0;
  for (const auto& f : facilities) p += f.population;
  return p;
}

}  // namespace tiersim::scenario
