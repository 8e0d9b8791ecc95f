// Opening hours (sim/flow/README.md, "Route at onset" 4 and "At a facility").
#include "flow/opening_hours.hpp"

#include <cmath>

#include "flow/model.hpp"

namespace tiersim::flow {

namespace {

/// The next time after t at which `hours` opens (open == true) or closes.
SimTime next_transition(const scenario::OpeningHours& hours, SimTime t, bool want_open) {
  const double day_start = std::floor(t / kDay) * kDay;
  const double at = want_open ? hours.open : hours.close;
  double next = day_start + std::fmod(at, kDay);
  while (next <= t) next += kDay;
  return next;
}

}  // namespace

void OpeningHours::start(Model& m) {
  for (std::size_t f = 0; f < m.s.facilities.size(); ++f) {
    const auto& hours = m.s.facilities[f].hours;
    if (hours.always) continue;
    const bool open = m.facilities[f].open;
    m.calendar.schedule(next_transition(hours, 0, !open), open ? kClose : kOpen, static_cast<std::uint32_t>(f));
  }
}

void OpeningHours::on_open(Model& m, FacilityIndex f) {
  m.facilities[f].open = true;
  m.set_available(f);
  m.calendar.schedule(next_transition(m.s.facilities[f].hours, m.now, false), kClose, f);
  m.service.dispatch(m, f);
}

void OpeningHours::on_close(Model& m, FacilityIndex f) {
  m.facilities[f].open = false;
  m.set_available(f);
  m.calendar.schedule(next_transition(m.s.facilities[f].hours, m.now, true), kOpen, f);
}

}  // namespace tiersim::flow
