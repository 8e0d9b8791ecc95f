// For every scenario shipped in scenarios/, the analytic utilisation of each facility agrees
// with the simulated one: utilisation does not depend on the queueing model, only on the
// routing and the service times, so the two must meet within the simulation's intervals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "tiersim/analytic/analytic.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/scenario/load.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::analytic {
namespace {

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, AnalyticUtilisationFallsWithinSimulatedIntervals) {
  const std::string file = std::string(TIERSIM_SOURCE_DIR) + "/scenarios/" + GetParam() + ".yaml";
  const auto s = scenario::load_scenario_file(file, {{"horizon", "60d"}, {"warmup", "7d"}});
  const auto net = network::Network::build(s);
  const auto analysis = analyze(s, net);
  constexpr int kReps = 6;
  std::vector<std::vector<double>> util(s.facilities.size());
  for (int r = 0; r < kReps; ++r) {
    const auto res = flow::simulate_replication(s, net, r);
    for (std::size_t f = 0; f < s.facilities.size(); ++f) util[f].push_back(res.facilities[f].utilisation);
  }
  // Each facility is one comparison at 95%: with a hundred facilities a few misses are
  // expected by chance, so the budget is 10% outside the 95% interval and none outside
  // four half-widths (plus 0.005 absolute, for facilities busy a few minutes a day).
  int outside95 = 0, compared = 0;
  for (std::size_t f = 0; f < s.facilities.size(); ++f) {
    const auto& est = analysis.facilities[f];
    if (!std::isfinite(est.utilisation)) continue;
    const auto sm = stats::summarise(s.facilities[f].id, util[f]);
    if (sm.n < 2) continue;
    ++compared;
    const double half = sm.hi - sm.mean;
    const double diff = std::abs(est.utilisation - sm.mean);
    if (diff > half + 0.002) ++outside95;
    EXPECT_LE(diff, 4 * half + 0.005) << s.facilities[f].id << ": analytic " << est.utilisation << ", simulated "
                                      << sm.mean << " [" << sm.lo << ", " << sm.hi << "]";
  }
  EXPECT_GT(compared, 5);
  EXPECT_LE(outside95, std::max(1, compared / 10)) << "of " << compared << " facilities";
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario, ::testing::Values("tutorial", "hengkou", "dianbai", "lingchuan"));

}  // namespace
}  // namespace tiersim::analytic
