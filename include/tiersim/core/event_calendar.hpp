// File: tiersim/core/event_calendar.hpp
// The pending-event set of one simulation: a 4-ary min-heap of small plain events, ordered by
// (time, insertion sequence), so equal times pop in the order they were scheduled and a run is
// reproducible with any standard library.
//
// An event is 24 bytes and carries no pointer or closure: `kind` says what happens and
// `subject` to whom (a patient slot, a facility, a visit), and the model dispatches on `kind`
// with a switch. Nothing is allocated per event once the heap has grown to its working size.
//
// Removal of the top is deferred: pop() leaves a hole at the root, and the next schedule()
// drops the new event into the hole with one sift-down instead of a sift-up plus a sift-down.
// A simulation that schedules about one event per event popped (the common case) pays for
// one heap walk per event instead of two.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tiersim/fwd.hpp"

namespace tiersim::core {

/// One pending event. Plain data, 24 bytes.
struct Event {
  SimTime time = 0;        ///< minutes
  std::uint64_t seq = 0;   ///< insertion order; breaks ties between equal times
  std::uint32_t kind = 0;  ///< what happens (model-defined)
  std::uint32_t subject = 0;  ///< to whom (model-defined index)
};

/// Pending-event set ordered by (time, sequence). Not thread-safe: one per replication.
///
/// **Example**:
/// @code
///   EventCalendar cal;
///   cal.schedule(5.0, kArrival, 0);
///   while (!cal.empty()) { Event e = cal.pop(); /* dispatch on e.kind */ }
/// @endcode
class EventCalendar {
 public:
  /// Adds an event at time `at` (minutes). Amortised O(log n), no allocation once grown.
  void schedule(SimTime at, std::uint32_t kind, std::uint32_t subject) {
    const Event e{at, next_seq_++, kind, subject};
    if (hole_) {
      hole_ = false;
      sift_down(0, e);
    } else {
      heap_.push_back(e);
      sift_up(heap_.size() - 1, e);
    }
  }

  /// Removes and returns the earliest event. Precondition: !empty().
  Event pop() {
    if (hole_) remove_root();
    hole_ = true;
    return heap_.front();
  }

  [[nodiscard]] bool empty() const noexcept { return heap_.size() == static_cast<std::size_t>(hole_); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size() - static_cast<std::size_t>(hole_); }

  /// Time of the earliest pending event, or kNever when empty.
  [[nodiscard]] SimTime next_time() {
    if (hole_) {
      remove_root();
      hole_ = false;
    }
    return heap_.empty() ? kNever : heap_.front().time;
  }

  /// Number of events ever scheduled.
  [[nodiscard]] std::uint64_t scheduled() const noexcept { return next_seq_; }

  void reserve(std::size_t n) { heap_.reserve(n); }
  void clear() noexcept {
    heap_.clear();
    hole_ = false;
  }

 private:
  static constexpr std::size_t kArity = 4;

  static bool before(const Event& a, const Event& b) noexcept {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }

  void sift_up(std::size_t i, const Event& e) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  // Places `e` at position i (a hole) and moves it down to where it belongs.
  void sift_down(std::size_t i, const Event& e) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t last = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      if (!before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

  void remove_root() {
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }

  std::vector<Event> heap_;
  bool hole_ = false;
  std::uint64_t next_seq_ = 0;
};

}  // namespace tiersim::core
