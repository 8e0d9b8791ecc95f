// The fully sequential selection of tiersim/optimize/select.hpp: KN (Kim and Nelson 2001) with
// the feasibility check of Batur and Kim (2010) run alongside, as Andradottir and Kim (2010)
// do. Everything is in "larger is better" form: a minimised objective is negated on reading.
#include "tiersim/optimize/select.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tiersim/error.hpp"

namespace tiersim::optimize {

namespace {

// h^2 = (n0-1) ((2 beta)^(-2/(n0-1)) - 1) for one comparison (or one feasibility test) with
// error beta: the constant of a triangular continuation region (Fabian 1974; KN's eq. for c=1).
double h2_for(double beta, int n0) {
  const double d = static_cast<double>(n0 - 1);
  return d * (std::pow(2.0 * beta, -2.0 / d) - 1.0);
}

double sample_variance(const std::vector<double>& v, std::size_t n) {
  double mean = 0;
  for (std::size_t j = 0; j < n; ++j) mean += v[j];
  mean /= static_cast<double>(n);
  double ss = 0;
  for (std::size_t j = 0; j < n; ++j) ss += (v[j] - mean) * (v[j] - mean);
  return ss / static_cast<double>(n - 1);
}

class Run {
 public:
  Run(Sampler& sampler, const SelectSettings& s) : sampler_(sampler), s_(s) {
    k_ = s.plans;
    c_ = static_cast<int>(s.constraints.size());
    const double alpha = 1.0 - s.pcs;
    const double alpha1 = c_ > 0 ? alpha / 2 : 0;
    const double alpha2 = c_ > 0 ? alpha / 2 : alpha;
    result_.h2 = kn_h2(k_, s.first_stage, alpha2);
    if (c_ > 0) result_.h2_feasibility = h2_for(alpha1 / (static_cast<double>(k_) * c_), s.first_stage);
    result_.plans.assign(static_cast<std::size_t>(k_), PlanVerdict{});
    for (auto& p : result_.plans) p.feasibility.assign(static_cast<std::size_t>(c_), 0);
    x_.assign(static_cast<std::size_t>(k_), {});
    z_.assign(static_cast<std::size_t>(k_), std::vector<std::vector<double>>(static_cast<std::size_t>(c_)));
    sum_x_.assign(static_cast<std::size_t>(k_), 0);
    sum_z_.assign(static_cast<std::size_t>(k_), std::vector<double>(static_cast<std::size_t>(c_), 0));
    active_.assign(static_cast<std::size_t>(k_), true);
  }

  SelectResult go() {
    std::vector<int> all(static_cast<std::size_t>(k_));
    for (int i = 0; i < k_; ++i) all[static_cast<std::size_t>(i)] = i;
    const int n0 = s_.first_stage;
    sampler_.ensure(all, n0);
    for (int i : all) {
      for (int j = 0; j < n0; ++j) read(i, j);
    }
    first_stage_variances();
    int r = n0;
    for (;;) {
      check_feasibility(r);
      eliminate(r);
      std::vector<int> left;
      for (int i = 0; i < k_; ++i) {
        if (active_[static_cast<std::size_t>(i)]) left.push_back(i);
      }
      if (left.empty()) return finish(r, -1);
      if (left.size() == 1 && feasible(left.front())) return finish(r, left.front());
      if (r >= s_.max_replications) {
        result_.capped = true;
        return finish(r, capped_choice(left, r));
      }
      ++r;
      sampler_.ensure(left, r);
      for (int i : left) read(i, r - 1);
    }
  }

 private:
  void read(int i, int j) {
    const auto ui = static_cast<std::size_t>(i);
    const double sign = s_.maximize ? 1.0 : -1.0;
    const double x = sampler_.value(i, 0, j);
    if (!std::isfinite(x)) throw Error(fmt::format("plan {}: the objective has no value in replication {}", i, j));
    x_[ui].push_back(sign * x);
    sum_x_[ui] += sign * x;
    for (int c = 0; c < c_; ++c) {
      const auto uc = static_cast<std::size_t>(c);
      const double y = sampler_.value(i, c + 1, j);
      if (!std::isfinite(y)) {
        throw Error(fmt::format("plan {}: the metric of constraint {} has no value in replication {}", i, c + 1, j));
      }
      const Bound& b = s_.constraints[uc];
      const double z = b.at_most ? y - b.bound : b.bound - y;
      z_[ui][uc].push_back(z);
      sum_z_[ui][uc] += z;
    }
  }

  void first_stage_variances() {
    const auto n0 = static_cast<std::size_t>(s_.first_stage);
    const auto uk = static_cast<std::size_t>(k_);
    s2_pair_.assign(uk * uk, 0);
    std::vector<double> d(n0);
    for (std::size_t i = 0; i < uk; ++i) {
      for (std::size_t l = i + 1; l < uk; ++l) {
        for (std::size_t j = 0; j < n0; ++j) d[j] = x_[i][j] - x_[l][j];
        s2_pair_[i * uk + l] = s2_pair_[l * uk + i] = sample_variance(d, n0);
      }
    }
    s2_z_.assign(uk, std::vector<double>(static_cast<std::size_t>(c_), 0));
    for (std::size_t i = 0; i < uk; ++i) {
      for (std::size_t c = 0; c < static_cast<std::size_t>(c_); ++c) s2_z_[i][c] = sample_variance(z_[i][c], n0);
    }
  }

  [[nodiscard]] bool feasible(int i) const {
    const auto& f = result_.plans[static_cast<std::size_t>(i)].feasibility;
    return std::all_of(f.begin(), f.end(), [](int v) { return v > 0; });
  }

  void check_feasibility(int r) {
    for (int i = 0; i < k_; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      if (!active_[ui]) continue;
      auto& verdict = result_.plans[ui];
      for (int c = 0; c < c_; ++c) {
        const auto uc = static_cast<std::size_t>(c);
        if (verdict.feasibility[uc] != 0) continue;
        const double eps = s_.constraints[uc].tolerance;
        const double bound = std::max(0.0, result_.h2_feasibility * s2_z_[ui][uc] / (2 * eps) - eps * r / 2);
        if (sum_z_[ui][uc] <= -bound) verdict.feasibility[uc] = 1;
        else if (sum_z_[ui][uc] >= bound) verdict.feasibility[uc] = -1;
      }
      for (int c = 0; c < c_; ++c) {
        if (verdict.feasibility[static_cast<std::size_t>(c)] < 0) {
          active_[ui] = false;
          verdict.fate = PlanFate::kInfeasible;
          verdict.infeasible_on = c;
          verdict.decided_at = r;
          verdict.replications = r;
          break;
        }
      }
    }
  }

  [[nodiscard]] double rank(int i) const {
    return s_.tie_rank.empty() ? static_cast<double>(i) : s_.tie_rank[static_cast<std::size_t>(i)];
  }
  // i before l on an exact tie: lower rank, then lower number.
  [[nodiscard]] bool preferred(int l, int i) const {
    return rank(l) < rank(i) || (rank(l) == rank(i) && l < i);
  }

  void eliminate(int r) {
    const auto uk = static_cast<std::size_t>(k_);
    const double delta = s_.indifference;
    const double rr = static_cast<double>(r);
    std::vector<int> by(uk, -1);
    for (int i = 0; i < k_; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      if (!active_[ui]) continue;
      const double mi = sum_x_[ui] / rr;
      for (int l = 0; l < k_; ++l) {
        const auto ul = static_cast<std::size_t>(l);
        if (l == i || !active_[ul] || !feasible(l)) continue;
        const double w = std::max(0.0, delta / (2 * rr) * (result_.h2 * s2_pair_[ui * uk + ul] / (delta * delta) - rr));
        const double ml = sum_x_[ul] / rr;
        if (mi < ml - w || (w == 0 && mi == ml && preferred(l, i))) {
          by[ui] = l;
          break;
        }
      }
    }
    for (std::size_t i = 0; i < uk; ++i) {
      if (by[i] < 0) continue;
      active_[i] = false;
      auto& v = result_.plans[i];
      v.fate = PlanFate::kEliminated;
      v.eliminated_by = by[i];
      v.decided_at = r;
      v.replications = r;
    }
  }

  // At the cap: the best mean among the plans left that are declared feasible, else among
  // those whose constraint means meet their bounds; -1 when none does.
  [[nodiscard]] int capped_choice(const std::vector<int>& left, int r) const {
    int best = -1;
    for (const bool declared_only : {true, false}) {
      for (int i : left) {
        const auto ui = static_cast<std::size_t>(i);
        bool ok = feasible(i);
        if (!declared_only && !ok) {
          ok = true;
          for (int c = 0; c < c_; ++c) ok = ok && sum_z_[ui][static_cast<std::size_t>(c)] / r <= 0;
        }
        if (!ok) continue;
        if (best < 0) {
          best = i;
          continue;
        }
        const double mi = sum_x_[ui], mb = sum_x_[static_cast<std::size_t>(best)];
        if (mi > mb || (mi == mb && preferred(i, best))) best = i;
      }
      if (best >= 0) return best;
    }
    return -1;
  }

  SelectResult finish(int r, int best) {
    result_.best = best;
    result_.stages = r;
    for (int i = 0; i < k_; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      auto& v = result_.plans[ui];
      if (!active_[ui]) continue;
      v.replications = r;
      v.decided_at = r;
      v.fate = i == best ? PlanFate::kSelected : PlanFate::kLeft;
    }
    return result_;
  }

  Sampler& sampler_;
  const SelectSettings& s_;
  int k_ = 0;
  int c_ = 0;
  SelectResult result_;
  std::vector<std::vector<double>> x_;                 // plan -> objective per replication (larger better)
  std::vector<std::vector<std::vector<double>>> z_;    // plan -> constraint -> slack (<= 0 feasible)
  std::vector<double> sum_x_;
  std::vector<std::vector<double>> sum_z_;
  std::vector<double> s2_pair_;                        // k x k first-stage variances of differences
  std::vector<std::vector<double>> s2_z_;
  std::vector<bool> active_;
};

}  // namespace

double kn_h2(int k, int n0, double alpha) {
  if (k <= 1) return 0;
  return h2_for(alpha / (k - 1), n0);
}

SelectResult select_best(Sampler& sampler, const SelectSettings& settings) {
  if (settings.plans < 1) throw Error("select_best: no plans");
  if (settings.first_stage < 2 || settings.max_replications < settings.first_stage) {
    throw Error("select_best: need 2 <= first_stage <= max_replications");
  }
  if (!(settings.pcs > 0.5 && settings.pcs < 1) || !(settings.indifference > 0)) {
    throw Error("select_best: need 0.5 < pcs < 1 and indifference > 0");
  }
  for (const auto& b : settings.constraints) {
    if (!(b.tolerance > 0)) throw Error("select_best: a constraint's tolerance must be > 0");
  }
  Run run(sampler, settings);
  return run.go();
}

const char* fate_name(PlanFate f) noexcept {
  switch (f) {
    case PlanFate::kSelected: return "selected";
    case PlanFate::kEliminated: return "eliminated";
    case PlanFate::kInfeasible: return "infeasible";
    case PlanFate::kLeft: return "left at the cap";
    case PlanFate::kNotShortlisted: return "not in the clean-up";
  }
  return "?";
}

}  // namespace tiersim::optimize
