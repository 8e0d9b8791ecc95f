// Service and referral (sim/flow/README.md, "At a facility").
#include "flow/service.hpp"

#include "flow/model.hpp"
#include "tiersim/error.hpp"

namespace tiersim::flow {

using scenario::Severity;
using scenario::Tier;

void Service::send(Model& m, std::uint32_t slot, const network::Route& route, random::RandomStream& rng) {
  Patient& p = m.patients[slot];
  p.state = PatientState::kTravelling;
  p.facility = route.to;
  m.calendar.schedule(m.now + m.travel_time(route, rng), with_hint(kArriveDoor, route.to), slot);
}

// Flattened, as Arrivals::on_stream is: once per patient and door.
[[gnu::flatten]] void Service::on_arrive_door(Model& m, std::uint32_t slot) {
  Patient& p = m.patients[slot];
  const FacilityIndex f = p.facility;
  const bool first_contact = p.first_visit;
  p.door = m.now;
  if (p.first_visit) {
    p.created = m.now;
    p.first_visit = false;
  }
  if (m.counting()) {
    ++m.facilities[f].counters.visits;
    m.stats.primary_share.add(tier_index(m.tier[f]) <= tier_index(Tier::kTownship));
  }
  m.trace(slot, f, TraceEvent::kArrive);
  if (p.green) {
    m.green.at_door(m, slot);
    return;
  }
  if (first_contact && m.hours.refers_closed_door(m, f)) {
    refer_up(m, slot, f);
    return;
  }
  enqueue(m, slot, f);
}

void Service::on_activation_done(Model& m, std::uint32_t slot) { enqueue(m, slot, m.patients[slot].facility); }

void Service::enqueue(Model& m, std::uint32_t slot, FacilityIndex f) {
  Patient& p = m.patients[slot];
  auto& fs = m.facilities[f];
  p.state = PatientState::kWaiting;
  const bool may_renege = m.reneging.draw_patience(m, p, f);
  ++fs.waiting;
  if (fs.waiting == 1 && fs.open && fs.in_service() < fs.capacity()) {
    start_service(m, slot, f);  // nobody ahead and a server free: the queue is never touched
    return;
  }
  fs.queue.push(p.priority, {slot, p.generation});
  if (may_renege) m.reneging.arm(m, slot, f);
  dispatch(m, f);
}

void Service::dispatch(Model& m, FacilityIndex f) {
  auto& fs = m.facilities[f];
  while (fs.open && fs.waiting > 0 && fs.in_service() < fs.capacity()) {
    std::uint32_t chosen = kNoIndex;
    bool consult = false;  // a remote consult waiting for an answer here, not a patient
    QueueEntry e{};
    while (fs.queue.pop(e)) {
      const Patient& p = m.patients[e.slot];
      if (p.generation != e.generation) continue;
      if (p.state == PatientState::kWaiting && p.facility == f) {
        chosen = e.slot;
        break;
      }
      if (p.state == PatientState::kConsulting && m.consult.queued_at(e.slot, f)) {
        chosen = e.slot;
        consult = true;
        break;
      }
    }
    TIERSIM_ASSERT(chosen != kNoIndex, "a facility's waiting count matches its queue");
    if (consult) {
      m.consult.start_answer(m, chosen, f);
    } else {
      start_service(m, chosen, f);
    }
  }
}

void Service::start_service(Model& m, std::uint32_t slot, FacilityIndex f) {
  Patient& p = m.patients[slot];
  auto& fs = m.facilities[f];
  const auto& cond = m.s.conditions[p.condition];
  --fs.waiting;
  p.state = PatientState::kInService;
  const std::size_t idx = f * m.specialties + cond.specialty;
  // A visiting expert takes the patients of their own specialty first, and others when the
  // facility's own doctors are all busy.
  const bool expert_free = fs.expert_busy < fs.expert_capacity;
  // An outreach attendee takes the visiting team first (README, "Outreach events").
  const bool attendee = p.outreach == kAttendeeWaiting;
  p.expert_server = expert_free && (attendee || m.levels[idx].experts > 0 || fs.base_busy >= fs.base_capacity);
  if (attendee) m.outreach.on_seen(m, p, f);
  if (p.expert_server) {
    ++fs.expert_busy;
    if (m.counting() && !attendee) {
      ++m.stats.expert_patients;
      ++fs.counters.expert_patients;
    }
  } else {
    ++fs.base_busy;
  }
  m.set_busy(f);
  const double wait = m.now - p.door;
  if (m.counting()) {
    const auto bucketed = stats::LogHistogram::value(wait);
    m.stats.wait_by_tier[static_cast<std::size_t>(m.tier[f])].add(bucketed);
    m.stats.wait_by_severity[static_cast<std::size_t>(cond.severity)].add(bucketed);
    fs.counters.wait.add(wait);
  }
  p.level_at_start = static_cast<std::uint8_t>(m.level(f, cond.specialty));
  // Off the green channel the ECG (or first specialist look) is taken at the first facility
  // with any capability in the specialty: a village clinic without one only passes it on.
  if (p.first_service < 0 && p.level_at_start >= 1) p.first_service = m.now;
  p.treatment = m.now + m.green.activation_at_service(m, p, cond);
  m.trace(slot, f, TraceEvent::kServiceStart);
  m.calendar.schedule(p.treatment + cond.service_at(m.tier[f]).sample(p.rng), with_hint(kServiceEnd, f), slot);
}

// Flattened, as Arrivals::on_stream is: once per service.
[[gnu::flatten]] void Service::on_service_end(Model& m, std::uint32_t slot) {
  Patient& p = m.patients[slot];
  const FacilityIndex f = p.facility;
  auto& fs = m.facilities[f];
  const auto& cond = m.s.conditions[p.condition];
  const bool expert = p.expert_server;
  p.expert_server = false;
  if (expert) {
    --fs.expert_busy;
  } else {
    --fs.base_busy;
  }
  TIERSIM_ASSERT(fs.base_busy >= 0 && fs.expert_busy >= 0, "busy server counts are never negative");
  m.set_busy(f);
  m.trace(slot, f, TraceEvent::kServiceEnd);

  const bool can_refer = m.up[f].exists();
  const bool able = p.level_at_start >= cond.required_level && (!p.needs_admission || fs.beds > 0);
  const bool flip = p.rng.uniform01() < m.s.policy.misjudge[static_cast<std::size_t>(m.tier[f])];
  if (able && flip && can_refer) {
    // A referral decided: a remote consult may be asked first (then it decides, later).
    if (!m.consult.ask(m, slot, f, true)) {
      if (p.counted) ++m.stats.misjudged_referred;
      refer_up(m, slot, f);
    }
  } else if (!able && can_refer && (!flip || (p.needs_admission && fs.beds == 0))) {
    // Misjudgement can keep a patient the facility cannot treat, but not admit one where
    // there is no bed: that patient goes up whatever the judgement.
    if (!m.consult.ask(m, slot, f, false)) refer_up(m, slot, f);
  } else if (able && p.needs_admission && fs.beds_used >= fs.beds && can_refer &&
             m.s.policy.when_full == scenario::WhenFull::kRefer) {
    if (m.counting()) {
      ++m.stats.blocked;
      ++fs.counters.blocked;
    }
    refer_up(m, slot, f);
  } else {
    if (!able && flip && can_refer && p.counted) ++m.stats.misjudged_kept;
    resolve(m, slot, f);
  }
  server_freed(m, f, expert);
}

void Service::server_freed(Model& m, FacilityIndex f, bool expert) {
  m.visits.on_server_freed(m, f, expert);
  dispatch(m, f);
}

void Service::resolve(Model& m, std::uint32_t slot, FacilityIndex f) {
  Patient& p = m.patients[slot];
  const auto& cond = m.s.conditions[p.condition];
  const Tier tier = m.tier[f];
  const Tier home_tier = m.tier[p.home];
  ++m.resolved;
  if (m.counting()) ++m.facilities[f].counters.resolved;
  if (p.counted) {
    auto& st = m.stats;
    const int t = tier_index(tier);
    switch (cond.severity) {
      case Severity::kMinor:
        if (home_tier == Tier::kVillage) st.minor_village.add(t == tier_index(Tier::kVillage));
        break;
      case Severity::kModerate:
        if (tier_index(home_tier) <= tier_index(Tier::kTownship)) {
          st.moderate_township.add(t <= tier_index(Tier::kTownship));
        }
        break;
      case Severity::kSevere:
      case Severity::kCritical:
        st.severe_county.add(t <= tier_index(Tier::kCounty));
        break;
    }
    st.county_retention.add(t <= tier_index(Tier::kCounty));
    st.time_in_system[static_cast<std::size_t>(cond.severity)].add(m.now - p.created);
    if (cond.time_critical) m.green.record_treatment(m, p, *cond.time_critical);
  }
  m.trace(slot, f, TraceEvent::kResolved);
  // A top-tier facility without beds (nowhere to refer) treats as an outpatient.
  if (p.needs_admission && m.facilities[f].beds > 0) {
    m.beds.admit(m, slot, f);
  } else {
    finish(m, slot);
  }
}

void Service::refer_up(Model& m, std::uint32_t slot, FacilityIndex f) {
  Patient& p = m.patients[slot];
  if (m.counting()) {
    ++m.stats.referrals_up;
    ++m.facilities[f].counters.referred_up;
  }
  if (m.s.conditions[p.condition].time_critical) m.green.on_transfer(m, p);
  if (p.outreach != kNotOutreach) m.outreach.on_referred(m, p, f);
  m.trace(slot, f, TraceEvent::kReferUp);
  // Along the referral route: one draw of each link's travel time.
  const double t = m.hop_time(f, p.rng);
  const FacilityIndex to = m.up[f].to;
  p.state = PatientState::kTravelling;
  p.facility = to;
  m.calendar.schedule(m.now + t, with_hint(kArriveDoor, to), slot);
}

void Service::leave_unseen(Model& m, std::uint32_t slot, FacilityIndex f) {
  Patient& p = m.patients[slot];
  ++m.left;
  if (m.counting()) ++m.facilities[f].counters.left_unseen;
  if (p.counted) {
    auto& st = m.stats;
    ++st.left_unseen;
    // Someone who left unseen was not looked after at their own tier: the goals count them
    // as not met, and county retention as not resolved at all (it counts resolutions only).
    const auto& cond = m.s.conditions[p.condition];
    const Tier home_tier = m.tier[p.home];
    if (cond.severity == Severity::kMinor && home_tier == Tier::kVillage) st.minor_village.add(false);
    if (cond.severity == Severity::kModerate && tier_index(home_tier) <= tier_index(Tier::kTownship)) {
      st.moderate_township.add(false);
    }
    if (cond.severity == Severity::kSevere || cond.severity == Severity::kCritical) st.severe_county.add(false);
  }
  finish(m, slot);
}

void Service::finish(Model& m, std::uint32_t slot) {
  m.trace(slot, m.patients[slot].facility, TraceEvent::kDischarge);
  m.patients[slot].state = PatientState::kFree;
  m.patients.release(slot);
}

}  // namespace tiersim::flow
