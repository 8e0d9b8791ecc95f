// File: flow/patient.hpp (private)
// A patient record and the pool that recycles them. Records live in one vector and are
// reused after a patient leaves, so memory follows the number of patients in the system,
// not the number ever created, and nothing is allocated per patient in steady state.
#pragma once

#include <cstdint>
#include <vector>

#include "tiersim/fwd.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::flow {

enum class PatientState : std::uint8_t {
  kFree,         ///< slot unused
  kTravelling,   ///< between facilities
  kActivating,   ///< green channel: activation delay at the treating door
  kWaiting,      ///< in a facility's queue
  kInService,
  kConsulting,   ///< at its facility without a server, waiting for a remote consult's answer
};

/// Queue priorities, most urgent first: green channel, then severity critical .. minor.
inline constexpr int kPriorityLevels = 5;

/// What a fresh or recycled patient record's stream holds until arrivals.cpp seeds it: a copy
/// of one stream seeded once, instead of seeding a throwaway RandomStream() per patient.
inline const random::RandomStream kUnseededStream{0};

/// Two cache lines exactly (128 bytes, aligned to a line): at province scale each event's
/// patient is a cache miss, and the loop prefetches the next one's two lines (replication.cpp).
/// A field added here makes it three.
struct alignas(64) Patient {
  random::RandomStream rng = kUnseededStream;  ///< this patient's own stream (common random numbers)
  std::uint64_t id = 0;         ///< creation number in the replication, for traces
  SimTime created = 0;          ///< first medical contact (first door)
  SimTime onset = 0;            ///< symptom onset (time-critical conditions)
  SimTime door = 0;             ///< arrival at the current facility's door
  SimTime treatment = 0;        ///< start of treatment in the current visit (after activation)
  SimTime first_service = -1;   ///< first service start at a facility with level >= 1 in the specialty (the ECG off the green channel)
  SimTime ecg = -1;             ///< tele-consult done (green channel)
  SimTime renege_at = kNever;   ///< when patience runs out in the current queue
  SimTime max_dido = -1;        ///< longest door-in-door-out so far (-1: never transferred)
  FacilityIndex home = 0;
  FacilityIndex facility = 0;   ///< where it is (or is heading)
  std::uint32_t condition = 0;
  std::uint32_t generation = 0; ///< bumped on release, so stale queue entries are skipped
  PatientState state = PatientState::kFree;
  std::uint8_t priority = 0;
  std::uint8_t level_at_start = 0;  ///< the facility's level for the specialty when service began
  bool counted = false;         ///< created after warm-up: enters episode metrics
  bool green = false;           ///< on the green channel
  bool needs_admission = false; ///< decided at creation
  bool expert_server = false;   ///< in service with a visiting expert
  // Two small fields share the last byte, so the record stays at two cache lines.
  std::uint8_t first_visit : 1 = 1;  ///< no door passed yet
  std::uint8_t outreach : 2 = 0;     ///< an outreach event's attendee: kAttendeeWaiting/Seen (outreach.hpp)
};
static_assert(sizeof(Patient) == 128, "Patient is two cache lines: a field added makes it three (see above)");

/// An admitted patient. Once resolved, a patient needs only this much for the rest of the
/// stay, so inpatients (tens of thousands at province scale, for days each) do not crowd
/// the records of the patients still moving through queues.
struct BedStay {
  std::uint64_t id = 0;          ///< the patient's id, for traces
  SimTime stay = 0;              ///< total length of stay, minutes
  SimTime stay_left = 0;         ///< minutes to spend after a step-down transfer (0: none)
  FacilityIndex home = 0;
  FacilityIndex facility = 0;    ///< where the bed is (or is awaited)
  std::uint32_t generation = 0;
  bool in_bed = false;           ///< false: waiting for a bed
};

/// A pool of records recycled through a free list (last freed, first reused: warm in cache).
template <class Record>
class RecordPool {
 public:
  std::uint32_t acquire() {
    std::uint32_t i;
    if (!free_.empty()) {
      i = free_.back();
      free_.pop_back();
    } else {
      i = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
      live_flags_.push_back(false);
    }
    const std::uint32_t gen = slots_[i].generation;
    slots_[i] = Record{};
    slots_[i].generation = gen;
    live_flags_[i] = true;
    ++live_;
    return i;
  }
  void release(std::uint32_t i) {
    ++slots_[i].generation;
    live_flags_[i] = false;
    free_.push_back(i);
    --live_;
  }
  Record& operator[](std::uint32_t i) noexcept { return slots_[i]; }
  const Record& operator[](std::uint32_t i) const noexcept { return slots_[i]; }
  [[nodiscard]] bool live(std::uint32_t i) const noexcept { return live_flags_[i]; }
  [[nodiscard]] std::size_t live() const noexcept { return live_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return slots_.size(); }

 private:
  std::vector<Record> slots_;
  std::vector<bool> live_flags_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

/// Patients live in a recycled pool; a released record is marked free by finish(), and its
/// generation makes stale queue entries and events recognisable.
using PatientPool = RecordPool<Patient>;

}  // namespace tiersim::flow
