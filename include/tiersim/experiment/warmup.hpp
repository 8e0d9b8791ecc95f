// File: tiersim/experiment/warmup.hpp
// Warm-up advice (`tiersim warmup`): pilot replications with no warm-up, the number of
// patients in system sampled daily and averaged across pilots, and the MSER-5 truncation
// rule (White 1997; White, Cobb & Spratt 2000): batch the averaged series in means of 5
// observations Z_1..Z_m, and choose the d in 0..floor(m/2) minimising
//   MSER(d) = sum_{j>d} (Z_j - mean(Z_{d+1..m}))^2 / (m - d)^2,
// the squared standard error of the mean left after deleting the first d batches. Deleting
// the transient lowers it; deleting steady-state data raises it again. The search is limited
// to the first half, where the rule is reliable; a minimum at that limit means the run is
// too short to show a steady state, and the advice says so.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tiersim/network/network.hpp"
#include "tiersim/scenario/scenario.hpp"

namespace tiersim::experiment {

struct MserResult {
  int batch_size = 5;
  std::vector<double> batch_means;   ///< Z_1..Z_m (a trailing partial batch is dropped)
  std::vector<double> statistic;     ///< MSER(d) for d = 0..floor(m/2)
  int truncation_batches = 0;        ///< d*
  int truncation_observations = 0;   ///< d* x batch_size: observations to delete
  bool at_limit = false;             ///< d* is the last candidate: no steady state seen
};

/// MSER-`batch_size` of a series (at least 2 full batches, else Error).
[[nodiscard]] MserResult mser(const std::vector<double>& series, int batch_size = 5);

struct WarmupAdvice {
  std::string scenario;
  std::string source_file;
  int pilots = 0;
  std::uint64_t seed = 0;
  double run_minutes = 0;            ///< length of each pilot (the scenario's warm-up + horizon)
  double current_warmup = 0;         ///< the scenario's warm-up, minutes
  std::vector<double> times;         ///< sample times, minutes
  std::vector<double> mean_in_system;///< patients in system at each time, averaged over pilots
  MserResult mser;
  double suggested_minutes = 0;      ///< whole days
};

/// Runs `pilots` replications of `s` with no warm-up over its warm-up + horizon, on
/// `threads` threads, and applies MSER-5 to the averaged in-system series.
[[nodiscard]] WarmupAdvice advise_warmup(const scenario::Scenario& s, const network::Network& net, int pilots,
                                         int threads);

[[nodiscard]] std::string warmup_json(const WarmupAdvice& advice);
/// A self-contained page with an inline SVG plot of the series and the truncation point.
[[nodiscard]] std::string warmup_html(const WarmupAdvice& advice);

}  // namespace tiersim::experiment
