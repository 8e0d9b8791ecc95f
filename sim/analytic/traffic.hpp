// File: analytic/traffic.hpp
// The traffic equations lambda = gamma + P^T lambda of one patient class, with Eigen. In
// tiersim a facility refers to one target only (Network::referral), so P has at most one
// entry per row: P(i, up[i]) = the probability that a patient finishing a visit at i is
// referred. The matrix pattern is fixed per network; only the values change per class.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <Eigen/Core>

#include "tiersim/fwd.hpp"

namespace tiersim::analytic::detail {

class TrafficSolver {
 public:
  /// up[i]: referral target of facility i, or kNoIndex. Networks with at most dense_limit
  /// facilities use a dense PartialPivLU, larger ones SparseLU (COLAMD), pattern analysed once.
  TrafficSolver(std::vector<FacilityIndex> up, std::size_t dense_limit);
  ~TrafficSolver();
  TrafficSolver(const TrafficSolver&) = delete;
  TrafficSolver& operator=(const TrafficSolver&) = delete;

  /// Visit rates per facility (rows) for each column of external arrival rates `gamma`
  /// (n x k, per minute), with refer[i] in [0, 1] the referral probability at i.
  /// Throws InternalError if the system is singular (a referral loop that always refers).
  [[nodiscard]] Eigen::MatrixXd solve(const std::vector<double>& refer, const Eigen::MatrixXd& gamma);

  [[nodiscard]] bool sparse() const noexcept { return sparse_ != nullptr; }

 private:
  struct Sparse;
  std::vector<FacilityIndex> up_;
  std::unique_ptr<Sparse> sparse_;
};

}  // namespace tiersim::analytic::detail
