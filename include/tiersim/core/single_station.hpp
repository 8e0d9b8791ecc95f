// File: tiersim/core/single_station.hpp
// The single-station queue, M/G/c: Poisson arrivals, c identical servers, one FIFO queue and
// any service distribution, run on core::EventCalendar. It is the engine's validation model
// (its M/M/c results are checked against Erlang-C, M/G/1 against Pollaczek-Khinchine) and its
// benchmark (M/M/1 at utilisation 0.9 is what `tiersim bench` and tools/bench time against
// SimPy).
//
// Statistics cover the observation window [warmup, warmup + horizon): the run starts empty and
// everything accumulated during the warm-up is discarded at its end. Customers are anonymous;
// the queue holds only arrival times, so memory grows with the queue, not with the run.
#pragma once

#include <cstdint>
#include <limits>

#include "tiersim/fwd.hpp"
#include "tiersim/random/distributions.hpp"

namespace tiersim::core {

/// What to simulate. Times in minutes, rates per minute.
struct SingleStationConfig {
  double arrival_rate = 0.9;  ///< Poisson arrival rate, per minute, > 0
  int servers = 1;            ///< c >= 1
  random::Distribution service = random::Distribution::exponential(1.0);  ///< minutes
  SimTime warmup = 0;         ///< minutes before the window opens, >= 0
  SimTime horizon = kNever;   ///< minutes of observation after the warm-up, > 0
  /// If > 0, the arrival process stops after this many arrivals (warm-up included); with an
  /// infinite horizon the run then ends when the last customer leaves. At least one of
  /// `horizon` and `max_arrivals` must be finite.
  std::uint64_t max_arrivals = 0;
  std::uint64_t seed = 1;         ///< master seed
  std::uint64_t replication = 0;  ///< replication index: independent streams per replication
};

/// What was observed in the window [warmup, warmup + horizon).
struct SingleStationResult {
  /// Mean wait in queue (minutes) of the customers whose service started in the window;
  /// NaN if none did.
  double mean_wait = std::numeric_limits<double>::quiet_NaN();
  /// Mean time in system (minutes) of the customers who left in the window; NaN if none.
  double mean_time_in_system = std::numeric_limits<double>::quiet_NaN();
  double mean_waiting = 0;    ///< time-average number in queue (Lq)
  double mean_in_system = 0;  ///< time-average number in system (L)
  double utilisation = 0;     ///< time-average busy servers / c, 0..1
  std::uint64_t arrivals = 0;  ///< arrivals in the window
  std::uint64_t started = 0;   ///< services started in the window (the wait sample)
  std::uint64_t served = 0;    ///< services completed in the window
  std::uint64_t events = 0;    ///< events handled in the whole run, warm-up included
  SimTime observed = 0;        ///< length of the window actually observed, minutes
};

/// Runs one replication. Throws tiersim::Error on an invalid configuration.
[[nodiscard]] SingleStationResult simulate_single_station(const SingleStationConfig& config);

}  // namespace tiersim::core
