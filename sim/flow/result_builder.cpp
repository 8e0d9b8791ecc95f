// Turns a replication's counters into stats::ReplicationResult: the flat metric names of
// docs/CLI.md and sim/flow/README.md, per-facility results, flows and histograms. Also the
// end-of-run conservation check.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "flow/replication.hpp"
#include "tiersim/error.hpp"

namespace tiersim::flow {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

stats::ReplicationResult Replication::build_result(double wall_seconds) {
  const auto& s = m_.s;
  const auto& st = m_.stats;
  stats::ReplicationResult r;
  r.replication = m_.replication;
  r.seed = m_.streams.seed("replication");
  r.events = m_.events;
  r.wall_seconds = wall_seconds;

  // Conservation: every patient created is resolved, gone unseen, or still here.
  const std::uint64_t in_system = m_.created - m_.resolved - m_.left;
  // Resolved inpatients live in bed-stay records, so every patient record still in use is
  // a patient not yet resolved.
  const std::uint64_t unresolved_live = m_.patients.live();
  TIERSIM_ASSERT(m_.resolved + m_.left <= m_.created && unresolved_live == in_system,
                 "patients created = resolved + left unseen + in system");
  r.patients = {m_.created, m_.resolved, m_.left, in_system};

  // Visits still away at the end count their time away up to the end.
  m_.visits.close_accounts(m_);

  auto& m = r.metrics;
  auto add = [&m](std::string name, double value) { m.push_back({std::move(name), value}); };
  add("minor_stays_in_village", st.minor_village.share());
  add("moderate_stays_in_township", st.moderate_township.share());
  add("severe_stays_in_county", st.severe_county.share());
  add("county_retention", st.county_retention.share());
  add("primary_share", st.primary_share.share());
  add("referrals_up", static_cast<double>(st.referrals_up));
  add("referrals_down", static_cast<double>(st.referrals_down));
  add("bypass", static_cast<double>(st.bypass));
  add("out_of_county", static_cast<double>(st.out_of_county));
  add("left_unseen", static_cast<double>(st.left_unseen));
  add("misjudged_kept", static_cast<double>(st.misjudged_kept));
  add("misjudged_referred", static_cast<double>(st.misjudged_referred));
  add("blocked_admissions", static_cast<double>(st.blocked));
  add("step_down_skipped", static_cast<double>(st.step_down_skipped));
  auto add_waits = [&](const std::string& prefix, const stats::LogHistogram& h) {
    add(prefix + ".mean", h.mean());
    add(prefix + ".p50", h.quantile(0.50));
    add(prefix + ".p90", h.quantile(0.90));
    add(prefix + ".p99", h.quantile(0.99));
  };
  for (int t = 0; t < scenario::kTierCount; ++t) {
    add_waits(fmt::format("wait_minutes.{}", scenario::tier_name(static_cast<scenario::Tier>(t))),
              st.wait_by_tier[static_cast<std::size_t>(t)]);
  }
  for (int sv = 0; sv < scenario::kSeverityCount; ++sv) {
    add_waits(fmt::format("wait_minutes.{}", scenario::severity_name(static_cast<scenario::Severity>(sv))),
              st.wait_by_severity[static_cast<std::size_t>(sv)]);
  }
  for (int sv = 0; sv < scenario::kSeverityCount; ++sv) {
    add(fmt::format("time_in_system_minutes.{}.mean", scenario::severity_name(static_cast<scenario::Severity>(sv))),
        st.time_in_system[static_cast<std::size_t>(sv)].mean());
  }

  const double window = m_.end - m_.warmup_end;
  r.facilities.reserve(s.facilities.size());
  for (std::size_t f = 0; f < s.facilities.size(); ++f) {
    const auto& fac = s.facilities[f];
    const auto& fs = m_.facilities[f];
    const auto& fc = m_.facilities[f].counters;
    const double available = fs.available.area_until(m_.end);
    const double utilisation = available > 0 ? fs.busy.area_until(m_.end) / available : kNaN;
    const double occupancy = fs.beds > 0 && window > 0 ? fs.occupied.area_until(m_.end) / (fs.beds * window) : kNaN;
    add("utilisation." + fac.id, utilisation);
    if (fs.beds > 0) add("bed_occupancy." + fac.id, occupancy);
    stats::FacilityResult fr;
    fr.id = fac.id;
    fr.tier = scenario::tier_name(fac.tier);
    fr.visits = fc.visits;
    fr.resolved = fc.resolved;
    fr.referred_up = fc.referred_up;
    fr.referred_down = fc.referred_down;
    fr.left_unseen = fc.left_unseen;
    fr.blocked_admissions = fc.blocked;
    fr.mean_wait = fc.wait.mean();
    fr.utilisation = utilisation;
    fr.bed_occupancy = occupancy;
    fr.expert_patients = fc.expert_patients;
    fr.server_hours = available / kHour;
    r.facilities.push_back(std::move(fr));
  }

  // Referrals up by the tier of the facility that referred: the figures alliances publish
  // (上转) count a tier's referrals, e.g. townships' to the county hospital.
  {
    std::array<double, scenario::kTierCount> from{};
    for (const auto& fr : r.facilities) {
      if (const auto t = scenario::parse_tier(fr.tier)) from[static_cast<std::size_t>(*t)] += static_cast<double>(fr.referred_up);
    }
    for (int t = 0; t < scenario::kTierCount; ++t) {
      add(fmt::format("referrals_from.{}", scenario::tier_name(static_cast<scenario::Tier>(t))), from[static_cast<std::size_t>(t)]);
    }
  }

  for (std::size_t c = 0; c < s.conditions.size(); ++c) {
    const auto& cond = s.conditions[c];
    if (!cond.time_critical) continue;
    const auto& g = st.green[c];
    const std::string p = "green_channel." + cond.name + ".";
    add(p + "fmc_to_ecg_mean", g.fmc_to_ecg.mean());
    add(p + "door_to_treatment_mean", g.door_to_treatment.mean());
    add(p + "door_in_door_out_mean", g.door_in_door_out.mean());
    add(p + "fmc_to_treatment_mean", g.fmc_to_treatment.mean());
    add(p + "onset_to_treatment_mean", g.onset_to_treatment.mean());
    add(p + "within_target", g.within_target.share());
    add(p + "door_to_treatment_within_target", g.door_within_target.share());
    add(p + "fmc_to_treatment_within_target", g.fmc_within_target.share());
    add(p + "outside_window", g.outside_window.share());
    add(p + "patients", static_cast<double>(g.patients));
    r.histograms.push_back({p + "door_to_treatment", BinCounter::kWidth, g.door_to_treatment_bins.counts});
    r.histograms.push_back({p + "fmc_to_treatment", BinCounter::kWidth, g.fmc_to_treatment_bins.counts});
  }

  add("expert_visits.visits", static_cast<double>(st.expert_visits));
  add("expert_visits.patients_seen", static_cast<double>(st.expert_patients));
  add("expert_visits.home_server_hours_lost", st.home_server_minutes_lost / kHour);
  m_.consult.add_results(r);
  if (!s.policy.outreach.empty()) {  // only when configured: files of scenarios without it stay as they were
    add("outreach.events", static_cast<double>(m_.outreach.events()));
    add("outreach.people_served", static_cast<double>(m_.outreach.served()));
    add("outreach.referred", static_cast<double>(m_.outreach.referred()));
    add("outreach.home_server_hours_lost", m_.outreach.home_minutes_lost() / kHour);
    const auto& totals = m_.outreach.per_facility();
    for (std::size_t f = 0; f < r.facilities.size(); ++f) {
      auto& fr = r.facilities[f];
      fr.outreach = stats::FacilityOutreach{totals[f].events, totals[f].served, totals[f].referred,
                                            totals[f].home_minutes_lost / kHour};
    }
  }
  add("patients.created", static_cast<double>(m_.created));
  add("patients.resolved", static_cast<double>(m_.resolved));
  add("patients.left_unseen", static_cast<double>(m_.left));
  add("patients.in_system", static_cast<double>(in_system));

  // Flows in a fixed order (by sending facility, then receiving), for byte-identical outputs.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> down(st.down.begin(), st.down.end());
  std::sort(down.begin(), down.end());
  std::size_t d = 0;
  for (std::size_t f = 0; f < s.facilities.size(); ++f) {
    const auto& up = m_.net.referral(static_cast<FacilityIndex>(f));
    const std::uint64_t up_count = m_.facilities[f].counters.referred_up;
    bool up_written = up_count == 0;
    for (; d < down.size() && (down[d].first >> 32) == f; ++d) {
      const auto to = static_cast<FacilityIndex>(down[d].first & 0xffffffffULL);
      std::uint64_t ups = 0;
      if (!up_written && up.to == to) {
        ups = up_count;
        up_written = true;
      }
      r.flows.push_back({s.facilities[f].id, s.facilities[to].id, ups, down[d].second});
    }
    if (!up_written) r.flows.push_back({s.facilities[f].id, s.facilities[up.to].id, up_count, 0});
  }

  r.in_system_series.reserve(in_system_samples_.size());
  for (std::size_t i = 0; i < in_system_samples_.size(); ++i) {
    r.in_system_series.emplace_back(static_cast<double>(i) * m_.options.sample_every, in_system_samples_[i]);
  }
  return r;
}

}  // namespace tiersim::flow
