// Step-down frees higher-tier bed-days: with the same patients (common random numbers),
// county bed-days fall by the step-down days times the patients who stepped down.
#include <gtest/gtest.h>

#include "scenario_builder.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

scenario::Scenario step_down(bool on) {
  testing::ScenarioBuilder b;
  const auto county = b.facility("county", Tier::kCounty, 10, 200, 0, {3});
  const auto town = b.facility("town", Tier::kTownship, 3, 60, 20000, {2});
  b.link(town, county, Distribution::lognormal(40, 10));
  auto& c = b.condition("severe", Severity::kSevere, 3, 36.5, Distribution::lognormal(60, 20));  // ~2 a day
  c.admission = scenario::Admission{1.0, Distribution::uniform(5 * kDay, 9 * kDay)};
  c.step_down = 3 * kDay;
  auto& s = b.scenario();
  s.horizon = 200 * kDay;
  s.warmup = 20 * kDay;
  s.policy.step_down = on;
  return s;
}

TEST(StepDown, FreesCountyBedDaysByStepDownDaysTimesTransfers) {
  const auto off = step_down(false);
  const auto on = step_down(true);
  const auto net_off = network::Network::build(off);
  const auto net_on = network::Network::build(on);
  const double window_days = off.horizon / kDay;
  for (int rep = 0; rep < 3; ++rep) {
    const auto a = simulate_replication(off, net_off, rep);
    const auto b = simulate_replication(on, net_on, rep);
    const double county_days_off = a.metric("bed_occupancy.county") * 200 * window_days;
    const double county_days_on = b.metric("bed_occupancy.county") * 200 * window_days;
    const double transfers = b.metric("referrals_down");
    EXPECT_EQ(a.metric("referrals_down"), 0.0);
    EXPECT_GT(transfers, 300.0);
    EXPECT_EQ(b.metric("step_down_skipped"), 0.0);  // the township has beds to spare
    // Exact but for stays cut by the warm-up and the end of the horizon (a few patients).
    EXPECT_NEAR(county_days_off - county_days_on, 3.0 * transfers, 0.03 * 3.0 * transfers);
    const double town_days = b.metric("bed_occupancy.town") * 60 * window_days;
    EXPECT_NEAR(town_days, 3.0 * transfers, 0.03 * 3.0 * transfers);
  }
}

}  // namespace
}  // namespace tiersim::flow
