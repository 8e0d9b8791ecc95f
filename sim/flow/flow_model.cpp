#include "tiersim/flow/flow_model.hpp"

#include "flow/replication.hpp"

namespace tiersim::flow {

const char* trace_event_name(TraceEvent e) noexcept {
  switch (e) {
    case TraceEvent::kCreated: return "created";
    case TraceEvent::kArrive: return "arrive";
    case TraceEvent::kServiceStart: return "service_start";
    case TraceEvent::kServiceEnd: return "service_end";
    case TraceEvent::kResolved: return "resolved";
    case TraceEvent::kReferUp: return "refer_up";
    case TraceEvent::kBypass: return "bypass";
    case TraceEvent::kGreenChannel: return "green_channel";
    case TraceEvent::kAdmit: return "admit";
    case TraceEvent::kBedWait: return "bed_wait";
    case TraceEvent::kStepDown: return "step_down";
    case TraceEvent::kDischarge: return "leave";
    case TraceEvent::kRenege: return "renege";
    case TraceEvent::kConsultAsked: return "consult_asked";
    case TraceEvent::kConsultAnswered: return "consult_answered";
  }
  return "?";
}

stats::ReplicationResult simulate_replication(const scenario::Scenario& s, const network::Network& net,
                                              int replication, const ReplicationOptions& options) {
  Replication rep(s, net, replication, options);
  return rep.run();
}

}  // namespace tiersim::flow
