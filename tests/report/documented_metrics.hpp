// File: tests/report/documented_metrics.hpp
// The metric names sim/flow/README.md and docs/CLI.md document (outreach.*: the README) for summary.json, written out
// here independently of the code that produces them, for a scenario's tiers, facilities and
// time-critical conditions. Used by the report unit tests and the end-to-end CLI test.
#pragma once

#include <string>
#include <vector>

#include "tiersim/scenario/scenario.hpp"

namespace tiersim::testing {

inline std::vector<std::string> documented_metric_names(const scenario::Scenario& s) {
  std::vector<std::string> names = {
      "minor_stays_in_village", "moderate_stays_in_township", "severe_stays_in_county", "county_retention",
      "primary_share",          "referrals_up",               "referrals_down",         "bypass",
      "out_of_county",          "left_unseen",                "misjudged_kept",         "misjudged_referred",
      "blocked_admissions",
  };
  for (const char* group : {"village", "township", "county", "regional", "minor", "moderate", "severe", "critical"}) {
    for (const char* st : {"mean", "p50", "p90", "p99"}) names.push_back(std::string("wait_minutes.") + group + "." + st);
  }
  for (const char* sev : {"minor", "moderate", "severe", "critical"}) {
    names.push_back(std::string("time_in_system_minutes.") + sev + ".mean");
  }
  for (const auto& f : s.facilities) {
    names.push_back("utilisation." + f.id);
    if (f.beds > 0) names.push_back("bed_occupancy." + f.id);
  }
  for (const char* tier : {"village", "township", "county", "regional"}) names.push_back(std::string("referrals_from.") + tier);
  for (const auto& c : s.conditions) {
    if (!c.time_critical) continue;
    for (const char* k : {"fmc_to_ecg_mean", "door_to_treatment_mean", "door_in_door_out_mean", "fmc_to_treatment_mean",
                          "onset_to_treatment_mean", "within_target", "door_to_treatment_within_target",
                          "fmc_to_treatment_within_target", "outside_window", "patients"}) {
      names.push_back("green_channel." + c.name + "." + k);
    }
  }
  for (const char* k : {"visits", "patients_seen", "home_server_hours_lost"}) names.push_back(std::string("expert_visits.") + k);
  if (s.policy.remote_consult) {
    for (const char* k : {"consults", "referrals_avoided", "answer_wait_minutes.mean"}) {
      names.push_back(std::string("remote_consult.") + k);
    }
  }
  if (!s.policy.outreach.empty()) {
    for (const char* k : {"events", "people_served", "referred", "home_server_hours_lost"}) names.push_back(std::string("outreach.") + k);
  }
  for (const char* k : {"created", "resolved", "left_unseen", "in_system"}) names.push_back(std::string("patients.") + k);
  return names;
}

/// The top-level keys of summary.json (include/tiersim/report/summary_json.hpp).
inline std::vector<std::string> documented_summary_keys() {
  return {"tiersim_version", "scenario",      "source_file", "seed",   "replications",      "horizon_minutes",
          "horizon",         "warmup_minutes", "warmup",     "threads", "wall_seconds",      "events",
          "events_per_second", "runs",        "metrics"};
}

}  // namespace tiersim::testing
