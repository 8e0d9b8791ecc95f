// The calibration search: Halton start, NLopt BOBYQA, loss curves and a local quadratic fit.
// See tiersim/calibrate/calibrate.hpp and sim/calibrate/README.md for the method.
//
// Determinism: every point is a pure function of what was evaluated before it (Halton points
// are fixed, BOBYQA has no randomness, the curve and fit points follow from the optimum), and
// every loss is a pure function of the point (Evaluator: replications 0..n-1 of one master
// seed), so the whole run, and every file written from it, is the same whatever the threads.
#include <nlopt.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>

#include <fmt/format.h>

#include "tiersim/calibrate/calibrate.hpp"
#include "tiersim/error.hpp"
#include "tiersim/experiment/evaluate.hpp"

namespace tiersim::calibrate {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Chi-square with 1 degree of freedom, 95%: the loss rise that bounds a 95% interval when
/// the loss is read as -2 log-likelihood (each target's error normal with its sd).
constexpr double kChi95 = 3.841458820694124;
/// z of a target whose metric has no value at a point (a share of zero episodes): far off.
constexpr double kMissingZ = 1000;
constexpr double kFitStep = 0.05;  ///< of the range: the quadratic fit's finite-difference step

/// The i-th point (from 1) of the Halton sequence in dimension j (bases 2, 3, 5, 7, ...).
double halton(int i, int j) {
  static const int kPrimes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71};
  const int base = kPrimes[static_cast<std::size_t>(j) % (sizeof kPrimes / sizeof kPrimes[0])];
  double f = 1;
  double r = 0;
  for (int n = i; n > 0; n /= base) {
    f /= base;
    r += f * (n % base);
  }
  return r;
}

/// Rounded to 6 significant digits, so values read well in calibrated.yaml and a point's key
/// is the same however BOBYQA arrived at it.
double round6(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  return std::stod(fmt::format("{:.6g}", v));
}

class Search {
 public:
  Search(const scenario::CalibrateFile& file, const Options& options, Plan plan)
      : file_(file), options_(options), plan_(plan), d_(static_cast<int>(file.free.size())) {
    experiment::EvaluatorOptions eo;
    eo.seed = file.seed;
    eo.threads = options.threads;
    eo.stop = options.stop;
    eo.mpi = options.mpi;
    eo.on_progress = [this](int done, int total) {
      progress_.runs_done = done;
      progress_.runs_total = total;
      report();
    };
    eval_ = std::make_unique<experiment::Evaluator>(file.base, eo);
    progress_.planned = plan.total();
    progress_.best_loss = kNaN;
  }

  Result run() {
    const auto t0 = std::chrono::steady_clock::now();
    Result r;
    r.plan = plan_;
    // 1. Space-filling start: every point in one batch (all runs on the threads at once).
    std::vector<std::vector<double>> start;
    for (int i = 1; i <= plan_.start; ++i) {
      std::vector<double> x(static_cast<std::size_t>(d_));
      for (int j = 0; j < d_; ++j) x[static_cast<std::size_t>(j)] = halton(i, j);
      start.push_back(x);
    }
    batch(start, "start");
    // 2. BOBYQA from the best start point.
    std::vector<double> x = best_x_;
    bobyqa(x);
    const std::vector<double> xs = best_x_;
    const double ls = best_loss_;
    // 3. Loss curves and the quadratic fit around the optimum, in one batch.
    std::vector<std::vector<double>> diag;
    for (int i = 0; i < d_; ++i) {
      for (int k = 0; k < plan_.curve; ++k) {
        auto y = xs;
        y[static_cast<std::size_t>(i)] = static_cast<double>(k) / (plan_.curve - 1);
        diag.push_back(y);
      }
    }
    const std::size_t fit_first = diag.size();
    std::vector<double> c = xs;
    for (double& v : c) v = std::clamp(v, kFitStep, 1 - kFitStep);
    diag.push_back(c);
    for (int i = 0; i < d_; ++i) {
      for (double s : {kFitStep, -kFitStep}) {
        auto y = c;
        y[static_cast<std::size_t>(i)] += s;
        diag.push_back(y);
      }
    }
    for (int i = 0; i < d_; ++i) {
      for (int j = i + 1; j < d_; ++j) {
        auto y = c;
        y[static_cast<std::size_t>(i)] += kFitStep;
        y[static_cast<std::size_t>(j)] += kFitStep;
        diag.push_back(y);
      }
    }
    const std::vector<double> dl = batch(diag, "curves", fit_first);

    // The result at the optimum of the search (start + BOBYQA).
    const experiment::Overrides at = point(xs);
    for (const auto& t : file_.targets) {
      TargetResult tr;
      tr.target = t;
      tr.simulated = eval_->summary(at, t.metric);
      tr.simulated.name = t.metric;
      tr.z = tr.simulated.n > 0 ? (tr.simulated.mean - t.value) / t.sd : kNaN;
      r.targets.push_back(tr);
    }
    r.loss = ls;
    const auto cov = covariance(std::vector<double>(dl.begin() + static_cast<std::ptrdiff_t>(fit_first), dl.end()));
    double lowest = ls;
    std::size_t lowest_at = 0;
    for (int i = 0; i < d_; ++i) {
      const auto& fp = file_.free[static_cast<std::size_t>(i)];
      ParameterResult pr;
      pr.path = fp.path;
      pr.value = value(i, xs[static_cast<std::size_t>(i)]);
      std::vector<std::pair<double, double>> curve;  // (unit x, loss)
      for (int k = 0; k < plan_.curve; ++k) {
        const std::size_t idx = static_cast<std::size_t>(i * plan_.curve + k);
        curve.emplace_back(diag[idx][static_cast<std::size_t>(i)], dl[idx]);
        if (dl[idx] < lowest) {
          lowest = dl[idx];
          lowest_at = idx;
        }
      }
      curve.emplace_back(xs[static_cast<std::size_t>(i)], ls);
      std::sort(curve.begin(), curve.end());
      pr.rise = 0;
      for (const auto& [u, l] : curve) pr.rise = std::max(pr.rise, l - ls);
      for (const auto& [u, l] : curve) pr.curve.emplace_back(value(i, u), l);
      double lo = 0;
      double hi = 1;
      if (cov) {
        const double sdu = std::sqrt((*cov)[static_cast<std::size_t>(i * d_ + i)]);
        lo = std::max(0.0, xs[static_cast<std::size_t>(i)] - 1.959963984540054 * sdu);
        hi = std::min(1.0, xs[static_cast<std::size_t>(i)] + 1.959963984540054 * sdu);
        pr.method = "quadratic fit";
      } else {
        curve_interval(curve, xs[static_cast<std::size_t>(i)], ls + kChi95, lo, hi);
        pr.method = "loss curve";
      }
      pr.low = value(i, lo);
      pr.high = value(i, hi);
      pr.identified = pr.rise >= kChi95 && !(lo <= 0 && hi >= 1);
      if (!pr.identified) {
        r.warnings.push_back(fmt::format(
            "{} is not pinned down by the targets: across [{}, {}] the loss rises by at most {:.3g} above its minimum "
            "(a 95% interval needs {:.2f}); its fitted value {} is one of many that fit as well",
            fp.path, fp.yaml_value(fp.low), fp.yaml_value(fp.high), pr.rise, kChi95, fp.yaml_value(pr.value)));
      }
      r.parameters.push_back(std::move(pr));
    }
    if (lowest < ls - 1) {
      const auto& y = diag[lowest_at];
      std::string where;
      for (int i = 0; i < d_; ++i) {
        where += fmt::format("{}{}={}", i ? ", " : "", file_.free[static_cast<std::size_t>(i)].path,
                             file_.free[static_cast<std::size_t>(i)].yaml_value(value(i, y[static_cast<std::size_t>(i)])));
      }
      r.warnings.push_back(fmt::format(
          "the search stopped short of the best fit: a loss curve found {:.4g} at {}, below the fitted {:.4g} (a larger "
          "budget, or narrower bounds, should find it)",
          lowest, where, ls));
    }
    r.history = history_;
    r.evaluations = eval_->points();
    r.replications_run = eval_->runs_simulated();
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }

 private:
  double value(int i, double u) const {
    const auto& fp = file_.free[static_cast<std::size_t>(i)];
    const double v = round6(fp.low + std::clamp(u, 0.0, 1.0) * (fp.high - fp.low));
    return std::clamp(v, fp.low, fp.high);
  }

  experiment::Overrides point(const std::vector<double>& x) const {
    experiment::Overrides o = file_.fixed;
    for (int i = 0; i < d_; ++i) {
      const auto& fp = file_.free[static_cast<std::size_t>(i)];
      o.push_back({fp.path, fp.yaml_value(value(i, x[static_cast<std::size_t>(i)]))});
    }
    return o;
  }

  double loss(const experiment::Overrides& at) const {
    double l = 0;
    for (const auto& t : file_.targets) {
      const stats::MetricSummary s = eval_->summary(at, t.metric);
      const double z = s.n > 0 && std::isfinite(s.mean) ? (s.mean - t.value) / t.sd : kMissingZ;
      l += z * z;
    }
    return l;
  }

  /// Evaluates the points together; records those before `record_until` in the history as
  /// `stage` ("curves" points after it are recorded as "fit"). Returns the losses.
  std::vector<double> batch(const std::vector<std::vector<double>>& xs, const char* stage,
                            std::size_t fit_from = std::numeric_limits<std::size_t>::max()) {
    progress_.stage = stage;
    std::vector<experiment::Overrides> pts;
    for (const auto& x : xs) pts.push_back(point(x));
    eval_->ensure(pts, file_.replications);
    std::vector<double> out;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double l = loss(pts[i]);
      out.push_back(l);
      record(xs[i], l, i >= fit_from ? "fit" : (std::string(stage) == "curves" ? "curve" : stage));
    }
    return out;
  }

  void record(const std::vector<double>& x, double l, const char* stage) {
    Evaluation e;
    e.stage = stage;
    for (int i = 0; i < d_; ++i) e.values.push_back(value(i, x[static_cast<std::size_t>(i)]));
    e.loss = l;
    history_.push_back(std::move(e));
    // Only the start and the search choose the optimum; the curves and the fit describe it.
    const std::string s = stage;
    if ((s == "start" || s == "search") && (best_x_.empty() || l < best_loss_)) {
      best_loss_ = l;
      best_x_ = x;
    }
    progress_.evaluations = eval_->points();
    if (s == "start" || s == "search") progress_.best_loss = best_loss_;
    report();
  }

  void report() {
    if (options_.on_progress) options_.on_progress(progress_);
  }

  static double objective(unsigned n, const double* x, double* grad, void* data) {
    (void)grad;  // derivative-free: NLopt never asks
    auto* self = static_cast<Search*>(data);
    try {
      std::vector<double> v(x, x + n);
      return self->batch({v}, "search").front();
    } catch (...) {
      // NLopt is C: nothing may be thrown through it. Stop it and rethrow afterwards.
      self->error_ = std::current_exception();
      nlopt_force_stop(self->opt_);
      return HUGE_VAL;
    }
  }

  void bobyqa(std::vector<double>& x) {
    opt_ = nlopt_create(NLOPT_LN_BOBYQA, static_cast<unsigned>(d_));
    if (opt_ == nullptr) throw InternalError("nlopt_create failed");
    nlopt_set_lower_bounds1(opt_, 0.0);
    nlopt_set_upper_bounds1(opt_, 1.0);
    nlopt_set_min_objective(opt_, &Search::objective, this);
    nlopt_set_maxeval(opt_, plan_.search);
    // Values are rounded to 6 digits: steps below 1e-4 of the range change nothing useful.
    nlopt_set_xtol_abs1(opt_, 1e-4);
    // A start spacing of about 1 / (4d + 2)^(1/d): the first trust region covers the gaps.
    nlopt_set_initial_step1(opt_, 0.1);
    double minf = 0;
    (void)nlopt_optimize(opt_, x.data(), &minf);
    nlopt_destroy(opt_);
    opt_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

  /// The inverse of the quadratic fit's Hessian times 2 (the covariance of the parameters in
  /// unit coordinates when the loss is -2 log-likelihood), or nullopt when the Hessian is not
  /// positive definite (the loss is not locally a bowl: fall back to the curves).
  std::optional<std::vector<double>> covariance(const std::vector<double>& f) const {
    const std::size_t d = static_cast<std::size_t>(d_);
    const double h2 = kFitStep * kFitStep;
    const double f0 = f[0];
    std::vector<double> H(d * d, 0);
    std::size_t k = 1;
    std::vector<double> fp(d), fm(d);
    for (std::size_t i = 0; i < d; ++i) {
      fp[i] = f[k++];
      fm[i] = f[k++];
      H[i * d + i] = (fp[i] - 2 * f0 + fm[i]) / h2;
    }
    for (std::size_t i = 0; i < d; ++i) {
      for (std::size_t j = i + 1; j < d; ++j) {
        const double fij = f[k++];
        H[i * d + j] = H[j * d + i] = (fij - fp[i] - fp[j] + f0) / h2;
      }
    }
    // Cholesky H = L L^T; fails when H is not positive definite.
    std::vector<double> L(d * d, 0);
    for (std::size_t i = 0; i < d; ++i) {
      for (std::size_t j = 0; j <= i; ++j) {
        double s = H[i * d + j];
        for (std::size_t m = 0; m < j; ++m) s -= L[i * d + m] * L[j * d + m];
        if (i == j) {
          if (!(s > 0) || !std::isfinite(s)) return std::nullopt;
          L[i * d + i] = std::sqrt(s);
        } else {
          L[i * d + j] = s / L[j * d + j];
        }
      }
    }
    // H^-1 column by column, then times 2.
    std::vector<double> inv(d * d, 0);
    for (std::size_t c = 0; c < d; ++c) {
      std::vector<double> y(d, 0);
      for (std::size_t i = 0; i < d; ++i) {
        double s = i == c ? 1 : 0;
        for (std::size_t m = 0; m < i; ++m) s -= L[i * d + m] * y[m];
        y[i] = s / L[i * d + i];
      }
      for (std::size_t ii = d; ii-- > 0;) {
        double s = y[ii];
        for (std::size_t m = ii + 1; m < d; ++m) s -= L[m * d + ii] * inv[m * d + c];
        inv[ii * d + c] = s / L[ii * d + ii];
      }
    }
    for (double& v : inv) v *= 2;
    return inv;
  }

  /// The part of a sorted curve around `x0` whose loss stays at or below `limit`, its ends
  /// found by linear interpolation (the bound when the curve never crosses the limit).
  static void curve_interval(const std::vector<std::pair<double, double>>& curve, double x0, double limit, double& lo,
                             double& hi) {
    std::size_t at = 0;
    while (at + 1 < curve.size() && curve[at].first < x0) ++at;
    lo = curve.front().first;
    for (std::size_t i = at; i-- > 0;) {
      if (curve[i].second > limit) {
        const auto& [x1, l1] = curve[i];
        const auto& [x2, l2] = curve[i + 1];
        lo = l1 == l2 ? x2 : x2 + (x1 - x2) * (limit - l2) / (l1 - l2);
        break;
      }
    }
    hi = curve.back().first;
    for (std::size_t i = at + 1; i < curve.size(); ++i) {
      if (curve[i].second > limit) {
        const auto& [x1, l1] = curve[i - 1];
        const auto& [x2, l2] = curve[i];
        hi = l1 == l2 ? x1 : x1 + (x2 - x1) * (limit - l1) / (l2 - l1);
        break;
      }
    }
  }

  const scenario::CalibrateFile& file_;
  const Options& options_;
  Plan plan_;
  int d_;
  std::unique_ptr<experiment::Evaluator> eval_;
  std::vector<Evaluation> history_;
  std::vector<double> best_x_;
  double best_loss_ = 0;
  Progress progress_;
  nlopt_opt opt_ = nullptr;
  std::exception_ptr error_;
};

}  // namespace

Result calibrate(const scenario::CalibrateFile& file, const Options& options) {
  check(file);
  const auto plan = plan_for(static_cast<int>(file.free.size()), file.budget, file.replications);
  if (!plan) throw InternalError("calibrate: check() passed a budget the plan refuses");
  Search s(file, options, *plan);
  return s.run();
}

}  // namespace tiersim::calibrate
