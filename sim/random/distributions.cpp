#include "tiersim/random/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "tiersim/error.hpp"

namespace tiersim::random {

const char* dist_kind_name(DistKind kind) noexcept {
  switch (kind) {
    case DistKind::kConstant: return "constant";
    case DistKind::kExponential: return "exponential";
    case DistKind::kUniform: return "uniform";
    case DistKind::kTriangular: return "triangular";
    case DistKind::kNormal: return "normal";
    case DistKind::kLognormal: return "lognormal";
    case DistKind::kGamma: return "gamma";
    case DistKind::kErlang: return "erlang";
    case DistKind::kWeibull: return "weibull";
    case DistKind::kEmpirical: return "empirical";
  }
  return "?";
}

double standard_normal(RandomStream& rng) {
  for (;;) {
    const double u = 2.0 * rng.uniform01() - 1.0;
    const double v = 2.0 * rng.uniform01() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

double standard_gamma(RandomStream& rng, double shape) {
  if (shape < 1.0) {
    // Boost the shape by one and correct with U^(1/shape) (Marsaglia and Tsang, section 6).
    const double g = standard_gamma(rng, shape + 1.0);
    return g * std::pow(rng.uniform_open0(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_open0();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

namespace {
void require(bool ok, const char* what) {
  if (!ok) throw Error(std::string("invalid distribution: ") + what);
}
}  // namespace

Distribution Distribution::constant(double value) {
  require(value >= 0 && std::isfinite(value), "constant value must be finite and >= 0");
  Distribution d;
  d.kind_ = DistKind::kConstant;
  d.params_ = {value};
  d.a_ = value;
  return d;
}

Distribution Distribution::exponential(double mean) {
  require(mean > 0 && std::isfinite(mean), "exponential mean must be finite and > 0");
  Distribution d;
  d.kind_ = DistKind::kExponential;
  d.params_ = {mean};
  d.a_ = mean;
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  require(min >= 0 && max >= min && std::isfinite(max), "uniform needs 0 <= min <= max");
  Distribution d;
  d.kind_ = DistKind::kUniform;
  d.params_ = {min, max};
  d.a_ = min;
  d.b_ = max - min;
  return d;
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require(min >= 0 && min <= mode && mode <= max && std::isfinite(max) && max > min,
          "triangular needs 0 <= min <= mode <= max and min < max");
  Distribution d;
  d.kind_ = DistKind::kTriangular;
  d.params_ = {min, mode, max};
  d.a_ = min;
  d.b_ = mode;
  d.c_ = max;
  return d;
}

Distribution Distribution::normal(double mean, double sd) {
  require(mean > 0 && sd >= 0 && std::isfinite(mean) && std::isfinite(sd), "normal needs mean > 0 and sd >= 0");
  Distribution d;
  d.kind_ = DistKind::kNormal;
  d.params_ = {mean, sd};
  d.a_ = mean;
  d.b_ = sd;
  return d;
}

Distribution Distribution::lognormal(double mean, double sd) {
  require(mean > 0 && sd >= 0 && std::isfinite(mean) && std::isfinite(sd), "lognormal needs mean > 0 and sd >= 0");
  Distribution d;
  d.kind_ = DistKind::kLognormal;
  d.params_ = {mean, sd};
  const double sigma2 = std::log1p((sd * sd) / (mean * mean));
  d.a_ = std::log(mean) - 0.5 * sigma2;  // mu of the log
  d.b_ = std::sqrt(sigma2);              // sigma of the log
  return d;
}

Distribution Distribution::gamma(double mean, double sd) {
  require(mean > 0 && sd > 0 && std::isfinite(mean) && std::isfinite(sd), "gamma needs mean > 0 and sd > 0");
  Distribution d;
  d.kind_ = DistKind::kGamma;
  d.params_ = {mean, sd};
  d.a_ = (mean * mean) / (sd * sd);  // shape
  d.b_ = (sd * sd) / mean;           // scale
  return d;
}

Distribution Distribution::erlang(int k, double mean) {
  require(k >= 1 && mean > 0 && std::isfinite(mean), "erlang needs k >= 1 and mean > 0");
  Distribution d;
  d.kind_ = DistKind::kErlang;
  d.params_ = {static_cast<double>(k), mean};
  d.a_ = static_cast<double>(k);
  d.b_ = mean / k;  // mean of each phase
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  require(shape > 0 && scale > 0 && std::isfinite(shape) && std::isfinite(scale), "weibull needs shape > 0 and scale > 0");
  Distribution d;
  d.kind_ = DistKind::kWeibull;
  d.params_ = {shape, scale};
  d.a_ = shape;
  d.b_ = scale;
  return d;
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights) {
  require(!values.empty(), "empirical needs at least one value");
  if (weights.empty()) weights.assign(values.size(), 1.0);
  require(weights.size() == values.size(), "empirical needs as many weights as values");
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    require(values[i] >= 0 && std::isfinite(values[i]), "empirical values must be finite and >= 0");
    require(weights[i] >= 0 && std::isfinite(weights[i]), "empirical weights must be finite and >= 0");
    total += weights[i];
  }
  require(total > 0, "empirical weights must not all be 0");
  Distribution d;
  d.kind_ = DistKind::kEmpirical;
  d.params_ = {};
  d.values_ = std::move(values);
  d.weights_ = std::move(weights);
  d.cumulative_.resize(d.values_.size());
  double run = 0;
  for (std::size_t i = 0; i < d.values_.size(); ++i) {
    run += d.weights_[i] / total;
    d.cumulative_[i] = run;
  }
  d.cumulative_.back() = 1.0;
  return d;
}

double Distribution::sample_other(RandomStream& rng) const {
  switch (kind_) {
    case DistKind::kConstant:
    case DistKind::kExponential:
    case DistKind::kLognormal:
      return sample(rng);  // inline in the header
    case DistKind::kUniform:
      return a_ + b_ * rng.uniform01();
    case DistKind::kTriangular: {
      const double u = rng.uniform01();
      const double span = c_ - a_;
      const double f = (b_ - a_) / span;
      if (u < f) return a_ + std::sqrt(u * span * (b_ - a_));
      return c_ - std::sqrt((1.0 - u) * span * (c_ - b_));
    }
    case DistKind::kNormal: {
      if (b_ == 0) return a_;
      for (;;) {
        const double x = a_ + b_ * standard_normal(rng);
        if (x >= 0) return x;
      }
    }
    case DistKind::kGamma:
      return b_ * standard_gamma(rng, a_);
    case DistKind::kErlang: {
      // Product of uniforms: one logarithm for all k phases.
      double product = 1.0;
      double sum = 0.0;
      for (int i = 0; i < static_cast<int>(a_); ++i) {
        product *= rng.uniform_open0();
        if (product < 1e-280) {  // avoid underflow for large k
          sum += -std::log(product);
          product = 1.0;
        }
      }
      return b_ * (sum - std::log(product));
    }
    case DistKind::kWeibull:
      return b_ * std::pow(-std::log(rng.uniform_open0()), 1.0 / a_);
    case DistKind::kEmpirical: {
      const double u = rng.uniform01();
      const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
      const auto i = static_cast<std::size_t>(it - cumulative_.begin());
      return values_[std::min(i, values_.size() - 1)];
    }
  }
  return 0;
}

double Distribution::mean() const noexcept {
  switch (kind_) {
    case DistKind::kConstant: return a_;
    case DistKind::kExponential: return a_;
    case DistKind::kUniform: return a_ + 0.5 * b_;
    case DistKind::kTriangular: return (a_ + b_ + c_) / 3.0;
    case DistKind::kNormal: return a_;
    case DistKind::kLognormal: return params_[0];
    case DistKind::kGamma: return params_[0];
    case DistKind::kErlang: return params_[1];
    case DistKind::kWeibull: return b_ * std::tgamma(1.0 + 1.0 / a_);
    case DistKind::kEmpirical: {
      double m = 0, prev = 0;
      for (std::size_t i = 0; i < values_.size(); ++i) {
        m += values_[i] * (cumulative_[i] - prev);
        prev = cumulative_[i];
      }
      return m;
    }
  }
  return 0;
}

double Distribution::variance() const noexcept {
  switch (kind_) {
    case DistKind::kConstant: return 0;
    case DistKind::kExponential: return a_ * a_;
    case DistKind::kUniform: return b_ * b_ / 12.0;
    case DistKind::kTriangular:
      return (a_ * a_ + b_ * b_ + c_ * c_ - a_ * b_ - a_ * c_ - b_ * c_) / 18.0;
    case DistKind::kNormal: return b_ * b_;
    case DistKind::kLognormal: return params_[1] * params_[1];
    case DistKind::kGamma: return params_[1] * params_[1];
    case DistKind::kErlang: return a_ * b_ * b_;
    case DistKind::kWeibull: {
      const double g1 = std::tgamma(1.0 + 1.0 / a_);
      const double g2 = std::tgamma(1.0 + 2.0 / a_);
      return b_ * b_ * (g2 - g1 * g1);
    }
    case DistKind::kEmpirical: {
      const double m = mean();
      double v = 0, prev = 0;
      for (std::size_t i = 0; i < values_.size(); ++i) {
        v += (values_[i] - m) * (values_[i] - m) * (cumulative_[i] - prev);
        prev = cumulative_[i];
      }
      return v;
    }
  }
  return 0;
}

double Distribution::scv() const noexcept {
  const double m = mean();
  return m > 0 ? variance() / (m * m) : 0.0;
}

Distribution Distribution::scaled(double f) const {
  switch (kind_) {
    case DistKind::kConstant: return constant(a_ * f);
    case DistKind::kExponential: return exponential(a_ * f);
    case DistKind::kUniform: return uniform(params_[0] * f, params_[1] * f);
    case DistKind::kTriangular: return triangular(params_[0] * f, params_[1] * f, params_[2] * f);
    case DistKind::kNormal: return normal(params_[0] * f, params_[1] * f);
    case DistKind::kLognormal: return lognormal(params_[0] * f, params_[1] * f);
    case DistKind::kGamma: return gamma(params_[0] * f, params_[1] * f);
    case DistKind::kErlang: return erlang(static_cast<int>(params_[0]), params_[1] * f);
    case DistKind::kWeibull: return weibull(params_[0], params_[1] * f);
    case DistKind::kEmpirical: {
      std::vector<double> v = values_;
      for (double& x : v) x *= f;
      return empirical(std::move(v), weights_);
    }
  }
  return *this;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case DistKind::kConstant: return fmt::format("{{dist: constant, value: {}}}", params_[0]);
    case DistKind::kExponential: return fmt::format("{{dist: exponential, mean: {}}}", params_[0]);
    case DistKind::kUniform: return fmt::format("{{dist: uniform, min: {}, max: {}}}", params_[0], params_[1]);
    case DistKind::kTriangular:
      return fmt::format("{{dist: triangular, min: {}, mode: {}, max: {}}}", params_[0], params_[1], params_[2]);
    case DistKind::kNormal: return fmt::format("{{dist: normal, mean: {}, sd: {}}}", params_[0], params_[1]);
    case DistKind::kLognormal: return fmt::format("{{dist: lognormal, mean: {}, sd: {}}}", params_[0], params_[1]);
    case DistKind::kGamma: return fmt::format("{{dist: gamma, mean: {}, sd: {}}}", params_[0], params_[1]);
    case DistKind::kErlang: return fmt::format("{{dist: erlang, k: {}, mean: {}}}", params_[0], params_[1]);
    case DistKind::kWeibull: return fmt::format("{{dist: weibull, shape: {}, scale: {}}}", params_[0], params_[1]);
    case DistKind::kEmpirical:
      return fmt::format("{{dist: empirical, values: [{}], weights: [{}]}}", fmt::join(values_, ", "),
                         fmt::join(weights_, ", "));
  }
  return "?";
}

}  // namespace tiersim::random
