// PHOLD as ROSS defines it: one event in flight per LP, increments of mean 1 never below the
// lookahead, and destinations spread over the LPs.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "tiersim/core/phold.hpp"

namespace tiersim::core {
namespace {

TEST(Phold, SimulatedTimeAdvancesAtTheMeanIncrement) {
  // Each LP handles events at rate 1 / mean, so E events on N LPs take about E / N time.
  // Over 1,024,000 events the clock's relative error is about 1 / sqrt(E) = 0.1%; 1% allowed.
  PholdConfig config;
  config.lps = 1024;
  Phold phold(config);
  phold.run(1'024'000);
  EXPECT_NEAR(phold.now(), 1000.0, 10.0);
  EXPECT_EQ(phold.pending(), 1024u);
  const auto& handled = phold.handled();
  EXPECT_EQ(std::accumulate(handled.begin(), handled.end(), std::uint64_t{0}), phold.processed());
  // Remote sends keep the load spread: no LP starves or hoards.
  EXPECT_GT(*std::min_element(handled.begin(), handled.end()), 500u);
  EXPECT_LT(*std::max_element(handled.begin(), handled.end()), 2000u);
}

TEST(Phold, WithoutRemoteSendsEveryLpKeepsItsOwnEvent) {
  PholdConfig config;
  config.lps = 16;
  config.remote = 0;
  Phold phold(config);
  phold.run(16000);
  for (std::uint64_t h : phold.handled()) EXPECT_NEAR(static_cast<double>(h), 1000.0, 150.0);
}

TEST(Phold, SameSeedSameRun) {
  PholdConfig config;
  config.lps = 64;
  Phold a(config), b(config);
  a.run(50000);
  b.run(50000);
  EXPECT_EQ(a.now(), b.now());
  EXPECT_EQ(a.handled(), b.handled());
}

}  // namespace
}  // namespace tiersim::core
