// Every scenario shipped in scenarios/ runs, conserves its patients exactly, and gives goal
// metrics inside [0, 1]; two replications on a short horizon keep this quick.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/calibrate_file.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/scenario/optimize_file.hpp"

namespace tiersim::flow {
namespace {

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(TIERSIM_SOURCE_DIR) + "/scenarios")) {
    // Optimisation and calibration files (scenarios/optimize-*.yaml, *-targets.yaml) are not
    // scenarios: their base is one.
    const std::string path = e.path().string();
    if (e.path().extension() == ".yaml" && !scenario::is_optimize_file(path) && !scenario::is_calibrate_file(path)) {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ShippedScenarios, ConservePatientsAndKeepSharesInRange) {
  const auto files = shipped_scenarios();
  ASSERT_GE(files.size(), 4u);
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    const auto s = scenario::load_scenario_file(file, {{"horizon", "20d"}, {"warmup", "5d"}});
    const auto net = network::Network::build(s);
    for (int rep = 0; rep < 2; ++rep) {
      const auto r = simulate_replication(s, net, rep);
      EXPECT_GT(r.patients.created, 0u);
      EXPECT_EQ(r.patients.created, r.patients.resolved + r.patients.left_unseen + r.patients.in_system);
      for (const char* goal : {"minor_stays_in_village", "moderate_stays_in_township", "severe_stays_in_county",
                               "county_retention", "primary_share"}) {
        const double v = r.metric(goal);
        if (!std::isnan(v)) {
          EXPECT_GE(v, 0.0) << goal;
          EXPECT_LE(v, 1.0) << goal;
        }
      }
    }
  }
}

TEST(ShippedScenarios, EmbeddedDefaultRuns) {
  const auto s = scenario::load_default_scenario({{"horizon", "10d"}, {"warmup", "1d"}});
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  EXPECT_EQ(r.patients.created, r.patients.resolved + r.patients.left_unseen + r.patients.in_system);
  // Both time-critical conditions of the default report green-channel metrics.
  EXPECT_FALSE(std::isnan(r.metric("green_channel.stemi.patients")));
  EXPECT_FALSE(std::isnan(r.metric("green_channel.stroke.patients")));
  EXPECT_GT(r.metric("expert_visits.visits"), 0.0);
}

// Issue #17: the default can leave the county, both ways (straight out and by referral of what
// the central hospital cannot treat), and its county retention lands near the national ~90%.
TEST(ShippedScenarios, EmbeddedDefaultLeavesTheCountyNearTheNationalFigure) {
  const auto s = scenario::load_default_scenario({{"horizon", "30d"}, {"warmup", "7d"}});
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  const double retention = r.metric("county_retention");
  EXPECT_GT(retention, 0.87);  // 10 replications of a year: 0.897 [0.897, 0.897]
  EXPECT_LT(retention, 0.93);
  EXPECT_GT(r.metric("out_of_county"), 1000.0);  // ~85 a day
  EXPECT_LT(r.metric("severe_stays_in_county"), 0.95);
  // Referred up by the central hospital (its own town's residents who go straight out are not
  // referrals): complex_surgery, surgery level 2 at the county and 3 in the city.
  std::uint64_t county_referred = 0;
  for (const auto& f : r.facilities) {
    if (f.id == "county") county_referred = f.referred_up;
  }
  EXPECT_GT(county_referred, 0u);
}

}  // namespace
}  // namespace tiersim::flow
