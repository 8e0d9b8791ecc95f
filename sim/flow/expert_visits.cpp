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
  auto& home = m.facilities[v.from];
  const int taken = std::min(v.experts, home.base_capacity);
  if (taken <= 0) return;  // nobody at home to send
  const std::uint32_t i = new_instance();
  auto& inst = instances_[i];
  inst.schedule = schedule;
  inst.departed = m.now;
  inst.experts = taken;
  home.base_capacity -= taken;
  m.set_available(v.from);
  if (m.counting()) ++m.stats.expert_visits;
  // Doctors busy with a patient finish first; only the idle ones leave now.
  const int excess = std::max(0, home.base_busy - home.base_capacity - home.departing_owed);
  inst.owed = std::min(taken, excess);
  if (inst.owed == 0) {
    travel(m, i, true);
  } else {
    home.departing_owed += inst.owed;
    owed_home_[v.from].push_back(i);
  }
}

void ExpertVisits::travel(Core& m, std::uint32_t i, bool to_host) {
  const auto& inst = instances_[i];
  const auto& v = m.s.policy.expert_visits[inst.schedule];
  const auto& route = to_host ? m.net.route(v.from, v.to) : m.net.route(v.to, v.from);
  m.calendar.schedule(m.now + m.travel_time(route, rng_[inst.schedule]), to_host ? kVisitArrive : kVisitReturn, i);
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

void ExpertVisits::on_arrive(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  const auto& v = m.s.policy.expert_visits[inst.schedule];
  auto& host = m.facilities[v.to];
  auto& levels = m.levels;
  const std::size_t idx = v.to * m.specialties + v.specialty;
  inst.on_site = true;
  host.expert_capacity += inst.experts;
  levels[idx].experts += inst.experts;
  levels[idx].visiting = std::max(levels[idx].visiting, levels[v.from * m.specialties + v.specialty].own);
  m.set_available(v.to);
  m.calendar.schedule(m.now + v.duration, kVisitEnd, i);
  m.service.dispatch(m, v.to);
}

void ExpertVisits::on_end(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  const auto& v = m.s.policy.expert_visits[inst.schedule];
  auto& host = m.facilities[v.to];
  auto& levels = m.levels;
  const std::size_t idx = v.to * m.specialties + v.specialty;
  inst.on_site = false;
  host.expert_capacity -= inst.experts;
  levels[idx].experts -= inst.experts;
  // The level on offer is the best of the visits still on site for this specialty.
  levels[idx].visiting = 0;
  for (const auto& other : instances_) {
    if (other.free || !other.on_site) continue;
    const auto& ov = m.s.policy.expert_visits[other.schedule];
    if (ov.to == v.to && ov.specialty == v.specialty) {
      levels[idx].visiting = std::max(levels[idx].visiting, levels[ov.from * m.specialties + ov.specialty].own);
    }
  }
  m.set_available(v.to);
  visit_minutes_[idx] += v.duration;
  if (v.capacity_building && visit_minutes_[idx] >= v.capacity_building->after) {
    levels[idx].own = std::max<std::int16_t>(levels[idx].own, static_cast<std::int16_t>(v.capacity_building->raise_to));
  }
  const int excess = std::max(0, host.expert_busy - host.expert_capacity - host.expert_leaving_owed);
  inst.owed = std::min(inst.experts, excess);
  if (inst.owed == 0) {
    travel(m, i, false);
  } else {
    host.expert_leaving_owed += inst.owed;
    owed_host_[v.to].push_back(i);
  }
}

void ExpertVisits::on_return(Model& m, std::uint32_t i) {
  auto& inst = instances_[i];
  const auto& v = m.s.policy.expert_visits[inst.schedule];
  auto& home = m.facilities[v.from];
  home.base_capacity += inst.experts;
  m.set_available(v.from);
  const double from = std::max(inst.departed, m.warmup_end);
  if (m.now > from) m.stats.home_server_minutes_lost += inst.experts * (m.now - from);
  inst.free = true;
  m.service.dispatch(m, v.from);
}

void ExpertVisits::close_accounts(Model& m) {
  for (const auto& inst : instances_) {
    if (inst.free) continue;
    const double from = std::max(inst.departed, m.warmup_end);
    if (m.end > from) m.stats.home_server_minutes_lost += inst.experts * (m.end - from);
  }
}

}  // namespace tiersim::flow
