// Opening hours: a closed village clinic starts nobody; with `when_closed: refer` the
// patients who find it closed go up at once, with `wait` they wait for the morning.
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

scenario::Scenario day_clinic(scenario::WhenClosed when_closed) {
  testing::ScenarioBuilder b;
  const auto town = b.facility("town", Tier::kTownship, 3, 0, 0, {2});
  const auto v = b.facility("v", Tier::kVillage, 1, 0, 5000, {1});
  b.link(v, town, Distribution::constant(20));
  b.condition("minor", Severity::kMinor, 1, 1500, Distribution::exponential(10));
  auto& s = b.scenario();
  s.facilities[v].hours = scenario::OpeningHours{false, 8 * kHour, 18 * kHour};
  s.policy.when_closed = when_closed;
  s.horizon = 30 * kDay;
  return s;
}

class ServiceStarts : public TraceSink {
 public:
  void on_event(int, double minutes, std::uint64_t, FacilityIndex f, TraceEvent e) override {
    if (e == TraceEvent::kServiceStart && f == 1) village_starts.push_back(minutes);
  }
  std::vector<double> village_starts;
};

double minute_of_day(double t) { return t - std::floor(t / kDay) * kDay; }

TEST(OpeningHours, ClosedClinicStartsNobodyAndReferOrWaitAsTold) {
  for (auto policy : {scenario::WhenClosed::kRefer, scenario::WhenClosed::kWait}) {
    const auto s = day_clinic(policy);
    const auto net = network::Network::build(s);
    ServiceStarts sink;
    ReplicationOptions options;
    options.trace = &sink;
    const auto r = simulate_replication(s, net, 0, options);
    ASSERT_GT(sink.village_starts.size(), 100u);
    for (double t : sink.village_starts) {
      EXPECT_GE(minute_of_day(t), 8 * kHour);
      EXPECT_LT(minute_of_day(t), 18 * kHour);
    }
    const double night_share = 14.0 / 24.0;  // of arrivals, about this many find it closed
    const double village_visits = static_cast<double>(r.facilities[1].visits);
    if (policy == scenario::WhenClosed::kRefer) {
      // Night arrivals go straight to the township: all of them, and nobody else.
      const double referred = static_cast<double>(r.facilities[1].referred_up);
      EXPECT_NEAR(referred / village_visits, night_share, 0.05);
      EXPECT_EQ(r.metric("minor_stays_in_village"), r.facilities[1].resolved / village_visits);
    } else {
      EXPECT_EQ(r.facilities[1].referred_up, 0u);
      EXPECT_EQ(r.metric("minor_stays_in_village"), 1.0);
      EXPECT_GT(r.metric("wait_minutes.village.mean"), 60.0);  // a night's wait for many
    }
  }
}

}  // namespace
}  // namespace tiersim::flow
