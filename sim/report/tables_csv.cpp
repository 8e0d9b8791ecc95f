#include "tiersim/report/tables_csv.hpp"

#include <fmt/format.h>

#include "tiersim/report/format.hpp"

namespace tiersim::report {

std::string replications_csv(const stats::RunResult& run) {
  std::string out = "scenario,replication,metric,value\n";
  const std::string scenario = csv_field(run.scenario);
  for (const auto& r : run.reps) {
    for (const auto& m : r.metrics) {
      fmt::format_to(std::back_inserter(out), "{},{},{},{}\n", scenario, r.replication, csv_field(m.name),
                     csv_number(m.value));
    }
  }
  return out;
}

std::string facilities_csv(const stats::RunResult& run) {
  // Remote-consult columns only when the policy is configured: other runs' files stay as they were.
  const bool consults = !run.reps.empty() && !run.reps.front().facilities.empty() &&
                        run.reps.front().facilities.front().remote_consult.has_value();
  std::string out =
      "scenario,replication,facility,tier,visits,resolved,referred_up,referred_down,left_unseen,"
      "blocked_admissions,mean_wait,utilisation,bed_occupancy,expert_patients";
  if (consults) out += ",consults_asked,referrals_avoided,consults_answered";
  // Outreach columns only when the scenario has outreach events, so other files stay as they were.
  const bool outreach = !run.reps.empty() && !run.reps.front().facilities.empty() &&
                        run.reps.front().facilities.front().outreach.has_value();
  out += outreach ? ",outreach_events,outreach_served,outreach_referred,outreach_home_hours_lost\n" : "\n";
  const std::string scenario = csv_field(run.scenario);
  for (const auto& r : run.reps) {
    for (const auto& f : r.facilities) {
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{},{},{}", scenario, r.replication,
                     csv_field(f.id), csv_field(f.tier), f.visits, f.resolved, f.referred_up, f.referred_down,
                     f.left_unseen, f.blocked_admissions, csv_number(f.mean_wait), csv_number(f.utilisation),
                     csv_number(f.bed_occupancy), f.expert_patients);
      if (consults) {
        const auto c = f.remote_consult.value_or(stats::RemoteConsultCounts{});
        fmt::format_to(std::back_inserter(out), ",{},{},{}", c.asked, c.avoided, c.answered);
      }
      if (outreach) {
        const stats::FacilityOutreach o = f.outreach.value_or(stats::FacilityOutreach{});
        fmt::format_to(std::back_inserter(out), ",{},{},{},{}", o.events, o.served, o.referred,
                       csv_number(o.home_hours_lost));
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace tiersim::report
