// File: flow/reneging.hpp (private)
// Reneging: a patient waiting at a listed tier longer than their patience leaves unseen or
// goes up. Rules: sim/flow/README.md, "At a facility" (reneging).
#pragma once

#include <cstdint>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

class Reneging {
 public:
  /// At queueing: sets the patient's renege time; true if they may renege here. Patience is
  /// drawn whether or not the patient will wait, so the patient's later draws do not depend
  /// on the queue they found (common random numbers across scenario arms).
  static bool draw_patience(Core& m, Patient& p, FacilityIndex f) {
    const auto& ren = m.s.policy.reneging;
    const bool may_renege = ren && !p.green && ren->tiers[static_cast<std::size_t>(m.tier[f])];
    p.renege_at = may_renege ? m.now + ren->patience.sample(p.rng) : kNever;
    return may_renege;
  }
  /// The patient had to wait: their patience runs out at renege_at unless served first.
  static void arm(Core& m, std::uint32_t slot, FacilityIndex f) {
    m.calendar.schedule(m.patients[slot].renege_at, with_hint(kRenege, f), slot);
  }
  static void on_renege(Model& m, std::uint32_t slot);  ///< kRenege

};

}  // namespace tiersim::flow
