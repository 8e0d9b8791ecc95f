// File: tiersim/stats/results.hpp
// What one replication produces and what a run summarises: the contract between the flow
// model (which fills ReplicationResult), the reports, `compare` and `sweep`.
//
// Metrics are a flat, ordered list of (name, value) using the names of docs/CLI.md
// (`wait_minutes.village.p90`, `utilisation.county`, ...). A value that has no meaning in a
// replication (a share of zero episodes) is NaN; summaries skip NaN values and report n.
//
// Intervals within range: a metric's summary is the mean of the replications and the
// Student-t 95% interval around it, clamped to the values the metric can take, which its name
// says (metric_range.hpp): shares, utilisation and occupancy to [0, 1], counts, waits and
// times to [0, inf). A count seen in one replication of two gives 0.5 [0, 1.41], not
// [-0.41, 1.41]; a share of 0.998 gives [0.995, 1], never above 1. The mean is never moved.
// The clamp happens in summarise_metrics() only, so summary.json, report.html, the terminal
// and comparison.json's arms agree; paired differences (compare) are not clamped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tiersim/stats/metric_range.hpp"

namespace tiersim::stats {

struct Metric {
  std::string name;
  double value = 0;
};

/// Remote consultation at one facility (present only when `policy.remote_consult` is set).
struct RemoteConsultCounts {
  std::uint64_t asked = 0;      ///< consults this facility asked
  std::uint64_t avoided = 0;    ///< of those, cases then treated here instead of referred
  std::uint64_t answered = 0;   ///< consults this facility answered
};

/// Per facility, one replication, after warm-up.
/// A facility's part in outreach events (policy.outreach), after warm-up.
struct FacilityOutreach {
  std::uint64_t events = 0;       ///< events hosted
  std::uint64_t served = 0;       ///< attendees seen here
  std::uint64_t referred = 0;     ///< attendees referred up from here after being seen
  double home_hours_lost = 0;     ///< server-hours lost as a team's home
};

struct FacilityResult {
  std::string id;
  std::string tier;              ///< "village", ...
  std::uint64_t visits = 0;      ///< arrivals at the door (first contact, referral, bypass, green channel)
  std::uint64_t resolved = 0;    ///< episodes given definitive treatment here
  std::uint64_t referred_up = 0;
  std::uint64_t referred_down = 0;  ///< step-down transfers out of this facility
  std::uint64_t left_unseen = 0;
  std::uint64_t blocked_admissions = 0;  ///< admissions that found no free bed
  double mean_wait = 0;          ///< minutes, over visits that started service (NaN if none)
  double utilisation = 0;        ///< busy server-time / available server-time, 0..1
  double bed_occupancy = 0;      ///< occupied bed-time / bed-time, 0..1 (NaN if no beds)
  std::uint64_t expert_patients = 0;  ///< patients seen by visiting experts here
  double server_hours = 0;       ///< server-time available while open (own and visiting), hours
  std::optional<RemoteConsultCounts> remote_consult;
  std::optional<FacilityOutreach> outreach;  ///< only when the scenario has outreach events
};

/// Patient movements between two facilities, one replication, after warm-up.
struct FlowResult {
  std::string from;
  std::string to;
  std::uint64_t up = 0;        ///< referrals up (including bypass and green channel)
  std::uint64_t down = 0;      ///< step-down transfers
};

/// A fixed-bin histogram of a duration (minutes): counts[i] covers [i*width, (i+1)*width),
/// the last bin everything above.
struct Histogram {
  std::string name;            ///< e.g. "green_channel.stemi.door_to_treatment"
  double bin_width = 5;
  std::vector<std::uint64_t> counts;
};

struct Conservation {
  std::uint64_t created = 0;      ///< patients created during the whole run (warm-up included)
  std::uint64_t resolved = 0;
  std::uint64_t left_unseen = 0;
  std::uint64_t in_system = 0;    ///< still somewhere at the end of the horizon
};

struct ReplicationResult {
  int replication = 0;
  std::uint64_t seed = 0;         ///< the replication's derived stream seed, for the record
  std::uint64_t events = 0;       ///< events executed
  double wall_seconds = 0;
  Conservation patients;
  std::vector<Metric> metrics;
  std::vector<FacilityResult> facilities;
  std::vector<FlowResult> flows;
  std::vector<Histogram> histograms;
  /// Patients in system sampled at regular times (for warm-up analysis): (minutes, count).
  std::vector<std::pair<double, double>> in_system_series;

  /// The value of a metric, or NaN when absent.
  [[nodiscard]] double metric(std::string_view name) const noexcept;
};

/// Mean and 95% confidence interval of one metric over replications.
struct MetricSummary {
  std::string name;
  double mean = 0;
  double lo = 0;
  double hi = 0;
  int n = 0;                      ///< replications with a finite value
};

/// A whole run of one scenario: its identity, every replication (in replication order,
/// whatever the thread count) and the summaries.
struct RunResult {
  std::string scenario;           ///< Scenario::name
  std::string source_file;
  std::uint64_t seed = 0;         ///< master seed
  int replications = 0;
  double horizon = 0;             ///< minutes after warm-up
  double warmup = 0;              ///< minutes
  std::string version;            ///< tiersim version
  int threads = 1;
  double wall_seconds = 0;
  std::uint64_t events = 0;       ///< summed over replications
  std::vector<ReplicationResult> reps;
  std::vector<MetricSummary> metrics;
};

/// Mean and Student-t 95% CI of the finite values (n < 2: the interval is [mean, mean]), the
/// interval's ends clamped to `range` (default: unbounded; the mean is not clamped).
[[nodiscard]] MetricSummary summarise(std::string name, const std::vector<double>& values, ValueRange range = kUnbounded);

/// Two-sided Student-t quantile t_{1-alpha/2, df} (df >= 1).
[[nodiscard]] double student_t_quantile(double confidence, int df);

/// Summaries of every metric, in the order of the first replication's list, each interval
/// clamped to value_range(metric_kind(name)).
[[nodiscard]] std::vector<MetricSummary> summarise_metrics(const std::vector<ReplicationResult>& reps);

}  // namespace tiersim::stats
