// Remote consultation (sim/flow/README.md, "Remote consultation").
#include "flow/remote_consult.hpp"

#include "flow/model.hpp"
#include "tiersim/error.hpp"

namespace tiersim::flow {

RemoteConsult::RemoteConsult(const Core& m) {
  const auto& rc = m.s.policy.remote_consult;
  if (!rc) return;  // off: answerer_ stays empty and ask() is one test
  const std::size_t n = m.facilities.size();
  answerer_.assign(n, kNoIndex);
  // The first facility of the answering tier on each consulting facility's referral route.
  for (std::size_t f = 0; f < n; ++f) {
    if (!rc->from[static_cast<std::size_t>(m.tier[f])]) continue;
    FacilityIndex g = m.up[f].to;
    for (std::size_t hops = 0; g != kNoIndex && hops < n; ++hops) {
      if (m.tier[g] == rc->to) {
        answerer_[f] = g;
        break;
      }
      if (tier_index(m.tier[g]) > tier_index(rc->to)) break;
      g = m.up[g].to;
    }
  }
  tally_.resize(n);
  rng_ = m.streams.stream("remote_consult");
}

bool RemoteConsult::ask_covered(Model& m, std::uint32_t slot, FacilityIndex f, bool misjudged) {
  const FacilityIndex g = answerer_[f];
  if (g == kNoIndex) return false;
  const auto& rc = *m.s.policy.remote_consult;
  Patient& p = m.patients[slot];
  const auto& cond = m.s.conditions[p.condition];
  // Beyond reach, outside the consulted specialties, or needing a bed the facility lacks:
  // no specialist's advice lets it keep the patient.
  const bool listed = cond.specialty >= rc.specialties.size() || rc.specialties[cond.specialty];
  if (!listed || cond.required_level > p.level_at_start + rc.reach) return false;
  if (p.needs_admission && m.facilities[f].beds == 0) return false;

  if (pending_.size() <= slot) pending_.resize(m.patients.capacity());
  Pending& c = pending_[slot];
  c.asked = m.now;
  c.to = g;
  c.misjudged = misjudged;
  c.answering = false;
  c.success = rng_.uniform01() < rc.success;
  c.answer = rc.answer.sample(rng_);
  if (m.counting()) {
    ++consults_;
    ++tally_[f].asked;
  }
  // The patient stays at f (p.facility) without a server; the consult queues at g.
  p.state = PatientState::kConsulting;
  m.trace(slot, g, TraceEvent::kConsultAsked);
  auto& gs = m.facilities[g];
  ++gs.waiting;
  gs.queue.push(p.priority, {slot, p.generation});
  m.service.dispatch(m, g);
  return true;
}

void RemoteConsult::start_answer(Model& m, std::uint32_t slot, FacilityIndex g) {
  Patient& p = m.patients[slot];
  Pending& c = pending_[slot];
  auto& gs = m.facilities[g];
  --gs.waiting;
  c.answering = true;
  // The facility's own doctors answer; a visiting expert only when they are all busy.
  p.expert_server = gs.base_busy >= gs.base_capacity;
  if (p.expert_server) {
    ++gs.expert_busy;
  } else {
    ++gs.base_busy;
  }
  m.set_busy(g);
  if (m.counting()) answer_wait_.add(m.now - c.asked);
  m.calendar.schedule(m.now + c.answer, with_hint(kConsultAnswered, g), slot);
}

void RemoteConsult::on_answered(Model& m, std::uint32_t slot) {
  Patient& p = m.patients[slot];
  const Pending& c = pending_[slot];
  const FacilityIndex g = c.to;
  const FacilityIndex f = p.facility;
  auto& gs = m.facilities[g];
  const bool expert = p.expert_server;
  p.expert_server = false;
  if (expert) {
    --gs.expert_busy;
  } else {
    --gs.base_busy;
  }
  TIERSIM_ASSERT(gs.base_busy >= 0 && gs.expert_busy >= 0, "busy server counts are never negative");
  m.set_busy(g);
  if (m.counting()) ++tally_[g].answered;
  m.trace(slot, g, TraceEvent::kConsultAnswered);

  p.state = PatientState::kInService;  // back with the asking doctor's decision
  auto& fs = m.facilities[f];
  if (c.success && p.needs_admission && fs.beds_used >= fs.beds && m.s.policy.when_full == scenario::WhenFull::kRefer) {
    // Advised to keep an inpatient, but every bed is taken: referred as a full facility refers.
    if (m.counting()) {
      ++m.stats.blocked;
      ++fs.counters.blocked;
    }
    m.service.refer_up(m, slot, f);
  } else if (c.success) {
    if (m.counting()) {
      ++avoided_;
      ++tally_[f].avoided;
    }
    m.service.resolve(m, slot, f);
  } else {
    if (c.misjudged && p.counted) ++m.stats.misjudged_referred;
    m.service.refer_up(m, slot, f);
  }
  m.service.server_freed(m, g, expert);
}

void RemoteConsult::add_results(stats::ReplicationResult& r) const {
  if (answerer_.empty()) return;
  r.metrics.push_back({"remote_consult.consults", static_cast<double>(consults_)});
  r.metrics.push_back({"remote_consult.referrals_avoided", static_cast<double>(avoided_)});
  r.metrics.push_back({"remote_consult.answer_wait_minutes.mean", answer_wait_.mean()});
  for (std::size_t f = 0; f < r.facilities.size() && f < tally_.size(); ++f) {
    auto& fr = r.facilities[f];
    fr.remote_consult = stats::RemoteConsultCounts{tally_[f].asked, tally_[f].avoided, tally_[f].answered};
  }
}

}  // namespace tiersim::flow
