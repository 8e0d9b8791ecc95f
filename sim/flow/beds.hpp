// File: flow/beds.hpp (private)
// Beds and step-down: admission of a resolved patient (a compact bed-stay record from then
// on), the FIFO wait for a bed, the stay, the downward transfer to the home side's step-down
// bed, discharge. Rules: sim/flow/README.md, "At a facility" (resolved here) and
// "Downward referral".
#pragma once

#include <cstdint>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

class Beds {
 public:
  /// A resolved patient who needs admission at f: takes a bed or waits for one. Frees the patient record.
  void admit(Model& m, std::uint32_t slot, FacilityIndex f);
  void on_phase_end(Model& m, std::uint32_t bed);   ///< kBedPhaseEnd: step-down time or discharge

 private:
  void take_bed(Model& m, std::uint32_t bed, FacilityIndex f);
  void release_bed(Model& m, FacilityIndex f);

  RecordPool<BedStay> stays_;
};

}  // namespace tiersim::flow
