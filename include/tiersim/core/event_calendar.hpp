// File: tiersim/core/event_calendar.hpp
// The pending-event set of one simulation: a 4-ary min-heap of small plain events, ordered by
// (time, insertion sequence), so equal times pop in the order they were scheduled and a run is
// reproducible with any standard library.
//
// An event carries no pointer or closure: `kind` says what happens and `subject` to whom (a
// patient slot, a facility, a visit), and the model dispatches on `kind` with a switch.
// Nothing is allocated per event once the heap has grown to its working size.
//
// Why this design (bench/README.md has the figures; bench/micro/ the rivals): against a
// binary heap (std::priority_queue), the first 4-ary heap and Brown's calendar queue, this
// one was fastest on PHOLD at 1,024 LPs (17 M events/s against 11 to 15 M) and on the hold
// model from 1,000 to 1,000,000 pending events. Three things make it so:
//   - Deferred root removal: pop() leaves a hole at the root, and the next schedule() drops
//     the new event into the hole with one sift-down instead of a sift-up plus a sift-down.
//     A simulation that schedules about one event per event popped pays one heap walk per
//     event instead of two.
//   - The key (time, seq) is held as two 64-bit words compared as one unsigned 128-bit
//     integer (the time's bits are mapped to an integer of the same order), and the smallest
//     of four children is picked with conditional moves: no mispredicted branches.
//   - Beyond 16,384 events (past the L2 cache) each level of a sift-down prefetches the 16
//     grandchildren, which are contiguous, so the next level's loads overlap this one's.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tiersim/fwd.hpp"

namespace tiersim::core {

/// One pending event, as pop() returns it. Plain data.
struct Event {
  SimTime time = 0;        ///< minutes
  std::uint64_t seq = 0;   ///< insertion order; breaks ties between equal times
  std::uint32_t kind = 0;  ///< what happens (model-defined)
  std::uint32_t subject = 0;  ///< to whom (model-defined index)
};

/// Pending-event set ordered by (time, sequence). Not thread-safe: one per replication.
/// Times may be any non-NaN double (-0 counts as +0); kNever (infinity) sorts last.
///
/// **Example**:
/// @code
///   EventCalendar cal;
///   cal.schedule(5.0, kArrival, 0);
///   while (!cal.empty()) { Event e = cal.pop(); /* dispatch on e.kind */ }
/// @endcode
class EventCalendar {
 public:
  /// Adds an event at time `at` (minutes, not NaN). Amortised O(log n), no allocation once grown.
  void schedule(SimTime at, std::uint32_t kind, std::uint32_t subject) {
    const Entry e{next_seq_++, time_key(at), kind, subject};
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
    const Entry& top = heap_.front();
    return Event{key_time(top.tkey), top.seq, top.kind, top.subject};
  }

  [[nodiscard]] bool empty() const noexcept { return heap_.size() == static_cast<std::size_t>(hole_); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size() - static_cast<std::size_t>(hole_); }

  /// Time of the earliest pending event, or kNever when empty.
  [[nodiscard]] SimTime next_time() {
    if (hole_) {
      remove_root();
      hole_ = false;
    }
    return heap_.empty() ? kNever : key_time(heap_.front().tkey);
  }

  /// Number of events ever scheduled.
  [[nodiscard]] std::uint64_t scheduled() const noexcept { return next_seq_; }

  /// Reserves room for `n` pending events.
  void reserve(std::size_t n) { heap_.reserve(n); }
  /// Drops every pending event (the sequence keeps counting).
  void clear() noexcept {
    heap_.clear();
    hole_ = false;
  }

 private:
  __extension__ typedef unsigned __int128 Key;  // GCC and Clang, as pcg-cpp already requires

  struct Entry {
    std::uint64_t seq;
    std::uint64_t tkey;  // time_key(time)
    std::uint32_t kind;
    std::uint32_t subject;
  };

  static constexpr std::size_t kArity = 4;
  static constexpr std::size_t kPrefetchAbove = 16384;  // entries; about the L2 cache

  static Key key(const Entry& e) noexcept { return (static_cast<Key>(e.tkey) << 64) | e.seq; }

  // Maps a double to an unsigned integer of the same order: flip the sign bit of
  // non-negative values, every bit of negative ones.
  static std::uint64_t time_key(double t) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(t + 0.0);  // -0 becomes +0
    const auto mask = static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> 63) | (std::uint64_t{1} << 63);
    return bits ^ mask;
  }
  static double key_time(std::uint64_t k) noexcept {
    const std::uint64_t mask = (k >> 63) != 0 ? (std::uint64_t{1} << 63) : ~std::uint64_t{0};
    return std::bit_cast<double>(k ^ mask);
  }

  void sift_up(std::size_t i, const Entry& e) {
    const Key k = key(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!(k < key(heap_[parent]))) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  void sift_down(std::size_t i, const Entry& e) {
    if (heap_.size() > kPrefetchAbove) {
      sift_down_impl<true>(i, e);
    } else {
      sift_down_impl<false>(i, e);
    }
  }

  // Places `e` at position i (a hole) and moves it down to where it belongs.
  template <bool kPrefetch>
  void sift_down_impl(std::size_t i, const Entry& e) {
    const Key k = key(e);
    const std::size_t n = heap_.size();
    Entry* h = heap_.data();
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if constexpr (kPrefetch) {
        const std::size_t g = first * kArity + 1;  // 16 contiguous grandchildren, 384 bytes
        if (g + 16 <= n) {
          const char* p = reinterpret_cast<const char*>(h + g);
          for (std::size_t line = 0; line < 16 * sizeof(Entry); line += 64) __builtin_prefetch(p + line);
        }
      }
      std::size_t best;
      Key kb;
      if (first + kArity <= n) {  // a full family: a tournament of conditional moves
        const Key k0 = key(h[first]), k1 = key(h[first + 1]), k2 = key(h[first + 2]), k3 = key(h[first + 3]);
        const bool b01 = k1 < k0, b23 = k3 < k2;
        const Key m01 = b01 ? k1 : k0, m23 = b23 ? k3 : k2;
        const bool b = m23 < m01;
        best = b ? first + 2 + b23 : first + b01;
        kb = b ? m23 : m01;
      } else {
        if (first >= n) break;
        best = first;
        kb = key(h[first]);
        for (std::size_t c = first + 1; c < n; ++c) {
          const Key kc = key(h[c]);
          if (kc < kb) {
            best = c;
            kb = kc;
          }
        }
      }
      if (!(kb < k)) break;
      h[i] = h[best];
      i = best;
    }
    h[i] = e;
  }

  void remove_root() {
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }

  std::vector<Entry> heap_;
  bool hole_ = false;
  std::uint64_t next_seq_ = 0;
};

}  // namespace tiersim::core
