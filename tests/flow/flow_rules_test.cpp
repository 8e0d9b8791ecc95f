// Rules of sim/flow/README.md that the docs once left open or got wrong (issue #18), each with
// an outcome that is certain: a patient finding no free bed with `when_full: refer` is referred
// up as a new visit (not resolved where the bed was missing), and a visiting expert takes
// patients of another specialty only when the host's own doctors are all busy.
#include <gtest/gtest.h>

#include "scenario_builder.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

TEST(FlowRules, NoFreeBedWithReferIsANewVisitUpNotAResolution) {
  testing::ScenarioBuilder b;
  const auto county = b.facility("county", Tier::kCounty, 10, 500, 0, {3});
  const auto town = b.facility("town", Tier::kTownship, 4, 1, 5000, {2});
  b.link(town, county, Distribution::constant(40));
  auto& c = b.condition("moderate", Severity::kModerate, 2, 100, Distribution::constant(15));
  c.admission = scenario::Admission{1.0, Distribution::constant(60 * kDay)};  // the one bed stays taken
  auto& s = b.scenario();
  s.horizon = 30 * kDay;
  s.policy.when_full = scenario::WhenFull::kRefer;
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  // ~41 patients: the first takes the town's only bed, every later one is blocked and referred.
  EXPECT_GT(r.metric("blocked_admissions"), 20.0);
  EXPECT_EQ(r.metric("referrals_up"), r.metric("blocked_admissions"));
  EXPECT_EQ(r.facilities[town].resolved, 1u);
  // Each referred patient arrives at the county as a new visit (one may still be on the road).
  EXPECT_LE(r.facilities[county].visits, r.facilities[town].referred_up);
  EXPECT_GE(r.facilities[county].visits + 1, r.facilities[town].referred_up);
  // Resolved at the county, so the goal counts them as not kept in the township.
  EXPECT_NEAR(r.metric("moderate_stays_in_township"), 1.0 / static_cast<double>(r.patients.resolved), 1e-12);
}

// A host with more doctors than it ever needs: its own doctors are never all busy.
scenario::Scenario host_with_visit(SpecialtyIndex visit_specialty) {
  testing::ScenarioBuilder b({"general", "cardiology"});
  const auto county = b.facility("county", Tier::kCounty, 10, 0, 0, {3, 3});
  const auto town = b.facility("town", Tier::kTownship, 100, 0, 5000, {2, 2});
  b.link(town, county, Distribution::constant(60));
  b.condition("general", Severity::kModerate, 2, 2000, Distribution::constant(10), 0);
  auto& s = b.scenario();
  s.horizon = 4 * kWeek;
  scenario::ExpertVisit v;
  v.from = county;
  v.to = town;
  v.specialty = visit_specialty;
  v.experts = 2;
  v.every = kWeek;
  v.duration = 8 * kHour;
  s.policy.expert_visits.push_back(v);
  return s;
}

TEST(FlowRules, VisitingExpertTakesOwnSpecialtyFirstOthersOnlyWhenHostIsBusy) {
  // Cardiologists visiting a host that only sees general patients and always has a free
  // doctor: they see nobody.
  const auto other = host_with_visit(1);
  const auto r1 = simulate_replication(other, network::Network::build(other), 0);
  EXPECT_EQ(r1.metric("expert_visits.visits"), 4.0);
  EXPECT_EQ(r1.metric("expert_visits.patients_seen"), 0.0);
  // Generalists visiting the same host take the general patients while on site.
  const auto own = host_with_visit(0);
  const auto r2 = simulate_replication(own, network::Network::build(own), 0);
  EXPECT_GT(r2.metric("expert_visits.patients_seen"), 20.0);
}

}  // namespace
}  // namespace tiersim::flow
