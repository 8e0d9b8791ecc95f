// File: flow/core.hpp (private)
// The state every mechanism of the flow model shares during one replication: the clock and
// calendar, the patients, the facilities (servers, queues, beds), their levels and referral
// hops, the episode counters. Each mechanism (arrivals.hpp, service.hpp, ...) keeps its own
// state and reaches the shared part through one Core&. The helpers here are inline: they
// are on the path of every event.
#pragma once

#include <algorithm>
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

/// Every event kind of the model; the loop (replication.cpp) switches on it and calls the
/// owning mechanism's handler directly (no virtual calls on the hot path).
enum EventKind : std::uint32_t {
  kArrivalStream,   ///< arrivals: subject = arrival stream (= facility with population)
  kArriveDoor,      ///< service: subject = patient slot
  kActivationDone,  ///< service (green channel or off-channel activation): patient slot
  kServiceEnd,      ///< service: patient slot
  kRenege,          ///< reneging: patient slot
  kBedPhaseEnd,     ///< beds: bed-stay slot
  kOpen,            ///< opening hours: facility
  kClose,           ///< opening hours: facility
  kVisitDepart,     ///< expert visits: schedule entry
  kVisitArrive,     ///< expert visits: visit instance
  kVisitEnd,        ///< expert visits: visit instance
  kVisitReturn,     ///< expert visits: visit instance
  kConsultAnswered, ///< remote consult: patient slot (hint: the answering facility)
  kOutreachDepart,  ///< outreach: entry of policy.outreach
  kOutreachAttendee,///< outreach: event
  kSample,          ///< loop: patients-in-system sample
  kWarmupEnd,       ///< loop
};

/// Patient and arrival events carry the facility concerned in the kind's upper bits, as a
/// prefetch hint.
inline constexpr std::uint32_t kKindMask = 0xff;
inline constexpr std::uint32_t kHintShift = 8;
constexpr std::uint32_t with_hint(EventKind kind, std::uint32_t facility) noexcept {
  return facility < (1u << (32 - kHintShift)) ? (kind | (facility << kHintShift)) : kind;
}

constexpr int tier_index(scenario::Tier t) noexcept { return static_cast<int>(t); }

/// A facility's level in one specialty: its own, and what visiting experts bring now.
/// One record, so the level check at service start is one cache line, not three.
struct Level {
  std::int16_t own = 0;
  std::int16_t visiting = 0;   ///< highest level of the experts present
  std::int32_t experts = 0;    ///< visiting experts present
};

/// A facility's referral route: its target and its links, [first, first + count) of hop_links.
struct Hop {
  FacilityIndex to = kNoIndex;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  [[nodiscard]] bool exists() const noexcept { return to != kNoIndex; }
};

struct Core {
  Core(const scenario::Scenario& scenario, const network::Network& network, int replication_index,
       const ReplicationOptions& opts);

  const scenario::Scenario& s;
  const network::Network& net;
  const int replication;
  const ReplicationOptions options;
  const random::StreamSet streams;
  const std::size_t specialties;   ///< at least 1, the stride of `levels`
  const SimTime warmup_end;
  const SimTime end;

  core::BucketCalendar calendar;   ///< a calendar queue: see bucket_calendar.hpp for why
  SimTime now = 0;
  std::uint64_t events = 0;
  PatientPool patients;
  std::vector<FacilityState> facilities;
  std::vector<Level> levels;              ///< [facility * specialties + specialty]
  std::vector<Hop> up;                    ///< each facility's referral hop
  std::vector<std::uint32_t> hop_links;
  std::vector<scenario::Tier> tier;       ///< facility tiers, packed for the hot path

  std::uint64_t created = 0, resolved = 0, left = 0;
  EpisodeStats stats;

  [[nodiscard]] bool counting() const noexcept { return now >= warmup_end; }
  [[nodiscard]] int level(FacilityIndex f, SpecialtyIndex sp) const noexcept {
    const std::size_t idx = f * specialties + sp;
    return levels[idx].experts > 0 ? std::max(levels[idx].own, levels[idx].visiting) : levels[idx].own;
  }
  void set_busy(FacilityIndex f) noexcept {
    auto& fs = facilities[f];
    fs.busy.set(now, fs.in_service());
  }
  void set_available(FacilityIndex f) noexcept {
    auto& fs = facilities[f];
    fs.available.set(now, fs.open ? fs.capacity() : 0);
  }
  void set_occupied(FacilityIndex f) noexcept {
    auto& fs = facilities[f];
    fs.occupied.set(now, fs.beds_used);
  }
  /// One draw of each link's travel time along the route, summed.
  double travel_time(const network::Route& route, random::RandomStream& rng) const {
    double t = 0;
    for (const std::uint32_t l : route.links) t += s.links[l].travel.sample(rng);
    return t;
  }
  /// The same along f's referral hop.
  double hop_time(FacilityIndex f, random::RandomStream& rng) const {
    const Hop& hop = up[f];
    double t = 0;
    for (std::uint32_t i = hop.first; i < hop.first + hop.count; ++i) t += s.links[hop_links[i]].travel.sample(rng);
    return t;
  }
  void trace(std::uint32_t slot, FacilityIndex f, TraceEvent e) {
    if (options.trace) options.trace->on_event(replication, now, patients[slot].id, f, e);
  }
  void trace_id(std::uint64_t id, FacilityIndex f, TraceEvent e) {
    if (options.trace) options.trace->on_event(replication, now, id, f, e);
  }
};

}  // namespace tiersim::flow
