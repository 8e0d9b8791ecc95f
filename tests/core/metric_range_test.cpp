// Intervals within range (include/tiersim/stats/results.hpp): summarise_metrics clamps each
// Student-t interval to what the metric can take, from its name; the mean is never moved; an
// unbounded summary (a paired difference) is not clamped.
#include <gtest/gtest.h>

#include <cmath>

#include "tiersim/stats/metric_range.hpp"
#include "tiersim/stats/results.hpp"

namespace tiersim::stats {
namespace {

std::vector<ReplicationResult> reps_with(const std::string& name, const std::vector<double>& values) {
  std::vector<ReplicationResult> reps(values.size());
  for (std::size_t r = 0; r < values.size(); ++r) reps[r].metrics.push_back({name, values[r]});
  return reps;
}

TEST(MetricRange, KindsFromNames) {
  for (const char* share : {"minor_stays_in_village", "county_retention", "primary_share", "utilisation.county",
                            "bed_occupancy.a.b", "green_channel.stemi.within_target",
                            "green_channel.stemi.door_to_treatment_within_target", "green_channel.stroke.outside_window"}) {
    EXPECT_EQ(metric_kind(share), MetricKind::kShare) << share;
  }
  for (const char* count : {"blocked_admissions", "referrals_up", "out_of_county", "patients.created",
                            "expert_visits.visits", "green_channel.stemi.patients", "outreach.events",
                            "outreach.people_served", "outreach.referred"}) {
    EXPECT_EQ(metric_kind(count), MetricKind::kCount) << count;
  }
  for (const char* d : {"wait_minutes.village.p90", "time_in_system_minutes.minor.mean",
                        "green_channel.stemi.fmc_to_treatment_mean", "expert_visits.home_server_hours_lost",
                        "outreach.home_server_hours_lost"}) {
    EXPECT_EQ(metric_kind(d), MetricKind::kDuration) << d;
  }
  EXPECT_EQ(metric_kind("something_new"), MetricKind::kAny);
  EXPECT_EQ(value_range(MetricKind::kShare).hi, 1.0);
  EXPECT_EQ(value_range(MetricKind::kCount).lo, 0.0);
  EXPECT_TRUE(std::isinf(value_range(MetricKind::kAny).lo));
}

TEST(MetricRange, ACountSeenOnceInTwoReplicationsStaysAtOrAboveZero) {
  // The case: 0 and 1 give 0.5 with a t-interval of [-5.85, 6.85]; as a count, [0, 6.85].
  const auto unclamped = summarise("x", {0.0, 1.0});
  ASSERT_LT(unclamped.lo, 0);
  const auto s = summarise_metrics(reps_with("blocked_admissions", {0.0, 1.0}));
  ASSERT_EQ(s.size(), 1U);
  EXPECT_DOUBLE_EQ(s[0].mean, 0.5);
  EXPECT_EQ(s[0].lo, 0.0);
  EXPECT_DOUBLE_EQ(s[0].hi, unclamped.hi);
  EXPECT_EQ(s[0].n, 2);
}

TEST(MetricRange, AShareNearOneNeverGoesAboveOne) {
  const auto s = summarise_metrics(reps_with("severe_stays_in_county", {1.0, 0.98, 1.0, 0.99}));
  const auto unclamped = summarise("x", {1.0, 0.98, 1.0, 0.99});
  ASSERT_GT(unclamped.hi, 1.0);
  EXPECT_DOUBLE_EQ(s[0].mean, 0.9925);
  EXPECT_EQ(s[0].hi, 1.0);
  EXPECT_DOUBLE_EQ(s[0].lo, unclamped.lo);
}

TEST(MetricRange, UnknownMetricsAndDifferencesAreNotClamped) {
  const auto s = summarise_metrics(reps_with("something_new", {0.0, 1.0}));
  EXPECT_LT(s[0].lo, 0);
  // A paired difference is summarised without a range (experiment/paired.cpp).
  const auto d = summarise("utilisation.county", {-0.2, 0.1, 0.3});
  EXPECT_LT(d.lo, -0.2);
  EXPECT_GT(d.hi, 0.3);
}

}  // namespace
}  // namespace tiersim::stats
