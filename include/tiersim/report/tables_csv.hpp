// File: tiersim/report/tables_csv.hpp
// The tidy CSV files of a run, loadable by pandas and R without cleaning: a header line,
// one observation per row, RFC 4180 quoting, `.` decimals, missing values (NaN) as empty
// fields, numbers printed so that they read back to the same double.
//
//   replications.csv  scenario,replication,metric,value          (long format)
//   facilities.csv    scenario,replication,facility,tier,visits,resolved,referred_up,
//                     referred_down,left_unseen,blocked_admissions,mean_wait,utilisation,
//                     bed_occupancy,expert_patients                (mean_wait in minutes;
//                     utilisation and bed_occupancy as shares 0..1); with
//                     policy.remote_consult also consults_asked,referrals_avoided,
//                     consults_answered; with outreach events also outreach_events,
//                     outreach_served,outreach_referred,outreach_home_hours_lost
// Replications are numbered from 0, as in summary.json's `runs`.
#pragma once

#include <string>

#include "tiersim/stats/results.hpp"

namespace tiersim::report {

/// The text of replications.csv: every metric of every replication, in replication order and
/// each replication's metric order.
[[nodiscard]] std::string replications_csv(const stats::RunResult& run);

/// The text of facilities.csv: every facility of every replication.
[[nodiscard]] std::string facilities_csv(const stats::RunResult& run);

}  // namespace tiersim::report
