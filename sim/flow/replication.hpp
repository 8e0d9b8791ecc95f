// File: flow/replication.hpp (private)
// The engine of one replication: the event loop and one handler per event kind. The rules
// it implements are written out in sim/flow/README.md.
#pragma once

#include <cstdint>
#include <vector>

#include "flow/episode_stats.hpp"
#include "flow/facility_state.hpp"
#include "flow/patient.hpp"
#include "tiersim/core/bucket_calendar.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/random/stream.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::flow {

enum EventKind : std::uint32_t {
  kArrivalStream,   ///< subject: arrival stream (= facility with population)
  kArriveDoor,      ///< subject: patient slot
  kActivationDone,  ///< subject: patient slot
  kServiceEnd,      ///< subject: patient slot
  kRenege,          ///< subject: patient slot
  kBedPhaseEnd,     ///< subject: bed-stay slot
  kOpen,            ///< subject: facility
  kClose,           ///< subject: facility
  kVisitDepart,     ///< subject: expert-visit schedule entry
  kVisitArrive,     ///< subject: visit instance
  kVisitEnd,        ///< subject: visit instance
  kVisitReturn,     ///< subject: visit instance
  kSample,          ///< patients-in-system sample
  kWarmupEnd,
};

/// Patient events carry the facility concerned in the kind's upper bits, as a prefetch hint.
inline constexpr std::uint32_t kKindMask = 0xff;
inline constexpr std::uint32_t kHintShift = 8;
constexpr std::uint32_t with_hint(EventKind kind, std::uint32_t facility) noexcept {
  return facility < (1u << (32 - kHintShift)) ? (kind | (facility << kHintShift)) : kind;
}

class Replication {
 public:
  Replication(const scenario::Scenario& s, const network::Network& net, int replication,
              const ReplicationOptions& options);
  stats::ReplicationResult run();

 private:
  // Kept small (the province scenario has 30,000 of them): every catchment has the same
  // case mix per person, so the condition table is shared, not copied per stream.
  struct alignas(64) ArrivalStream {  // one cache line each
    random::RandomStream rng;
    double peak_rate = 0;              ///< per minute, at the peak multiplier
    std::uint64_t count = 0;
    FacilityIndex facility = 0;
  };
  struct VisitInstance {
    std::uint32_t schedule = 0;        ///< index into policy.expert_visits
    SimTime departed = 0;
    int experts = 0;                   ///< doctors actually taken from home
    int owed = 0;                      ///< experts not yet released (to leave home, or to leave host)
    bool on_site = false;
    bool free = true;
  };

  // Event handlers.
  void on_arrival_stream(std::uint32_t stream);
  void on_arrive_door(std::uint32_t slot);
  void on_activation_done(std::uint32_t slot);
  void on_service_end(std::uint32_t slot);
  void on_renege(std::uint32_t slot);
  void on_bed_phase_end(std::uint32_t bed);
  void on_open(FacilityIndex f);
  void on_close(FacilityIndex f);
  void on_visit_depart(std::uint32_t schedule);
  void on_visit_arrive(std::uint32_t instance);
  void on_visit_end(std::uint32_t instance);
  void on_visit_return(std::uint32_t instance);

  void prefetch_next() const;

  // Steps of the flow.
  void schedule_next_arrival(std::uint32_t stream);
  void send(std::uint32_t slot, const network::Route& route, random::RandomStream& rng);
  void enqueue(std::uint32_t slot, FacilityIndex f);
  void dispatch(FacilityIndex f);
  void start_service(std::uint32_t slot, FacilityIndex f);
  void server_freed(FacilityIndex f, bool expert);
  void resolve(std::uint32_t slot, FacilityIndex f);
  void refer_up(std::uint32_t slot, FacilityIndex f);  ///< to f's referral target
  void admit(std::uint32_t slot, FacilityIndex f);
  void take_bed(std::uint32_t bed, FacilityIndex f);
  void release_bed(FacilityIndex f);
  void finish(std::uint32_t slot);  ///< the patient leaves the model (discharged or resolved)
  void leave_unseen(std::uint32_t slot, FacilityIndex f);

  [[nodiscard]] int level(FacilityIndex f, SpecialtyIndex s) const noexcept;
  [[nodiscard]] bool counting() const noexcept { return now_ >= warmup_end_; }
  void set_busy(FacilityIndex f);
  void set_available(FacilityIndex f);
  void set_occupied(FacilityIndex f);
  double travel_time(const network::Route& route, random::RandomStream& rng) const;
  void trace(std::uint32_t slot, FacilityIndex f, TraceEvent e);
  void trace_id(std::uint64_t patient_id, FacilityIndex f, TraceEvent e);
  std::uint32_t new_instance();
  void release_owed_home(FacilityIndex f);
  void release_owed_host(FacilityIndex f);

  stats::ReplicationResult build_result(double wall_seconds);

  const scenario::Scenario& s_;
  const network::Network& net_;
  const int replication_;
  const ReplicationOptions options_;
  const random::StreamSet streams_;
  const std::size_t specialties_;
  const SimTime warmup_end_;
  const SimTime end_;

  core::BucketCalendar calendar_;  ///< a calendar queue: see bucket_calendar.hpp for why
  SimTime now_ = 0;
  std::uint64_t events_ = 0;
  PatientPool patients_;
  RecordPool<BedStay> beds_;
  std::vector<FacilityState> facilities_;
  /// A facility's level in one specialty: its own, and what visiting experts bring now.
  /// One record, so the level check at service start is one cache line, not three.
  struct Level {
    std::int16_t own = 0;
    std::int16_t visiting = 0;   ///< highest level of the experts present
    std::int32_t experts = 0;    ///< visiting experts present
  };
  std::vector<Level> levels_;           ///< [facility * specialties + specialty]
  /// A facility's referral route: its target and its links, [first, first + count) of hop_links_.
  struct Hop {
    FacilityIndex to = kNoIndex;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    [[nodiscard]] bool exists() const noexcept { return to != kNoIndex; }
  };
  std::vector<Hop> up_;
  std::vector<std::uint32_t> hop_links_;
  std::vector<double> visit_minutes_;   ///< on-site visit time so far (capacity building)
  std::vector<ArrivalStream> arrivals_;
  std::vector<double> condition_cdf_;          ///< cumulative incidence shares
  std::vector<std::uint32_t> condition_of_;    ///< condition index of each cdf entry
  double peak_multiplier_ = 1;
  bool flat_profile_ = true;
  std::vector<scenario::Tier> tier_;           ///< facility tiers, packed for the hot path
  std::vector<VisitInstance> instances_;
  std::vector<std::vector<std::uint32_t>> owed_home_;  ///< per facility: instances waiting for doctors to leave
  std::vector<std::vector<std::uint32_t>> owed_host_;  ///< per facility: instances waiting for experts to finish
  std::vector<random::RandomStream> visit_rng_;        ///< per schedule entry
  std::vector<double> in_system_samples_;

  std::uint64_t created_ = 0, resolved_ = 0, left_ = 0;
  EpisodeStats stats_;
};

}  // namespace tiersim::flow
