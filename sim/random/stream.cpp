#include "tiersim/random/stream.hpp"

namespace tiersim::random {

__extension__ typedef unsigned __int128 U128;  // GCC and Clang; pcg-cpp needs it too

std::uint64_t RandomStream::below(std::uint64_t n) noexcept {
  // Lemire (2019), "Fast random integer generation in an interval": unbiased.
  U128 m = static_cast<U128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<U128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace tiersim::random
