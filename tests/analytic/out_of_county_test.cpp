// policy.out_of_county with certain outcomes: share 1 sends every patient of that severity
// straight to the regional hospital, share 0 sends none, and out_of_county + bypass = 1
// leaves nobody at home (both are shares of all patients, sim/flow/README.md). The analytic
// routing agrees, and validate's notes say why nothing leaves when the setup stops it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "flow/scenario_builder.hpp"
#include "tiersim/analytic/analytic.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/leaving.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;
using testing::ScenarioBuilder;

// Villages under a township under a county, and a city hospital above the county. Minor
// cases are treated in the village, severe ones need level 3 (the county or the city).
ScenarioBuilder with_city(bool link_city = true) {
  ScenarioBuilder b;
  const auto city = b.facility("city", Tier::kRegional, 20, 0, 0, {3});
  const auto county = b.facility("county", Tier::kCounty, 6, 0, 0, {3});
  const auto town = b.facility("town", Tier::kTownship, 3, 0, 2000, {2});
  const auto v1 = b.facility("v1", Tier::kVillage, 1, 0, 1500, {1});
  const auto v2 = b.facility("v2", Tier::kVillage, 1, 0, 1500, {1});
  b.link(v1, town, Distribution::constant(20));
  b.link(v2, town, Distribution::constant(30));
  b.link(town, county, Distribution::lognormal(40, 10));
  if (link_city) b.link(county, city, Distribution::constant(60));
  b.condition("minor", Severity::kMinor, 1, 1500, Distribution::exponential(10));
  b.condition("severe", Severity::kSevere, 3, 200, Distribution::gamma(30, 10));
  b.scenario().horizon = 60 * kDay;
  b.scenario().warmup = 0;  // every visit then belongs to a counted episode: counts match exactly
  return b;
}

const stats::FacilityResult& facility(const stats::ReplicationResult& r, const std::string& id) {
  const auto it = std::find_if(r.facilities.begin(), r.facilities.end(), [&](const auto& f) { return f.id == id; });
  EXPECT_NE(it, r.facilities.end()) << id;
  return *it;
}

TEST(OutOfCounty, ShareOneSendsEverySeverePatientToTheCity) {
  auto b = with_city();
  b.scenario().policy.out_of_county = {0, 0, 1.0, 0};
  const auto s = b.build();
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  const auto& city = facility(r, "city");
  // About 5000 x 200 / 1000 x 60 / 365 = 164 severe patients: all go to the city at onset.
  EXPECT_GT(r.metric("out_of_county"), 120.0);
  // Sent at onset, counted at the door an hour later: only the last hour's may be on the road.
  EXPECT_LE(static_cast<double>(city.visits), r.metric("out_of_county"));
  EXPECT_GE(static_cast<double>(city.visits) + 3, r.metric("out_of_county"));
  EXPECT_EQ(facility(r, "county").visits, 0u);  // nobody severe reaches the county any more
  EXPECT_EQ(r.metric("severe_stays_in_county"), 0.0);
  EXPECT_EQ(r.metric("referrals_up"), 0.0);  // minor cases stay, severe ones never start at home
  EXPECT_LT(r.metric("county_retention"), 1.0);
  EXPECT_EQ(r.patients.created, r.patients.resolved + r.patients.left_unseen + r.patients.in_system);
}

TEST(OutOfCounty, ShareZeroSendsNobody) {
  auto b = with_city();
  const auto s = b.build();
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  EXPECT_EQ(r.metric("out_of_county"), 0.0);
  EXPECT_EQ(facility(r, "city").visits, 0u);  // the county treats every severe case
  EXPECT_GT(facility(r, "county").visits, 120u);
  EXPECT_EQ(r.metric("severe_stays_in_county"), 1.0);
  EXPECT_EQ(r.metric("county_retention"), 1.0);
}

TEST(OutOfCounty, SharesAreOfAllPatientsSoOutPlusBypassOneLeavesNobodyAtHome) {
  // With the shares drawn independently (bypass applied to those who stayed), a quarter of
  // the severe patients would still start at home. Only severe cases here.
  auto b = with_city();
  b.scenario().conditions.erase(b.scenario().conditions.begin());
  b.scenario().policy.out_of_county = {0, 0, 0.5, 0};
  b.scenario().policy.bypass = {0, 0, 0.5, 0};
  const auto s = b.build();
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  for (const char* id : {"town", "v1", "v2"}) EXPECT_EQ(facility(r, id).visits, 0u) << id;
  const double out = r.metric("out_of_county"), bypass = r.metric("bypass");
  EXPECT_EQ(out + bypass, r.metric("patients.created"));
  // Each is a binomial(~164, 0.5): far from the 1/4 that independent draws would give.
  EXPECT_GT(out, 50.0);
  EXPECT_GT(bypass, 50.0);

  // The analytic routing puts the same halves at the city and at the county.
  const auto a = analytic::analyze(s, net);
  const double city = a.facilities[0].arrival_rate_per_min, county = a.facilities[1].arrival_rate_per_min;
  EXPECT_NEAR(city, county, 1e-12);
  EXPECT_EQ(a.facilities[2].arrival_rate_per_min, 0.0);
}

TEST(OutOfCounty, NoLinkToTheCityMeansNobodyLeavesAndValidateSaysWhy) {
  auto b = with_city(false);
  b.scenario().policy.out_of_county = {0, 0, 1.0, 0};
  const auto s = b.build();
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  EXPECT_EQ(r.metric("out_of_county"), 0.0);
  const auto leaving = network::leaving_county(s, net);
  EXPECT_EQ(leaving.out_of_county_per_day, 0.0);
  std::string all;
  for (const auto& n : leaving.notes) all += n + "\n";
  EXPECT_NE(all.find("3 of 3 populated facilities reach no regional facility"), std::string::npos) << all;
  EXPECT_NE(all.find("'county' reaches no facility above the county tier"), std::string::npos) << all;
}

TEST(OutOfCounty, GreenChannelConditionsDoNotLeaveAndValidateSaysWhy) {
  // The docs' example: the only critical condition is time-critical and the channel is on.
  auto b = with_city();
  auto& s = b.scenario();
  s.conditions[1].severity = Severity::kCritical;
  s.conditions[1].time_critical = scenario::TimeCritical{};
  s.policy.green_channel.enabled = true;
  s.policy.green_channel.tele_consult = Distribution::constant(10);
  s.policy.green_channel.activation = Distribution::constant(20);
  s.policy.out_of_county = {0, 0.0, 0.05, 0.5};
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  EXPECT_EQ(r.metric("out_of_county"), 0.0);
  EXPECT_EQ(facility(r, "city").visits, 0u);
  const auto leaving = network::leaving_county(s, net);
  EXPECT_EQ(leaving.out_of_county_per_day, 0.0);
  std::string all;
  for (const auto& n : leaving.notes) all += n + "\n";
  EXPECT_NE(all.find("0.00 patients a day expected"), std::string::npos) << all;
  EXPECT_NE(all.find("out_of_county.severe acts on nobody"), std::string::npos) << all;
  EXPECT_NE(all.find("out_of_county.critical does not apply to severe: time-critical on the green channel"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("'county' can treat every condition"), std::string::npos) << all;

  // With the channel off the same patients do leave, and the expectation says how many.
  s.policy.green_channel.enabled = false;
  const auto r2 = simulate_replication(s, net, 0);
  const auto leaving2 = network::leaving_county(s, net);
  EXPECT_NEAR(leaving2.out_of_county_per_day, 5000 * 0.2 / 365 * 0.5, 1e-9);
  EXPECT_GT(r2.metric("out_of_county"), 40.0);
}

TEST(OutOfCounty, CountyReferralsToTheCityAreNamed) {
  auto b = with_city();
  b.scenario().conditions[1].required_level = 3;
  b.scenario().facilities[1].capability = {2};  // the county cannot treat severe cases
  const auto s = b.build();
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  EXPECT_GT(facility(r, "city").visits, 100u);
  EXPECT_EQ(r.metric("severe_stays_in_county"), 0.0);
  const auto leaving = network::leaving_county(s, net);
  std::string all;
  for (const auto& n : leaving.notes) all += n + "\n";
  EXPECT_NE(all.find("'county' refers to 'city' (60 min) what it cannot treat: severe (general 2 < 3)"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace tiersim::flow
