// File: tiersim/random/stream.hpp
// Random-number streams. Every draw in tiersim comes from a `RandomStream` (a PCG64 generator,
// from pcg-cpp) whose seed is derived, by a fixed hash, from the master seed, the replication
// and a purpose: `StreamKey{"arrivals", catchment, condition}` and the like. Nothing depends on
// std::hash or on the order streams are created in, so:
//   - replications are independent (different replication, different seeds);
//   - two scenarios that share structure draw the same numbers for the same purpose
//     (common random numbers), and adding a facility leaves other streams untouched;
//   - a result never depends on thread count.
#pragma once

#include <cstdint>
#include <string_view>

#include <pcg_random.hpp>

namespace tiersim::random {

/// splitmix64's finaliser: a bijective 64-bit mix. Used to derive seeds, never to draw.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// FNV-1a of a purpose name; stable across platforms and library versions.
constexpr std::uint64_t hash_name(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// Combines seed material in order: combine(combine(a, b), c) differs from combine(combine(a, c), b).
constexpr std::uint64_t combine(std::uint64_t seed, std::uint64_t value) noexcept {
  return mix64(seed ^ mix64(value + 0x632be59bd9b4e019ULL));
}

/// A stream of uniform random numbers. Cheap to create (two 128-bit words), so tiersim gives
/// each patient a stream of its own: a patient's draws then do not depend on what else happens
/// in the run, which keeps common random numbers aligned between scenario arms.
class RandomStream {
 public:
  RandomStream() : RandomStream(0) {}
  /// Seeds from 64 bits of material (already mixed by the caller or not: it is mixed again).
  explicit RandomStream(std::uint64_t seed)
      : gen_(wide(mix64(seed), mix64(seed ^ 0xda3e39cb94b95bdbULL)), wide(mix64(seed + 1), mix64(~seed))) {}

  /// 64 uniform random bits.
  std::uint64_t next_u64() noexcept { return gen_(); }

  /// Uniform on [0, 1), 53 bits of resolution.
  double uniform01() noexcept { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }

  /// Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_open0() noexcept { return static_cast<double>((gen_() >> 11) + 1) * 0x1.0p-53; }

  /// Uniform integer on [0, n), n > 0 (Lemire's nearly-divisionless method).
  std::uint64_t below(std::uint64_t n) noexcept;

  /// True with probability p.
  bool bernoulli(double p) noexcept { return uniform01() < p; }

 private:
  static pcg_extras::pcg128_t wide(std::uint64_t high, std::uint64_t low) noexcept {
    return (static_cast<pcg_extras::pcg128_t>(high) << 64) | low;
  }
  pcg64 gen_;
};

/// Derives stream seeds for one replication of one run.
///
/// **Example**:
/// @code
///   StreamSet streams(seed, replication);
///   RandomStream arrivals = streams.stream("arrivals", catchment, condition);
/// @endcode
class StreamSet {
 public:
  StreamSet(std::uint64_t master_seed, std::uint64_t replication) noexcept
      : base_(combine(combine(mix64(master_seed), 0x7469657273696dULL /* "tiersim" */), replication)) {}

  /// Seed material for (purpose, a, b); the same inputs always give the same seed.
  [[nodiscard]] std::uint64_t seed(std::string_view purpose, std::uint64_t a = 0, std::uint64_t b = 0) const noexcept {
    return combine(prefix(purpose, a), b);
  }
  /// The seed material of (purpose, a) before `b` is mixed in: seed(purpose, a, b) is
  /// combine(prefix(purpose, a), b). A loop that derives a seed per patient keeps the prefix
  /// and pays one combine per seed instead of hashing the purpose and mixing three times.
  [[nodiscard]] std::uint64_t prefix(std::string_view purpose, std::uint64_t a = 0) const noexcept {
    return combine(combine(base_, hash_name(purpose)), a);
  }
  [[nodiscard]] RandomStream stream(std::string_view purpose, std::uint64_t a = 0, std::uint64_t b = 0) const {
    return RandomStream(seed(purpose, a, b));
  }

 private:
  std::uint64_t base_;
};

}  // namespace tiersim::random
