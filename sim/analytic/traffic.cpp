// Dense and sparse LU solves of (I - P^T) lambda = gamma. A county network (hundreds of
// facilities) is solved densely; a province (tens of thousands) with SparseLU, whose
// matrix has two entries per column (the diagonal and the referral target).
#include "analytic/traffic.hpp"

#include <Eigen/LU>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include "tiersim/error.hpp"

namespace tiersim::analytic::detail {

struct TrafficSolver::Sparse {
  Eigen::SparseMatrix<double> a;
  std::vector<Eigen::Triplet<double>> triplets;
  Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
};

TrafficSolver::TrafficSolver(std::vector<FacilityIndex> up, std::size_t dense_limit) : up_(std::move(up)) {
  if (up_.size() <= dense_limit) return;
  sparse_ = std::make_unique<Sparse>();
  const auto n = static_cast<Eigen::Index>(up_.size());
  sparse_->a.resize(n, n);
  sparse_->triplets.reserve(2 * up_.size());
  // The pattern holds every referral entry, even where a class never refers, so that it is
  // analysed once and only factorised per class (explicit zeros are kept by setFromTriplets).
  for (std::size_t i = 0; i < up_.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    sparse_->triplets.emplace_back(ii, ii, 1.0);
    if (up_[i] != kNoIndex) sparse_->triplets.emplace_back(static_cast<Eigen::Index>(up_[i]), ii, 0.0);
  }
  sparse_->a.setFromTriplets(sparse_->triplets.begin(), sparse_->triplets.end());
  sparse_->a.makeCompressed();
  sparse_->lu.analyzePattern(sparse_->a);
}

TrafficSolver::~TrafficSolver() = default;

Eigen::MatrixXd TrafficSolver::solve(const std::vector<double>& refer, const Eigen::MatrixXd& gamma) {
  const auto n = static_cast<Eigen::Index>(up_.size());
  TIERSIM_ASSERT(static_cast<Eigen::Index>(refer.size()) == n && gamma.rows() == n, "one referral share and one arrival rate per facility");
  if (!sparse_) {
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto to = up_[static_cast<std::size_t>(i)];
      if (to != kNoIndex) a(static_cast<Eigen::Index>(to), i) -= refer[static_cast<std::size_t>(i)];
    }
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(a);
    return lu.solve(gamma);
  }
  auto& sp = *sparse_;
  // Column i of the compressed matrix holds row i (1) and row up[i] (-refer[i]).
  for (Eigen::Index i = 0; i < n; ++i) {
    const double r = refer[static_cast<std::size_t>(i)];
    for (Eigen::SparseMatrix<double>::InnerIterator it(sp.a, i); it; ++it) {
      it.valueRef() = it.row() == i ? 1.0 : -r;
    }
  }
  sp.lu.factorize(sp.a);
  if (sp.lu.info() != Eigen::Success) {
    throw InternalError("analytic: the traffic equations are singular (" + sp.lu.lastErrorMessage() + ")");
  }
  Eigen::MatrixXd x(n, gamma.cols());
  for (Eigen::Index k = 0; k < gamma.cols(); ++k) x.col(k) = sp.lu.solve(gamma.col(k));
  return x;
}

}  // namespace tiersim::analytic::detail
