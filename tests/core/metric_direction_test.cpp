// The good direction of every metric name sim/flow/README.md lists (and of those remote
// consultation and outreach add), written out here by hand, independently of the patterns
// metric_direction() matches; and the verdict on a difference from its interval.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "tiersim/stats/metric_direction.hpp"

namespace tiersim::stats {
namespace {

TEST(MetricDirection, EveryListedMetricHasItsDirection) {
  const std::vector<std::string> higher = {
      "minor_stays_in_village", "moderate_stays_in_township", "severe_stays_in_county", "county_retention",
      "primary_share", "green_channel.stemi.within_target", "green_channel.stemi.door_to_treatment_within_target",
      "green_channel.stroke.fmc_to_treatment_within_target", "remote_consult.referrals_avoided"};
  std::vector<std::string> lower = {
      "left_unseen", "misjudged_kept", "misjudged_referred", "blocked_admissions", "step_down_skipped", "bypass",
      "out_of_county", "patients.left_unseen", "expert_visits.home_server_hours_lost",
      "outreach.home_server_hours_lost", "remote_consult.answer_wait_minutes.mean",
      "time_in_system_minutes.minor.mean", "time_in_system_minutes.critical.mean", "green_channel.stemi.outside_window"};
  for (const char* who : {"village", "township", "county", "regional", "minor", "moderate", "severe", "critical"}) {
    for (const char* stat : {"mean", "p50", "p90", "p99"}) lower.push_back(std::string("wait_minutes.") + who + "." + stat);
  }
  for (const char* t : {"fmc_to_ecg_mean", "door_to_treatment_mean", "door_in_door_out_mean", "fmc_to_treatment_mean",
                        "onset_to_treatment_mean"}) {
    lower.push_back(std::string("green_channel.stemi.") + t);
  }
  const std::vector<std::string> neither = {
      "referrals_up", "referrals_down", "referrals_from.village", "referrals_from.county", "utilisation.county",
      "utilisation.v12", "bed_occupancy.east", "patients.created", "patients.resolved", "patients.in_system",
      "expert_visits.visits", "expert_visits.patients_seen", "green_channel.stemi.patients", "remote_consult.consults",
      "outreach.events", "outreach.people_served", "outreach.referred", "something_new"};
  for (const auto& n : higher) EXPECT_EQ(metric_direction(n), MetricDirection::kHigherIsBetter) << n;
  for (const auto& n : lower) EXPECT_EQ(metric_direction(n), MetricDirection::kLowerIsBetter) << n;
  for (const auto& n : neither) EXPECT_EQ(metric_direction(n), MetricDirection::kNeither) << n;
}

TEST(MetricDirection, FacilityIdsThatLookLikeMetricsDoNotConfuseIt) {
  // A facility may be called anything: its utilisation is still a load, not a goal.
  EXPECT_EQ(metric_direction("utilisation.county_retention"), MetricDirection::kNeither);
  EXPECT_EQ(metric_direction("bed_occupancy.wait_minutes"), MetricDirection::kNeither);
  EXPECT_EQ(metric_direction("utilisation.x_within_target"), MetricDirection::kNeither);
}

TEST(MetricDirection, Words) {
  EXPECT_STREQ(direction_word(MetricDirection::kHigherIsBetter), "higher");
  EXPECT_STREQ(direction_word(MetricDirection::kLowerIsBetter), "lower");
  EXPECT_STREQ(direction_word(MetricDirection::kNeither), "neither");
}

TEST(MetricDirection, VerdictOnADifference) {
  // A shorter wait is better, a longer one worse; a higher goal better.
  EXPECT_EQ(difference_verdict("wait_minutes.township.mean", -5, -1, 5), Verdict::kBetter);
  EXPECT_EQ(difference_verdict("wait_minutes.township.mean", 1, 5, 5), Verdict::kWorse);
  EXPECT_EQ(difference_verdict("county_retention", 0.01, 0.02, 5), Verdict::kBetter);
  EXPECT_EQ(difference_verdict("county_retention", -0.02, -0.01, 5), Verdict::kWorse);
  EXPECT_EQ(difference_verdict("utilisation.east", -0.3, -0.2, 5), Verdict::kChanged);
  // An interval that includes 0, touches it, has one replication or no bounds: no verdict.
  EXPECT_EQ(difference_verdict("county_retention", -0.01, 0.02, 5), Verdict::kUnresolved);
  EXPECT_EQ(difference_verdict("county_retention", 0.0, 0.02, 5), Verdict::kUnresolved);
  EXPECT_EQ(difference_verdict("county_retention", 0.01, 0.02, 1), Verdict::kUnresolved);
  EXPECT_EQ(difference_verdict("county_retention", NAN, NAN, 5), Verdict::kUnresolved);
}

}  // namespace
}  // namespace tiersim::stats
