// A province-sized network (30,000 facilities) takes the sparse path and conserves
// patients: every case needing level 3 reaches one of the county hospitals. No timing
// assertion (Debug builds); the solve must simply finish.
#include <gtest/gtest.h>

#include <string>

#include "flow/scenario_builder.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::analytic {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

TEST(AnalyticProvince, ThirtyThousandFacilitiesSolveSparse) {
  constexpr int kCounties = 10, kTownsPerCounty = 100, kVillagesPerTown = 29;
  constexpr double kPop = 1000, kIncMinor = 2000, kIncSevere = 50;
  testing::ScenarioBuilder b;
  for (int c = 0; c < kCounties; ++c) {
    const auto county = b.facility("c" + std::to_string(c), Tier::kCounty, 400, 0, 0, {3});
    for (int t = 0; t < kTownsPerCounty; ++t) {
      const std::string tid = "c" + std::to_string(c) + "t" + std::to_string(t);
      const auto town = b.facility(tid, Tier::kTownship, 4, 0, 0, {2});
      b.link(town, county, Distribution::constant(30 + t % 7));
      for (int v = 0; v < kVillagesPerTown; ++v) {
        const auto village = b.facility(tid + "v" + std::to_string(v), Tier::kVillage, 1, 0, kPop, {1});
        b.link(village, town, Distribution::constant(10 + v % 5));
      }
    }
  }
  b.condition("cold", Severity::kMinor, 1, kIncMinor, Distribution::exponential(10));
  b.condition("stroke", Severity::kSevere, 3, kIncSevere, Distribution::exponential(30));
  auto& s = b.scenario();
  s.policy.misjudge = {0.05, 0.05, 0, 0};
  const auto sc = b.build();
  ASSERT_EQ(sc.facilities.size(), 30010u);
  const auto net = network::Network::build(sc);
  const Analysis a = analyze(sc, net);
  EXPECT_EQ(a.solver, "sparse LU");
  ASSERT_EQ(a.facilities.size(), sc.facilities.size());

  // Per county: its villages' strokes less those wrongly kept (5% at village and township),
  // and the colds misjudged up twice.
  const double villages = kTownsPerCounty * kVillagesPerTown;
  const double stroke = villages * kPop * kIncSevere / 1000 / kYear * 0.95 * 0.95;
  const double cold = villages * kPop * kIncMinor / 1000 / kYear * 0.05 * 0.05;
  for (int c = 0; c < kCounties; ++c) {
    const auto& e = a.facilities[static_cast<std::size_t>(c) * (1 + kTownsPerCounty * (1 + kVillagesPerTown))];
    ASSERT_EQ(e.id, "c" + std::to_string(c));
    EXPECT_NEAR(e.arrival_rate_per_min, stroke + cold, 1e-9 * (stroke + cold)) << e.id;
  }
  EXPECT_TRUE(a.warnings.empty());
}

}  // namespace
}  // namespace tiersim::analytic
