// File: tiersim/flow/flow_model.hpp
// One replication of a scenario: simulated patients walking the facility graph as
// docs/MODEL.md describes (first contact, bypass, queues, referral up and down, beds,
// expert visits, the green channel, reneging), producing a stats::ReplicationResult.
//
// A replication is a value computation: it reads the scenario and network, which it never
// changes, and owns all its state, so replications run on any number of threads at once.
#pragma once

#include <cstdint>

#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::flow {

/// What happened to a patient, for `--trace` (events.csv).
enum class TraceEvent : std::uint8_t {
  kCreated,         ///< symptom onset / decision to seek care
  kArrive,          ///< at a facility's door
  kServiceStart,
  kServiceEnd,
  kResolved,        ///< definitive treatment given here
  kReferUp,         ///< leaves for a higher tier
  kBypass,          ///< skips the home facility
  kGreenChannel,    ///< sent straight to a facility able to treat
  kAdmit,
  kBedWait,
  kStepDown,        ///< moves to a lower-tier bed
  kDischarge,
  kRenege,          ///< leaves the queue unseen
  kConsultAsked,    ///< a remote consult asked of the facility given (the patient stays where it is)
  kConsultAnswered, ///< that facility's answer came (next: resolved where the patient is, or refer_up)
};
[[nodiscard]] const char* trace_event_name(TraceEvent e) noexcept;

/// Receives every patient event of a replication, in time order. Called on the thread
/// running that replication.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_event(int replication, double minutes, std::uint64_t patient, FacilityIndex facility,
                        TraceEvent event) = 0;
};

struct ReplicationOptions {
  TraceSink* trace = nullptr;        ///< nullptr: no tracing (and no cost)
  double sample_every = 1440;        ///< minutes between samples of patients in system
};

/// Runs replication `replication` (0-based) of `s`, with streams seeded from (s.seed,
/// replication). Throws InternalError when an invariant breaks (a bug).
[[nodiscard]] stats::ReplicationResult simulate_replication(const scenario::Scenario& s, const network::Network& net,
                                                            int replication, const ReplicationOptions& options = {});

}  // namespace tiersim::flow
