#include "tiersim/network/network.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "tiersim/error.hpp"

namespace tiersim::network {
namespace {

using scenario::Tier;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Builds scenarios in C++ (no YAML): specialties general (0) and cardiology (1).
class Builder {
 public:
  Builder() { s_.specialties = {"general", "cardiology"}; }

  FacilityIndex add(const std::string& id, Tier tier, double population = 0, int beds = 0, int cardiology = -1) {
    scenario::Facility f;
    f.id = id;
    f.name = id;
    f.tier = tier;
    f.population = population;
    f.beds = beds;
    const int t = static_cast<int>(tier);
    f.capability = {t >= 1 ? t : 1, cardiology >= 0 ? cardiology : (t >= 2 ? 3 : t)};
    f.pos = {"t.yaml", static_cast<int>(s_.facilities.size()) + 10, 5};
    s_.facilities.push_back(f);
    return static_cast<FacilityIndex>(s_.facilities.size() - 1);
  }
  std::uint32_t link(FacilityIndex a, FacilityIndex b, double minutes, double km = 0) {
    scenario::Link l;
    l.from = a;
    l.to = b;
    l.travel = random::Distribution::constant(minutes);
    l.km = km;
    l.pos = {"t.yaml", static_cast<int>(s_.links.size()) + 100, 7};
    s_.links.push_back(l);
    return static_cast<std::uint32_t>(s_.links.size() - 1);
  }
  ConditionIndex condition(const std::string& name, SpecialtyIndex sp, int level, double incidence = 1) {
    scenario::Condition c;
    c.name = name;
    c.specialty = sp;
    c.required_level = level;
    c.per_1000_per_year = incidence;
    s_.conditions.push_back(c);
    return static_cast<ConditionIndex>(s_.conditions.size() - 1);
  }
  scenario::Scenario& scenario() { return s_; }

 private:
  scenario::Scenario s_;
};

// "v" + std::to_string(i) trips a false -Wrestrict in g++ 12 at -O3; appending does not.
std::string numbered(const char* prefix, int i) {
  std::string id(prefix);
  id.append(std::to_string(i));
  return id;
}

std::vector<Diagnostic> diagnostics_of(const scenario::Scenario& s) {
  try {
    (void)Network::build(s);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

TEST(Network, ReferralGoesToNearestHigherTierAlongShortestPath) {
  Builder b;
  const auto v = b.add("v", Tier::kVillage, 1000);
  const auto t = b.add("t", Tier::kTownship, 5000, 20);
  const auto c = b.add("c", Tier::kCounty, 0, 200);
  const auto vt = b.link(v, t, 20, 8);
  const auto tc = b.link(t, c, 40, 30);
  b.link(v, c, 70, 35);  // a direct road, slower than through the township
  const auto stemi = b.condition("stemi", 1, 3);
  const auto net = Network::build(b.scenario());

  ASSERT_EQ(net.facility_count(), 3u);
  EXPECT_EQ(net.referral(v).to, t);
  EXPECT_THAT(net.referral(v).links, ElementsAre(vt));
  EXPECT_DOUBLE_EQ(net.referral(v).mean_minutes, 20);
  EXPECT_EQ(net.referral(t).to, c);
  EXPECT_FALSE(net.referral(c).exists());

  const auto& to_county = net.nearest_of_tier(v, Tier::kCounty);
  EXPECT_EQ(to_county.to, c);
  EXPECT_THAT(to_county.links, ElementsAre(vt, tc));  // travel order
  EXPECT_DOUBLE_EQ(to_county.mean_minutes, 60);
  EXPECT_DOUBLE_EQ(to_county.km, 38);
  EXPECT_FALSE(net.nearest_of_tier(v, Tier::kRegional).exists());
  EXPECT_EQ(net.nearest_of_tier(c, Tier::kCounty).to, c);  // a facility is nearest to itself
  EXPECT_TRUE(net.nearest_of_tier(c, Tier::kCounty).links.empty());

  EXPECT_EQ(net.nearest_able(v, stemi).to, c);
  EXPECT_THAT(net.nearest_able(v, stemi).links, ElementsAre(vt, tc));

  const auto back = net.route(c, v);
  EXPECT_EQ(back.to, v);
  EXPECT_THAT(back.links, ElementsAre(tc, vt));
  EXPECT_DOUBLE_EQ(back.mean_minutes, 60);
  EXPECT_EQ(net.route(c, v).links, back.links);  // cached answer is the same
  EXPECT_TRUE(net.route(v, v).exists());
  EXPECT_TRUE(net.route(v, v).links.empty());
}

TEST(Network, RouteUsesTheMeanOfTheTravelDistribution) {
  Builder b;
  const auto v = b.add("v", Tier::kVillage, 100);
  const auto t1 = b.add("t1", Tier::kTownship);
  const auto t2 = b.add("t2", Tier::kTownship);
  b.link(v, t1, 30);
  const auto fast = b.link(v, t2, 30);
  // Same nominal figure, but a lognormal with mean 25 min beats a constant 30 min.
  b.scenario().links[fast].travel = random::Distribution::lognormal(25, 20);
  b.condition("minor", 0, 1);
  const auto net = Network::build(b.scenario());
  EXPECT_EQ(net.referral(v).to, t2);
  EXPECT_NEAR(net.referral(v).mean_minutes, 25, 1e-9);
}

TEST(Network, ParallelLinksUseTheFasterOne) {
  Builder b;
  const auto v = b.add("v", Tier::kVillage, 100);
  const auto t = b.add("t", Tier::kTownship);
  b.link(v, t, 50);
  const auto fast = b.link(t, v, 35);
  b.link(v, t, 45);
  b.condition("minor", 0, 1);
  const auto net = Network::build(b.scenario());
  EXPECT_THAT(net.referral(v).links, ElementsAre(fast));
  EXPECT_THAT(net.route(t, v).links, ElementsAre(fast));
}

TEST(Network, TiesGoToTheLowerTierThenTheLowerIndex) {
  Builder b;
  const auto c = b.add("c", Tier::kCounty);        // 0
  const auto t_late = b.add("t2", Tier::kTownship);  // 1
  const auto v = b.add("v", Tier::kVillage, 100);  // 2
  const auto t_early = b.add("t1", Tier::kTownship);  // 3
  // All three at exactly 30 minutes; links added in an order that would favour the county
  // and the higher-index township if edge order decided.
  b.link(v, c, 30);
  b.link(v, t_early, 30);
  b.link(v, t_late, 30);
  b.condition("minor", 0, 1);
  const auto net = Network::build(b.scenario());
  EXPECT_EQ(net.referral(v).to, t_late);  // township before county; index 1 before index 3
  EXPECT_EQ(net.nearest_of_tier(v, Tier::kTownship).to, t_late);
  EXPECT_EQ(t_early, 3u);
}

TEST(Network, ReferToOverridesTheNearestHigherTier) {
  Builder b;
  const auto t = b.add("t", Tier::kTownship, 100);
  const auto near = b.add("near", Tier::kCounty);
  const auto far = b.add("far", Tier::kCounty);
  b.link(t, near, 20);
  const auto l_far = b.link(t, far, 90);
  b.scenario().facilities[t].refer_to = "far";
  b.condition("minor", 0, 1);
  const auto net = Network::build(b.scenario());
  EXPECT_EQ(net.referral(t).to, far);
  EXPECT_THAT(net.referral(t).links, ElementsAre(l_far));
  EXPECT_EQ(net.nearest_of_tier(t, Tier::kCounty).to, near);  // bypass still goes to the nearest
}

TEST(Network, ReferToMustNameAHigherTierFacility) {
  Builder b;
  const auto t = b.add("meiziwu", Tier::kTownship, 100);
  const auto t2 = b.add("other", Tier::kTownship, 100);
  const auto c = b.add("county", Tier::kCounty);
  b.link(t, c, 20);
  b.link(t2, c, 20);
  b.scenario().facilities[t].refer_to = "other";
  b.scenario().facilities[t2].refer_to = "countyy";
  b.condition("minor", 0, 1);
  const auto d = diagnostics_of(b.scenario());
  ASSERT_EQ(d.size(), 2u);  // every problem, not only the first
  EXPECT_EQ(d[0].format().rfind("t.yaml:10:5: facilities[meiziwu].refer_to: referral cannot go up", 0), 0u)
      << d[0].format();
  EXPECT_THAT(d[0].message, HasSubstr("'other' is township tier"));
  EXPECT_EQ(d[1].path, "facilities[other].refer_to");
  EXPECT_THAT(d[1].message, HasSubstr("got 'countyy' (did you mean 'county'?)"));
}

TEST(Network, ReferToMustBeReachable) {
  Builder b;
  const auto t = b.add("t", Tier::kTownship, 100);
  const auto c = b.add("c", Tier::kCounty);
  b.add("island", Tier::kCounty);
  b.link(t, c, 20);
  b.scenario().facilities[t].refer_to = "island";
  b.condition("minor", 0, 1);
  const auto d = diagnostics_of(b.scenario());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].message, HasSubstr("no chain of links leads from 't' to 'island'"));
}

TEST(Network, SelfLinkIsAnErrorAtTheLink) {
  Builder b;
  const auto v = b.add("v", Tier::kVillage, 100);
  const auto t = b.add("t", Tier::kTownship);
  b.link(v, t, 10);
  b.link(t, t, 10);
  b.condition("minor", 0, 1);
  const auto d = diagnostics_of(b.scenario());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].format(), "t.yaml:101:7: links[1]: the link joins facility 't' to itself; a link must join two "
                           "different facilities");
}

TEST(Network, UnreachableTreatmentNamesConditionLevelAndBestReachable) {
  Builder b;
  const auto t = b.add("meiziwu", Tier::kTownship, 9000, 30, 2);
  const auto v1 = b.add("meiziwu.v01", Tier::kVillage, 900);
  const auto v2 = b.add("meiziwu.v02", Tier::kVillage, 900);
  b.add("county", Tier::kCounty);  // able, but no road leads there
  b.link(v1, t, 25);
  b.link(v2, t, 25);
  b.condition("minor", 0, 1);
  b.condition("stemi", 1, 3, 0.6);
  b.condition("rare", 1, 3, 0.0);  // no incidence: not checked
  const auto d = diagnostics_of(b.scenario());
  ASSERT_EQ(d.size(), 1u);  // one message for the three stranded catchments
  EXPECT_EQ(d[0].path, "facilities[meiziwu]");
  EXPECT_EQ(d[0].line, 10);
  EXPECT_THAT(d[0].message, HasSubstr("condition 'stemi' (cardiology, required level 3"));
  EXPECT_THAT(d[0].message, HasSubstr("the best reachable is level 2 at 'meiziwu'"));
  EXPECT_THAT(d[0].message, HasSubstr("2 other populated facilities connected to it have the same problem"));
}

TEST(Network, UnreachableTreatmentWithNoCapabilityAtAll) {
  Builder b;
  b.add("v", Tier::kVillage, 100, 0, 0);
  b.add("c", Tier::kCounty);
  b.condition("stemi", 1, 3);
  const auto d = diagnostics_of(b.scenario());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].message, HasSubstr("no reachable facility has any cardiology capability (level 0)"));
}

TEST(Network, StepDownTargetPrefersHomeThenItsReferralChain) {
  Builder b;
  const auto c = b.add("c", Tier::kCounty, 0, 300);
  const auto t = b.add("t", Tier::kTownship, 5000, 30);
  const auto t_nobeds = b.add("t0", Tier::kTownship, 5000, 0);
  const auto v = b.add("v", Tier::kVillage, 900, 0);
  const auto v_beds = b.add("vb", Tier::kVillage, 900, 2);
  const auto v_far = b.add("vf", Tier::kVillage, 900, 0);
  const auto r = b.add("r", Tier::kRegional, 0, 1000);
  b.link(c, t, 40);
  b.link(c, t_nobeds, 40);
  b.link(v, t, 20);
  b.link(v_beds, t, 20);
  b.link(v_far, t_nobeds, 20);
  b.link(c, r, 120);
  b.condition("minor", 0, 1);
  const auto net = Network::build(b.scenario());
  EXPECT_EQ(net.step_down_target(v, Tier::kCounty), t);        // village has no beds: its township
  EXPECT_EQ(net.step_down_target(v_beds, Tier::kCounty), v_beds);  // home has beds
  EXPECT_EQ(net.step_down_target(t, Tier::kCounty), t);
  EXPECT_EQ(net.step_down_target(v, Tier::kTownship), kNoIndex);  // township is not below township
  EXPECT_EQ(net.step_down_target(v_far, Tier::kCounty), kNoIndex);  // chain: t0 (no beds) then c (not below)
  EXPECT_EQ(net.step_down_target(v_far, Tier::kRegional), c);      // treated at regional: the county
  EXPECT_EQ(net.step_down_target(c, Tier::kCounty), kNoIndex);
}

TEST(Network, CopiesAnswerTheSameAndReadsAreThreadSafe) {
  Builder b;
  const auto c = b.add("c", Tier::kCounty);
  std::vector<FacilityIndex> villages;
  for (int i = 0; i < 200; ++i) {
    const auto v = b.add(numbered("v", i), Tier::kVillage, 100);
    b.link(v, c, 10 + i);
    villages.push_back(v);
  }
  b.condition("minor", 0, 1);
  const auto net = Network::build(b.scenario());
  std::vector<const Route*> seen(4 * villages.size());
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (std::size_t i = 0; i < villages.size(); ++i) {
        seen[k * villages.size() + i] = &net.referral(villages[i]);
        (void)net.route(villages[i], c);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t i = 0; i < villages.size(); ++i) {
    for (int k = 1; k < 4; ++k) EXPECT_EQ(seen[k * villages.size() + i], seen[i]);  // built once
  }
  const Network copy = net;  // NOLINT(performance-unnecessary-copy-initialization): the copy is what is tested
  Network assigned;
  assigned = copy;
  for (auto v : villages) {
    EXPECT_EQ(copy.referral(v).links, net.referral(v).links);
    EXPECT_EQ(assigned.route(v, c).links, net.route(v, c).links);
  }
}

TEST(Network, ProvinceSizedChainBuildsWithoutAllPairs) {
  // 30,000 facilities in one line: a county at one end, a township every tenth place, the
  // rest villages, all populated. All-pairs routes would be 9e8 paths; the passes are linear.
  Builder b;
  constexpr int kCount = 30000;
  const auto county = b.add("c", Tier::kCounty);
  for (int i = 1; i < kCount; ++i) {
    const auto tier = i % 10 == 0 ? Tier::kTownship : Tier::kVillage;
    b.add(numbered("f", i), tier, 500, tier == Tier::kTownship ? 10 : 0);
    b.link(static_cast<FacilityIndex>(i - 1), static_cast<FacilityIndex>(i), 5, 2);
  }
  const auto stemi = b.condition("stemi", 1, 3, 0.6);
  b.condition("minor", 0, 1, 2000);
  const auto t0 = std::chrono::steady_clock::now();
  const auto net = Network::build(b.scenario());
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("build_seconds", std::to_string(seconds));  // for the log; no timing assert
  std::cout << "30,000-facility chain: Network::build took " << seconds << " s\n";
  ASSERT_EQ(net.facility_count(), static_cast<std::size_t>(kCount));
  const FacilityIndex last = kCount - 1;
  // The last one (index 29999) is a village; the nearest township is index 29990.
  EXPECT_EQ(net.referral(last).to, 29990u);
  EXPECT_EQ(net.referral(last).links.size(), 9u);
  // A township refers to a higher tier only: the county at the far end.
  EXPECT_EQ(net.referral(29990).to, county);
  EXPECT_EQ(net.referral(29990).links.size(), 29990u);
  const auto& able = net.nearest_able(last, stemi);
  EXPECT_EQ(able.to, county);
  EXPECT_EQ(able.links.size(), static_cast<std::size_t>(kCount - 1));
  EXPECT_DOUBLE_EQ(able.mean_minutes, 5.0 * (kCount - 1));
  EXPECT_DOUBLE_EQ(able.km, 2.0 * (kCount - 1));
  EXPECT_EQ(able.links.front(), static_cast<std::uint32_t>(kCount - 2));  // travel order: from the far end
  EXPECT_EQ(net.step_down_target(last, Tier::kCounty), 29990u);
}

}  // namespace
}  // namespace tiersim::network
