#include "tiersim/stats/results.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace tiersim::stats {

double ReplicationResult::metric(std::string_view name) const noexcept {
  for (const auto& m : metrics) {
    if (m.name == name) return m.value;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double student_t_quantile(double confidence, int df) {
  boost::math::students_t dist(static_cast<double>(df));
  return boost::math::quantile(dist, 0.5 + confidence / 2.0);
}

MetricSummary summarise(std::string name, const std::vector<double>& values, ValueRange range) {
  MetricSummary s;
  s.name = std::move(name);
  double sum = 0;
  int n = 0;
  for (double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  s.n = n;
  if (n == 0) {
    s.mean = s.lo = s.hi = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  s.mean = sum / n;
  if (n < 2) {
    s.lo = s.hi = s.mean;
    return s;
  }
  double ss = 0;
  for (double v : values) {
    if (std::isfinite(v)) ss += (v - s.mean) * (v - s.mean);
  }
  const double half = student_t_quantile(0.95, n - 1) * std::sqrt(ss / (n - 1) / n);
  // Clamped, not shifted: the ends the quantity cannot reach are replaced by its bounds.
  s.lo = std::clamp(s.mean - half, range.lo, range.hi);
  s.hi = std::clamp(s.mean + half, range.lo, range.hi);
  return s;
}

std::vector<MetricSummary> summarise_metrics(const std::vector<ReplicationResult>& reps) {
  std::vector<MetricSummary> out;
  if (reps.empty()) return out;
  // Names in first-seen order over all replications (a replication may lack a metric).
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& r : reps) {
    for (const auto& m : r.metrics) {
      if (index.emplace(m.name, names.size()).second) names.push_back(m.name);
    }
  }
  std::vector<std::vector<double>> values(names.size(),
                                          std::vector<double>(reps.size(), std::numeric_limits<double>::quiet_NaN()));
  for (std::size_t r = 0; r < reps.size(); ++r) {
    for (const auto& m : reps[r].metrics) values[index[m.name]][r] = m.value;
  }
  out.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    out.push_back(summarise(names[i], values[i], value_range(metric_kind(names[i]))));
  }
  return out;
}

}  // namespace tiersim::stats
