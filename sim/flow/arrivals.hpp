// File: flow/arrivals.hpp (private)
// Arrivals and first contact: one Poisson stream per populated facility (thinned by the
// weekly profile), each arrival's condition, and the route at onset (green channel, out of
// county, bypass, or the home door). Rules: sim/flow/README.md, "Arrivals" and "Route at onset".
#pragma once

#include <cstdint>
#include <vector>

#include "flow/core.hpp"

namespace tiersim::flow {

struct Model;

/// A new patient at `home` with `condition`, its own stream seeded from `seed`, created now:
/// the record every way in (arrivals, outreach events) starts from. Draws, in this order,
/// admission (when the condition admits) and onset-to-contact (time-critical conditions).
/// Returns the patient's slot; the caller traces kCreated and routes it.
std::uint32_t create_patient(Model& m, std::uint64_t seed, FacilityIndex home, std::uint32_t condition);

class Arrivals {
 public:
  explicit Arrivals(const Core& m);
  void start(Model& m);                           ///< schedules every stream's first arrival
  void on_stream(Model& m, std::uint32_t stream);   ///< kArrivalStream
  [[nodiscard]] const void* stream_address(std::uint32_t stream) const noexcept { return &streams_[stream]; }

 private:
  // Kept small (the province scenario has 30,000 of them): every catchment has the same
  // case mix per person, so the condition table is shared, not copied per stream.
  struct alignas(64) Stream {  // one cache line each
    random::RandomStream rng;
    double peak_rate = 0;              ///< per minute, at the peak multiplier
    std::uint64_t count = 0;
    std::uint64_t patient_seed_prefix = 0;  ///< streams.prefix("patient", facility): one combine per patient
    FacilityIndex facility = 0;
    bool may_leave_county = false;     ///< below the regional tier, with a regional hospital reachable
  };
  static_assert(sizeof(Stream) == 64, "an arrival stream is one cache line (province: 30,000 of them)");
  void schedule_next(Model& m, std::uint32_t stream);

  std::vector<Stream> streams_;
  std::vector<double> condition_cdf_;          ///< cumulative incidence shares
  std::vector<std::uint32_t> condition_of_;    ///< condition index of each cdf entry
  double peak_multiplier_ = 1;
  bool flat_profile_ = true;
};

}  // namespace tiersim::flow
