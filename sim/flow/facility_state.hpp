// File: flow/facility_state.hpp (private)
// The state of one facility during a replication: servers (own and visiting), the priority
// queue, beds and their waiting line, and the time-weighted integrals behind utilisation
// and occupancy.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "flow/episode_stats.hpp"
#include "flow/patient.hpp"
#include "tiersim/fwd.hpp"

namespace tiersim::flow {

/// A queue entry: the patient slot and its generation when queued (stale entries of
/// patients who reneged are skipped lazily, so leaving the queue is O(1)).
struct QueueEntry {
  std::uint32_t slot;
  std::uint32_t generation;
};

/// First-in first-out ring of queue entries (std::deque allocates in chunks; this reuses one buffer).
class Fifo {
 public:
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  void push(QueueEntry e) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = e;
    ++size_;
  }
  QueueEntry pop() noexcept {
    const QueueEntry e = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return e;
  }

 private:
  void grow() {
    std::vector<QueueEntry> next(buf_.empty() ? 8 : buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) next[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_.swap(next);
    head_ = 0;
  }
  std::vector<QueueEntry> buf_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

/// A facility's waiting line: one FIFO per priority, most urgent first, and a bit per
/// priority that says its FIFO holds entries, so taking the next entry looks at the non-empty
/// FIFOs only (five FIFOs are 200 bytes of state; most facilities use one or two priorities).
class PriorityQueues {
 public:
  void push(std::uint8_t priority, QueueEntry e) {
    queues_[priority].push(e);
    nonempty_ |= static_cast<std::uint8_t>(1u << priority);
  }
  /// Takes the oldest entry of the most urgent non-empty priority; false when all are empty.
  /// Entries may be stale (their patient reneged): the caller skips those.
  bool pop(QueueEntry& e) noexcept {
    if (nonempty_ == 0) return false;
    const int priority = std::countr_zero(nonempty_);
    Fifo& q = queues_[static_cast<std::size_t>(priority)];
    e = q.pop();
    if (q.empty()) nonempty_ &= static_cast<std::uint8_t>(~(1u << priority));
    return true;
  }

 private:
  static_assert(kPriorityLevels <= 8, "one bit per priority in an 8-bit mask");
  std::array<Fifo, kPriorityLevels> queues_;
  std::uint8_t nonempty_ = 0;
};

/// An integral of a piecewise-constant quantity over time (busy servers, occupied beds).
struct TimeIntegral {
  double value = 0;
  double area = 0;
  SimTime last = 0;
  void set(SimTime now, double v) noexcept {
    area += value * (now - last);
    last = now;
    value = v;
  }
  void restart(SimTime now) noexcept {
    last = now;
    area = 0;
  }
  [[nodiscard]] double area_until(SimTime now) const noexcept { return area + value * (now - last); }
};

/// Laid out hot first: the server counts, the queue length and the busy integral, which
/// every visit touches, share the first cache line, and the counters a visit adds to fill the
/// second (a province has 32,000 of these, so each extra line touched per event is a cache
/// miss; the loop prefetches these two for the next event, replication.cpp).
struct alignas(64) FacilityState {
  // Servers. base_* are the facility's own doctors (less those away on visits);
  // expert_* are visiting experts present now.
  int base_capacity = 0;
  int base_busy = 0;
  int expert_capacity = 0;
  int expert_busy = 0;
  std::uint32_t waiting = 0;  ///< live entries in the queue (reneged ones excluded)
  int beds = 0;
  int beds_used = 0;
  bool open = true;
  TimeIntegral busy;          ///< busy servers over time (utilisation)

  int departing_owed = 0;     ///< own doctors due to leave on a visit who are still busy
  int expert_leaving_owed = 0;///< visiting experts due to go home who are still busy

  FacilityCounters counters;  ///< after warm-up; the second line (see above)
  TimeIntegral available;     ///< servers available while open
  TimeIntegral occupied;      ///< occupied beds

  PriorityQueues queue;
  Fifo bed_queue;

  [[nodiscard]] int capacity() const noexcept { return base_capacity + expert_capacity; }
  [[nodiscard]] int in_service() const noexcept { return base_busy + expert_busy; }
};
static_assert(offsetof(FacilityState, counters) == 64 && offsetof(FacilityState, counters.blocked) < 128,
              "a visit's state is the first line and its counters the second (see above)");

}  // namespace tiersim::flow
