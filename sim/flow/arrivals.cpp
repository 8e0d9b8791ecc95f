// Arrivals and the route at onset (sim/flow/README.md, "Arrivals", "Route at onset").
#include "flow/arrivals.hpp"

#include <algorithm>
#include <cmath>

#include "flow/model.hpp"

namespace tiersim::flow {

using scenario::Tier;

Arrivals::Arrivals(const Core& m) {
  const auto& s = m.s;
  const double mean_multiplier = s.arrivals.mean_multiplier();
  peak_multiplier_ = s.arrivals.max_multiplier();
  flat_profile_ = peak_multiplier_ == mean_multiplier;
  double incidence = 0;  // per person per minute, all conditions
  for (std::size_t c = 0; c < s.conditions.size(); ++c) {
    const double rate = s.conditions[c].per_1000_per_year / 1000.0 / kYear;
    if (rate <= 0) continue;
    incidence += rate;
    condition_of_.push_back(static_cast<std::uint32_t>(c));
    condition_cdf_.push_back(incidence);
  }
  for (double& x : condition_cdf_) x /= incidence;
  if (!condition_cdf_.empty()) condition_cdf_.back() = 1.0;
  if (incidence <= 0 || mean_multiplier <= 0) return;
  for (std::size_t f = 0; f < s.facilities.size(); ++f) {
    const auto& fac = s.facilities[f];
    if (fac.population <= 0) continue;
    Stream st;
    st.facility = static_cast<FacilityIndex>(f);
    // The profile multiplies the rate; its weekly mean is normalised so that the incidence
    // written in the file is the yearly total whatever the profile's shape.
    st.peak_rate = fac.population * incidence * peak_multiplier_ / mean_multiplier;
    st.rng = m.streams.stream("arrivals", f);
    st.patient_seed_prefix = m.streams.prefix("patient", f);
    // Looked up once here rather than at every arrival (the route itself only when used).
    st.may_leave_county = tier_index(fac.tier) < tier_index(Tier::kRegional) &&
                          m.net.nearest_of_tier(st.facility, Tier::kRegional).exists();
    streams_.push_back(st);
  }
}

void Arrivals::start(Model& m) {
  for (std::uint32_t i = 0; i < streams_.size(); ++i) schedule_next(m, i);
}

void Arrivals::schedule_next(Model& m, std::uint32_t stream) {
  auto& st = streams_[stream];
  // Thinning (Lewis and Shedler): candidates at the peak rate, each kept with probability
  // multiplier(t) / peak. Rejected candidates cost two draws and no event.
  double t = m.now;
  for (;;) {
    t += -std::log(st.rng.uniform_open0()) / st.peak_rate;
    if (t > m.end) return;
    if (flat_profile_ || st.rng.uniform01() * peak_multiplier_ < m.s.arrivals.multiplier(t)) break;
  }
  m.calendar.schedule(t, with_hint(kArrivalStream, st.facility), stream);
}

std::uint32_t create_patient(Model& m, std::uint64_t seed, FacilityIndex home, std::uint32_t condition) {
  const std::uint32_t slot = m.patients.acquire();
  Patient& p = m.patients[slot];
  const auto& cond = m.s.conditions[condition];
  p.rng = random::RandomStream(seed);
  p.id = m.created++;
  p.created = m.now;
  p.home = home;
  p.facility = home;
  p.condition = condition;
  p.counted = m.counting();
  p.priority = static_cast<std::uint8_t>(kPriorityLevels - 1 - static_cast<int>(cond.severity));
  p.needs_admission = cond.admission && p.rng.bernoulli(cond.admission->probability);
  p.onset = m.now;
  if (cond.time_critical) p.onset = m.now - cond.time_critical->onset_to_contact.sample(p.rng);
  return slot;
}

// Flattened (every call it makes inlined): it runs once per patient, and the calls between
// the mechanisms it reaches cost about a tenth of the instructions (bench/README, fifth round).
[[gnu::flatten]] void Arrivals::on_stream(Model& m, std::uint32_t stream) {
  auto& st = streams_[stream];
  const double u = st.rng.uniform01();
  const auto pick = static_cast<std::size_t>(std::upper_bound(condition_cdf_.begin(), condition_cdf_.end(), u) -
                                             condition_cdf_.begin());
  const std::uint32_t c = condition_of_[std::min(pick, condition_of_.size() - 1)];
  const FacilityIndex home = st.facility;
  const std::uint64_t number = st.count++;
  schedule_next(m, stream);

  const std::uint32_t slot = create_patient(m, random::combine(st.patient_seed_prefix, number), home, c);
  Patient& p = m.patients[slot];
  const auto& cond = m.s.conditions[c];
  // Route draws are made whatever the policy, so both arms of a comparison stay aligned.
  const double u_out = p.rng.uniform01();
  const double u_bypass = p.rng.uniform01();
  m.trace(slot, home, TraceEvent::kCreated);

  if (cond.time_critical && m.green.at_onset(m, slot)) return;
  const auto sev = static_cast<std::size_t>(cond.severity);
  const Tier home_tier = m.tier[home];
  const auto& policy = m.s.policy;
  // out_of_county and bypass are both shares of all the severity's patients (their sum is at
  // most 1): those who did not leave the county bypass with probability bypass / (1 - out).
  double out = 0;
  if (st.may_leave_county) {
    out = policy.out_of_county[sev];
    if (u_out < out) {
      if (p.counted) ++m.stats.out_of_county;
      m.trace(slot, home, TraceEvent::kBypass);
      m.service.send(m, slot, m.net.nearest_of_tier(home, Tier::kRegional), p.rng);
      return;
    }
  }
  if (tier_index(home_tier) < tier_index(Tier::kCounty) && u_bypass * (1.0 - out) < policy.bypass[sev]) {
    const auto& r = m.net.nearest_of_tier(home, Tier::kCounty);
    if (r.exists()) {
      if (p.counted) ++m.stats.bypass;
      m.trace(slot, home, TraceEvent::kBypass);
      m.service.send(m, slot, r, p.rng);
      return;
    }
  }
  m.service.on_arrive_door(m, slot);
}

}  // namespace tiersim::flow
