// File: tiersim/random/distributions.hpp
// The distributions of the scenario format (docs/SCENARIO.md), written out by hand rather
// than taken from <random>: the standard leaves the algorithms to each library, so a
// std::normal_distribution gives different numbers under libstdc++ and libc++, and tiersim
// promises the same numbers for the same seed everywhere.
//
// Parameters are those a planner writes: lognormal and gamma take the mean and standard
// deviation of the variable itself (not of its logarithm); normal is truncated at 0 by
// rejection, so its realised mean is slightly above `mean` when sd is large against it.
// All values are in the unit of the inputs (minutes, for durations).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "tiersim/random/stream.hpp"

namespace tiersim::random {

enum class DistKind : std::uint8_t {
  kConstant,
  kExponential,
  kUniform,
  kTriangular,
  kNormal,
  kLognormal,
  kGamma,
  kErlang,
  kWeibull,
  kEmpirical,
};

/// Name as written in a scenario file ("lognormal").
[[nodiscard]] const char* dist_kind_name(DistKind kind) noexcept;

/// A standard normal draw (Marsaglia's polar method; the second value is discarded so that a
/// stream holds no hidden state).
[[nodiscard]] double standard_normal(RandomStream& rng);

/// A univariate distribution on [0, inf). A value type; sample() is const and thread-safe
/// (the state lives in the stream passed in).
class Distribution {
 public:
  /// Constant 0.
  Distribution() = default;

  static Distribution constant(double value);
  static Distribution exponential(double mean);
  static Distribution uniform(double min, double max);
  static Distribution triangular(double min, double mode, double max);
  static Distribution normal(double mean, double sd);        ///< truncated at 0
  static Distribution lognormal(double mean, double sd);     ///< of the variable itself
  static Distribution gamma(double mean, double sd);         ///< of the variable itself
  static Distribution erlang(int k, double mean);            ///< sum of k exponentials
  static Distribution weibull(double shape, double scale);
  static Distribution empirical(std::vector<double> values, std::vector<double> weights);

  /// One draw. Never negative. The kinds nearly every patient draws from (exponential and
  /// log-normal services and trips, constants) are inline, so the flow model's handlers take
  /// them without a call; the rest are in distributions.cpp. The same arithmetic either way.
  [[nodiscard]] double sample(RandomStream& rng) const {
    switch (kind_) {
      case DistKind::kConstant:
        return a_;
      case DistKind::kExponential:
        return -a_ * std::log(rng.uniform_open0());
      case DistKind::kLognormal:
        return std::exp(a_ + b_ * standard_normal(rng));
      default:
        return sample_other(rng);
    }
  }

  /// Theoretical mean and variance (of the untruncated normal for kNormal).
  [[nodiscard]] double mean() const noexcept;
  [[nodiscard]] double variance() const noexcept;
  /// Squared coefficient of variation, variance / mean^2 (0 when the mean is 0).
  [[nodiscard]] double scv() const noexcept;

  [[nodiscard]] DistKind kind() const noexcept { return kind_; }
  /// The parameters as written: for example {mean, sd} for lognormal, {min, mode, max} for
  /// triangular, {k, mean} for erlang, {shape, scale} for weibull.
  [[nodiscard]] const std::vector<double>& params() const noexcept { return params_; }
  [[nodiscard]] const std::vector<double>& values() const noexcept { return values_; }
  [[nodiscard]] const std::vector<double>& weights() const noexcept { return weights_; }

  /// Returns a copy with every value (not shape parameters) multiplied by `factor`.
  [[nodiscard]] Distribution scaled(double factor) const;

  /// `{dist: lognormal, mean: 25min, sd: 10min}`-style text, values in minutes.
  [[nodiscard]] std::string describe() const;

 private:
  [[nodiscard]] double sample_other(RandomStream& rng) const;

  DistKind kind_ = DistKind::kConstant;
  std::vector<double> params_{0.0};
  double a_ = 0, b_ = 0, c_ = 0;  // derived constants for sampling
  std::vector<double> values_, weights_, cumulative_;
};

/// A gamma(shape, 1) draw (Marsaglia and Tsang 2000).
[[nodiscard]] double standard_gamma(RandomStream& rng, double shape);

}  // namespace tiersim::random
