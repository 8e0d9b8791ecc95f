// File: tiersim/core/phold.hpp
// PHOLD, the standard synthetic workload of parallel discrete-event simulation, run
// sequentially on one pending-event set to measure the engine kernel: the figure compares
// directly with ROSS's sequential PHOLD.
//
// As ROSS defines it: N logical processes (LPs), one event in flight per LP; handling an event
// schedules exactly one new event at now + Exp(mean - lookahead) + lookahead, sent to an LP
// drawn uniformly from all N (itself included) with probability `remote`, else to itself.
// Each LP draws from a random stream of its own, as ROSS's LPs do, so the run is the same
// whatever the pending-set design (ties aside, which have probability 0).
//
// The loop is a template over the pending-event set so bench/micro can compare designs on it;
// `Phold` (on core::EventCalendar) is compiled into the library.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "tiersim/core/event_calendar.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::core {

/// Parameters of a PHOLD run (ROSS's defaults but for the lookahead, which the brief fixes).
struct PholdConfig {
  std::uint32_t lps = 1024;  ///< number of logical processes, >= 1
  double mean = 1.0;         ///< mean time between an event and the one it schedules, > lookahead
  double lookahead = 0.1;    ///< minimum such time, >= 0
  double remote = 0.25;      ///< probability that the new event goes to a random LP, 0..1
  std::uint64_t seed = 1;    ///< master seed of the LPs' streams
};

/// A PHOLD model over pending-event set `Set` (schedule/pop/empty like EventCalendar).
template <class Set>
class BasicPhold {
 public:
  explicit BasicPhold(const PholdConfig& config) : config_(config), exp_mean_(config.mean - config.lookahead) {
    random::StreamSet streams(config.seed, 0);
    rng_.reserve(config.lps);
    handled_.assign(config.lps, 0);
    if constexpr (requires(Set s) { s.reserve(std::size_t{}); }) set_.reserve(config.lps + 1);
    for (std::uint32_t lp = 0; lp < config.lps; ++lp) {
      rng_.push_back(streams.stream("phold", lp));
      set_.schedule(delay(rng_.back()), 0, lp);
    }
  }

  /// Handles `events` events (>= 0); the population stays at one event per LP.
  void run(std::uint64_t events) {
    const auto n = static_cast<std::uint64_t>(config_.lps);
    for (std::uint64_t i = 0; i < events; ++i) {
      const Event e = set_.pop();
      now_ = e.time;
      random::RandomStream& rng = rng_[e.subject];
      ++handled_[e.subject];
      std::uint32_t dest = e.subject;
      if (rng.uniform01() < config_.remote) dest = static_cast<std::uint32_t>(rng.below(n));
      set_.schedule(now_ + delay(rng), 0, dest);
    }
    processed_ += events;
  }

  /// Events handled so far.
  [[nodiscard]] std::uint64_t processed() const noexcept { return processed_; }
  /// Simulated time of the last event handled.
  [[nodiscard]] SimTime now() const noexcept { return now_; }
  /// Events handled by each LP.
  [[nodiscard]] const std::vector<std::uint64_t>& handled() const noexcept { return handled_; }
  /// Events pending (always lps).
  [[nodiscard]] std::size_t pending() const noexcept { return set_.size(); }

 private:
  // Exp(mean - lookahead) by inversion, plus the lookahead.
  double delay(random::RandomStream& rng) const noexcept {
    return config_.lookahead - exp_mean_ * std::log(rng.uniform_open0());
  }

  PholdConfig config_;
  double exp_mean_;
  Set set_;
  std::vector<random::RandomStream> rng_;
  std::vector<std::uint64_t> handled_;
  std::uint64_t processed_ = 0;
  SimTime now_ = 0;
};

extern template class BasicPhold<EventCalendar>;
/// PHOLD on the engine's own pending-event set.
using Phold = BasicPhold<EventCalendar>;

}  // namespace tiersim::core
