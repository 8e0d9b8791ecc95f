// The bucket tables of LogHistogram::bucket(): each bucket's least value, found with the same
// log1p expression as reference_bucket(), so the table look-up and the definition agree on
// every value (log1p is monotone, so a bucket's values are one interval of doubles).
#include "tiersim/stats/log_histogram.hpp"

#include <algorithm>

namespace tiersim::stats {

LogHistogram::Tables LogHistogram::build_tables() noexcept {
  Tables r{};
  r.lower[0] = 0;
  for (int i = 1; i < kBuckets; ++i) {
    // Start at the exact bound's neighbourhood and walk to the least double of bucket i.
    double x = std::expm1(i / kInvLogRatio);
    while (x > 0 && reference_bucket(x) >= i) x = std::nextafter(x, 0.0);
    while (reference_bucket(x) < i) x = std::nextafter(x, kTopY);
    r.lower[i] = x;
  }
  r.lower[kBuckets] = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < kCells; ++c) {
    // The least y of cell c, and so (less one bucket, for y = 1 + x rounding up) a bucket no
    // higher than that of any x whose y falls in the cell.
    const std::uint64_t bits = (kOneCell + c) << kCellShift;
    double y;
    std::memcpy(&y, &bits, sizeof y);
    const int b = reference_bucket(y - 1.0);
    r.first_guess[c] = static_cast<std::uint16_t>(std::max(0, b - 1));
  }
  return r;
}

}  // namespace tiersim::stats
