// Expert visits (sim/flow/README.md, "Expert visits").
#include "flow/expert_visits.hpp"

#include <algorithm>

#include "flow/model.hpp"

namespace tiersim::flow {

ExpertVisits::ExpertVisits(const Core& m) {
  const std::size_t n = m.s.facilities.size();
  owed_home_.resize(n);
  owed_host_.resize(n);
  visit_minutes_.assign(n * m.specialties, 0.0);
  const auto& visits = m.s.policy.expert_visits;
  rng_.reserve(visits.size());
  for (std::size_t v = 0; v < visits.size(); ++v) rng_.push_back(m.streams.stream("visits", v));
}

void ExpertVisits::start(Model& m) {
  const auto& visits = m.s.policy.expert_visits;
  for (std::size_t v = 0; v < visits.size(); ++v) {
    if (visits[v].first < m.end) m.calendar.schedule(visits[v].first, kVisitDepart, static_cast<std::uint32_t>(v));
  }
}

std::uint32_t ExpertVisits::new_instance() {
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    if (instances_[i].free) {
      instances_[i] = Instance{};
      instances_[i].free = false;
      return i;
    }
  }
  instances_.push_back(Instance{});
  instances_.back().free = false;
  return static_cast<std::uint32_t>(instances_.size() - 1);
}

void ExpertVisits::on_depart(Model& m, std::uint32_t schedule) {
  const auto& v = m.s.policy.expert_visits[schedule];
  if (m.now + v.every < m.end) m.calendar.schedule(m.now + v.every, kVisitDepart, schedule);
  Instance trip;
  trip.schedule = schedule;
  trip.from = v.from;
  trip.to = v.to;
  trip.specialty = v.specialty;
  trip.duration = v.duration;
  trip.rng = &rng_[schedule];
  if (depart(m, trip, v.experts) != kNoIndex && m.counting()) ++m.stats.expert_visits;
}

int ExpertVisits::send_team(Model& m, const Team& team) {
  Instance trip;
  trip.from = team.from;
  trip.to = team.to;
  trip.specialty = team.specialty;
  trip.duration = team.duration;
  trip.rng = team.rng;
  trip.outreach_event = team.outreach_event;
  trip.level = team.level;
  trip.outreach = true;
  const std::uint32_t i = depart(m, trip, team.staff);
  return i == kNoIndex ? 0 : instances_[i].experts;
}

std::uint32_t ExpertVisits::depart(Model& m, const Instance& trip, int wanted) {
  auto& home = m.facilities[trip.from];
  const int taken = std::min(wanted, home.base_capacity);
  if (taken <= 0) return kNoIndex;  // nobody at home to send
  const std::uint32_t i = new_instance();
  auto& inst = instances_[i];
  inst = trip;
  inst.free = false;
  inst.departed = m.now;
  inst.experts = taken;
  home.base_capacity -= taken;
  m.set_available(trip.from);
  // Doctors busy with a patient finish first; only the idle ones leave now.
  const int excess = std::max(0, home.base_busy - home.base_capacity - home.departing_owed);
  inst.owed = std::min(taken, excess);
  if (inst.owed == 0) {
    travel(m, i, true);
  } else {
    home.departing_owed += inst.owed;
    owed_home_[trip.from].push_back(i);
  }
  return i;
}

void ExpertVisits::travel(Core& m, std::uint32_t i, bool to_host) {
  const auto& inst = instances_[i];
  const auto& route = to_host ? m.net.route(inst.from, inst.to) : m.net.route(inst.to, inst.from);
  m.calendar.schedule(m.now + m.travel_time(route, *inst.rng), to_host ? kVisitArrive : kVisitReturn, i);
}

void ExpertVisits::release_one_owed(Core& m, std::vector<std::uint32_t>& owed, int& owed_count, bool to_host) {
  const std::uint32_t i = owed.front();
  auto& inst = instances_[i];
  --inst.owed;
  --owed_count;
  if (inst.owed > 0) return;
  owed.erase(owed.begin());
  travel(m, i, to_host);
}

int ExpertVisits::level_brought(const Core& m, const Instance& inst) const {
  return inst.outreach ? inst.level : m.levels[inst.from * m.specialties + inst.specialty].own;
}

void ExpertVisits::on_arrive(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  auto& host = m.facilities[inst.to];
  auto& levels = m.levels;
  const std::size_t idx = inst.to * m.specialties + inst.specialty;
  inst.on_site = true;
  host.expert_capacity += inst.experts;
  levels[idx].experts += inst.experts;
  levels[idx].visiting = static_cast<std::int16_t>(std::max<int>(levels[idx].visiting, level_brought(m, inst)));
  m.set_available(inst.to);
  m.calendar.schedule(m.now + inst.duration, kVisitEnd, i);
  if (inst.outreach) m.outreach.on_team_arrived(m, inst.outreach_event);
  m.service.dispatch(m, inst.to);
}

void ExpertVisits::on_end(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  auto& host = m.facilities[inst.to];
  auto& levels = m.levels;
  const std::size_t idx = inst.to * m.specialties + inst.specialty;
  inst.on_site = false;
  host.expert_capacity -= inst.experts;
  levels[idx].experts -= inst.experts;
  // The level on offer is the best of the teams still on site for this specialty.
  levels[idx].visiting = 0;
  for (const auto& other : instances_) {
    if (other.free || !other.on_site) continue;
    if (other.to == inst.to && other.specialty == inst.specialty) {
      levels[idx].visiting = static_cast<std::int16_t>(std::max<int>(levels[idx].visiting, level_brought(m, other)));
    }
  }
  m.set_available(inst.to);
  if (!inst.outreach) {
    const auto& v = m.s.policy.expert_visits[inst.schedule];
    visit_minutes_[idx] += v.duration;
    if (v.capacity_building && visit_minutes_[idx] >= v.capacity_building->after) {
      levels[idx].own = std::max<std::int16_t>(levels[idx].own, static_cast<std::int16_t>(v.capacity_building->raise_to));
    }
  }
  const int excess = std::max(0, host.expert_busy - host.expert_capacity - host.expert_leaving_owed);
  inst.owed = std::min(inst.experts, excess);
  if (inst.owed == 0) {
    travel(m, i, false);
  } else {
    host.expert_leaving_owed += inst.owed;
    owed_host_[inst.to].push_back(i);
  }
}

void ExpertVisits::on_return(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  auto& home = m.facilities[inst.from];
  home.base_capacity += inst.experts;
  m.set_available(inst.from);
  account_time_away(m, inst, m.now);
  inst.free = true;
  m.service.dispatch(m, inst.from);
}

void ExpertVisits::account_time_away(Model& m, const Instance& inst, SimTime until) {
  const double from = std::max(inst.departed, m.warmup_end);
  if (until <= from) return;
  const double minutes = inst.experts * (until - from);
  if (inst.outreach) {
    m.outreach.add_home_minutes_lost(inst.from, minutes);
  } else {
    m.stats.home_server_minutes_lost += minutes;
  }
}

void ExpertVisits::close_accounts(Model& m) {
  for (const auto& inst : instances_) {
    if (!inst.free) account_time_away(m, inst, m.end);
  }
}

}  // namespace tiersim::flow
