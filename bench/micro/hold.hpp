// File: bench/micro/hold.hpp
// The classic hold model (Jones 1986): a pending set kept at a fixed population; each step
// pops the earliest event and schedules one at its time plus an Exp(1) increment. It measures
// the pending-event set alone, with a single random stream and no model work.
#pragma once

#include <cmath>
#include <cstdint>

#include "tiersim/random/stream.hpp"

namespace tiersim::bench {

template <class Set>
class Hold {
 public:
  /// `pending` >= 1 events, first times Exp(1).
  Hold(std::size_t pending, std::uint64_t seed) : rng_(seed) {
    if constexpr (requires(Set s) { s.reserve(std::size_t{}); }) set_.reserve(pending + 1);
    for (std::size_t i = 0; i < pending; ++i) set_.schedule(exp1(), 0, static_cast<std::uint32_t>(i));
  }
  /// `steps` pop-and-schedule steps; returns the time of the last event popped.
  double run(std::uint64_t steps) {
    double now = 0;
    for (std::uint64_t i = 0; i < steps; ++i) {
      const auto e = set_.pop();
      now = e.time;
      set_.schedule(now + exp1(), e.kind, e.subject);
    }
    return now;
  }
  [[nodiscard]] std::size_t size() const { return set_.size(); }

 private:
  double exp1() noexcept { return -std::log(rng_.uniform_open0()); }
  Set set_;
  random::RandomStream rng_;
};

}  // namespace tiersim::bench
