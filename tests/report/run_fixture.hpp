// File: tests/report/run_fixture.hpp
// A small scenario and a RunResult built by hand (no simulation), filling every documented
// metric with deterministic per-replication values, for the report writers' tests.
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include "report/documented_metrics.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::testing {

/// A county, two townships (one with a hostile id), `villages` villages split between them,
/// and four conditions, one of them time-critical (stemi).
inline scenario::Scenario fixture_scenario(int villages = 4, std::string name = "fixture") {
  using scenario::Tier;
  scenario::Scenario s;
  s.name = std::move(name);
  s.description = "hand-built scenario for report tests";
  s.source_file = "tests/report/fixture.yaml";
  s.horizon = 365 * 1440.0;
  s.warmup = 30 * 1440.0;
  s.replications = 5;
  s.seed = 42;
  s.specialties = {"general", "cardiology"};
  auto add = [&s](std::string id, Tier tier, int servers, int beds, std::string parent) {
    scenario::Facility f;
    f.id = id;
    f.name = id + " name";
    f.tier = tier;
    f.servers = servers;
    f.beds = beds;
    f.population = tier == Tier::kCounty ? 0 : 1000;
    f.capability = {1, 0};
    f.parent = std::move(parent);
    s.facilities.push_back(f);
  };
  add("county", Tier::kCounty, 10, 100, "");
  add("t1", Tier::kTownship, 3, 20, "");
  add("t2<b>&\"x,y", Tier::kTownship, 3, 20, "");
  for (int v = 0; v < villages; ++v) add("v" + std::to_string(v), Tier::kVillage, 1, 0, v % 2 ? "t2<b>&\"x,y" : "t1");
  auto cond = [&s](std::string n, scenario::Severity sev, double rate) {
    scenario::Condition c;
    c.name = std::move(n);
    c.severity = sev;
    c.per_1000_per_year = rate;
    c.service = scenario::Distribution::exponential(10);
    s.conditions.push_back(c);
  };
  cond("cold", scenario::Severity::kMinor, 500);
  cond("fracture", scenario::Severity::kModerate, 50);
  cond("pneumonia", scenario::Severity::kSevere, 20);
  cond("stemi", scenario::Severity::kCritical, 0.6);
  scenario::TimeCritical tc;
  tc.window = 720;
  tc.targets.fmc_to_ecg = 10;
  tc.targets.door_to_treatment = 90;
  tc.targets.door_in_door_out = 30;
  tc.targets.fmc_to_treatment = 120;
  s.conditions.back().time_critical = tc;
  s.conditions.back().specialty = 1;
  return s;
}

/// A value of metric k in replication r: a base that depends on the name's kind, varied
/// deterministically so that the CIs have width.
inline double fixture_value(const std::string& name, int k, int r) {
  const double wobble = 1.0 + 0.04 * std::sin(1.7 * r + 0.3 * k);
  if (name == "green_channel.stemi.door_to_treatment_within_target") {
    return std::numeric_limits<double>::quiet_NaN();  // as when no replication has a patient
  }
  if (name == "utilisation.t1") return 0.9 * wobble;  // above 85%: highlighted
  if (name.rfind("utilisation.", 0) == 0 || name.rfind("bed_occupancy.", 0) == 0) return 0.5 * wobble;
  if (name.find("stays") != std::string::npos || name == "county_retention" || name == "primary_share" ||
      name.find("within_target") != std::string::npos || name.find("outside_window") != std::string::npos) {
    return 0.8 * wobble;
  }
  return (10.0 + k) * wobble;
}

inline stats::RunResult fixture_run(const scenario::Scenario& s) {
  stats::RunResult run;
  run.scenario = s.name;
  run.source_file = s.source_file;
  run.seed = s.seed;
  run.replications = s.replications;
  run.horizon = s.horizon;
  run.warmup = s.warmup;
  run.version = "0.1.0";
  run.threads = 2;
  run.wall_seconds = 1.5;
  const auto names = documented_metric_names(s);
  for (int r = 0; r < s.replications; ++r) {
    stats::ReplicationResult rep;
    rep.replication = r;
    rep.seed = 1000 + static_cast<std::uint64_t>(r);
    rep.events = 50000 + static_cast<std::uint64_t>(r);
    rep.wall_seconds = 0.3;
    rep.patients = {1000, 990 - static_cast<std::uint64_t>(r), 4, 6 + static_cast<std::uint64_t>(r)};
    for (std::size_t k = 0; k < names.size(); ++k) rep.metrics.push_back({names[k], fixture_value(names[k], static_cast<int>(k), r)});
    for (const auto& f : s.facilities) {
      stats::FacilityResult fr;
      fr.id = f.id;
      fr.tier = scenario::tier_name(f.tier);
      fr.visits = 100 + static_cast<std::uint64_t>(r);
      fr.resolved = 90;
      fr.referred_up = 10;
      fr.referred_down = f.tier == scenario::Tier::kCounty ? 5 : 0;
      fr.left_unseen = 1;
      fr.blocked_admissions = 2;
      fr.mean_wait = 3.5 + r;
      fr.utilisation = rep.metric("utilisation." + f.id);  // the same value as the metric
      fr.bed_occupancy = f.beds > 0 ? 0.5 : std::numeric_limits<double>::quiet_NaN();
      fr.expert_patients = 3;
      fr.server_hours = 1000;
      if (s.policy.remote_consult) {
        fr.remote_consult = f.tier == scenario::Tier::kCounty ? stats::RemoteConsultCounts{0, 0, 40}
                                                                : stats::RemoteConsultCounts{8, 5, 0};
      }
      rep.facilities.push_back(fr);
    }
    for (std::size_t i = 3; i < s.facilities.size(); ++i) {
      rep.flows.push_back({s.facilities[i].id, s.facilities[i].parent, 20 + i, 0});
    }
    rep.flows.push_back({"t1", "county", 60, 0});
    rep.flows.push_back({"t2<b>&\"x,y", "county", 40, 0});
    rep.flows.push_back({"county", "t1", 0, 12});
    rep.histograms.push_back({"green_channel.stemi.door_to_treatment", 5, {0, 1, 3, 6, 8, 9, 7, 5, 4, 3, 2, 2, 1, 1}});
    rep.histograms.push_back({"green_channel.stemi.fmc_to_treatment", 5, {0, 0, 0, 1, 2, 4, 6, 8, 9, 9, 7, 6, 5, 4, 2, 1}});
    run.events += rep.events;
    run.reps.push_back(std::move(rep));
  }
  run.metrics = stats::summarise_metrics(run.reps);
  return run;
}

inline analytic::Analysis fixture_analysis(const scenario::Scenario& s) {
  analytic::Analysis a;
  for (const auto& f : s.facilities) {
    analytic::FacilityEstimate e;
    e.id = f.id;
    e.tier = scenario::tier_name(f.tier);
    e.servers = f.servers;
    e.utilisation = f.id == "county" ? 0.2 : 0.5;  // county misses the simulated CI on purpose
    e.offered_load = e.utilisation * f.servers;
    e.expected_wait_minutes = 2.5;
    e.method = "erlang-c";
    a.facilities.push_back(e);
  }
  a.warnings.push_back("facility <unstable> has utilisation 1.2");
  return a;
}

}  // namespace tiersim::testing
