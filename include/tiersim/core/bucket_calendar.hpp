// File: tiersim/core/bucket_calendar.hpp
// A pending-event set for large models: a calendar queue (Brown 1988) of one-minute buckets
// over a window of a few days, the current bucket sorted, and a heap for events beyond the
// window. Same contract as EventCalendar, and exactly the same pop order:
// (time, insertion sequence).
//
// Why: at province scale (30,000 arrival streams, tens of thousands of inpatients) a single
// heap is 8 levels deep and most of its levels miss the cache on every operation. Here
// scheduling an event within the window is an append to its bucket's vector (one cache
// line), and popping takes the last entry of the current bucket, sorted once when its
// minute comes, which stays in L1/L2.
// Events further ahead than the window (bed stays, rare long gaps) wait in an overflow heap
// and move into the current bucket when its minute comes; events scheduled into the current
// minute once it is sorted wait in a small heap of their own, merged at each pop.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tiersim/core/event_calendar.hpp"
#include "tiersim/fwd.hpp"

namespace tiersim::core {

/// Calendar queue with the API of EventCalendar. Not thread-safe: one per replication.
/// Times must be >= 0 and never earlier than the last event popped.
class BucketCalendar {
 public:
  /// `bucket_width` minutes per bucket; `buckets` (a power of two) buckets in the window.
  explicit BucketCalendar(double bucket_width = 1.0, std::size_t buckets = 8192)
      : width_(bucket_width), inv_width_(1.0 / bucket_width), wheel_(std::bit_ceil(buckets)), mask_(wheel_.size() - 1) {}

  void schedule(SimTime at, std::uint32_t kind, std::uint32_t subject) {
    const Entry e{at, next_seq_++, kind, subject};
    const std::uint64_t bn = bucket_of(at);
    if (bn <= current_) {
      // This bucket (or, defensively, an earlier one), already sorted: into a small heap
      // beside it, which pop() merges (inserting into the sorted bucket moved half of its
      // 500 entries at province scale).
      push_heap(late_, e);
    } else if (bn <= current_ + mask_) {  // within the window (mask_ + 1 buckets)
      wheel_[bn & mask_].push_back(e);
      ++in_wheel_;
    } else {
      push_heap(far_, e);
    }
    ++size_;
  }

  /// Removes and returns the earliest event. Precondition: !empty().
  Event pop() {
    if (now_.empty() && late_.empty()) advance();
    Entry e;
    if (late_first()) {
      e = late_.front();
      pop_heap(late_);
    } else {
      e = now_.back();
      now_.pop_back();
    }
    --size_;
    return Event{e.time, e.seq, e.kind, e.subject};
  }

  /// The kind and subject of the next event when it is already known without work (it is
  /// in the current bucket); false otherwise. For prefetching.
  bool peek(std::uint32_t& kind, std::uint32_t& subject) const noexcept {
    if (now_.empty() && late_.empty()) return false;
    const Entry& e = late_first() ? late_.front() : now_.back();
    kind = e.kind;
    subject = e.subject;
    return true;
  }

  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  /// Time of the earliest pending event, or kNever when empty.
  [[nodiscard]] SimTime next_time() {
    if (size_ == 0) return kNever;
    if (now_.empty() && late_.empty()) advance();
    return late_first() ? late_.front().time : now_.back().time;
  }

  [[nodiscard]] std::uint64_t scheduled() const noexcept { return next_seq_; }
  void reserve(std::size_t n) { now_.reserve(std::min<std::size_t>(n, 4096)); }

 private:
  struct Entry {
    double time;
    std::uint64_t seq;
    std::uint32_t kind;
    std::uint32_t subject;
  };
  // Order on (time, seq): "a after b". Sorted with it, the current bucket holds its latest
  // event first and its earliest last. A function object, so the std algorithms inline it.
  struct After {
    bool operator()(const Entry& a, const Entry& b) const noexcept {
      return a.time > b.time || (a.time == b.time && a.seq > b.seq);
    }
  };
  // The next event is the late heap's top: it is not empty, and it is earlier than the
  // sorted bucket's next, or that is empty. (Precondition: one of the two holds an event.)
  bool late_first() const noexcept { return !late_.empty() && (now_.empty() || After{}(now_.back(), late_.front())); }

  static void push_heap(std::vector<Entry>& h, const Entry& e) {
    h.push_back(e);
    std::push_heap(h.begin(), h.end(), After{});
  }
  static void pop_heap(std::vector<Entry>& h) {
    std::pop_heap(h.begin(), h.end(), After{});
    h.pop_back();
  }

  // The bucket number floor(t / width), 0 below 0. The conversion truncates, which is the
  // floor for the numbers it is given (>= 1): no std::floor, which without SSE4.1 is a dozen
  // instructions on every schedule.
  std::uint64_t bucket_of(double t) const noexcept {
    const double b = t * inv_width_;
    return b < 1 ? 0 : static_cast<std::uint64_t>(b);
  }

  // Moves to the next bucket that holds anything and makes it the current one, sorted.
  void advance() {
    for (;;) {
      if (in_wheel_ == 0) {
        // Nothing in the window: jump straight to the first far event's minute.
        const std::uint64_t target = bucket_of(far_.front().time);
        current_ = std::max(current_ + 1, target);
      } else {
        ++current_;
      }
      auto& bucket = wheel_[current_ & mask_];
      if (!bucket.empty()) {
        // The current bucket is empty here: take the bucket's buffer whole and leave it ours.
        in_wheel_ -= bucket.size();
        now_.swap(bucket);
        // The bucket now holds the current bucket's old, empty buffer. Handed round like this,
        // every bucket's buffer would grow to the busiest minute's size: at province scale
        // (a thousand events in a peak minute) 8,192 such buffers held about 300 MiB. A large
        // one is let go instead (the bucket grows again from its own events); a small one
        // is kept, so a quiet model allocates nothing here. Storage only: the order is the same.
        if (bucket.capacity() > kKeptCapacity) std::vector<Entry>().swap(bucket);
      }
      while (!far_.empty() && bucket_of(far_.front().time) <= current_) {
        now_.push_back(far_.front());
        pop_heap(far_);
      }
      if (!now_.empty()) {
        // Sorted once, latest first: each pop is then a pop_back (no sift-down with its
        // unpredictable branches), and the next event is known for prefetching.
        sort_current();
        return;
      }
    }
  }

  // Sorts the current bucket latest first on (time, seq), exactly as std::sort with After
  // would. A busy minute (about 500 events at province scale, where std::sort's comparisons of
  // random times mispredict about half the time) is first dealt into slices of the minute,
  // about four events each, latest slice first, then each slice is sorted: by insertion when
  // short, by std::sort when many events share an instant. An event's slice never decreases
  // with its time, so the order is the same; keys (time, seq) are unique, so it is the only one.
  void sort_current() {
    const std::size_t n = now_.size();
    if (n < kSlicedFrom) {  // a quiet model's minute: one or two events, no call to std::sort
      insertion_sort(now_.begin(), now_.end());
      return;
    }
    const std::size_t slices = std::bit_ceil(n / 4);
    const double start = static_cast<double>(current_);
    const double scale = static_cast<double>(slices);  // a power of two: the product is exact
    const auto slice_of = [&](const Entry& e) noexcept {
      // Position in the minute, scaled; earlier buckets' events (defensive) count as its start.
      const double x = (e.time * inv_width_ - start) * scale;
      const std::size_t s = x <= 0 ? 0 : std::min(static_cast<std::size_t>(x), slices - 1);
      return slices - 1 - s;  // latest first
    };
    slice_start_.assign(slices + 1, 0);
    slice_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      slice_[i] = static_cast<std::uint32_t>(slice_of(now_[i]));
      ++slice_start_[slice_[i] + 1];
    }
    for (std::size_t s = 1; s <= slices; ++s) slice_start_[s] += slice_start_[s - 1];
    dealt_.resize(n);
    for (std::size_t i = 0; i < n; ++i) dealt_[slice_start_[slice_[i]]++] = now_[i];
    // Now slice s is [slice_start_[s - 1], slice_start_[s]), slice 0 from 0.
    for (std::size_t s = 0, begin = 0; s < slices; begin = slice_start_[s++]) {
      const auto first = dealt_.begin() + static_cast<std::ptrdiff_t>(begin);
      const auto last = dealt_.begin() + static_cast<std::ptrdiff_t>(slice_start_[s]);
      if (last - first > kInsertionAtMost) {
        std::sort(first, last, After{});  // many at one instant (every clinic opening at 07:00)
      } else {
        insertion_sort(first, last);
      }
    }
    now_.swap(dealt_);
  }

  static void insertion_sort(std::vector<Entry>::iterator first, std::vector<Entry>::iterator last) noexcept {
    for (auto i = first; i != last; ++i) {
      const Entry e = *i;
      auto j = i;
      for (; j != first && After{}(e, *(j - 1)); --j) *j = *(j - 1);
      *j = e;
    }
  }

  /// Entries a bucket's spare buffer may keep (1.5 KiB): above it, the buffer is freed.
  static constexpr std::size_t kKeptCapacity = 64;
  /// From this many events a bucket is sorted by slices (sort_current); below, by insertion.
  static constexpr std::size_t kSlicedFrom = 32;
  /// A slice of at most this many is sorted by insertion; a longer one by std::sort.
  static constexpr std::ptrdiff_t kInsertionAtMost = 16;

  double width_;
  double inv_width_;
  std::vector<std::vector<Entry>> wheel_;
  std::uint64_t mask_;
  std::uint64_t current_ = 0;   ///< the bucket whose events are in now_
  std::vector<Entry> now_;      ///< the current bucket's events, sorted latest first
  std::vector<Entry> late_;     ///< events scheduled into the current bucket after its sort (a heap)
  std::vector<Entry> far_;      ///< beyond the window
  std::vector<Entry> dealt_;    ///< sort_current's output, then the current bucket's spare buffer
  std::vector<std::size_t> slice_start_;  ///< sort_current's slice boundaries
  std::vector<std::uint32_t> slice_;      ///< sort_current's slice of each event
  std::size_t in_wheel_ = 0;
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace tiersim::core
