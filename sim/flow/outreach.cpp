// Outreach events (sim/flow/README.md, "Outreach events").
#include "flow/outreach.hpp"

#include "flow/model.hpp"

namespace tiersim::flow {

Outreach::Outreach(const Core& m) {
  const auto& entries = m.s.policy.outreach;
  if (entries.empty()) return;  // nothing to keep: a scenario without outreach pays nothing
  rng_.reserve(entries.size());  // never grows: trips hold pointers to these streams
  for (std::size_t e = 0; e < entries.size(); ++e) rng_.push_back(m.streams.stream("outreach", e));
  departures_.assign(entries.size(), 0);
  attendees_.assign(entries.size(), 0);
  per_facility_.resize(m.s.facilities.size());
}

void Outreach::start(Model& m) {
  const auto& entries = m.s.policy.outreach;
  for (std::size_t e = 0; e < entries.size(); ++e) {
    if (entries[e].first < m.end) m.calendar.schedule(entries[e].first, kOutreachDepart, static_cast<std::uint32_t>(e));
  }
}

std::uint32_t Outreach::new_event() {
  for (std::uint32_t i = 0; i < events_list_.size(); ++i) {
    if (events_list_[i].free) {
      events_list_[i] = Event{};
      events_list_[i].free = false;
      return i;
    }
  }
  events_list_.push_back(Event{});
  events_list_.back().free = false;
  return static_cast<std::uint32_t>(events_list_.size() - 1);
}

void Outreach::on_depart(Model& m, std::uint32_t entry) {
  const auto& o = m.s.policy.outreach[entry];
  if (m.now + o.every < m.end) m.calendar.schedule(m.now + o.every, kOutreachDepart, entry);
  // Hosts take their turn by departure number, counted from the first departure of the run
  // (warm-up included), whether or not a team could leave.
  const FacilityIndex host = o.to[departures_[entry]++ % o.to.size()];
  const std::uint32_t ev = new_event();
  events_list_[ev].entry = entry;
  events_list_[ev].host = host;
  ExpertVisits::Team team;
  team.from = o.from;
  team.to = host;
  team.specialty = o.specialty;
  team.level = o.level;
  team.staff = o.staff;
  team.duration = o.duration;
  team.rng = &rng_[entry];
  team.outreach_event = ev;
  if (m.visits.send_team(m, team) == 0) {  // everyone at home is away on visits: no event
    events_list_[ev].free = true;
    return;
  }
  if (m.counting()) {
    ++events_;
    ++per_facility_[host].events;
  }
}

void Outreach::on_team_arrived(Model& m, std::uint32_t event) {
  auto& ev = events_list_[event];
  ev.opened = m.now;
  if (m.s.policy.outreach[ev.entry].per_event > 0) {
    m.calendar.schedule(m.now, kOutreachAttendee, event);
  } else {
    ev.free = true;
  }
}

std::uint32_t Outreach::draw_condition(const Core& m, std::uint32_t entry) {
  const auto& shares = m.s.policy.outreach[entry].conditions;
  const double u = rng_[entry].uniform01();
  double cumulative = 0;
  for (const auto& sh : shares) {
    cumulative += sh.share;
    if (u < cumulative) return sh.condition;
  }
  // Rounding left u above the last sum: the last condition with a share.
  for (auto it = shares.rbegin(); it != shares.rend(); ++it) {
    if (it->share > 0) return it->condition;
  }
  return shares.back().condition;
}

void Outreach::on_attendee(Model& m, std::uint32_t event) {
  auto& ev = events_list_[event];
  const auto& o = m.s.policy.outreach[ev.entry];
  const std::uint32_t c = draw_condition(m, ev.entry);
  const std::uint64_t number = attendees_[ev.entry]++;
  const FacilityIndex host = ev.host;
  ++ev.arrived;
  if (ev.arrived < o.per_event) {
    // Evenly over the event: attendee k at opened + k x duration / per_event.
    m.calendar.schedule(ev.opened + o.duration * ev.arrived / o.per_event, kOutreachAttendee, event);
  } else {
    ev.free = true;
  }

  // An attendee is a patient whose home is the host and whose first door is the event: no
  // route at onset (they came to the event), otherwise every rule of a visit applies.
  const std::uint32_t slot = create_patient(m, m.streams.seed("outreach-patient", ev.entry, number), host, c);
  Patient& p = m.patients[slot];
  p.outreach = kAttendeeWaiting;
  m.trace(slot, host, TraceEvent::kCreated);
  m.service.on_arrive_door(m, slot);
}

}  // namespace tiersim::flow
