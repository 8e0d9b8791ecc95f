// tools/make-province writes a scenario that loads, builds and runs, with the default's case
// mix; two counties and a few days keep the test quick (the full province is a benchmark).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"

namespace tiersim::flow {
namespace {

TEST(Province, GeneratedScenarioLoadsAndRuns) {
  const auto dir = std::filesystem::temp_directory_path() / ("tiersim-province-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "province.yaml").string();
  const std::string cmd = std::string(TIERSIM_SOURCE_DIR) + "/tools/make-province " + file + " 2 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto s = scenario::load_scenario_file(file, {{"horizon", "3d"}});
  const auto def = scenario::load_default_scenario();
  EXPECT_EQ(s.facilities.size(), 1u + 2u * (1 + 20 * 16));  // a regional hospital, 2 counties
  EXPECT_DOUBLE_EQ(s.total_population(), 2 * (30000 + 20 * (8500 + 15 * 1000.0)));
  ASSERT_EQ(s.conditions.size(), def.conditions.size());
  for (std::size_t c = 0; c < s.conditions.size(); ++c) {
    EXPECT_EQ(s.conditions[c].name, def.conditions[c].name);
    EXPECT_EQ(s.conditions[c].per_1000_per_year, def.conditions[c].per_1000_per_year);
  }
  EXPECT_EQ(s.policy.green_channel.enabled, def.policy.green_channel.enabled);
  EXPECT_EQ(s.policy.expert_visits.size(), 2u * 3u);
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  EXPECT_GT(r.patients.created, 1000u);
  EXPECT_EQ(r.patients.created, r.patients.resolved + r.patients.left_unseen + r.patients.in_system);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tiersim::flow
