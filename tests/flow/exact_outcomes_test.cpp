// Outcomes that are certain: where nobody can be referred, everything is resolved locally;
// where every case needs the top level, every village visit is referred; bypass 1.0 empties
// the villages; and patients are conserved exactly.
#include <gtest/gtest.h>

#include <cmath>

#include "scenario_builder.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::flow {
namespace {

using testing::ScenarioBuilder;
using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

// Two villages under a township under a county; minor, moderate and severe cases.
ScenarioBuilder three_tiers(int minor_level, int moderate_level, int severe_level) {
  ScenarioBuilder b;
  const auto county = b.facility("county", Tier::kCounty, 6, 40, 0, {3});
  const auto town = b.facility("town", Tier::kTownship, 3, 10, 2000, {2});
  const auto v1 = b.facility("v1", Tier::kVillage, 1, 0, 1500, {1});
  const auto v2 = b.facility("v2", Tier::kVillage, 1, 0, 1500, {1});
  b.link(v1, town, Distribution::constant(20));
  b.link(v2, town, Distribution::constant(30));
  b.link(town, county, Distribution::lognormal(40, 10));
  b.condition("minor", Severity::kMinor, minor_level, 1500, Distribution::exponential(10));
  b.condition("moderate", Severity::kModerate, moderate_level, 300, Distribution::lognormal(15, 5));
  b.condition("severe", Severity::kSevere, severe_level, 50, Distribution::gamma(30, 10));
  b.scenario().horizon = 30 * kDay;
  b.scenario().warmup = 2 * kDay;
  return b;
}

stats::ReplicationResult run_one(const scenario::Scenario& s, int rep = 0) {
  const auto net = network::Network::build(s);
  return simulate_replication(s, net, rep);
}

TEST(FlowExact, NobodyCanBeReferredSoAllIsResolvedLocally) {
  // Every case is treatable at level 1: every episode ends where it starts.
  const auto s = three_tiers(1, 1, 1).build();
  const auto r = run_one(s);
  EXPECT_EQ(r.metric("minor_stays_in_village"), 1.0);
  EXPECT_EQ(r.metric("moderate_stays_in_township"), 1.0);
  EXPECT_EQ(r.metric("severe_stays_in_county"), 1.0);
  EXPECT_EQ(r.metric("county_retention"), 1.0);
  EXPECT_EQ(r.metric("referrals_up"), 0.0);
  EXPECT_EQ(r.metric("primary_share"), 1.0);  // the county has no catchment
  EXPECT_GT(r.metric("patients.created"), 700.0);
}

TEST(FlowExact, EveryVillageVisitIsReferredWhenAllNeedLevelThree) {
  const auto s = three_tiers(3, 3, 3).build();
  const auto r = run_one(s);
  std::uint64_t village_visits = 0, village_referred = 0, village_resolved = 0;
  for (const auto& f : r.facilities) {
    if (f.tier == "village") {
      village_visits += f.visits;
      village_referred += f.referred_up;
      village_resolved += f.resolved;
    }
  }
  EXPECT_GT(village_visits, 400u);
  EXPECT_EQ(village_resolved, 0u);
  // Visits arriving in the last minutes are still in service at the end: referred <= visits,
  // and the difference is at most the two villages' servers plus their queues at the end.
  EXPECT_LE(village_referred, village_visits);
  EXPECT_GE(village_referred + 20, village_visits);
  EXPECT_EQ(r.metric("minor_stays_in_village"), 0.0);
  EXPECT_EQ(r.metric("moderate_stays_in_township"), 0.0);
  EXPECT_EQ(r.metric("county_retention"), 1.0);
}

TEST(FlowExact, BypassOneSendsEverybodyPastTheVillage) {
  auto b = three_tiers(1, 2, 3);
  b.scenario().policy.bypass = {1.0, 1.0, 1.0, 1.0};
  const auto r = run_one(b.build());
  for (const auto& f : r.facilities) {
    if (f.tier == "village") {
      EXPECT_EQ(f.visits, 0u) << f.id;
    }
    // Township residents bypass too: the county is above their tier.
    if (f.id == "town") {
      EXPECT_EQ(f.visits, 0u);
    }
  }
  EXPECT_GT(r.metric("bypass"), 600.0);
  EXPECT_EQ(r.metric("primary_share"), 0.0);
}

TEST(FlowExact, PatientsAreConservedExactly) {
  auto b = three_tiers(1, 2, 3);
  auto& s = b.scenario();
  s.conditions[2].admission = scenario::Admission{0.8, Distribution::lognormal(5 * kDay, 2 * kDay)};
  s.conditions[2].step_down = 2 * kDay;
  s.policy.step_down = true;
  s.policy.misjudge = {0.1, 0.05, 0, 0};
  s.policy.bypass = {0.05, 0.1, 0.3, 0.5};
  s.policy.reneging = scenario::Reneging{Distribution::exponential(30), {true, true, false, false}, false};
  for (int rep = 0; rep < 3; ++rep) {
    const auto r = run_one(s, rep);
    EXPECT_EQ(r.patients.created, r.patients.resolved + r.patients.left_unseen + r.patients.in_system);
    EXPECT_GT(r.patients.left_unseen, 0u);
    EXPECT_EQ(r.metric("patients.created"), static_cast<double>(r.patients.created));
  }
}

TEST(FlowExact, MisjudgementNeverKeepsAPatientNeedingABedWhereThereIsNone) {
  // Villages misjudge every case; the severe ones all need a bed, and villages have none:
  // they must still go up, not wait for a bed that will never come.
  auto b = three_tiers(1, 2, 3);
  auto& s = b.scenario();
  s.conditions[2].admission = scenario::Admission{1.0, Distribution::constant(2 * kDay)};
  s.policy.misjudge = {1.0, 0, 0, 0};
  const auto r = run_one(s);
  for (const auto& f : r.facilities) {
    if (f.tier == "village") {
      EXPECT_EQ(f.blocked_admissions, 0u) << f.id;
    }
  }
  EXPECT_GT(r.metric("misjudged_kept"), 0.0);  // moderate cases are kept wrongly, as asked
  EXPECT_EQ(r.metric("severe_stays_in_county"), 1.0);
}

TEST(FlowExact, SameSeedSameNumbers) {
  const auto s = three_tiers(1, 2, 3).build();
  const auto a = run_one(s, 4);
  const auto b = run_one(s, 4);
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    EXPECT_EQ(a.metrics[i].name, b.metrics[i].name);
    if (!std::isnan(a.metrics[i].value)) {
      EXPECT_EQ(a.metrics[i].value, b.metrics[i].value) << a.metrics[i].name;
    }
  }
  EXPECT_EQ(a.events, b.events);
}

}  // namespace
}  // namespace tiersim::flow
