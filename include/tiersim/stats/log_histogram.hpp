// File: tiersim/stats/log_histogram.hpp
// A streaming quantile estimate for non-negative durations: a histogram with logarithmic
// buckets on (1 + x), so memory is fixed (a few kB) whatever the number of samples, and a
// quantile is off by at most 0.5% of (1 + true value) (bucket ratio 1.01; the midpoint is
// reported). Exact mean and count are kept beside it.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace tiersim::stats {

class LogHistogram {
 public:
  /// Values up to about 1e7 minutes (19 years) are bucketed; larger ones land in the last bucket.
  static constexpr int kBuckets = 1700;

  void add(double x) {
    if (!(x >= 0)) x = 0;
    ++count_;
    sum_ += x;
    if (counts_.empty()) counts_.assign(kBuckets, 0);
    auto i = static_cast<int>(std::log1p(x) * kInvLogRatio);
    if (i >= kBuckets) i = kBuckets - 1;
    ++counts_[static_cast<std::size_t>(i)];
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] double mean() const noexcept {
    return count_ ? sum_ / static_cast<double>(count_) : std::numeric_limits<double>::quiet_NaN();
  }

  /// The q-quantile (0 <= q <= 1), NaN when empty.
  [[nodiscard]] double quantile(double q) const noexcept {
    if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
    // Rank of the order statistic, 1-based, as in the "nearest rank" definition.
    auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
    if (rank < 1) rank = 1;
    std::uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
      seen += counts_[static_cast<std::size_t>(i)];
      if (seen >= rank) {
        if (i == 0) return bucket_zero_value();
        return std::expm1((i + 0.5) / kInvLogRatio);
      }
    }
    return std::expm1((kBuckets - 0.5) / kInvLogRatio);
  }

  void clear() noexcept {
    count_ = 0;
    sum_ = 0;
    counts_.clear();
  }

 private:
  static constexpr double kInvLogRatio = 100.49917080713044;  // 1 / ln(1.01)
  // Bucket 0 holds [0, 0.01): most of its mass is exact zeros (no wait), so report 0.
  static constexpr double bucket_zero_value() noexcept { return 0.0; }

  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::vector<std::uint64_t> counts_;
};

}  // namespace tiersim::stats
