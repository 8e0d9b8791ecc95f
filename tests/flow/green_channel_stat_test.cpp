// The green channel: the same STEMI patients (common random numbers) with the channel off
// and on. On, first-contact-to-treatment and door-to-treatment fall, and the share treated
// within 90 minutes of arrival at the treating door rises; the intervals do not overlap.
#include <gtest/gtest.h>

#include <iostream>

#include "scenario_builder.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

scenario::Scenario stemi_network(bool green) {
  testing::ScenarioBuilder b({"general", "cardiology"});
  const auto county = b.facility("county", Tier::kCounty, 4, 60, 20000, {3, 3});
  const auto t1 = b.facility("t1", Tier::kTownship, 2, 10, 30000, {2, 1});
  const auto t2 = b.facility("t2", Tier::kTownship, 2, 10, 30000, {2, 1});
  b.link(t1, county, Distribution::lognormal(45, 10));
  b.link(t2, county, Distribution::lognormal(60, 15));
  for (int v = 0; v < 6; ++v) {
    const auto f = b.facility("v" + std::to_string(v), Tier::kVillage, 1, 0, 8000, {1, 0});
    b.link(f, v % 2 ? t1 : t2, Distribution::lognormal(25, 8));
  }
  b.condition("minor", Severity::kMinor, 1, 800, Distribution::lognormal(10, 4));
  auto& stemi = b.condition("stemi", Severity::kCritical, 3, 6, Distribution::lognormal(75, 20), 1);
  stemi.service_by_tier[0] = Distribution::constant(10);
  stemi.service_by_tier[1] = Distribution::constant(20);
  stemi.admission = scenario::Admission{1.0, Distribution::lognormal(7 * kDay, 2 * kDay)};
  scenario::TimeCritical tc;
  tc.window = 12 * kHour;
  tc.onset_to_contact = Distribution::lognormal(2 * kHour, 1.5 * kHour);
  tc.targets.door_to_treatment = 90;
  tc.targets.fmc_to_treatment = 120;
  tc.targets.fmc_to_ecg = 10;
  stemi.time_critical = tc;
  auto& s = b.scenario();
  s.horizon = 365 * kDay;
  s.warmup = 10 * kDay;
  s.policy.green_channel.enabled = green;
  s.policy.green_channel.tele_consult = Distribution::triangular(5, 10, 20);
  s.policy.green_channel.activation = Distribution::lognormal(20, 8);
  return s;
}

TEST(GreenChannel, OnBeatsOffOnCommonRandomNumbers) {
  const auto off = stemi_network(false);
  const auto on = stemi_network(true);
  const auto net_off = network::Network::build(off);
  const auto net_on = network::Network::build(on);
  std::vector<double> f2t_off, f2t_on, d2t_off, d2t_on, within_off, within_on;
  for (int r = 0; r < 8; ++r) {
    const auto a = simulate_replication(off, net_off, r);
    const auto b = simulate_replication(on, net_on, r);
    EXPECT_GT(a.metric("green_channel.stemi.patients"), 100.0);
    // Same patients created in both arms: the arrival streams do not depend on the policy.
    EXPECT_EQ(a.patients.created, b.patients.created);
    f2t_off.push_back(a.metric("green_channel.stemi.fmc_to_treatment_mean"));
    f2t_on.push_back(b.metric("green_channel.stemi.fmc_to_treatment_mean"));
    d2t_off.push_back(a.metric("green_channel.stemi.door_to_treatment_mean"));
    d2t_on.push_back(b.metric("green_channel.stemi.door_to_treatment_mean"));
    within_off.push_back(a.metric("green_channel.stemi.within_target"));
    within_on.push_back(b.metric("green_channel.stemi.within_target"));
  }
  const auto f_off = stats::summarise("off", f2t_off), f_on = stats::summarise("on", f2t_on);
  const auto d_off = stats::summarise("off", d2t_off), d_on = stats::summarise("on", d2t_on);
  const auto w_off = stats::summarise("off", within_off), w_on = stats::summarise("on", within_on);
  EXPECT_LT(f_on.hi, f_off.lo) << "FMC-to-treatment: on " << f_on.mean << ", off " << f_off.mean;
  EXPECT_LT(d_on.hi, d_off.lo) << "door-to-treatment: on " << d_on.mean << ", off " << d_off.mean;
  EXPECT_GT(w_on.lo, w_off.hi) << "within target: on " << w_on.mean << ", off " << w_off.mean;
  std::cout << "FMC-to-treatment off " << f_off.mean << " on " << f_on.mean << "; door-to-treatment off " << d_off.mean
            << " on " << d_on.mean << "; within target off " << w_off.mean << " on " << w_on.mean << "\n";
}

TEST(GreenChannel, TimesAreConsistent) {
  const auto on = stemi_network(true);
  const auto net = network::Network::build(on);
  const auto r = simulate_replication(on, net, 0);
  const double ecg = r.metric("green_channel.stemi.fmc_to_ecg_mean");
  EXPECT_GT(ecg, 5.0);   // triangular(5, 10, 20) has mean 11.67
  EXPECT_LT(ecg, 20.0);
  EXPECT_GE(r.metric("green_channel.stemi.fmc_to_treatment_mean"), r.metric("green_channel.stemi.door_to_treatment_mean"));
  EXPECT_GE(r.metric("green_channel.stemi.onset_to_treatment_mean"), r.metric("green_channel.stemi.fmc_to_treatment_mean"));
  const double outside = r.metric("green_channel.stemi.outside_window");
  EXPECT_GE(outside, 0.0);
  EXPECT_LT(outside, 0.2);
}

}  // namespace
}  // namespace tiersim::flow
