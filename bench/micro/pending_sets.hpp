// File: bench/micro/pending_sets.hpp
// Competing designs of the pending-event set, side by side behind one interface so that one
// benchmark driver (pending_set_bench.cpp) measures them all under the same workloads
// (Taskflow's way of benchmarking rival implementations). Each offers what
// tiersim::core::EventCalendar offers: schedule(at, kind, subject), pop(), empty(), size(),
// with pops in (time, insertion sequence) order and no allocation per event once grown.
//
//   BinaryHeapSet     std::priority_queue over 24-byte events: the textbook baseline.
//   QuadHoleHeapSet   a 4-ary heap whose pop leaves a hole at the root for the next schedule
//                     to fill with one sift-down (the design first committed).
//   ShippedCalendarSet core::EventCalendar as shipped: the same 4-ary heap with deferred root
//                     removal, but the (time, seq) key compared as one unsigned 128-bit
//                     integer, the smallest of four children chosen without branches, and
//                     grandchildren prefetched in heaps larger than the L2 cache.
//   CalendarQueueSet  Brown's (1988) calendar queue: buckets of one "day" each, sorted
//                     intrusive lists in a node pool, resized when the population doubles
//                     or halves. O(1) expected per operation.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <queue>
#include <vector>

#include "tiersim/core/event_calendar.hpp"


namespace tiersim::bench {

using core::Event;

inline bool event_before(const Event& a, const Event& b) noexcept {
  return a.time < b.time || (a.time == b.time && a.seq < b.seq);
}

/// std::priority_queue with the (time, seq) order: push = sift-up, pop = sift-down.
class BinaryHeapSet {
 public:
  void schedule(SimTime at, std::uint32_t kind, std::uint32_t subject) {
    heap_.push(Event{at, next_seq_++, kind, subject});
  }
  Event pop() {
    Event e = heap_.top();
    heap_.pop();
    return e;
  }
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  static constexpr const char* kName = "binary_heap";

 private:
  struct After {
    bool operator()(const Event& a, const Event& b) const noexcept { return event_before(b, a); }
  };
  std::priority_queue<Event, std::vector<Event>, After> heap_;
  std::uint64_t next_seq_ = 0;
};

/// The design committed first: 4-ary heap, deferred root removal, branchy comparisons.
class QuadHoleHeapSet {
 public:
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
  Event pop() {
    if (hole_) remove_root();
    hole_ = true;
    return heap_.front();
  }
  [[nodiscard]] bool empty() const noexcept { return heap_.size() == static_cast<std::size_t>(hole_); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size() - static_cast<std::size_t>(hole_); }
  static constexpr const char* kName = "quad_heap_hole";

 private:
  void sift_up(std::size_t i, const Event& e) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!event_before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void sift_down(std::size_t i, const Event& e) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = i * 4 + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (event_before(heap_[c], heap_[best])) best = c;
      }
      if (!event_before(heap_[best], e)) break;
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

/// The committed calendar itself (kept here so the driver measures exactly what ships).
class ShippedCalendarSet : public core::EventCalendar {
 public:
  static constexpr const char* kName = "event_calendar";
};

/// Brown's calendar queue. Bucket b holds the events whose "day" floor(t / width) is congruent
/// to b modulo the bucket count, as a list sorted by (time, seq) in a pool of nodes linked by
/// index. Days are compared as integers, never as accumulated floating-point bucket tops, so
/// no rounding can skip an event.
class CalendarQueueSet {
 public:
  CalendarQueueSet() { rebuild(kMinBuckets, 1.0); }

  void schedule(SimTime at, std::uint32_t kind, std::uint32_t subject) {
    const std::uint32_t node = allocate();
    nodes_[node].e = Event{at, next_seq_++, kind, subject};
    insert(node);
    ++size_;
    if (size_ > 2 * heads_.size()) resize(heads_.size() * 2);
  }

  Event pop() {
    const std::size_t nb = heads_.size();
    for (std::size_t tries = 0;; ++tries) {
      if (tries == nb) {  // a year without a hit: jump straight to the earliest event
        cur_day_ = day_of(nodes_[find_min_node()].e.time);
        tries = 0;
      }
      const std::size_t b = cur_day_ & mask_;
      const std::uint32_t head = heads_[b];
      if (head != kNil && day_of(nodes_[head].e.time) == cur_day_) {
        heads_[b] = nodes_[head].next;
        const Event e = nodes_[head].e;
        release(head);
        --size_;
        if (size_ < heads_.size() / 2 && heads_.size() > kMinBuckets) resize(heads_.size() / 2);
        return e;
      }
      ++cur_day_;
    }
  }

  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  static constexpr const char* kName = "calendar_queue";

 private:
  static constexpr std::uint32_t kNil = 0xffffffffu;
  static constexpr std::size_t kMinBuckets = 16;
  struct Node {
    Event e;
    std::uint32_t next;
  };

  [[nodiscard]] std::uint64_t day_of(SimTime t) const noexcept {
    return static_cast<std::uint64_t>(t * inv_width_);
  }

  std::uint32_t allocate() {
    if (free_ != kNil) {
      const std::uint32_t n = free_;
      free_ = nodes_[n].next;
      return n;
    }
    nodes_.push_back(Node{});
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }
  void release(std::uint32_t n) noexcept {
    nodes_[n].next = free_;
    free_ = n;
  }

  void insert(std::uint32_t node) {
    const Event& e = nodes_[node].e;
    const std::uint64_t day = day_of(e.time);
    if (size_ == 0 || day < cur_day_) cur_day_ = day;  // an event in the past of the scan
    std::uint32_t* link = &heads_[day & mask_];
    while (*link != kNil && !event_before(e, nodes_[*link].e)) link = &nodes_[*link].next;
    nodes_[node].next = *link;
    *link = node;
  }

  [[nodiscard]] std::uint32_t find_min_node() const {
    std::uint32_t best = kNil;
    for (std::uint32_t h : heads_) {
      if (h != kNil && (best == kNil || event_before(nodes_[h].e, nodes_[best].e))) best = h;
    }
    return best;
  }

  // New bucket count; the day width is three times the mean gap between the earliest events
  // (Brown's rule), estimated from up to 64 of them.
  void resize(std::size_t buckets) {
    scratch_.clear();
    for (std::uint32_t& h : heads_) {
      for (std::uint32_t n = h; n != kNil; n = nodes_[n].next) scratch_.push_back(n);
    }
    const std::size_t k = std::min<std::size_t>(scratch_.size(), 64);
    double width = 1.0 / inv_width_;
    if (k >= 2) {
      std::partial_sort(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(k), scratch_.end(),
                        [&](std::uint32_t a, std::uint32_t b) { return event_before(nodes_[a].e, nodes_[b].e); });
      const double span = nodes_[scratch_[k - 1]].e.time - nodes_[scratch_[0]].e.time;
      if (span > 0) width = 3.0 * span / static_cast<double>(k - 1);
    }
    rebuild(buckets, width);
    // Re-insert in (time, seq) order from the back so each insert lands at a list head.
    std::sort(scratch_.begin(), scratch_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return event_before(nodes_[b].e, nodes_[a].e); });
    const std::size_t keep = size_;
    size_ = 0;
    for (std::uint32_t n : scratch_) {
      insert(n);
      ++size_;
    }
    size_ = keep;
  }

  void rebuild(std::size_t buckets, double width) {
    heads_.assign(buckets, kNil);
    mask_ = buckets - 1;
    inv_width_ = 1.0 / width;
    cur_day_ = 0;
  }

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> heads_;
  std::vector<std::uint32_t> scratch_;
  std::uint32_t free_ = kNil;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  double inv_width_ = 1.0;
  std::uint64_t cur_day_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace tiersim::bench
