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
  Team team;
  team.from = v.from;
  team.to = v.to;
  team.specialty = v.specialty;
  team.staff = v.experts;
  team.duration = v.duration;
  team.rng = &rng_[schedule];
  if (depart(m, team, schedule, false) != kNoIndex && m.counting()) ++m.stats.expert_visits;
}

int ExpertVisits::send_team(Model& m, const Team& team) {
  const std::uint32_t i = depart(m, team, 0, true);
  return i == kNoIndex ? 0 : instances_[i].experts;
}

std::uint32_t ExpertVisits::depart(Model& m, const Team& team, std::uint32_t schedule, bool outreach) {
  auto& home = m.facilities[team.from];
  const int taken = std::min(team.staff, home.base_capacity);
  if (taken <= 0) return kNoIndex;  // nobody at home to send
  const std::uint32_t i = new_instance();
  auto& inst = instances_[i];
  inst.team = team;
  inst.schedule = schedule;
  inst.outreach = outreach;
  inst.departed = m.now;
  inst.experts = taken;
  home.base_capacity -= taken;
  m.set_available(team.from);
  // Doctors busy with a patient finish first; only the idle ones leave now.
  const int excess = std::max(0, home.base_busy - home.base_capacity - home.departing_owed);
  inst.owed = std::min(taken, excess);
  if (inst.owed == 0) {
    travel(m, i, true);
  } else {
    home.departing_owed += inst.owed;
    owed_home_[team.from].push_back(i);
  }
  return i;
}

void ExpertVisits::travel(Core& m, std::uint32_t i, bool to_host) {
  const auto& inst = instances_[i];
  const auto& route = to_host ? m.net.route(inst.team.from, inst.team.to) : m.net.route(inst.team.to, inst.team.from);
  m.calendar.schedule(m.now + m.travel_time(route, *inst.team.rng), to_host ? kVisitArrive : kVisitReturn, i);
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
  return inst.outreach ? inst.team.level : m.levels[inst.team.from * m.specialties + inst.team.specialty].own;
}

void ExpertVisits::on_arrive(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  auto& host = m.facilities[inst.team.to];
  auto& levels = m.levels;
  const std::size_t idx = inst.team.to * m.specialties + inst.team.specialty;
  inst.on_site = true;
  host.expert_capacity += inst.experts;
  levels[idx].experts += inst.experts;
  levels[idx].visiting = static_cast<std::int16_t>(std::max<int>(levels[idx].visiting, level_brought(m, inst)));
  m.set_available(inst.team.to);
  m.calendar.schedule(m.now + inst.team.duration, kVisitEnd, i);
  if (inst.outreach) m.outreach.on_team_arrived(m, inst.team.outreach_event);
  m.service.dispatch(m, inst.team.to);
}

void ExpertVisits::on_end(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  auto& host = m.facilities[inst.team.to];
  auto& levels = m.levels;
  const std::size_t idx = inst.team.to * m.specialties + inst.team.specialty;
  inst.on_site = false;
  host.expert_capacity -= inst.experts;
  levels[idx].experts -= inst.experts;
  // The level on offer is the best of the teams still on site for this specialty.
  levels[idx].visiting = 0;
  for (const auto& other : instances_) {
    if (other.free || !other.on_site) continue;
    if (other.team.to == inst.team.to && other.team.specialty == inst.team.specialty) {
      levels[idx].visiting = static_cast<std::int16_t>(std::max<int>(levels[idx].visiting, level_brought(m, other)));
    }
  }
  m.set_available(inst.team.to);
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
    owed_host_[inst.team.to].push_back(i);
  }
}

void ExpertVisits::on_return(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  auto& home = m.facilities[inst.team.from];
  home.base_capacity += inst.experts;
  m.set_available(inst.team.from);
  account_time_away(m, inst, m.now);
  inst.free = true;
  m.service.dispatch(m, inst.team.from);
}

void ExpertVisits::account_time_away(Model& m, const Instance& inst, SimTime until) {
  const double from = std::max(inst.departed, m.warmup_end);
  if (until <= from) return;
  const double minutes = inst.experts * (until - from);
  if (inst.outreach) {
    m.outreach.add_home_minutes_lost(inst.team.from, minutes);
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
