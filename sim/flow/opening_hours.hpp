// File: flow/opening_hours.hpp (private)
// Opening hours: each facility with hours opens and closes daily; a closed facility starts
// no new service (a patient in hand is finished), and `when_closed: refer` sends a first
// contact at a closed door up at once. Rules: sim/flow/README.md, "Route at onset" 4 and
// "At a facility".
#pragma once

#include <cstdint>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

class OpeningHours {
 public:
  static void start(Model& m);                   ///< schedules each facility's first transition
  static void on_open(Model& m, FacilityIndex f);  ///< kOpen
  static void on_close(Model& m, FacilityIndex f); ///< kClose
  /// A first contact at f's door: true if f is closed and the policy sends them up now.
  [[nodiscard]] static bool refers_closed_door(const Core& m, FacilityIndex f) noexcept {
    return !m.facilities[f].open && m.s.policy.when_closed == scenario::WhenClosed::kRefer && m.up[f].exists();
  }

};

}  // namespace tiersim::flow
