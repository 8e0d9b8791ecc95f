// File: flow/remote_consult.hpp (private)
// Remote consultation (远程会诊): a doctor at a village or township facility who has decided
// to refer a patient up first asks a specialist at the answering tier on the referral route;
// the answer takes one of the answering facility's servers (queued by the patient's
// priority) while the patient waits at the asking facility, and with probability `success`
// the case is then treated where it is. Rules: sim/flow/README.md, "Remote consultation".
#pragma once

#include <cstdint>
#include <vector>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

class RemoteConsult {
 public:
  explicit RemoteConsult(const Core& m);

  /// At service end at f, when the decision is to refer the patient up (`misjudged`: the
  /// facility was able, a misjudgement sends them). True: a consult is asked and the patient
  /// waits for its answer (this mechanism decides what happens next); false: refer as usual.
  bool ask(Model& m, std::uint32_t slot, FacilityIndex f, bool misjudged) {
    return !answerer_.empty() && ask_covered(m, slot, f, misjudged);
  }
  /// Whether the queue entry of `slot` at facility g is its consult waiting for an answer.
  [[nodiscard]] bool queued_at(std::uint32_t slot, FacilityIndex g) const noexcept {
    return pending_[slot].to == g && !pending_[slot].answering;
  }
  /// Dispatch at g chose a consult: one of g's servers starts answering it.
  void start_answer(Model& m, std::uint32_t slot, FacilityIndex g);
  void on_answered(Model& m, std::uint32_t slot);  ///< kConsultAnswered

  /// Its metrics and per-facility columns (only when the policy is configured).
  void add_results(stats::ReplicationResult& r) const;

 private:
  struct Pending {
    SimTime asked = 0;
    double answer = 0;                 ///< the answering server's time, drawn at asking
    FacilityIndex to = kNoIndex;       ///< the answering facility
    bool success = false;              ///< drawn at asking
    bool misjudged = false;            ///< the facility could have treated: counted if referred after all
    bool answering = false;            ///< a server has taken it
  };
  struct Tally {
    std::uint64_t asked = 0, avoided = 0, answered = 0;
  };
  bool ask_covered(Model& m, std::uint32_t slot, FacilityIndex f, bool misjudged);

  std::vector<FacilityIndex> answerer_;  ///< per facility: who answers its consults (empty: policy off)
  std::vector<Pending> pending_;         ///< per patient slot
  std::vector<Tally> tally_;             ///< per facility, after warm-up (event time)
  random::RandomStream rng_;             ///< success and answer-time draws
  std::uint64_t consults_ = 0, avoided_ = 0;
  MeanCounter answer_wait_;
};

}  // namespace tiersim::flow
