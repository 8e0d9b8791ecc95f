// Reneging (sim/flow/README.md, "At a facility").
#include "flow/reneging.hpp"

#include "flow/model.hpp"

namespace tiersim::flow {

void Reneging::on_renege(Model& m, std::uint32_t slot) {
  Patient& p = m.patients[slot];
  if (p.state != PatientState::kWaiting || p.renege_at != m.now) return;  // served or gone already
  const FacilityIndex f = p.facility;
  --m.facilities[f].waiting;  // its queue entry is skipped when reached
  m.trace(slot, f, TraceEvent::kRenege);
  if (m.s.policy.reneging->go_up && m.up[f].exists()) {
    m.service.refer_up(m, slot, f);
  } else {
    m.service.leave_unseen(m, slot, f);
  }
}

}  // namespace tiersim::flow
