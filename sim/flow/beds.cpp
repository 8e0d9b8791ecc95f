// Beds and step-down (sim/flow/README.md, "At a facility" and "Downward referral").
#include "flow/beds.hpp"

#include <algorithm>

#include "flow/model.hpp"
#include "tiersim/error.hpp"

namespace tiersim::flow {

void Beds::admit(Model& m, std::uint32_t slot, FacilityIndex f) {
  // The patient is resolved: from here on a compact bed-stay record carries them.
  Patient& p = m.patients[slot];
  const auto& cond = m.s.conditions[p.condition];
  const std::uint32_t b = stays_.acquire();
  BedStay& stay = stays_[b];
  stay.id = p.id;
  stay.home = p.home;
  stay.facility = f;
  stay.stay = cond.admission->stay.sample(p.rng);
  if (m.s.policy.step_down && cond.step_down > 0 && m.net.step_down_target(p.home, m.tier[f]) != kNoIndex) {
    stay.stay_left = std::min(stay.stay, cond.step_down);
  }
  p.state = PatientState::kFree;
  m.patients.release(slot);
  auto& fs = m.facilities[f];
  if (fs.beds_used < fs.beds) {
    take_bed(m, b, f);
    return;
  }
  if (m.counting()) {
    ++m.stats.blocked;
    ++fs.counters.blocked;
  }
  fs.bed_queue.push({b, stay.generation});
  m.trace_id(stay.id, f, TraceEvent::kBedWait);
}

void Beds::take_bed(Model& m, std::uint32_t b, FacilityIndex f) {
  auto& fs = m.facilities[f];
  BedStay& stay = stays_[b];
  ++fs.beds_used;
  TIERSIM_ASSERT(fs.beds_used <= fs.beds, "occupied beds never exceed beds");
  m.set_occupied(f);
  stay.in_bed = true;
  stay.facility = f;
  m.trace_id(stay.id, f, TraceEvent::kAdmit);
  m.calendar.schedule(m.now + (stay.stay - stay.stay_left), kBedPhaseEnd, b);
}

void Beds::on_phase_end(Model& m, std::uint32_t b) {
  BedStay& stay = stays_[b];
  const FacilityIndex f = stay.facility;
  if (stay.stay_left > 0) {
    const double rest = stay.stay_left;
    stay.stay_left = 0;
    const FacilityIndex target = m.net.step_down_target(stay.home, m.tier[f]);
    auto& ts = m.facilities[target];
    if (ts.beds_used < ts.beds) {
      release_bed(m, f);
      if (m.counting()) {
        ++m.stats.referrals_down;
        ++m.facilities[f].counters.referred_down;
        m.stats.add_down(f, target);
      }
      // The lower bed is held from the moment of transfer: the ambulance is on its way.
      ++ts.beds_used;
      m.set_occupied(target);
      stay.facility = target;
      m.trace_id(stay.id, target, TraceEvent::kStepDown);
    } else if (m.counting()) {
      ++m.stats.step_down_skipped;
    }
    m.calendar.schedule(m.now + rest, kBedPhaseEnd, b);
    return;
  }
  release_bed(m, f);
  m.trace_id(stay.id, f, TraceEvent::kDischarge);
  stays_.release(b);
}

void Beds::release_bed(Model& m, FacilityIndex f) {
  auto& fs = m.facilities[f];
  --fs.beds_used;
  TIERSIM_ASSERT(fs.beds_used >= 0, "occupied beds are never negative");
  m.set_occupied(f);
  while (!fs.bed_queue.empty()) {
    const QueueEntry e = fs.bed_queue.pop();
    if (stays_.live(e.slot) && stays_[e.slot].generation == e.generation && !stays_[e.slot].in_bed) {
      take_bed(m, e.slot, f);
      return;
    }
  }
}

}  // namespace tiersim::flow
