// File: tiersim/analytic/analytic.hpp
// The analytic approximation of a scenario (`tiersim analyze`): routing probabilities and
// traffic equations solved with Eigen, then a queue estimate per facility (Erlang-C for
// exponential service, Allen-Cunneen M/G/c otherwise) and bed blocking from Erlang-B.
// Rates are per minute, times in minutes. The rules mirror sim/flow/README.md; what the
// estimate leaves out (reneging, bed-blocking feedback, step-down) is in sim/analytic/README.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::analytic {

struct FacilityEstimate {
  std::string id;
  std::string tier;
  int servers = 0;
  double arrival_rate_per_min = 0;     ///< total visits per minute (all conditions), and remote consults answered here
  double mean_service_minutes = 0;     ///< mixture mean over the conditions seen here
  double service_scv = 0;              ///< mixture squared coefficient of variation
  double offered_load = 0;             ///< erlangs: arrival rate x mean service
  double utilisation = 0;              ///< offered load / servers (>= 1: unstable)
  double expected_wait_minutes = 0;    ///< in the queue; infinity when unstable
  int beds = 0;
  double bed_offered_load = 0;         ///< erlangs: admissions per minute x mean stay
  double bed_blocking_probability = 0; ///< Erlang-B
  std::string method;                  ///< "erlang-c", "allen-cunneen", "unstable", "no servers", "no arrivals"
  // Additions (sim/analytic/README.md):
  double effective_servers = 0;        ///< servers + visiting experts' time share - time away on visits
  double open_share = 1;               ///< share of the week open, 0..1 (utilisation is per open hour)
  double admissions_per_min = 0;       ///< resolved here and admitted
};

struct Analysis {
  std::vector<FacilityEstimate> facilities;
  std::vector<std::string> warnings;   ///< one line per unstable facility, with the numbers
  std::string solver;                  ///< "dense LU" or "sparse LU" (the traffic equations)
};

struct AnalyzeOptions {
  /// Networks with at most this many facilities are solved with a dense LU (PartialPivLU),
  /// larger ones with a sparse LU (SparseLU, COLAMD ordering).
  std::size_t dense_limit = 2000;
};

/// Throws nothing for a valid scenario; unstable facilities appear as warnings.
[[nodiscard]] Analysis analyze(const scenario::Scenario& s, const network::Network& net);
[[nodiscard]] Analysis analyze(const scenario::Scenario& s, const network::Network& net, const AnalyzeOptions& options);

/// Erlang-C: probability that an arrival waits, c servers, offered load a = lambda/mu < c.
[[nodiscard]] double erlang_c(int c, double offered_load);
/// Erlang-B: blocking probability, c servers, offered load a.
[[nodiscard]] double erlang_b(int c, double offered_load);
/// Mean wait in queue of M/M/c (minutes), rate lambda per minute, mean service 1/mu minutes.
[[nodiscard]] double mmc_mean_wait(double lambda, double mean_service, int c);
/// Mean wait in queue of M/G/c by Allen-Cunneen, (1 + scv) / 2 x the M/M/c wait (minutes);
/// `servers` may be fractional (see erlang_b's extension in sim/analytic/README.md).
[[nodiscard]] double mgc_mean_wait(double lambda, double mean_service, double scv, double servers);

}  // namespace tiersim::analytic
