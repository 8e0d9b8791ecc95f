// File: tiersim/stats/log_histogram.hpp
// A streaming quantile estimate for non-negative durations: a histogram with logarithmic
// buckets on (1 + x), so memory is fixed (a few kB) whatever the number of samples, and a
// quantile is off by at most 0.5% of (1 + true value) (bucket ratio 1.01; the midpoint is
// reported). Exact mean and count are kept beside it.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace tiersim::stats {

class LogHistogram {
 public:
  /// Values up to about 1e7 minutes (19 years) are bucketed; larger ones land in the last bucket.
  static constexpr int kBuckets = 1700;

  /// A value (negative ones and NaN taken as 0) with its bucket, found once for several
  /// histograms that take the same value (a patient's wait goes to two).
  struct Value {
    double x;
    int bucket;
  };
  static Value value(double x) noexcept {
    if (!(x >= 0)) x = 0;
    return {x, bucket(x)};
  }

  void add(double x) { add(value(x)); }
  void add(const Value& v) {
    ++count_;
    sum_ += v.x;
    if (counts_.empty()) counts_.assign(kBuckets, 0);
    ++counts_[static_cast<std::size_t>(v.bucket)];
  }

  /// The bucket of x >= 0: floor(log1p(x) / ln 1.01), at most kBuckets - 1. Every add() needs
  /// it (two per patient served), so it is found from a table of the buckets' lower bounds
  /// instead of a call to log1p; the bounds are computed with log1p itself, so the bucket is
  /// exactly the one reference_bucket() gives (tests/core/log_histogram_test.cpp).
  static int bucket(double x) noexcept {
    const Tables& t = tables();
    const double y = 1.0 + x;  // a first guess from y's exponent and top mantissa bits
    if (!(y < kTopY)) return kBuckets - 1;
    std::uint64_t bits;
    std::memcpy(&bits, &y, sizeof bits);
    int i = t.first_guess[(bits >> kCellShift) - kOneCell];
    while (x >= t.lower[static_cast<std::size_t>(i) + 1]) ++i;  // at most two steps
    return i;
  }

  /// The definition: floor(log1p(x) / ln 1.01), at most kBuckets - 1 (what bucket() gives).
  static int reference_bucket(double x) noexcept {
    const auto i = static_cast<int>(std::log1p(x) * kInvLogRatio);
    return i >= kBuckets ? kBuckets - 1 : i;
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

  // The first guess's cells: y = 1 + x by its exponent and top 7 mantissa bits, so a cell
  // spans a ratio of at most 1 + 1/128 < 1.01 and holds at most one bucket bound. From y = 1
  // to 2^25 (past the last bucket's bound, about 2.2e7).
  static constexpr int kCellShift = 45;                              // 52 - 7 mantissa bits
  static constexpr std::uint64_t kOneCell = 0x3ff0000000000000ULL >> kCellShift;
  static constexpr double kTopY = 33554432.0;                        // 2^25
  static constexpr std::size_t kCells = 25 * 128;

  struct Tables {
    std::uint16_t first_guess[kCells];     ///< per cell, a bucket at or below any x in it
    double lower[kBuckets + 1];            ///< lower[i]: the least x of bucket i; lower[kBuckets] = +inf
  };
  // Built once per process; inline, so each add() pays only the guard's check, not a call.
  static const Tables& tables() noexcept {
    static const Tables t = build_tables();
    return t;
  }
  static Tables build_tables() noexcept;  // log_histogram.cpp

  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::vector<std::uint64_t> counts_;
};

}  // namespace tiersim::stats
