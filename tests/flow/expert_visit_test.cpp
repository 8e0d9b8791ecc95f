// Expert visits move servers exactly: the host gains the experts for exactly the visit, the
// home facility loses them for the visit plus the travel both ways; capacity building raises
// the host's own level only once the visits have added up to the set time.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "scenario_builder.hpp"
#include "tiersim/flow/flow_model.hpp"
#include "tiersim/network/network.hpp"

namespace tiersim::flow {
namespace {

using scenario::Distribution;
using scenario::Severity;
using scenario::Tier;

scenario::Scenario visiting(double population) {
  testing::ScenarioBuilder b({"general", "cardiology"});
  const auto county = b.facility("county", Tier::kCounty, 10, 0, 0, {3, 3});
  const auto town = b.facility("town", Tier::kTownship, 2, 0, population, {2, 1});
  b.link(town, county, Distribution::constant(60));
  b.condition("cardiac", Severity::kModerate, 2, 365, Distribution::constant(15), 1);
  auto& s = b.scenario();
  s.horizon = 4 * kWeek;
  scenario::ExpertVisit v;
  v.from = county;
  v.to = town;
  v.specialty = 1;
  v.experts = 2;
  v.every = kWeek;
  v.duration = 8 * kHour;
  v.first = 8 * kHour;
  s.policy.expert_visits.push_back(v);
  return s;
}

TEST(ExpertVisit, ServersMoveByExactlyTheExpertsForExactlyTheTime) {
  const auto s = visiting(0);  // nobody falls ill: capacity alone is measured
  const auto net = network::Network::build(s);
  const auto r = simulate_replication(s, net, 0);
  const double hours = s.horizon / kHour;
  constexpr int kVisits = 4;  // departures at 8h, 1w+8h, 2w+8h, 3w+8h
  EXPECT_EQ(r.metric("expert_visits.visits"), kVisits);
  // Home: away from departure to return, 8 h on site + 1 h travel each way.
  EXPECT_DOUBLE_EQ(r.metric("expert_visits.home_server_hours_lost"), 2.0 * 10.0 * kVisits);
  EXPECT_DOUBLE_EQ(r.facilities[0].server_hours, 10.0 * hours - 2.0 * 10.0 * kVisits);
  // Host: gains the two experts for the 8 hours on site only.
  EXPECT_DOUBLE_EQ(r.facilities[1].server_hours, 2.0 * hours + 2.0 * 8.0 * kVisits);
}

class ResolvedAt : public TraceSink {
 public:
  explicit ResolvedAt(FacilityIndex f) : facility_(f) {}
  void on_event(int, double minutes, std::uint64_t, FacilityIndex f, TraceEvent e) override {
    if (e == TraceEvent::kResolved && f == facility_) times.push_back(minutes);
  }
  std::vector<double> times;

 private:
  FacilityIndex facility_;
};

// Whether t falls while experts are on site (9h-17h on the visit days) or just after (the
// last patient they started may finish up to one 15-minute service later).
bool during_visit(double t) {
  const double in_week = t - std::floor(t / kWeek) * kWeek;
  return in_week >= 9 * kHour && in_week <= 17 * kHour + 15;
}

TEST(ExpertVisit, CapacityBuildingRaisesTheLevelOnlyAfterTheSetTime) {
  auto s = visiting(10000);  // about 10 cardiac patients a day at the township
  s.policy.expert_visits[0].capacity_building = scenario::CapacityBuilding{16 * kHour, 2};
  const auto net = network::Network::build(s);
  ResolvedAt sink(1);
  ReplicationOptions options;
  options.trace = &sink;
  const auto r = simulate_replication(s, net, 0, options);
  // The second visit ends at 1w + 17h: then 16 hours of visits have been made.
  const double raised = kWeek + 17 * kHour;
  int before_outside = 0, before_during = 0, after_outside = 0;
  for (double t : sink.times) {
    if (t < raised) {
      (during_visit(t) ? before_during : before_outside) += 1;
    } else if (!during_visit(t)) {
      ++after_outside;
    }
  }
  EXPECT_EQ(before_outside, 0) << "the township cannot treat level-2 cases on its own before capacity building";
  EXPECT_GT(before_during, 0) << "while the experts are there it can";
  EXPECT_GT(after_outside, 100) << "after capacity building it treats them on its own";
  EXPECT_GT(r.metric("expert_visits.patients_seen"), 0.0);
}

TEST(ExpertVisit, WithoutCapacityBuildingTheLevelNeverRises) {
  const auto s = visiting(10000);
  const auto net = network::Network::build(s);
  ResolvedAt sink(1);
  ReplicationOptions options;
  options.trace = &sink;
  (void)simulate_replication(s, net, 0, options);
  for (double t : sink.times) EXPECT_TRUE(during_visit(t)) << t;
}

}  // namespace
}  // namespace tiersim::flow
