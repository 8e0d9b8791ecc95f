// Stability of the random streams (abseil's StabilityTest idea): the first draws for fixed
// seeds are pinned, so a change of generator, seeding, hashing or sampling algorithm, which
// would silently change every published result, fails here first. Integers are pinned
// exactly; values that pass through libm (log, sqrt) to 1e-13 relative, as libm may differ
// in the last bit between platforms.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "tiersim/random/distributions.hpp"
#include "tiersim/random/stream.hpp"

namespace tiersim::random {
namespace {

void expect_close(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-13 * std::abs(want[i])) << "draw " << i;
}

TEST(RandomStreamStability, FirstWordsForSeed42) {
  RandomStream r(42);
  const std::vector<std::uint64_t> want = {0xb3244a91fb378b84ULL, 0xdb615a8b24361537ULL, 0xbdab963e77ddbaaaULL,
                                           0x53efe0b343c1d107ULL};
  for (std::uint64_t w : want) EXPECT_EQ(r.next_u64(), w);
}

TEST(RandomStreamStability, StreamSetSeedsAndFirstWords) {
  const StreamSet s(7, 3);
  EXPECT_EQ(s.seed("arrivals", 1, 2), 0x3f203e94d9264e03ULL);
  RandomStream a = s.stream("arrivals", 1, 2);
  EXPECT_EQ(a.next_u64(), 0xb5354fece7679f3eULL);
  EXPECT_EQ(a.next_u64(), 0xcd3c8bc334db2b67ULL);
  EXPECT_EQ(a.next_u64(), 0x92d9a1013af960e9ULL);
}

TEST(RandomStreamStability, PrefixThenCombineIsTheSeed) {
  // The per-patient seeds are derived from a kept prefix (flow/arrivals.cpp): it must give
  // the very seed of the three-argument form, or every published result changes.
  const StreamSet s(7, 3);
  const std::uint64_t prefix = s.prefix("arrivals", 1);
  EXPECT_EQ(combine(prefix, 2), 0x3f203e94d9264e03ULL);
  for (std::uint64_t a : {0ULL, 5ULL, 31999ULL}) {
    for (std::uint64_t b : {0ULL, 1ULL, 1000000ULL}) {
      EXPECT_EQ(combine(s.prefix("patient", a), b), s.seed("patient", a, b)) << a << " " << b;
    }
  }
  EXPECT_NE(s.prefix("patient", 1), s.prefix("patient", 2));
}

TEST(RandomStreamStability, UniformAndBelow) {
  RandomStream b(2024);
  EXPECT_EQ(b.uniform01(), 0x1.42309c50c92afp-1);
  EXPECT_EQ(b.uniform01(), 0x1.4dc4da9720e14p-3);
  EXPECT_EQ(b.uniform01(), 0x1.84c7be80aa09cp-2);
  EXPECT_EQ(b.below(1000), 303u);
  EXPECT_EQ(b.below(1000), 431u);
  EXPECT_EQ(b.below(1000), 165u);
}

TEST(RandomStreamStability, ExponentialNormalGammaDraws) {
  RandomStream c(99);
  const Distribution e = Distribution::exponential(2.0);
  expect_close({e.sample(c), e.sample(c), e.sample(c)}, {0x1.06b7d27364bc6p-1, 0x1.ee9d33d20bde1p+0, 0x1.6ca3277f22526p+1});
  RandomStream d(5);
  expect_close({standard_normal(d), standard_normal(d), standard_normal(d)},
               {-0x1.ce46b631598abp-1, -0x1.a1f0bd8b013aep+0, 0x1.3a40faa1857fap-2});
  RandomStream g(6);
  const Distribution gm = Distribution::gamma(10, 4);
  expect_close({gm.sample(g), gm.sample(g), gm.sample(g)}, {0x1.0c52698740717p+2, 0x1.839ccc05fb86cp+1, 0x1.96ec092614849p+3});
}

TEST(StreamSet, PurposesReplicationsAndIndicesGiveDistinctSeeds) {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    const StreamSet s(1, rep);
    for (const char* purpose : {"arrivals", "service", "routing"}) {
      for (std::uint64_t a = 0; a < 5; ++a) {
        for (std::uint64_t b = 0; b < 5; ++b) seeds.insert(s.seed(purpose, a, b));
      }
    }
  }
  EXPECT_EQ(seeds.size(), 4u * 3u * 5u * 5u);
  // Order matters: (a, b) and (b, a) are different streams.
  EXPECT_NE(StreamSet(1, 0).seed("x", 1, 2), StreamSet(1, 0).seed("x", 2, 1));
}

TEST(RandomStream, UniformRangesAndBelowBounds) {
  RandomStream r(3);
  for (int i = 0; i < 100000; ++i) {
    const double u = r.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double v = r.uniform_open0();
    ASSERT_GT(v, 0.0);
    ASSERT_LE(v, 1.0);
    ASSERT_LT(r.below(7), 7u);
  }
  EXPECT_EQ(r.below(1), 0u);
}

TEST(RandomStream, BelowIsUniform) {
  // Chi-square over 10 cells, 9 degrees of freedom: 27.88 is the 0.999 quantile.
  RandomStream r(11);
  std::vector<int> cells(10, 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++cells[r.below(10)];
  double chi2 = 0;
  for (int c : cells) chi2 += (c - n / 10.0) * (c - n / 10.0) / (n / 10.0);
  EXPECT_LT(chi2, 27.88);
}

}  // namespace
}  // namespace tiersim::random
