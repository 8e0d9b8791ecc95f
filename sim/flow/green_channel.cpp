// The green channel (sim/flow/README.md, "Route at onset" 1 and the green-channel metrics).
#include "flow/green_channel.hpp"

#include "flow/model.hpp"

namespace tiersim::flow {

using scenario::Tier;

bool GreenChannel::at_onset(Model& m, std::uint32_t slot) {
  const auto& gc = m.s.policy.green_channel;
  if (!gc.enabled) return false;
  Patient& p = m.patients[slot];
  const FacilityIndex home = p.home;
  const auto& dest = m.net.nearest_able(home, p.condition);
  if (!dest.exists()) return false;
  p.green = true;
  p.priority = 0;
  p.first_visit = false;
  p.door = m.now;
  p.ecg = m.now + gc.tele_consult.sample(p.rng);
  auto& fc = m.facilities[home].counters;
  if (m.counting()) {
    ++fc.visits;
    m.stats.primary_share.add(tier_index(m.tier[home]) <= tier_index(Tier::kTownship));
  }
  m.trace(slot, home, TraceEvent::kArrive);
  if (dest.to == home) {
    // Pre-alerted by the tele-consult: the team is ready `activation` after it.
    p.state = PatientState::kActivating;
    m.calendar.schedule(p.ecg + gc.activation.sample(p.rng), with_hint(kActivationDone, home), slot);
    return true;
  }
  // Door in at home now, door out when the tele-consult is done.
  if (p.counted) m.stats.green[p.condition].door_in_door_out.add(p.ecg - m.now);
  p.max_dido = p.ecg - m.now;
  m.trace(slot, home, TraceEvent::kGreenChannel);
  p.state = PatientState::kTravelling;
  p.facility = dest.to;
  m.calendar.schedule(p.ecg + m.travel_time(dest, p.rng), with_hint(kArriveDoor, dest.to), slot);
  return true;
}

void GreenChannel::record_treatment(Model& m, const Patient& p, const scenario::TimeCritical& tc) {
  auto& g = m.stats.green[p.condition];
  const double treatment = p.treatment;
  const double d2t = treatment - p.door;
  const double f2t = treatment - p.created;
  ++g.patients;
  g.door_to_treatment.add(d2t);
  g.fmc_to_treatment.add(f2t);
  g.onset_to_treatment.add(treatment - p.onset);
  g.door_to_treatment_bins.add(d2t);
  g.fmc_to_treatment_bins.add(f2t);
  const double ecg = (p.green ? p.ecg : (p.first_service >= 0 ? p.first_service : treatment)) - p.created;
  g.fmc_to_ecg.add(ecg);
  if (tc.targets.door_to_treatment) g.door_within_target.add(d2t <= *tc.targets.door_to_treatment);
  if (tc.targets.fmc_to_treatment) g.fmc_within_target.add(f2t <= *tc.targets.fmc_to_treatment);
  // Reperfusion within target, as a chest-pain centre audits it: a patient treated where
  // they first arrived is judged by door-to-treatment; a transferred one by
  // FMC-to-treatment (against door_to_treatment when no fmc_to_treatment target is set).
  const bool transferred = p.max_dido >= 0;
  const auto& target = transferred && tc.targets.fmc_to_treatment ? tc.targets.fmc_to_treatment
                                                                    : tc.targets.door_to_treatment;
  if (target) g.within_target.add((transferred ? f2t : d2t) <= *target);
  g.outside_window.add(treatment - p.onset > tc.window);
}

}  // namespace tiersim::flow
